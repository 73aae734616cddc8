"""What members do through forms: propose, revise, submit, withdraw, support or oppose, comment.

Every view loads its objects through the access-checking helpers, changes nothing on GET, and
hands every write to amendments.amending. Bad input re-renders the form with the text kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.actions.draft import StaleVersion
from amendments.core import textdiff
from amendments.core.numbering import next_provisional_number
from amendments.core.texts import MAX_TEXT_LENGTH, TextError, clean_text, parse_id
from amendments.forms import AmendmentForm, CommentForm, DeadlineForm
from amendments.models import Amendment, Comment, Report
from amendments.views.report import _get_amendment_for_user, _get_paragraph

KIND_TITLES = {"modify": "Propose a change to", "delete": "Propose deleting", "insert": "Propose a new paragraph after"}


def _require_delegation(user):
    if user.participant_id is None:
        raise PermissionDenied("Only the members of a delegation propose amendments.")


def _get_own_amendment(request, pk):
    """The amendment, if the user's delegation may change it: 404 if it may not even see it, else 403."""
    amendment = _get_amendment_for_user(request, pk)
    if not (request.user.is_secretariat or amendment.participant_id == request.user.participant_id):
        raise PermissionDenied(f"Only {amendment.participant.name} can change its amendment.")
    return amendment


def _version_text(paragraph, version):
    record = paragraph.history.filter(version=version).order_by("-history_id").first()
    return record.text if record else None


