"""A delegation's amendments: propose, revise, submit, withdraw, take over.

Each function owns its transaction and row lock, refuses a stale version, checks that the user may
act for the amendment's delegation and records the reason in the history.

A draft is its delegation's alone. One the secretariat makes for a delegation (an import on its
behalf) is held by the secretariat too (`Amendment.held_by_secretariat`): the secretariat sees and
changes it until the delegation revises it, submits it or takes it over, after which it is the
delegation's like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from amendments import moments, notifications
from amendments.actions.errors import AmendmentError, StaleAmendment, StaleVersion
from amendments.actions.history import save_with_history
from amendments.actions.holds import check_not_held
from amendments.actions.locking import lock_amendments, lock_paragraphs, retry_on_conflict
from amendments.core import textdiff
from amendments.core.numbering import next_provisional_number
from amendments.core.texts import MAX_NOTE_LENGTH, clean_text
from amendments.models import Amendment, Paragraph
from amendments.notifications import Event

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from amendments.models import Participant, Report, User

__all__ = [
    "AmendmentError",
    "StaleAmendment",
    "StaleVersion",
    "propose",
    "restore_superseded",
    "renumbering_note",
    "revise",
    "submit",
    "suggested_number",
    "take_over",
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
        when = moments.moment(report.amendment_deadline)
        raise AmendmentError(f"The deadline for amendments ({when}) has passed: {what} is no longer possible.")


def _of_delegation(user: User, amendment: Amendment) -> bool:
    return bool(user.participant_id) and user.participant_id == amendment.participant_id


def _check_can_act(user: User, amendment: Amendment) -> None:
    # The secretariat acts on what it may see: submitted amendments and the drafts it holds, never
    # a delegation's own draft (as Amendment.objects.visible_to has it). The Chair acts on the
    # Chair's proposals, as a delegation on its own amendments.
    by_secretariat = user.is_secretariat and (amendment.submitted_at is not None or amendment.held_by_secretariat)
    by_chair = user.is_chair and amendment.is_compromise
    if not (by_secretariat or by_chair or _of_delegation(user, amendment)):
        raise PermissionDenied("Only the amendment's own delegation may change it.")


# The history's words when the delegation takes a draft the secretariat held for it.
TAKEN_OVER = "taken over by the delegation from the secretariat"
# The history's words when a Chair's proposal supersedes an amendment, and when it no longer does
# ("… superseded it was withdrawn").
SUPERSEDED = "Superseded by the Chair's proposal"
RESTORED = "Back on the table: the Chair's proposal that superseded it"


def _release(amendment: Amendment, user: User, reason: str) -> str:
    """A draft the secretariat held is the delegation's alone once the delegation acts on it, and
    nobody holds a submitted one (everyone sees it): the reason says so when it was held."""
    if not amendment.held_by_secretariat:
        return reason
    if amendment.submitted_at is None and not _of_delegation(user, amendment):
        return reason  # the secretariat working on the draft it holds keeps holding it
    amendment.held_by_secretariat = False
    return f"{reason}; {TAKEN_OVER}" if _of_delegation(user, amendment) else reason


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


def _lock_paragraph(paragraph_id: int) -> Paragraph:
    rows = lock_paragraphs(Paragraph.objects.filter(pk=paragraph_id).select_related("section__report", "parent"))
    if not rows:
        raise Paragraph.DoesNotExist(f"No paragraph {paragraph_id}.")
    return rows[0]


def _locked_paragraph(paragraph_id: int, expected_version: int) -> Paragraph:
    """The paragraph to amend, locked, as the member saw it and still in the draft."""
    paragraph = _lock_paragraph(paragraph_id)
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


# Provisional numbers. A delegation is offered the first number that nobody it can see uses: its
# own amendments, the submitted ones and the paragraphs of the draft; another delegation's private
# draft is never counted, so the number offered reveals nothing of it. Two delegations can so
# choose the same number; the one that submits it second gets the next free number (the
# paragraph it follows is locked by every submission, so two submissions cannot both be first).
_RENUMBERED_FROM = "_renumbered_from"  # set on the instance whose number submission changed


def _numbers_in_use(paragraph: Paragraph, amendments: QuerySet[Amendment], exclude: int | None = None) -> set[str]:
    """The numbers of the new paragraphs of `amendments` after `paragraph`, and of the draft's
    paragraphs beside it, as lower-case text."""
    proposed = amendments.filter(paragraph=paragraph, kind=Amendment.Kind.INSERT)
    if exclude is not None:
        proposed = proposed.exclude(pk=exclude)
    drafted = Paragraph.objects.filter(section_id=paragraph.section_id, parent_id=paragraph.parent_id)
    numbers = [*proposed.values_list("provisional_number", flat=True), *drafted.values_list("number", flat=True)]
    return {n.strip().lower() for n in numbers if n.strip()}


def suggested_number(paragraph: Paragraph, user: User) -> str:
    """The provisional number to offer `user` for a new paragraph after `paragraph` ("2 bis")."""
    return next_provisional_number(paragraph.number, _numbers_in_use(paragraph, Amendment.objects.visible_to(user)))


def _settle_number(amendment: Amendment) -> None:
    """A new paragraph submitted under a number already submitted (or in the draft) takes the next
    free one its delegation can see."""
    number = amendment.provisional_number.strip()
    if amendment.kind != Amendment.Kind.INSERT or not number:
        return
    paragraph = amendment.paragraph
    public = Amendment.objects.filter(submitted_at__isnull=False)
    if number.lower() not in _numbers_in_use(paragraph, public, exclude=amendment.pk):
        return
    seen = Amendment.objects.filter(Q(submitted_at__isnull=False) | Q(participant_id=amendment.participant_id))
    free = next_provisional_number(paragraph.number, _numbers_in_use(paragraph, seen) | {number.lower()})
    if free:
        setattr(amendment, _RENUMBERED_FROM, number)
        amendment.provisional_number = free


def renumbering_note(amendment: Amendment) -> str:
    """What to tell the delegation when submitting gave its new paragraph another number ("" if not)."""
    old = getattr(amendment, _RENUMBERED_FROM, "")
    if not old:
        return ""
    return (
        f"A new paragraph {old} after {amendment.paragraph.label} had already been submitted: "
        f"yours is now {amendment.provisional_number}."
    )


def _submitted_reason(amendment: Amendment, reason: str) -> str:
    old = getattr(amendment, _RENUMBERED_FROM, "")
    return f"{reason} as {amendment.provisional_number} ({old} was taken)" if old else reason


def _mark_submitted(amendment: Amendment) -> None:
    amendment.status = Amendment.Status.SUBMITTED
    amendment.submitted_at = timezone.now()
    _settle_number(amendment)


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
    from_floor: bool = False,
) -> Amendment:
    with transaction.atomic():
        paragraph = _locked_paragraph(paragraph_id, expected_paragraph_version)
        check_not_held(user, paragraph.pk, "saving an amendment")
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
            # Made by the secretariat for the delegation: the secretariat keeps sight of its draft.
            held_by_secretariat=not submit and user is not None and user.is_secretariat,
            from_floor=from_floor,
        )
        _set_proposal(amendment, proposed_text)
        if submit:
            _mark_submitted(amendment)
        reason = reason or ("Submitted" if submit else "Draft saved")
        save_with_history(amendment, user=user, reason=_submitted_reason(amendment, reason) if submit else reason)
        if submit:
            notifications.amendment_event(amendment, Event.SUBMITTED)
        return amendment


@retry_on_conflict
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
    from_floor: bool = False,
) -> Amendment:
    """A new amendment by the user's delegation (or, for the secretariat, by `participant`).

    `from_floor`: the secretariat records what the delegation proposed orally in the session; it
    is submitted at once, at the time it was made, and the delegation revises or withdraws it later
    like any other. A form sent twice (same `form_token`) gives back the amendment the first one created.
    """
    participant = _proposer(user, participant, kind)
    if from_floor:
        if user is None or not user.is_secretariat:
            raise PermissionDenied("Only the secretariat records a proposal made from the floor.")
        submit, reason = True, reason or "Made from the floor"
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
            from_floor=from_floor,
        )
    except IntegrityError:
        # Two copies of one form raced: the other one created it.
        existing = Amendment.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing


# `version` counts edits of the text: a status change is a history entry but not a new version.
def _lock_rows(
    amendment_id: int, user: User, expected_version: int, *, with_paragraph: bool, with_superseded: bool = False
) -> tuple[Amendment, list[Amendment]]:
    """The amendment, locked; `with_paragraph`: its paragraph first, as the lock order has it (a
    revision rebases onto the paragraph's text, a submission settles the number of a new one);
    `with_superseded`: with the amendments a Chair's proposal supersedes, locked in one statement
    in id order (they are older than it), and returned beside it."""
    wanted = Q(pk=amendment_id)
    if with_superseded:
        wanted |= Q(superseded_by_id=amendment_id, status=Amendment.Status.SUPERSEDED)
    amendments = Amendment.objects.filter(wanted).select_related("participant")
    paragraph = None
    if with_paragraph:
        # An amendment never moves to another paragraph: the id read unlocked is the one to lock.
        paragraph = _lock_paragraph(
            Amendment.objects.filter(pk=amendment_id).values_list("paragraph_id", flat=True).get()
        )
    else:
        amendments = amendments.select_related("paragraph__section__report")
    locked = lock_amendments(amendments)
    amendment = next((a for a in locked if a.pk == amendment_id), None)
    if amendment is None:
        raise Amendment.DoesNotExist(f"No amendment {amendment_id}.")
    if paragraph is not None:
        amendment.paragraph = paragraph
    _check_can_act(user, amendment)
    if amendment.version != expected_version:
        raise StaleAmendment(amendment)
    return amendment, [a for a in locked if a.pk != amendment_id]


def _locked(amendment_id: int, user: User, expected_version: int, *, with_paragraph: bool) -> Amendment:
    return _lock_rows(amendment_id, user, expected_version, with_paragraph=with_paragraph)[0]


def restore_superseded(compromise: Amendment, superseded: list[Amendment], *, user: User, why: str) -> list[Amendment]:
    """The Chair's proposal is off the table (`why`: "was withdrawn"): the amendments it
    superseded are back on it, submitted as they were. The caller has locked them (in id order,
    with the proposal: see `_lock_rows`, decisions.decide)."""
    restored = []
    for amendment in superseded:
        if amendment.superseded_by_id != compromise.pk or amendment.status != Amendment.Status.SUPERSEDED:
            continue
        amendment.status, amendment.superseded_by = Amendment.Status.SUBMITTED, None
        save_with_history(amendment, user=user, reason=f"{RESTORED} {why}")
        restored.append(amendment)
    notifications.restored(compromise, restored, why=why)
    return restored


def _rebase_onto_current(amendment: Amendment, onto_paragraph_version: int) -> None:
    """The member revised against the paragraph as it is now: that becomes the amendment's base."""
    paragraph = amendment.paragraph  # locked by `_locked`
    if paragraph.version != onto_paragraph_version:
        raise StaleVersion(paragraph)
    amendment.base_version, amendment.base_text = paragraph.version, paragraph.text
    amendment.carried_over = Amendment.CarriedOver.NO  # revised against the current text: resolved


@retry_on_conflict
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
        amendment = _locked(amendment_id, user, expected_version, with_paragraph=True)
        if not amendment.is_open:
            raise AmendmentError(
                f"This amendment is {amendment.get_status_display().lower()}; it can no longer be revised."
            )
        check_not_held(user, amendment.paragraph_id, "revising an amendment")
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        if was_submitted:
            _check_window(amendment.paragraph.section.report, "revising a submitted amendment")
        if onto_paragraph_version is not None and amendment.kind != Amendment.Kind.INSERT:
            _rebase_onto_current(amendment, onto_paragraph_version)
        if provisional_number is not None and amendment.kind == Amendment.Kind.INSERT:
            amendment.provisional_number = _clean_number(provisional_number)
            if was_submitted:
                _settle_number(amendment)
        _set_proposal(amendment, proposed_text)
        amendment.justification = _clean_justification(justification)
        amendment.version += 1
        if submit and not was_submitted:
            _check_window(amendment.paragraph.section.report, "submitting")
            _mark_submitted(amendment)
            reason = "Revised and submitted"
        reason = _release(amendment, user, _submitted_reason(amendment, reason))
        save_with_history(amendment, user=user, reason=reason)
        if was_submitted or submit:
            notifications.amendment_event(amendment, Event.REVISED if was_submitted else Event.SUBMITTED)
        if was_submitted:
            # Positions stay on the version they were given on: their delegations are asked again.
            notifications.positions_to_confirm([amendment], why=f"{amendment.participant.name} revised it")
        return amendment


@retry_on_conflict
def submit(amendment_id: int, *, user: User, expected_version: int) -> Amendment:
    """Send a draft to the secretariat; from then on it is public among the members."""
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version, with_paragraph=True)
        if amendment.status != Amendment.Status.DRAFT:
            raise AmendmentError("Only a draft can be submitted.")
        check_not_held(user, amendment.paragraph_id, "submitting")
        _check_window(amendment.paragraph.section.report, "submitting")
        _mark_submitted(amendment)
        reason = _release(amendment, user, _submitted_reason(amendment, "Submitted"))
        save_with_history(amendment, user=user, reason=reason)
        notifications.amendment_event(amendment, Event.SUBMITTED)
        return amendment


