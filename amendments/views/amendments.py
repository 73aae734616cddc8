"""An amendment's page, and what a delegation does with its amendments: propose, preview, revise,
submit, withdraw, take over a draft the secretariat made for it, and support or oppose another
delegation's.

Every view loads its objects through the access-checking helpers, changes nothing on GET and hands
every write to amendments.actions. Bad input re-renders the form with the text kept.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.actions import positions
from amendments.actions.errors import AmendmentError, StaleAmendment, StaleVersion
from amendments.core import textdiff
from amendments.core.texts import MAX_TEXT_LENGTH, TextError, clean_text, parse_id
from amendments.forms import INCOMPLETE, AmendmentForm, DecisionForm
from amendments.models import Amendment, Position
from amendments.queries.comments import comment_threads, find_anchors
from amendments.queries.redlines import (
    amendment_redline,
    amendment_versions,
    attach_positions,
    positions_to_confirm,
)
from amendments.views.access import (
    AuthenticatedHttpRequest,
    delegation_required,
    get_amendment_for_user,
    get_own_amendment,
    get_paragraph,
    may_change,
    view_mode,
)
from amendments.views.comments import new_comment_form

KIND_TITLES = {
    Amendment.Kind.MODIFY: "Propose a change to",
    Amendment.Kind.DELETE: "Propose deleting",
    Amendment.Kind.INSERT: "Propose a new paragraph after",
}


def _shown_versions(amendment, own):
    """What a delegation wrote before submitting stays with it: others see the submitted versions on."""
    versions = amendment_versions(amendment)
    if not own and amendment.submitted_at:
        versions = [v for v in versions if v["record"].history_date >= amendment.submitted_at] or versions[-1:]
    return versions


def _compared_versions(request, versions):
    """The two versions the page compares (`from`, `to`), by default the last two; 404 for others."""
    numbers = [v["version"] for v in versions]
    try:
        new = int(request.GET.get("to", numbers[-1]))
        old = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[-1]))
    except ValueError:
        raise Http404("No such version.") from None
    by_number = {v["version"]: v for v in versions}
    if old not in by_number or new not in by_number:
        raise Http404("No such version.")
    return old, new, textdiff.diff(by_number[old]["record"].proposed_text, by_number[new]["record"].proposed_text)


def _my_position(user, amendment, own):
    if not user.participant_id or own:
        return None
    return amendment.positions.filter(participant_id=user.participant_id).values_list("stance", flat=True).first()


def amendment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = get_amendment_for_user(request, pk)
    attach_positions([amendment])
    user = request.user
    own = may_change(user, amendment)
    # The versions before submission are the delegation's own: the secretariat reads them only
    # while it holds the draft (then nothing is submitted and every version shows).
    ours = user.participant_id == amendment.participant_id
    versions = _shown_versions(amendment, ours)
    old, new, version_diff = _compared_versions(request, versions)
    history = amendment.history.select_related("history_user").order_by("history_date", "history_id")
    if not ours and amendment.submitted_at:
        history = history.filter(history_date__gte=amendment.submitted_at)
    comments = find_anchors(
        amendment.comments.visible_to(user).select_related("participant", "author"), amendment.proposed_text
    )
    can_decide = (
        user.is_secretariat and not amendment.applied_in_id and amendment.status in Amendment.DECIDABLE_STATUSES
    )
    return render(
        request,
        "amendments/amendment.html",
        {
            "amendment": amendment,
            "report": amendment.paragraph.section.report,
            "redline": amendment_redline(amendment, amendment.paragraph),
            "versions": versions,
            "version_from": old,
            "version_to": new,
            "version_diff": version_diff,
            "history": history,
            "threads": comment_threads(comments),
            "comments": comments,
            "comment_draft": request.session.pop("comment_draft", ""),
            "comment_form": new_comment_form(request, amendment.proposed_text),
            "view_mode": view_mode(request),
            "can_change": own and amendment.is_open,
            "can_take_over": ours and amendment.held_by_secretariat and amendment.submitted_at is None,
            "can_take_position": bool(user.participant_id)
            and not own
            and amendment.status == Amendment.Status.SUBMITTED,
            "decision_form": _decision_form(amendment) if can_decide else None,
            "my_position": _my_position(user, amendment, own),
            "to_confirm": None if own else positions_to_confirm([amendment], user.participant_id).get(amendment.pk),
            "stances": Position.Stance,
        },
    )


def _decision_form(amendment):
    initial = {"final_text": amendment.final_text or amendment.proposed_text, "note": amendment.decision_note}
    return DecisionForm(initial=initial, auto_id=f"%s-{amendment.pk}")


def _render_form(request, form, *, paragraph, kind, amendment=None, preview=None, stale=None, status=200, onto=False):
    if amendment and not onto:
        base = amendment.base_text
    else:
        base = "" if kind == Amendment.Kind.INSERT else paragraph.text
    if amendment is None:
        title = f"{KIND_TITLES[kind]} {paragraph.label}"
    elif amendment.participant_id == request.user.participant_id:
        title = f"Revise your amendment to {paragraph.label}"
    else:  # the secretariat, on a draft it holds for the delegation: the page says whose it is
        title = f"Revise the amendment to {paragraph.label}"
    return render(
        request,
        "amendments/amendment_form.html",
        {
            "form": form,
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "kind": kind,
            "kinds": Amendment.Kind,
            "actions": AmendmentForm.Action,
            "title": title,
            "amendment": amendment,
            "base_text": base,
            "preview": preview,
            "stale": stale,
            "onto": onto,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@delegation_required
def propose(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    paragraph = get_paragraph(pk)
    if request.method == "GET":
        inserting = kind == Amendment.Kind.INSERT
        initial = {
            "proposed_text": paragraph.text if kind == Amendment.Kind.MODIFY else "",
            "expected_paragraph_version": paragraph.version,
            "provisional_number": actions.amendments.suggested_number(paragraph, request.user) if inserting else "",
        }
        form = AmendmentForm.for_paragraph(paragraph, kind, initial=initial)
        return _render_form(request, form, paragraph=paragraph, kind=kind)

    form = AmendmentForm.for_paragraph(paragraph, kind, request.POST)
    if not form.is_valid():
        return _render_form(request, form, paragraph=paragraph, kind=kind, status=400)
    data = form.cleaned_data
    text = data.get("proposed_text", "")
    action = request.POST.get("action", AmendmentForm.Action.DRAFT)
    if action == AmendmentForm.Action.PREVIEW:
        base = "" if kind == Amendment.Kind.INSERT else paragraph.text
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
            submit=action == AmendmentForm.Action.SUBMIT,
            form_token=data["form_token"],
        )
    except StaleVersion as error:
        return _stale_paragraph(
            request, form, paragraph=error.current, kind=kind, opened=data["expected_paragraph_version"], text=text
        )
    except (AmendmentError, TextError) as error:
        form.add_error(None, str(error))
        return _render_form(request, form, paragraph=paragraph, kind=kind, status=400)
    messages.success(
        request,
        "Amendment submitted."
        if amendment.status == Amendment.Status.SUBMITTED
        else "Draft saved: only your delegation sees it.",
    )
    _tell_renumbering(request, amendment)
    return redirect(amendment)


def _tell_renumbering(request, amendment):
    """Submitting may give a new paragraph the next free number: the delegation is told."""
    note = actions.amendments.renumbering_note(amendment)
    if note:
        messages.warning(request, note)


def _version_text(paragraph, version):
    record = paragraph.history.filter(version=version).order_by("-history_id").first()
    return record.text if record else None


def _stale_paragraph(request, form, *, paragraph, kind, opened, text):
    """The paragraph changed after the form was opened: show what changed, keep the member's text,
    and offer it carried over onto the new text (or the conflict to resolve)."""
    old = _version_text(paragraph, opened) or ""
    changes = textdiff.diff(old, paragraph.text)
    modifying = kind == Amendment.Kind.MODIFY
    merge = textdiff.merge3(old, paragraph.text, text) if modifying else None
    data = form.data.copy()
    data["expected_paragraph_version"] = paragraph.version
    if merge is not None and merge.clean:
        data["proposed_text"] = merge.text
    fresh = AmendmentForm.for_paragraph(paragraph, kind, data)
    fresh.is_valid()
    return _render_form(
        request,
        fresh,
        paragraph=paragraph,
        kind=kind,
        stale={"changes": changes, "merge": merge, "your_text": text},
        preview=textdiff.diff(paragraph.text, data.get("proposed_text", "")) if modifying else None,
        status=409,
    )


def _stale_amendment(request, form, *, amendment, current, opened_version, text):
    """Someone else of the delegation saved the amendment after the form was opened: their change,
    and the member's text kept in a form that now carries the current version."""
    opened = current.history.filter(version=opened_version).order_by("-history_id").first()
    data = form.data.copy()
    data["expected_version"] = current.version
    fresh = AmendmentForm.for_paragraph(amendment.paragraph, amendment.kind, data)
    fresh.is_valid()
    stale = {
        "amendment_changes": textdiff.diff(opened.proposed_text if opened else "", current.proposed_text),
        "your_text": text,
    }
    return _render_form(
        request, fresh, paragraph=amendment.paragraph, kind=amendment.kind, amendment=current, stale=stale, status=409
    )


