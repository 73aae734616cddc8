"""Comments on paragraphs and amendments, with replies; only its author edits or deletes a comment,
and a draft comment (imported from a Word file) is its delegation's to edit, delete or submit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from amendments.actions import comments
from amendments.actions.errors import AmendmentError
from amendments.core.anchors import MAX_ANCHOR_LENGTH
from amendments.forms import CommentForm, NewCommentForm
from amendments.models import Comment
from amendments.views.access import (
    AuthenticatedHttpRequest,
    get_amendment_for_user,
    get_comment_for_user,
    get_paragraph,
)

# A comment refused is kept for the form, up to this many characters.
_DRAFT_KEPT = 5000


def _subject_url(comment):
    subject = comment.amendment if comment.amendment_id else comment.paragraph
    return subject.get_absolute_url() + f"#c-{comment.pk}"


def new_comment_form(request: AuthenticatedHttpRequest, subject_text: str) -> NewCommentForm:
    """The page's form for a new comment, with the words of one refused (kept in the session)."""
    anchor = request.session.pop("comment_anchor", "")
    return NewCommentForm(initial={"anchor": anchor}, subject_text=subject_text, auto_id="comment-%s")


def _post_comment(request, *, paragraph=None, amendment=None):
    subject = amendment or paragraph
    # The words chosen must be in the text the page showed: the paragraph now, the proposal's text.
    form = NewCommentForm(request.POST, subject_text=amendment.proposed_text if amendment else paragraph.text)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        request.session["comment_draft"] = request.POST.get("text", "")[:_DRAFT_KEPT]
        request.session["comment_anchor"] = request.POST.get("anchor", "")[:MAX_ANCHOR_LENGTH]
        return redirect(subject.get_absolute_url() + "#comment-form")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(
            Comment.objects.visible_to(request.user),
            pk=form.cleaned_data["parent"],
            paragraph=paragraph,
            amendment=amendment,
        )
        parent = parent.parent or parent  # replies hang under the thread's first comment
    try:
        row = comments.comment(
            user=request.user,
            text=form.cleaned_data["text"],
            paragraph=paragraph,
            amendment=amendment,
            parent=parent,
            form_token=form.cleaned_data["form_token"],  # a resent form finds the comment it made
            anchor=form.cleaned_data["anchor"],
        )
    except AmendmentError as error:
        messages.error(request, str(error))
        return redirect(subject.get_absolute_url())
    request.session.pop("comment_draft", None)
    request.session.pop("comment_anchor", None)
    return redirect(_subject_url(row))


@require_POST
def comment_on_paragraph(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_comment(request, paragraph=get_paragraph(pk))


@require_POST
def comment_on_amendment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _post_comment(request, amendment=get_amendment_for_user(request, pk))


@require_http_methods(["GET", "POST"])
def edit_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for_user(request, pk)
    # A draft the user sees is the user's delegation's (get_comment_for_user hides the others').
    if not (comment.draft or comment.author_id == request.user.pk) or comment.deleted:
        raise PermissionDenied("Only its author can edit a comment.")
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        comments.edit_comment(comment.pk, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Comment saved.")
        return redirect(_subject_url(comment))
    return render(
        request, "amendments/comment_edit.html", {"form": form, "comment": comment}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def delete_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The comment's Delete leads to a confirmation (GET); its form deletes (POST)."""
    comment = get_comment_for_user(request, pk)
    if request.method == "GET":
        if not (comment.draft or comment.author_id == request.user.pk) or comment.deleted:
            raise PermissionDenied("Only its author can delete a comment.")
        return render(request, "amendments/comment_delete_confirm.html", {"comment": comment})
    try:
        comments.delete_comment(comment.pk, user=request.user)
    except AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment deleted.")
    return redirect(_subject_url(comment))


@require_POST
def submit_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The delegation's draft comment, submitted: from now on everyone sees it. The button is the
    whole form, as for an amendment's submission; sent twice, it finds the comment submitted."""
    comment = get_comment_for_user(request, pk)
    try:
        comments.submit_comment(comment.pk, user=request.user)
    except AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment submitted: every delegation now sees it.")
    return redirect(_subject_url(comment))
