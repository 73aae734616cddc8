"""A delegation's amendments: propose, revise, submit, withdraw.

Each function owns its transaction and row lock, refuses a stale version, checks that the user may
act for the amendment's delegation and records the reason in the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from amendments import notifications
from amendments.actions.errors import AmendmentError, StaleAmendment, StaleVersion
from amendments.actions.history import save_with_history
from amendments.core import textdiff
from amendments.core.texts import MAX_NOTE_LENGTH, clean_text
from amendments.models import Amendment, Paragraph
from amendments.notifications import Event

if TYPE_CHECKING:
    from amendments.models import Participant, Report, User

__all__ = [
    "AmendmentError",
    "StaleAmendment",
    "StaleVersion",
    "propose",
    "revise",
    "submit",
    "withdraw",
]


def _set_proposal(amendment: Amendment, proposed_text: str) -> None:
    """Store the proposal with its word diff and patch; refuse a proposal that changes nothing."""
    if amendment.kind == Amendment.Kind.DELETE:
        proposal = ""
    else:
        proposal = clean_text(proposed_text, what="The proposed text")
    if amendment.kind == Amendment.Kind.MODIFY and proposal == textdiff.normalise(amendment.base_text):
        raise AmendmentError("No change proposed: the text is the same as the paragraph it amends.")
    amendment.proposed_text = proposal
    amendment.segments = [list(s) for s in textdiff.diff(amendment.base_text, proposal)]
    amendment.patch = textdiff.make_patch(amendment.base_text, proposal)


def _check_window(report: Report, what: str) -> None:
    """After the deadline, submitting and revising submitted amendments stop; drafts can still be saved."""
    if report.window_closed():
        when = formats.date_format(timezone.localtime(report.amendment_deadline), "DATETIME_FORMAT")
        raise AmendmentError(f"The deadline for amendments ({when}) has passed: {what} is no longer possible.")


def _check_can_act(user: User, amendment: Amendment) -> None:
    if not (user.is_secretariat or (user.participant_id and user.participant_id == amendment.participant_id)):
        raise PermissionDenied("Only the amendment's own delegation may change it.")


def _proposer(user: User | None, participant: Participant | None, kind: str) -> Participant:
    """The delegation the amendment is proposed for, once the user may speak for it."""
    participant = participant if participant is not None else getattr(user, "participant", None)
    if participant is None:
        raise AmendmentError("Only a member of a delegation can propose an amendment.")
    if user is not None and not user.is_secretariat and participant.pk != user.participant_id:
        raise PermissionDenied("You can only propose amendments for your own delegation.")
    if kind not in Amendment.Kind.values:
        raise AmendmentError(f"Unknown kind of amendment: {kind!r}.")
    return participant


def _locked_paragraph(paragraph_id: int, expected_version: int) -> Paragraph:
    """The paragraph to amend, locked, as the member saw it and still in the draft."""
    paragraph = (
        Paragraph.objects.select_for_update(of=("self",))
        .select_related("section__report", "parent")
        .get(pk=paragraph_id)
    )
    if paragraph.version != expected_version:
        raise StaleVersion(paragraph)
    deleted = Paragraph.Status.DELETED
    if paragraph.status == deleted or (paragraph.parent is not None and paragraph.parent.status == deleted):
        raise AmendmentError(f"{paragraph.label} was deleted from the draft: it can no longer be amended.")
    return paragraph


def _clean_number(number: str) -> str:
    return clean_text(number, limit=32, what="The number", allow_empty=True)


def _clean_justification(justification: str) -> str:
    return clean_text(justification, limit=MAX_NOTE_LENGTH, what="The justification", allow_empty=True)


def _mark_submitted(amendment: Amendment) -> None:
    amendment.status = Amendment.Status.SUBMITTED
    amendment.submitted_at = timezone.now()


def _create(
    *,
    user: User | None,
    participant: Participant,
    paragraph_id: int,
    kind: str,
    expected_paragraph_version: int,
    proposed_text: str,
    justification: str,
    provisional_number: str,
    submit: bool,
    reason: str | None,
    form_token: UUID | None,
) -> Amendment:
    with transaction.atomic():
        paragraph = _locked_paragraph(paragraph_id, expected_paragraph_version)
        if submit:
            _check_window(paragraph.section.report, "submitting")
        if kind == Amendment.Kind.INSERT and paragraph.number and not provisional_number.strip():
            raise AmendmentError("A new paragraph needs a provisional number, such as “2 bis”.")
        amendment = Amendment(
            participant=participant,
            author=user,
            kind=kind,
            paragraph=paragraph,
            provisional_number=_clean_number(provisional_number),
            base_version=paragraph.version,
            base_text="" if kind == Amendment.Kind.INSERT else paragraph.text,
            justification=_clean_justification(justification),
            form_token=form_token,
        )
        _set_proposal(amendment, proposed_text)
        if submit:
            _mark_submitted(amendment)
        save_with_history(amendment, user=user, reason=reason or ("Submitted" if submit else "Draft saved"))
        if submit:
            notifications.amendment_event(amendment, Event.SUBMITTED)
        return amendment


def propose(
    *,
    user: User | None,
    paragraph_id: int,
    kind: str,
    expected_paragraph_version: int,
    proposed_text: str = "",
    justification: str = "",
    provisional_number: str = "",
    participant: Participant | None = None,
    submit: bool = False,
    reason: str | None = None,
    form_token: UUID | None = None,
) -> Amendment:
    """A new amendment by the user's delegation (or, for the secretariat, by `participant`).

    A form sent twice (same `form_token`) gives back the amendment the first one created.
    """
    participant = _proposer(user, participant, kind)
    if form_token is not None:
        existing = Amendment.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    try:
        return _create(
            user=user,
            participant=participant,
            paragraph_id=paragraph_id,
            kind=kind,
            expected_paragraph_version=expected_paragraph_version,
            proposed_text=proposed_text,
            justification=justification,
            provisional_number=provisional_number,
            submit=submit,
            reason=reason,
            form_token=form_token,
        )
    except IntegrityError:
        # Two copies of one form raced: the other one created it.
        existing = Amendment.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing


# `version` counts edits of the text: a status change is a history entry but not a new version.
def _locked(amendment_id: int, user: User, expected_version: int) -> Amendment:
    # select_related without `of`: PostgreSQL locks the joined paragraph row in the same statement.
    amendment = Amendment.objects.select_for_update().select_related("paragraph").get(pk=amendment_id)
    _check_can_act(user, amendment)
    if amendment.version != expected_version:
        raise StaleAmendment(amendment)
    return amendment


def _rebase_onto_current(amendment: Amendment, onto_paragraph_version: int) -> None:
    """The member revised against the paragraph as it is now: that becomes the amendment's base."""
    paragraph = Paragraph.objects.select_for_update().get(pk=amendment.paragraph_id)
    if paragraph.version != onto_paragraph_version:
        raise StaleVersion(paragraph)
    amendment.base_version, amendment.base_text = paragraph.version, paragraph.text
    amendment.carried_over = Amendment.CarriedOver.NO  # revised against the current text: resolved


