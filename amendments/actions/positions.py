"""Delegations' support for, or opposition to, other delegations' submitted amendments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from amendments.actions.errors import AmendmentError
from amendments.actions.history import delete_with_history, save_with_history
from amendments.models import Amendment, Position

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["set_position"]


def set_position(amendment_id: int, *, user: User, stance: str | None) -> Position | None:
    """The user's delegation supports or opposes another delegation's submitted amendment; None clears it.

    The amendment is locked, so a position cannot slip in while its status changes.
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
        if position is None:
            position = Position(amendment=amendment, participant_id=user.participant_id)
        elif position.stance == stance:
            return position
        position.stance, position.author = stance, user
        return save_with_history(position, user=user, reason=position.get_stance_display())