def _render_form(request, form, *, paragraph, kind, amendment=None, preview=None, stale=None, status=200, onto=False):
    if amendment and not onto:
        base = amendment.base_text
    else:
        base = "" if kind == "insert" else paragraph.text
    return render(
        request,
        "amendments/amendment_form.html",
        {
            "form": form,
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "kind": kind,
            "title": f"Revise your amendment to {paragraph.label}"
            if amendment
            else f"{KIND_TITLES[kind]} {paragraph.label}",
            "amendment": amendment,
            "base_text": base,
            "preview": preview,
            "stale": stale,
            "onto": onto,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def propose(request, pk, kind):
    paragraph = _get_paragraph(pk)
    _require_delegation(request.user)
    if request.method == "GET":
        taken = Amendment.objects.filter(paragraph=paragraph, kind="insert").values_list(
            "provisional_number", flat=True
        )
        initial = {
            "proposed_text": paragraph.text if kind == "modify" else "",
            "expected_paragraph_version": paragraph.version,
            "provisional_number": next_provisional_number(paragraph.number, taken) if kind == "insert" else "",
        }
        form = AmendmentForm(kind=kind, numbered=bool(paragraph.number), initial=initial)
        return _render_form(request, form, paragraph=paragraph, kind=kind)

    form = AmendmentForm(request.POST, kind=kind, numbered=bool(paragraph.number))
    if not form.is_valid():
        return _render_form(request, form, paragraph=paragraph, kind=kind, status=400)
    data = form.cleaned_data
    text = data.get("proposed_text", "")
    action = request.POST.get("action", "draft")
    base = "" if kind == "insert" else paragraph.text
    if action == "preview":
        return _render_form(request, form, paragraph=paragraph, kind=kind, preview=textdiff.diff(base, text))
    try:
        amendment = actions.amendments.propose(
            user=request.user,
            paragraph_id=paragraph.pk,
            kind=kind,
            expected_paragraph_version=data["expected_paragraph_version"],
            proposed_text=text,
            justification=data["justification"],
            provisional_number=data.get("provisional_number", ""),
            submit=action == "submit",
            form_token=data["form_token"],
        )
    except StaleVersion as error:
        return _stale_paragraph(
            request, form, paragraph=error.current, kind=kind, opened=data["expected_paragraph_version"], text=text
        )
    except (actions.amendments.AmendmentError, TextError) as error:
        form.add_error(None, str(error))
        return _render_form(request, form, paragraph=paragraph, kind=kind, status=400)
    messages.success(
        request,
        "Amendment submitted."
        if amendment.status == Amendment.Status.SUBMITTED
        else "Draft saved: only your delegation sees it.",
    )
    return redirect(amendment)


def _stale_paragraph(request, form, *, paragraph, kind, opened, text):
    """The paragraph changed after the form was opened: show what changed, keep the member's text,
    and offer it carried over onto the new text (or the conflict to resolve)."""
    old = _version_text(paragraph, opened) or ""
    changes = textdiff.diff(old, paragraph.text)
    merge = textdiff.merge3(old, paragraph.text, text) if kind == "modify" else None
    data = form.data.copy()
    data["expected_paragraph_version"] = paragraph.version
    if merge is not None and merge.clean:
        data["proposed_text"] = merge.text
    fresh = AmendmentForm(data, kind=kind, numbered=bool(paragraph.number))
    fresh.is_valid()
    return _render_form(
        request,
        fresh,
        paragraph=paragraph,
        kind=kind,
        stale={"changes": changes, "merge": merge, "your_text": text},
        preview=textdiff.diff(paragraph.text, data.get("proposed_text", "")) if kind == "modify" else None,
        status=409,
    )


@require_http_methods(["GET", "POST"])
def revise(request, pk):
    amendment = _get_own_amendment(request, pk)
    paragraph = amendment.paragraph
    kind = amendment.kind
    if not amendment.is_open:
        messages.error(
            request, f"This amendment is {amendment.get_status_display().lower()}: it can no longer be revised."
        )
        return redirect(amendment)
    numbered = bool(paragraph.number)
    # On a paragraph that changed since, the member revises against the text as it is now: the
    # form starts from the amendment carried over onto it (or as written, when they conflict).
    onto = kind != "insert" and amendment.base_text != paragraph.text
    if request.method == "GET":
        text = amendment.proposed_text
        if onto and kind == "modify":
            merge = textdiff.merge3(amendment.base_text, paragraph.text, amendment.proposed_text)
            text = merge.text if merge.clean else text
        initial = {
            "proposed_text": text,
            "justification": amendment.justification,
            "provisional_number": amendment.provisional_number,
            "expected_paragraph_version": paragraph.version,
            "expected_version": amendment.version,
        }
        form = AmendmentForm(kind=kind, numbered=numbered, initial=initial)
        return _render_form(request, form, paragraph=paragraph, kind=kind, amendment=amendment, onto=onto)

    form = AmendmentForm(request.POST, kind=kind, numbered=numbered)
    if not form.is_valid():
        return _render_form(request, form, paragraph=paragraph, kind=kind, amendment=amendment, status=400)
    data = form.cleaned_data
    text = data.get("proposed_text", "")
    action = request.POST.get("action", "draft")
    if action == "preview":
        preview = textdiff.diff(paragraph.text if onto else amendment.base_text, text)
        return _render_form(
            request, form, paragraph=paragraph, kind=kind, amendment=amendment, preview=preview, onto=onto
        )
    expected = data.get("expected_version") or 0
    try:
        amendment = actions.amendments.revise(
            amendment.pk,
            user=request.user,
            expected_version=expected,
            proposed_text=text,
            justification=data["justification"],
            provisional_number=data.get("provisional_number"),
            onto_paragraph_version=data["expected_paragraph_version"] if onto else None,
            submit=action == "submit",
        )
    except StaleVersion as error:
        return _stale_paragraph(
            request, form, paragraph=error.current, kind=kind, opened=data["expected_paragraph_version"], text=text
        )
    except actions.amendments.StaleAmendment as error:
        current = error.current
        opened = current.history.filter(version=expected).order_by("-history_id").first()
        data = form.data.copy()
        data["expected_version"] = current.version
        fresh = AmendmentForm(data, kind=kind)
        fresh.is_valid()
        stale = {
            "amendment_changes": textdiff.diff(opened.proposed_text if opened else "", current.proposed_text),
            "your_text": text,
        }
        return _render_form(request, fresh, paragraph=paragraph, kind=kind, amendment=current, stale=stale, status=409)
    except (actions.amendments.AmendmentError, TextError) as error:
        form.add_error(None, str(error))
        return _render_form(request, form, paragraph=paragraph, kind=kind, amendment=amendment, status=400)
    messages.success(request, f"Saved as version {amendment.version}.")
    return redirect(amendment)


@require_POST
def preview(request, pk):
    """The redline of the text being typed, for the form's live preview (changes nothing)."""
    paragraph = _get_paragraph(pk)
    amendment_id = request.POST.get("amendment", "")
    if amendment_id:
        if parse_id(amendment_id) is None:
            raise Http404("No such amendment.")
        base = _get_own_amendment(request, parse_id(amendment_id)).base_text
    else:
        base = "" if request.POST.get("kind") == "insert" else paragraph.text
    text = request.POST.get("proposed_text", "")
    try:
        text = clean_text(text, limit=MAX_TEXT_LENGTH, what="The proposed text", allow_empty=True)
    except TextError as error:
        return render(request, "amendments/_preview.html", {"error": str(error)}, status=400)
    return render(
        request,
        "amendments/_preview.html",
        {"segments": textdiff.diff(base, text), "unchanged": text == textdiff.normalise(base)},
    )


def _change_status(request, amendment, action, done):
    """Submit or withdraw, against the version the page showed; every refusal is a message."""
    version = parse_id(request.POST.get("version"))
    if version is None:
        messages.error(request, "The form was incomplete: reload the page and try again.")
        return redirect(amendment)
    try:
        action(amendment.pk, user=request.user, expected_version=version)
    except actions.amendments.StaleAmendment:
        messages.error(request, "The amendment was changed since you opened the page: check it and try again.")
    except actions.amendments.AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(amendment)


@require_POST
def submit_draft(request, pk):
    return _change_status(request, _get_own_amendment(request, pk), actions.amendments.submit, "Amendment submitted.")


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    amendment = _get_own_amendment(request, pk)
    if request.method == "GET":
        return render(request, "amendments/withdraw_confirm.html", {"amendment": amendment})
    return _change_status(
        request, amendment, actions.amendments.withdraw, "Amendment withdrawn. It stays on record, marked as withdrawn."
    )


@require_POST
def position(request, pk):
    amendment = _get_amendment_for_user(request, pk)
    stance = request.POST.get("stance") or None
    try:
        actions.amendments.set_position(amendment.pk, user=request.user, stance=stance)
        labels = {"support": "supports", "oppose": "opposes", None: "takes no position on"}
        messages.success(
            request, f"{request.user.participant.name} {labels.get(stance, 'takes no position on')} this amendment."
        )
    except actions.amendments.AmendmentError as error:
        messages.error(request, str(error))
    return redirect(amendment)


def _comment_subject_url(comment):
    if comment.amendment_id:
        return comment.amendment.get_absolute_url() + f"#c-{comment.pk}"
    return comment.paragraph.get_absolute_url() + f"#c-{comment.pk}"


def _post_comment(request, *, paragraph=None, amendment=None):
    form = CommentForm(request.POST)
    subject = amendment or paragraph
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        request.session["comment_draft"] = request.POST.get("text", "")[:5000]
        return redirect(subject.get_absolute_url() + "#comment-form")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], paragraph=paragraph, amendment=amendment)
        parent = parent.parent or parent  # replies hang under the thread's first comment
    try:
        row = actions.amendments.comment(
            user=request.user, text=form.cleaned_data["text"], paragraph=paragraph, amendment=amendment, parent=parent
        )
    except actions.amendments.AmendmentError as error:
        messages.error(request, str(error))
        return redirect(subject.get_absolute_url())
    request.session.pop("comment_draft", None)
    return redirect(_comment_subject_url(row))