def revise(
    amendment_id: int,
    *,
    user: User,
    expected_version: int,
    proposed_text: str,
    justification: str,
    onto_paragraph_version: int | None = None,
    provisional_number: str | None = None,
    submit: bool = False,
    reason: str = "Revised",
) -> Amendment:
    """A new version of an open amendment.

    Its base stays the text it was written on, unless `onto_paragraph_version` says the member
    revised it against the paragraph as it is now (that version must still be the current one).
    """
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(
                f"This amendment is {amendment.get_status_display().lower()}; it can no longer be revised."
            )
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        if was_submitted:
            _check_window(amendment.paragraph.section.report, "revising a submitted amendment")
        if onto_paragraph_version is not None and amendment.kind != Amendment.Kind.INSERT:
            _rebase_onto_current(amendment, onto_paragraph_version)
        if provisional_number is not None and amendment.kind == Amendment.Kind.INSERT:
            amendment.provisional_number = _clean_number(provisional_number)
        _set_proposal(amendment, proposed_text)
        amendment.justification = _clean_justification(justification)
        amendment.version += 1
        if submit and not was_submitted:
            _check_window(amendment.paragraph.section.report, "submitting")
            _mark_submitted(amendment)
            reason = "Revised and submitted"
        save_with_history(amendment, user=user, reason=reason)
        if was_submitted or submit:
            notifications.amendment_event(amendment, Event.REVISED if was_submitted else Event.SUBMITTED)
        return amendment


def submit(amendment_id: int, *, user: User, expected_version: int) -> Amendment:
    """Send a draft to the secretariat; from then on it is public among the members."""
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if amendment.status != Amendment.Status.DRAFT:
            raise AmendmentError("Only a draft can be submitted.")
        _check_window(amendment.paragraph.section.report, "submitting")
        _mark_submitted(amendment)
        save_with_history(amendment, user=user, reason="Submitted")
        notifications.amendment_event(amendment, Event.SUBMITTED)
        return amendment


def withdraw(amendment_id: int, *, user: User, expected_version: int) -> Amendment:
    """Withdraw an open amendment; the secretariat hears of it if it had been submitted."""
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}; it cannot be withdrawn.")
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        amendment.status = Amendment.Status.WITHDRAWN
        save_with_history(amendment, user=user, reason="Withdrawn")
        if was_submitted:
            notifications.amendment_event(amendment, Event.WITHDRAWN)
        return amendment
