"""Delegations' support for, or opposition to, other delegations' submitted amendments, each
given on one version of the amendment's text; and to other members' submissions to a compilation
of proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from amendments.actions.errors import AmendmentError, StaleAmendment
from amendments.actions.history import delete_with_history, save_with_history
from amendments.actions.notices import position_taken
from amendments.models import Amendment, Position, Report, Submission

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["AmendmentError", "StaleAmendment", "set_position", "set_submission_position"]


# The history's reason when a delegation gives the same stance again on a newer version.
_CONFIRMED = {Position.Stance.SUPPORT: "Support confirmed", Position.Stance.OPPOSE: "Opposition confirmed"}


def set_position(
    amendment_id: int, *, user: User, stance: str | None, expected_version: int | None = None
) -> Position | None:
    """The user's delegation supports or opposes another delegation's submitted amendment; None clears it.

    The stance is given on the amendment's current version; the same stance again on a newer
    version confirms it there. `expected_version` is the version the delegate saw: a newer one is
    refused (StaleAmendment), so no one confirms words they have not read.
    The amendment is locked, so a position cannot slip in while its status or text changes.
    """
    if user.participant_id is None:
        raise AmendmentError("Only a delegation can support or oppose an amendment.")
    if stance not in (*Position.Stance.values, None):
        raise AmendmentError(f"Unknown position: {stance!r}.")
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update(of=("self",), no_key=True).get(pk=amendment_id)
        if amendment.participant_id == user.participant_id:
            raise AmendmentError("A delegation does not take a position on its own amendment.")
        if amendment.status != Amendment.Status.SUBMITTED:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}: positions are closed.")
        position = Position.objects.filter(amendment=amendment, participant_id=user.participant_id).first()
        if stance is None:
            if position is not None:
                delete_with_history(position, user=user, reason="Position withdrawn")
            return None
        if expected_version is not None and expected_version != amendment.version:
            raise StaleAmendment(amendment)
        if position is None:
            position = Position(amendment=amendment, participant_id=user.participant_id)
            reason = Position.Stance(stance).label
        elif position.stance != stance:
            reason = Position.Stance(stance).label
        elif position.amendment_version < amendment.version:
            reason = f"{_CONFIRMED[Position.Stance(stance)]} on version {amendment.version}"
        else:
            return position
        changed = position.stance != stance
        position.stance, position.author, position.amendment_version = stance, user, amendment.version
        save_with_history(position, user=user, reason=reason)
        if changed:
            # A confirmation on a newer version tells nothing new.
            position_taken(position)
        return position


# A submission is open to positions until it is withdrawn or taken into the Chair's text.
_OPEN_SUBMISSIONS = frozenset({Submission.Status.SUBMITTED, Submission.Status.UNDER_DISCUSSION})


def set_submission_position(submission_id: int, *, user: User, stance: str | None) -> Position | None:
    """The user's delegation supports or opposes another member's submission; None clears it.

    A delegation named among a submission's members speaks in it: it takes no position on it. The
    submission is locked, so a position cannot slip in while its status changes.
    """
    if user.participant_id is None:
        raise AmendmentError("Only a delegation can support or oppose a submission.")
    if stance not in (*Position.Stance.values, None):
        raise AmendmentError(f"Unknown position: {stance!r}.")
    with transaction.atomic():
        submission = Submission.objects.select_for_update(of=("self",), no_key=True).get(pk=submission_id)
        if not Report.objects.of(user).filter(sections=submission.section_id).exists():
            raise AmendmentError("This submission is not in a report of your working group.")
        own = {submission.participant_id, *submission.members.values_list("pk", flat=True)}
        if user.participant_id in own:
            raise AmendmentError("A delegation does not take a position on its own submission.")
        if submission.status not in _OPEN_SUBMISSIONS:
            raise AmendmentError(f"This submission is {submission.get_status_display().lower()}: positions are closed.")
        position = Position.objects.filter(submission=submission, participant_id=user.participant_id).first()
        if stance is None:
            if position is not None:
                delete_with_history(position, user=user, reason="Position withdrawn")
            return None
        if position is not None and position.stance == stance:
            return position
        if position is None:
            position = Position(submission=submission, participant_id=user.participant_id, amendment_version=1)
        position.stance, position.author = stance, user
        save_with_history(position, user=user, reason=Position.Stance(stance).label)
        position_taken(position)
        return position