def _revise_initial(amendment, paragraph, onto):
    text = amendment.proposed_text
    if onto and amendment.kind == Amendment.Kind.MODIFY:
        merge = textdiff.merge3(amendment.base_text, paragraph.text, amendment.proposed_text)
        text = merge.text if merge.clean else text
    return {
        "proposed_text": text,
        "justification": amendment.justification,
        "provisional_number": amendment.provisional_number,
        "expected_paragraph_version": paragraph.version,
        "expected_version": amendment.version,
    }


@require_http_methods(["GET", "POST"])
def revise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = get_own_amendment(request, pk)
    paragraph, kind = amendment.paragraph, amendment.kind
    if not amendment.is_open:
        messages.error(
            request, f"This amendment is {amendment.get_status_display().lower()}: it can no longer be revised."
        )
        return redirect(amendment)
    # On a paragraph that changed since, the member revises against the text as it is now: the
    # form starts from the amendment carried over onto it (or as written, when they conflict).
    onto = kind != Amendment.Kind.INSERT and amendment.base_text != paragraph.text
    page = {"paragraph": paragraph, "kind": kind, "amendment": amendment}
    if request.method == "GET":
        form = AmendmentForm.for_paragraph(paragraph, kind, initial=_revise_initial(amendment, paragraph, onto))
        return _render_form(request, form, onto=onto, **page)

    form = AmendmentForm.for_paragraph(paragraph, kind, request.POST)
    if not form.is_valid():
        return _render_form(request, form, status=400, **page)
    data = form.cleaned_data
    text = data.get("proposed_text", "")
    action = request.POST.get("action", AmendmentForm.Action.DRAFT)
    if action == AmendmentForm.Action.PREVIEW:
        preview = textdiff.diff(paragraph.text if onto else amendment.base_text, text)
        return _render_form(request, form, preview=preview, onto=onto, **page)
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
            submit=action == AmendmentForm.Action.SUBMIT,
        )
    except StaleVersion as error:
        return _stale_paragraph(
            request, form, paragraph=error.current, kind=kind, opened=data["expected_paragraph_version"], text=text
        )
    except StaleAmendment as error:
        return _stale_amendment(
            request, form, amendment=amendment, current=error.current, opened_version=expected, text=text
        )
    except (AmendmentError, TextError) as error:
        form.add_error(None, str(error))
        return _render_form(request, form, status=400, **page)
    messages.success(request, f"Saved as version {amendment.version}.")
    _tell_renumbering(request, amendment)
    return redirect(amendment)


