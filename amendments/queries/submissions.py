"""A delegation's submissions across the compilations of its working group, and the text of one
submission as a whole (what two of them are compared on): a fixed number of queries."""

from __future__ import annotations

from amendments.models import Paragraph, Participant, Submission


def participant_submissions(participant: Participant) -> list[Submission]:
    """What the participant submitted or is named in, report by report in the order they were loaded,
    then section and place: two queries (the rows, and their members)."""
    return list(
        Submission.objects.of_participant(participant)
        .select_related("section__report", "participant")
        .prefetch_related("members")
        .order_by("section__report__created", "section__report_id", "section__position", "position")
    )


def submission_text(submission: Submission) -> str:
    """The submission as it reads: each item on its own line, after its label, indented by its
    depth; sub-items under their item (one query). Deleted items are left out, as in the clean text."""
    rows = (
        Paragraph.objects.filter(submission=submission)
        .exclude(kind=Paragraph.Kind.FOOTNOTE)
        .exclude(status=Paragraph.Status.DELETED)
        .order_by("position")
        .values_list("pk", "parent_id", "position", "number", "indent", "bulleted", "text")
    )
    by_parent: dict[int | None, list[tuple]] = {}
    for row in rows:
        by_parent.setdefault(row[1], []).append(row)
    lines: list[str] = []

    def add(parent_id: int | None, depth: int) -> None:
        for pk, _parent, _position, number, indent, bulleted, text in by_parent.get(parent_id, []):
            label = " ".join(part for part in ("•" if bulleted else "", number) if part)
            lines.append("    " * (indent + depth) + (f"{label} " if label else "") + text)
            add(pk, depth + 1)

    add(None, 0)
    return "\n".join(lines)
