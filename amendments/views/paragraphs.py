"""A paragraph's page and the comparison of every proposal for it, then the secretariat's edits of
the draft: text, insertion, order, deletion, status, earlier versions and headings (brackets:
amendments.views.brackets).

The edits change nothing on GET and hand every write to actions.draft, against the version the
page showed: a save over someone else's newer save is refused, never overwrites.
"""

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.core import textdiff
from amendments.core.texts import TextError, parse_id
from amendments.forms import (
    BracketForm,
    HeadingForm,
    ParagraphDeleteForm,
    ParagraphEditForm,
    ParagraphInsertForm,
    StatusForm,
    UnbracketForm,
)
from amendments.models import Amendment, Comment, Section
from amendments.queries.alternatives import attributions
from amendments.queries.comments import comment_threads, find_anchors
from amendments.queries.redlines import amendment_redline, attach_positions, positions_to_confirm
from amendments.views.access import (
    AuthenticatedHttpRequest,
    get_paragraph,
    secretariat_required,
    view_mode,
    visible_amendments,
)
from amendments.views.comments import new_comment_form

# Proposals that are no longer on the table are left out of the comparison (so are consolidated ones).
_CLOSED = {Amendment.Status.WITHDRAWN, Amendment.Status.SUPERSEDED}


def _redlines(paragraph, amendments, participant_id=None):
    """Each amendment's redline; the settled ones (consolidated, superseded) after those still on the table."""
    amendments = attach_positions(amendments)
    for amendment in amendments:
        amendment.paragraph = paragraph
    redlines = sorted((amendment_redline(a, paragraph) for a in amendments), key=lambda r: r.settled)
    to_confirm = positions_to_confirm(amendments, participant_id)
    for r in redlines:
        r.to_confirm = to_confirm.get(r.amendment.pk)
    return redlines


def paragraph_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paragraph = get_paragraph(pk)
    children = list(paragraph.children.all())
    redlines = _redlines(
        paragraph, visible_amendments(request.user).filter(paragraph=paragraph), request.user.participant_id
    )
    comments = find_anchors(
        Comment.objects.visible_to(request.user).filter(paragraph=paragraph).select_related("participant", "author"),
        paragraph.text,
    )
    return render(
        request,
        "amendments/paragraph.html",
        {
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "history": paragraph.history.select_related("history_user").order_by("-history_date", "-history_id"),
            "footnotes": [c for c in children if c.is_footnote],
            "items": [c for c in children if not c.is_footnote],
            "redlines": redlines,
            "pending": sum(r.amendment.is_open for r in redlines),
            "threads": comment_threads(comments),
            "comments": comments,
            "comment_draft": request.session.pop("comment_draft", ""),
            "comment_form": new_comment_form(request, paragraph.text),
            "view_mode": view_mode(request),
            "status_form": StatusForm(paragraph=paragraph) if request.user.is_secretariat else None,
            "bracket_form": BracketForm(paragraph=paragraph) if request.user.is_secretariat else None,
            "unbracket_form": UnbracketForm(paragraph=paragraph) if request.user.is_secretariat else None,
            "alternatives": attributions(paragraph),
        },
    )


def paragraph_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every proposal for one paragraph side by side, as a compilation table shows them."""
    paragraph = get_paragraph(pk)
    open_ones = (
        visible_amendments(request.user).filter(paragraph=paragraph, applied_in=None).exclude(status__in=_CLOSED)
    )
    return render(
        request,
        "amendments/compare.html",
        {"paragraph": paragraph, "report": paragraph.section.report, "redlines": _redlines(paragraph, open_ones)},
    )


def _back(paragraph):
    return redirect(paragraph.get_absolute_url())


def _edit_page(request, form, paragraph, *, conflict=None, status=200):
    return render(
        request,
        "amendments/paragraph_edit.html",
        {"form": form, "paragraph": paragraph, "report": paragraph.section.report, "conflict": conflict},
        status=status,
    )


def _merged_number(record, current, yours):
    """The printed number after the same three-way rule as the text: (number, conflict). A number
    left as it was opened follows the other officer's; one changed on one side only is kept."""
    if yours is None:  # a form without the number (a sub-item, a footnote) keeps it as it is
        return None, False
    base = record.number if record else None
    if yours == base:
        return current.number, False
    return yours, current.number not in (base, yours)


def _edit_conflict(request, form, current, *, status=409):
    """The text in the form was based on an older version (someone saved since): nothing is saved.

    base = the text of that version (from the history), theirs = the paragraph now, yours = the
    form's text. A clean merge (or the officer's choice on a conflict page, `resolve`) is offered
    in a form based on the current version, so the next Save writes it; a conflict keeps the
    officer's text on its old version, so a resend is merged again and saves nothing until resolved.
    """
    data = form.cleaned_data
    record = current.history.filter(version=data["version"]).order_by("-history_id").first()
    base = record.text if record else ""
    merge = textdiff.merge3(base, current.text, data["text"])
    number, number_conflict = _merged_number(record, current, data.get("number"))
    resolve = data.get("resolve")
    offered = None
    if merge.clean and not number_conflict:
        offered = merge.text
    elif resolve:
        # merge3's "ours" is its first text after the base (the paragraph now), "theirs" the officer's.
        offered = merge.resolved("theirs" if resolve == ParagraphEditForm.Resolution.MINE else "ours")
        if resolve == ParagraphEditForm.Resolution.THEIRS:
            number = current.number
    fresh_data = form.data.copy()
    fresh_data.pop("resolve", None)
    if offered is not None:
        fresh_data["text"], fresh_data["version"] = offered, str(current.version)
        if number is not None:
            fresh_data["number"] = number
    fresh = ParagraphEditForm(fresh_data, numbered=not current.parent_id)
    fresh.is_valid()
    conflict = {
        "theirs": textdiff.diff(base, current.text),
        "yours": textdiff.diff(base, data["text"]),
        "by": current.history.latest().history_user,
        "merge": merge,
        "offered": offered is not None,
        "preview": textdiff.diff(current.text, offered) if offered is not None else None,
        "number": (record.number if record else "", current.number, data.get("number")) if number_conflict else None,
        "resolutions": ParagraphEditForm.Resolution,
    }
    return _edit_page(request, fresh, current, conflict=conflict, status=status)


