"""The Word redline's input, read from the database: the draft as a `Document` whose blocks carry
their amendments as tracked changes and their comments.

exporters/word_redline.py writes the .docx from it; it never touches the database. Amendments and
comments on a footnote are on that `Footnote`, comments on one amendment on its `TrackedChange`, and
the rows the draft no longer holds (deleted since the amendment or comment was written) are in
`Document.unplaced` with theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import cast

from django.db.models import Q

from amendments.core import textdiff
from amendments.core.document import (
    Block,
    BlockKind,
    ChangeKind,
    Comment,
    Document,
    Footnote,
    Section,
    TrackedChange,
)
from amendments.models import Amendment, Paragraph, Participant, Report
from amendments.models import Comment as CommentRow
from amendments.queries import editions
from amendments.queries.editions import Edition
from amendments.queries.redlines import amendment_redline
from amendments.queries.snapshots import report_document

__all__ = ["ACCEPTED", "PENDING", "SCOPES", "redline_document"]

PENDING = (Amendment.Status.SUBMITTED,)
ACCEPTED = Amendment.ACCEPTED_STATUSES
SCOPES = {"pending": PENDING, "accepted": ACCEPTED}


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _amendments(report: Report, participant: Participant | None, status: str, edition: Edition) -> list[Amendment]:
    statuses = SCOPES[status]
    if status == "pending":
        # The internal edition's drafts are pending too (its queryset holds no other draft).
        statuses = (*statuses, Amendment.Status.DRAFT)
    rows = editions.amendments(edition).filter(paragraph__section__report=report, status__in=statuses)
    if status == "accepted":
        rows = rows.filter(applied_in=None)
    if participant is not None:
        rows = rows.filter(participant=participant)
    return list(rows.select_related("participant", "paragraph").order_by("submitted_at", "id"))


def _tracked_change(amendment: Amendment) -> TrackedChange:
    """The amendment as a tracked change against the paragraph as it is now (carried over when it can be)."""
    view = amendment_redline(amendment, amendment.paragraph)
    segments = view.rebased_segments if view.rebased_segments is not None else view.segments
    if amendment.kind == Amendment.Kind.INSERT and amendment.adopted_text:
        # A new paragraph is its text: the secretariat's wording once accepted with modifications.
        segments = [(textdiff.INSERT, amendment.adopted_text)]
    return TrackedChange(
        id=amendment.pk,
        author=amendment.participant.name,
        kind=cast(ChangeKind, amendment.kind),
        date=_iso(amendment.submitted_at),
        number=amendment.provisional_number,
        segments=tuple((str(op), str(text)) for op, text in segments),
    )


def _comment_rows(
    report: Report, participant: Participant | None, shown: Iterable[int], edition: Edition
) -> list[CommentRow]:
    # A draft comment is only its delegation's: the circulated edition never holds one.
    notes = (
        editions.comments(edition)
        .filter(deleted=False)
        .filter(Q(paragraph__section__report=report) | Q(amendment_id__in=list(shown)))
        .select_related("participant", "amendment", "paragraph", "amendment__paragraph")
    )
    if participant is not None:
        notes = notes.filter(participant=participant)
    return list(notes.order_by("created", "id"))


def _comment(row: CommentRow, replies: tuple[Comment, ...] = ()) -> Comment:
    return Comment(
        id=row.pk,
        author=row.participant.name if row.participant is not None else "Secretariat",
        date=_iso(row.written or row.created),  # an imported comment keeps the date its file gave it
        text=row.text,
        replies=replies,
    )


def _threads(rows: list[CommentRow]) -> list[tuple[CommentRow, Comment]]:
    """(first comment's row, the thread as a `Comment` with its replies), in order of their first comment.

    A reply to a reply joins the thread of the first comment, as in the app; a reply whose first
    comment is not shown starts a thread of its own."""
    by_id = {row.pk: row for row in rows}

    def root(row: CommentRow) -> CommentRow:
        seen = {row.pk}
        while row.parent_id in by_id and row.parent_id not in seen:
            row = by_id[row.parent_id]
            seen.add(row.pk)
        return row

    threads: dict[int, list[CommentRow]] = defaultdict(list)
    for row in rows:
        threads[root(row).pk].append(row)
    out = []
    for first_id, thread in threads.items():
        first = by_id[first_id]
        replies = tuple(_comment(row) for row in thread if row is not first)
        out.append((first, _comment(first, replies)))
    return out


def _subject(row: CommentRow) -> Paragraph:
    """The row a comment is on: its paragraph, or the one its amendment is on (comment_has_subject)."""
    if row.paragraph is not None:
        return row.paragraph
    if row.amendment is None:
        raise ValueError(f"Comment {row.pk} is on neither a paragraph nor an amendment.")
    return row.amendment.paragraph


class _Placement:
    """Where each tracked change and comment thread goes: on a row of the draft, on one amendment, or
    with the rows the draft no longer holds."""

    def __init__(self, document: Document) -> None:
        self.blocks = {block.id for block in document.blocks()}
        self.footnotes = {note.id for block in document.blocks() for note in block.footnotes}
        # Keyed by the document's ids, which a block, footnote or change may lack (then nothing is on it).
        self.changes: dict[int | None, list[TrackedChange]] = defaultdict(list)
        self.comments: dict[int | None, list[Comment]] = defaultdict(list)
        self.change_comments: dict[int | None, list[Comment]] = defaultdict(list)
        self.gone: dict[int, Paragraph] = {}  # rows not in the draft, in order of their first amendment or comment
        self.gone_changes: dict[int, list[TrackedChange]] = defaultdict(list)
        self.gone_comments: dict[int, list[Comment]] = defaultdict(list)

    def in_draft(self, paragraph_id: int) -> bool:
        return paragraph_id in self.blocks or paragraph_id in self.footnotes

    def add_change(self, amendment: Amendment) -> None:
        change = _tracked_change(amendment)
        if self.in_draft(amendment.paragraph_id):
            self.changes[amendment.paragraph_id].append(change)
        else:
            self.gone.setdefault(amendment.paragraph_id, amendment.paragraph)
            self.gone_changes[amendment.paragraph_id].append(change)

    def add_thread(self, first: CommentRow, thread: Comment, placed: set[int]) -> None:
        if first.amendment_id in placed:
            self.change_comments[first.amendment_id].append(thread)
            return
        paragraph = _subject(first)
        if self.in_draft(paragraph.pk):
            self.comments[paragraph.pk].append(thread)
        else:
            self.gone.setdefault(paragraph.pk, paragraph)
            self.gone_comments[paragraph.pk].append(thread)

    def _changes(self, found: list[TrackedChange]) -> tuple[TrackedChange, ...]:
        """The changes, each with the comments on its amendment."""
        return tuple(replace(c, comments=tuple(self.change_comments.get(c.id, ()))) for c in found)

    def _footnote(self, note: Footnote) -> Footnote:
        changes = self._changes(self.changes.get(note.id, []))
        return replace(note, changes=changes, comments=tuple(self.comments.get(note.id, ())))

    def _block(self, block: Block) -> Block:
        return replace(
            block,
            changes=self._changes(self.changes.get(block.id, [])),
            comments=tuple(self.comments.get(block.id, ())),
            items=tuple(self._block(item) for item in block.items),
            footnotes=tuple(self._footnote(note) for note in block.footnotes),
        )

    def document(self, document: Document) -> Document:
        # A comment on an amendment to a row the draft no longer holds is among that row's comments (add_thread).
        gone = tuple(
            Block(
                id=p.pk,
                kind=cast(BlockKind, p.kind),
                number=p.number,
                text=p.text,
                status=p.status,
                changes=tuple(self.gone_changes.get(p.pk, ())),
                comments=tuple(self.gone_comments.get(p.pk, ())),
            )
            for p in self.gone.values()
        )
        return replace(
            document,
            sections=tuple(
                Section(s.key, s.heading, tuple(self._block(b) for b in s.blocks), s.paragraph_name)
                for s in document.sections
            ),
            unplaced=gone,
        )


def redline_document(
    report: Report,
    *,
    participant: Participant | None = None,
    status: str = "pending",
    edition: Edition = Edition.CIRCULATED,
) -> Document:
    """The draft as it stands, its rows carrying the amendments and comments for word_redline.redline_docx.

    status: "pending" (submitted, not yet decided; in the internal edition, with the drafts the
    secretariat holds) or "accepted" (not yet consolidated); participant: only that delegation's;
    edition: circulated (what every member may see) or internal (see queries.editions).
    """
    document = report_document(report)
    placement = _Placement(document)
    amendments = _amendments(report, participant, status, edition)
    for amendment in amendments:
        placement.add_change(amendment)
    placed = {a.pk for a in amendments if placement.in_draft(a.paragraph_id)}
    for first, thread in _threads(_comment_rows(report, participant, (a.pk for a in amendments), edition)):
        placement.add_thread(first, thread, placed)
    return placement.document(document)