def withdraw(amendment_id: int, *, user: User, expected_version: int) -> Amendment:
    """Withdraw an open amendment; the secretariat hears of it if it had been submitted. A Chair's
    proposal withdrawn puts the amendments it superseded back on the table."""
    with transaction.atomic():
        amendment, superseded = _lock_rows(
            amendment_id, user, expected_version, with_paragraph=False, with_superseded=True
        )
        if not amendment.is_open:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}; it cannot be withdrawn.")
        check_not_held(user, amendment.paragraph_id, "withdrawing an amendment")
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        amendment.status = Amendment.Status.WITHDRAWN
        save_with_history(amendment, user=user, reason="Withdrawn")
        restore_superseded(amendment, superseded, user=user, why="was withdrawn")
        if was_submitted:
            notifications.amendment_event(amendment, Event.WITHDRAWN)
        return amendment


def take_over(amendment_id: int, *, user: User, expected_version: int) -> Amendment:
    """The delegation takes the draft the secretariat made for it: from now on only it sees it."""
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version, with_paragraph=False)
        if not _of_delegation(user, amendment):
            raise PermissionDenied("Only the amendment's own delegation can take over its draft.")
        if not amendment.held_by_secretariat or amendment.submitted_at is not None:
            raise AmendmentError("This amendment is not a draft held by the secretariat.")
        amendment.held_by_secretariat = False
        return save_with_history(amendment, user=user, reason=TAKEN_OVER.capitalize())
