"""The Word redline export's inputs, read from the database: amendments and comments as plain data.

amendments/word_redline.py writes the .docx from these; it never touches the database.
"""

from django.db.models import Q

from amendments.models import Amendment, Comment
from amendments.queries.redlines import amendment_redline
from amendments.queries.snapshots import report_snapshot

PENDING = (Amendment.Status.SUBMITTED,)
ACCEPTED = Amendment.ACCEPTED_STATUSES
SCOPES = {"pending": PENDING, "accepted": ACCEPTED}


def redline_inputs(report, *, participant=None, status="pending", user=None):
    """(snapshot, amendments, comments) for word_redline.redline_docx.

    status: "pending" (submitted, not yet decided) or "accepted" (not yet consolidated);
    participant: only that delegation's; user: only what that user may see.
    """
    rows = (
        Amendment.objects.visible_to(user)
        if user is not None
        else Amendment.objects.exclude(status=Amendment.Status.DRAFT)
    )
    rows = rows.filter(paragraph__section__report=report, status__in=SCOPES[status])
    if status == "accepted":
        rows = rows.filter(applied_in=None)
    if participant is not None:
        rows = rows.filter(participant=participant)
    rows = rows.select_related("participant", "paragraph").order_by("submitted_at", "id")
    amendments = []
    for amendment in rows:
        view = amendment_redline(amendment, amendment.paragraph)
        segments = view.rebased_segments if view.rebased_segments is not None else view.segments
        amendments.append({
            "id": amendment.pk, "paragraph_id": amendment.paragraph_id, "kind": amendment.kind,
            "participant": amendment.participant.name, "date": amendment.submitted_at,
            "segments": [list(s) for s in segments],
            "proposed_text": amendment.final_text if amendment.status == Amendment.Status.ACCEPTED_MODIFIED else amendment.proposed_text,
            "provisional_number": amendment.provisional_number,
        })  # fmt: skip
    shown = {a["id"] for a in amendments}
    notes = (
        Comment.objects.filter(deleted=False)
        .filter(Q(paragraph__section__report=report) | Q(amendment_id__in=shown))
        .select_related("participant", "amendment")
    )
    if participant is not None:
        notes = notes.filter(participant=participant)
    comments = [
        {
            "id": c.pk, "paragraph_id": c.paragraph_id or c.amendment.paragraph_id, "amendment_id": c.amendment_id,
            "author": c.participant.name if c.participant_id else "Secretariat", "date": c.created,
            "text": c.text, "parent_id": c.parent_id,
        }
        for c in notes.order_by("created", "id")
    ]  # fmt: skip
    return report_snapshot(report), amendments, comments
