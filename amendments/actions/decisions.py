"""The secretariat's decisions on amendments: the one door, like amending.py for members."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from amendments import notifications
from amendments.core import textdiff
from amendments.core.texts import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, clean_text
from amendments.models import Amendment

DECISIONS = {
    "accept": Amendment.Status.ACCEPTED,
    "accept-modified": Amendment.Status.ACCEPTED_MODIFIED,
    "reject": Amendment.Status.REJECTED,
    "note": Amendment.Status.NOTED,
}
DECISION_LABELS = {
    "accept": "Accept",
    "accept-modified": "Accept with modifications",
    "reject": "Reject",
    "note": "Note",
}
DECIDABLE = {
    Amendment.Status.SUBMITTED,
    Amendment.Status.ACCEPTED,
    Amendment.Status.ACCEPTED_MODIFIED,
    Amendment.Status.REJECTED,
    Amendment.Status.NOTED,
}


class DecisionError(ValueError):
    """The decision cannot be taken; the message says why."""


def decide(amendment_ids, *, decision, user, note="", final_text=None, versions=None):
    """Accept, accept with modifications, reject or note one or several submitted amendments.

    A decision can be changed until the amendment is consolidated into a revision. All or none:
    one amendment that cannot take the decision stops the whole selection. `versions` ({id:
    version}) are the versions the officer saw: a newer revision by the delegation is not decided
    on unseen.
    """
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat decides on amendments.")
    if decision not in DECISIONS:
        raise DecisionError(f"Unknown decision {decision!r}.")
    ids = sorted(set(amendment_ids))
    if not ids:
        raise DecisionError("Select at least one amendment.")
    if decision == "accept-modified" and len(ids) != 1:
        raise DecisionError("Accept with modifications one amendment at a time: its text is edited.")
    note = clean_text(note, limit=MAX_NOTE_LENGTH, what="The note", allow_empty=True)
    with transaction.atomic():
        amendments = list(
            Amendment.objects.select_for_update().filter(pk__in=ids).select_related("participant", "paragraph")
        )
        if len(amendments) != len(ids):
            raise DecisionError("Some of the selected amendments no longer exist.")
        for amendment in amendments:
            if versions is not None and versions.get(amendment.pk) != amendment.version:
                raise DecisionError(
                    f"{amendment}: it was revised since you opened the page (now version {amendment.version}); look at it again."
                )
            if amendment.status not in DECIDABLE:
                raise DecisionError(
                    f"{amendment}: a {amendment.get_status_display().lower()} amendment cannot be decided on."
                )
            if amendment.applied_in_id:
                raise DecisionError(f"{amendment}: already consolidated in {amendment.applied_in.name}.")
        for amendment in amendments:
            amendment.status = DECISIONS[decision]
            amendment.decided_by, amendment.decided_at, amendment.decision_note = user, timezone.now(), note
            if decision == "accept-modified":
                if amendment.kind == Amendment.Kind.DELETE:
                    raise DecisionError("A deletion is accepted or rejected; there is no text to modify.")
                text = clean_text(final_text or "", limit=MAX_TEXT_LENGTH, what="The modified text")
                if text == amendment.proposed_text:
                    raise DecisionError("The modified text is the member's proposal: accept it as it is instead.")
                amendment.final_text = text
                amendment.final_segments = [list(s) for s in textdiff.diff(amendment.proposed_text, text)]
            else:
                amendment.final_text, amendment.final_segments = "", []
            amendment._history_user = user
            amendment._change_reason = amendment.get_status_display() + (f": {note}" if note else "")
            amendment.save()
            notifications.decision(amendment)
        return amendments