@require_http_methods(["GET", "POST"])
@secretariat_required
def edit_paragraph(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a paragraph's text and number. A save over someone else's newer save writes nothing: it
    offers both changes merged, or shows where they conflict; the officer's text is kept."""
    paragraph = get_paragraph(pk)
    numbered = not paragraph.parent_id
    if request.method == "GET":
        initial = {"text": paragraph.text, "number": paragraph.number, "version": paragraph.version}
        return _edit_page(request, ParagraphEditForm(initial=initial, numbered=numbered), paragraph)
    form = ParagraphEditForm(request.POST, numbered=numbered)
    if not form.is_valid():
        return _edit_page(request, form, paragraph, status=400)
    data = form.cleaned_data
    if data["resolve"]:
        # A choice on the conflict page fills the form with the resolved text; it saves nothing.
        return _edit_conflict(request, form, paragraph, status=200)
    try:
        actions.draft.edit_paragraph(
            paragraph.pk,
            text=data["text"],
            number=data.get("number"),
            expected_version=data["version"],
            user=request.user,
            reason=data["note"],
        )
    except actions.draft.StaleVersion as stale:
        return _edit_conflict(request, form, stale.current)
    except (TextError, actions.draft.DraftingError) as error:
        form.add_error(None, str(error))
        return _edit_page(request, form, paragraph, status=400)
    messages.success(request, f"{paragraph.label} saved.")
    return _back(paragraph)


@require_http_methods(["GET", "POST"])
@secretariat_required
def insert_paragraph(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    after = get_paragraph(pk)
    form = ParagraphInsertForm(request.POST if request.method == "POST" else None, after=after)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = actions.draft.insert_paragraph_after(
                after.pk,
                number=data["number"],
                text=data["text"],
                user=request.user,
                reason=data["note"] or "Inserted",
                form_token=data["form_token"],  # a resent form finds the paragraph it inserted
            )
        except (TextError, actions.draft.DraftingError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Paragraph inserted.")
            return _back(row)
    return render(
        request,
        "amendments/paragraph_insert.html",
        {"form": form, "after": after, "report": after.section.report},
        status=400 if form.errors else 200,
    )


def _paragraph_action(request, paragraph, action, done, *, version, note, **kwargs):
    """Run one drafting function against the version the page showed; refusals become messages."""
    try:
        action(paragraph.pk, expected_version=version, user=request.user, reason=note, **kwargs)
    except actions.draft.StaleVersion:
        messages.error(request, "The paragraph was changed since you opened the page: look at it again and retry.")
    except (TextError, actions.draft.DraftingError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(paragraph)


def _button(request, pk, action, done, **kwargs):
    """A button of the paragraph page (move, delete, restore): it posts the version it was shown with."""
    return _paragraph_action(
        request, get_paragraph(pk), action, done,
        version=parse_id(request.POST.get("version")), note=request.POST.get("note", ""), **kwargs,
    )  # fmt: skip


@require_POST
@secretariat_required
def move_paragraph(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _button(request, pk, actions.draft.move_paragraph, f"Moved {direction}.", direction=direction)


@require_http_methods(["GET", "POST"])
@secretariat_required
def delete_paragraph(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page's Delete leads to a confirmation (GET, no JavaScript needed); its form deletes."""
    if request.method == "GET":
        paragraph = get_paragraph(pk)
        context = {
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "form": ParagraphDeleteForm(paragraph=paragraph),
        }
        return render(request, "amendments/paragraph_delete_confirm.html", context)
    return _button(request, pk, actions.draft.delete_paragraph, "Marked deleted: it leaves the consolidated text.")


@require_POST
@secretariat_required
def set_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paragraph = get_paragraph(pk)
    form = StatusForm(request.POST, paragraph=paragraph)
    if not form.is_valid():
        return _refused(request, form, paragraph)
    data = form.cleaned_data
    return _paragraph_action(
        request, paragraph, actions.draft.set_status, "Status saved.",
        version=data["version"], note=data["note"], status=data["status"],
    )  # fmt: skip


def _refused(request: AuthenticatedHttpRequest, form: Form, paragraph) -> HttpResponse:
    """A one-line form of the paragraph page that does not validate: its errors as messages, back to the page."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return _back(paragraph)


@require_POST
@secretariat_required
def restore_version(request: AuthenticatedHttpRequest, pk: int, history_id: int) -> HttpResponse:
    return _button(
        request, pk, actions.draft.restore_version, "Earlier text restored as a new version.", history_id=history_id
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
def edit_heading(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("report"), pk=pk)
    form = HeadingForm(request.POST if request.method == "POST" else None, initial={"heading": section.heading})
    if request.method == "POST" and form.is_valid():
        try:
            actions.draft.edit_heading(
                section.pk, heading=form.cleaned_data["heading"], user=request.user, reason=form.cleaned_data["note"]
            )
        except TextError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Heading saved.")
            return redirect(section.report.get_absolute_url() + f"#s-{section.key}")
    return render(
        request,
        "amendments/heading_edit.html",
        {"form": form, "section": section, "report": section.report},
        status=400 if form.errors else 200,
    )
