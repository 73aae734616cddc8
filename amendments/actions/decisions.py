"""The secretariat's decisions on submitted amendments: accept, accept with modifications, reject, note."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from amendments.actions import notices
from amendments.actions.amendments import restore_superseded
from amendments.actions.errors import DecisionError
from amendments.actions.history import save_with_history
from amendments.actions.holds import check_not_held
from amendments.actions.locking import lock_amendments, retry_on_conflict
from amendments.core import textdiff
from amendments.core.texts import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, clean_text
from amendments.models import Amendment

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["DecisionError", "decide"]


def _check_decidable(amendment: Amendment, versions: Mapping[int, int] | None) -> None:
    if versions is not None and versions.get(amendment.pk) != amendment.version:
        raise DecisionError(
            f"{amendment}: it was revised since you opened the page (now version {amendment.version}); look at it again."
        )
    if amendment.status not in Amendment.DECIDABLE_STATUSES:
        raise DecisionError(f"{amendment}: a {amendment.get_status_display().lower()} amendment cannot be decided on.")
    if amendment.applied_in is not None:
        raise DecisionError(f"{amendment}: already consolidated in {amendment.applied_in.name}.")


def _set_final_text(amendment: Amendment, decision: Amendment.Decision, final_text: str | None) -> None:
    """Accepted with modifications: the secretariat's text and its diff from the member's proposal."""
    if decision != Amendment.Decision.ACCEPT_MODIFIED:
        amendment.final_text, amendment.final_segments = "", []
        return
    if amendment.kind == Amendment.Kind.DELETE:
        raise DecisionError("A deletion is accepted or rejected; there is no text to modify.")
    text = clean_text(final_text or "", limit=MAX_TEXT_LENGTH, what="The modified text")
    if text == amendment.proposed_text:
        raise DecisionError("The modified text is the member's proposal: accept it as it is instead.")
    amendment.final_text = text
    amendment.final_segments = [list(s) for s in textdiff.diff(amendment.proposed_text, text)]


@retry_on_conflict
def decide(
    amendment_ids: Iterable[int],
    *,
    decision: str,
    user: User,
    note: str = "",
    final_text: str | None = None,
    versions: Mapping[int, int] | None = None,
) -> list[Amendment]:
    """Accept, accept with modifications, reject or note one or several submitted amendments.

    `decision` is an Amendment.Decision value. A decision can be changed until the amendment is
    consolidated into a revision. All or none: one amendment that cannot take the decision stops
    the whole selection. `versions` ({id: version}) are the versions the officer saw: a newer
    revision by the delegation is not decided on unseen.
    """
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat decides on amendments.")
    if decision not in Amendment.Decision.values:
        raise DecisionError(f"Unknown decision {decision!r}.")
    chosen = Amendment.Decision(decision)
    ids = sorted(set(amendment_ids))
    if not ids:
        raise DecisionError("Select at least one amendment.")
    if chosen == Amendment.Decision.ACCEPT_MODIFIED and len(ids) != 1:
        raise DecisionError("Accept with modifications one amendment at a time: its text is edited.")
    note = clean_text(note, limit=MAX_NOTE_LENGTH, what="The note", allow_empty=True)
    with transaction.atomic():
        # Only the amendments are locked, in id order, with those a Chair's proposal among them
        # supersedes (a rejection puts them back on the table); their delegation and paragraph are read.
        wanted = Q(pk__in=ids) | Q(superseded_by_id__in=ids, status=Amendment.Status.SUPERSEDED)
        locked = lock_amendments(Amendment.objects.filter(wanted).select_related("participant", "paragraph"))
        amendments = [a for a in locked if a.pk in ids]
        if len(amendments) != len(ids):
            raise DecisionError("Some of the selected amendments no longer exist.")
        for amendment in amendments:
            _check_decidable(amendment, versions)
        check_not_held(user, {a.paragraph_id for a in amendments}, "deciding", error=DecisionError)
        for amendment in amendments:
            amendment.status = chosen.status
            amendment.decided_by, amendment.decided_at, amendment.decision_note = user, timezone.now(), note
            _set_final_text(amendment, chosen, final_text)
            reason = amendment.get_status_display() + (f": {note}" if note else "")
            save_with_history(amendment, user=user, reason=reason)
            notices.decided(amendment)
            if chosen == Amendment.Decision.REJECT:
                superseded = [a for a in locked if a.superseded_by_id == amendment.pk]
                restore_superseded(amendment, superseded, user=user, why="was rejected")
        return amendments