@require_POST
def preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The redline of the text being typed, for the form's live preview (changes nothing)."""
    paragraph = get_paragraph(pk)
    amendment_id = request.POST.get("amendment", "")
    if amendment_id:
        amendment_pk = parse_id(amendment_id)
        if amendment_pk is None:
            raise Http404("No such amendment.")
        base = get_own_amendment(request, amendment_pk).base_text
    else:
        base = "" if request.POST.get("kind") == Amendment.Kind.INSERT else paragraph.text
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
    """Submit, withdraw or take over, against the version the page showed; every refusal is a message."""
    version = parse_id(request.POST.get("version"))
    if version is None:
        messages.error(request, INCOMPLETE)
        return redirect(amendment)
    try:
        changed = action(amendment.pk, user=request.user, expected_version=version)
    except StaleAmendment:
        messages.error(request, "The amendment was changed since you opened the page: check it and try again.")
    except AmendmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
        _tell_renumbering(request, changed)
    return redirect(amendment)


@require_http_methods(["GET", "POST"])
def submit_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page's Submit leads to a confirmation (GET, with the redline); its form submits."""
    amendment = get_own_amendment(request, pk)
    if request.method == "GET":
        if amendment.status != Amendment.Status.DRAFT:
            messages.error(request, "Only a draft can be submitted.")
            return redirect(amendment)
        context = {"amendment": amendment, "report": amendment.paragraph.section.report}
        return render(request, "amendments/submit_confirm.html", context)
    return _change_status(request, amendment, actions.amendments.submit, "Amendment submitted.")


@require_POST
def take_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The delegation takes the draft the secretariat made for it: only the delegation sees it then.
    Anyone else is refused: a 404 for a draft they may not see, the action's 403 for the secretariat."""
    return _change_status(
        request,
        get_own_amendment(request, pk),
        actions.amendments.take_over,
        "The draft is yours: the secretariat no longer sees it until you submit it.",
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = get_own_amendment(request, pk)
    if request.method == "GET":
        return render(request, "amendments/withdraw_confirm.html", {"amendment": amendment})
    return _change_status(
        request, amendment, actions.amendments.withdraw, "Amendment withdrawn. It stays on record, marked as withdrawn."
    )


@require_POST
def position(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = get_amendment_for_user(request, pk)
    stance = request.POST.get("stance") or None
    try:
        # The version the page showed: a stance is given on words the delegate has read.
        seen = parse_id(request.POST.get("version"))
        positions.set_position(amendment.pk, user=request.user, stance=stance, expected_version=seen)
    except AmendmentError as error:
        messages.error(request, str(error))
    except StaleAmendment as stale:
        messages.error(request, f"{stale} Read the text as it is now before you take a position on it.")
    else:
        verb = Position.Stance(stance).label.lower() if stance else "takes no position on"
        participant = request.user.participant
        assert participant is not None  # set_position refuses a user without a delegation
        messages.success(request, f"{participant.name} {verb} this amendment.")
    return redirect(amendment)
