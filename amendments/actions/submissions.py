"""The secretariat's writes to a compilation's submissions: their status in the negotiation.

A submission has no version of its own; the status the officer saw stands in for it, so a status
changed by someone else since the page was read is refused rather than overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from amendments.actions.errors import DraftingError
from amendments.actions.history import save_with_history
from amendments.core.texts import clean_note
from amendments.models import Submission

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["DraftingError", "StaleSubmission", "set_status"]


class StaleSubmission(DraftingError):
    """The submission's status changed since the caller read it."""

    def __init__(self, current: Submission) -> None:
        super().__init__(
            f"Someone else set the status of this submission meanwhile (now: {current.get_status_display()})."
        )
        self.current = current


def set_status(
    submission_id: int, *, status: str, expected_status: str | None, user: User | None, reason: str = ""
) -> Submission:
    """Set a submission's status (submitted, under discussion, taken into the Chair's text, withdrawn).

    Like a paragraph's status, it is a label: the items' texts are not touched."""
    reason = clean_note(reason)
    if status not in Submission.Status.values:
        raise DraftingError(f"Unknown status {status!r}.")
    with transaction.atomic():
        # A submission is locked only by this write, which locks nothing else: no lock order to keep.
        submission = Submission.objects.select_for_update(of=("self",), no_key=True).get(pk=submission_id)
        if expected_status is None or submission.status != expected_status:
            raise StaleSubmission(submission)
        if submission.status == status:
            return submission
        submission.status = status
        return save_with_history(
            submission,
            user=user,
            reason=reason or f"Status: {submission.get_status_display()}",
            update_fields=["status"],
        )