@require_POST
def comment_on_paragraph(request, pk):
    return _post_comment(request, paragraph=_get_paragraph(pk))


@require_POST
def comment_on_amendment(request, pk):
    return _post_comment(request, amendment=_get_amendment_for_user(request, pk))


def _get_comment_for_user(request, pk):
    """A comment the user may see: on a paragraph, or on an amendment the user may see."""
    comment = get_object_or_404(Comment.objects.select_related("amendment", "paragraph"), pk=pk)
    if comment.amendment_id:
        _get_amendment_for_user(request, comment.amendment_id)
    return comment


@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment = _get_comment_for_user(request, pk)
    if comment.author_id != request.user.pk or comment.deleted:
        raise PermissionDenied("Only its author can edit a comment.")
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        actions.amendments.edit_comment(comment.pk, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Comment saved.")
        return redirect(_comment_subject_url(comment))
    return render(
        request, "amendments/comment_edit.html", {"form": form, "comment": comment}, status=400 if form.errors else 200
    )


@require_POST
def delete_comment(request, pk):
    comment = _get_comment_for_user(request, pk)
    try:
        actions.amendments.delete_comment(comment.pk, user=request.user)
    except actions.amendments.AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment deleted.")
    return redirect(_comment_subject_url(comment))


@require_http_methods(["GET", "POST"])
def deadline(request, pk):
    """The secretariat sets or clears the amendment deadline of the current draft."""
    if not request.user.is_secretariat:
        raise PermissionDenied("Only the secretariat sets the deadline.")
    report = get_object_or_404(Report, pk=pk)
    form = DeadlineForm(request.POST or None, initial={"deadline": report.amendment_deadline})
    if request.method == "POST" and form.is_valid():
        actions.draft.set_deadline(report.pk, form.cleaned_data["deadline"], user=request.user)
        messages.success(request, "Deadline saved." if form.cleaned_data["deadline"] else "Deadline removed.")
        return redirect(report)
    return render(
        request, "amendments/deadline.html", {"form": form, "report": report}, status=400 if form.errors else 200
    )
