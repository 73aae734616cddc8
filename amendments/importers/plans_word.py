"""The import plan of a Word file with tracked changes and comments: each Word author's changes become
planned changes, and comments planned comments on their paragraphs (or on the proposals they are on),
kept by author. See `plans` for the plan's entries; the file is read by `wordml`.

The file is read in parts: its body, planned against the draft's paragraphs, and each footnote,
planned against the draft's footnote of the same text. In each part, the original text (every change
rejected) is matched to the draft by wording, and every author's version (their changes accepted, the
others' rejected) to the original by the paragraph marks of the file. The app's own Word redline writes some proposals as labelled copies ("[Alternative by
Japan] …"): each is that delegation's proposal for the paragraph it follows, whole.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from amendments.core import textdiff
from amendments.core.numbering import next_provisional_number
from amendments.core.textdiff import normalise
from amendments.importers import alignment, uploads, wordml
from amendments.importers.plans import (
    ChangeKind,
    PlannedChange,
    _as_draft,
    _check_length,
    _insertion_anchor,
    draft_rows,
)
from amendments.importers.wordml_numbering import typed_number
from amendments.importers.wordml_reader import LABEL_RE
from amendments.models import Paragraph, Report

__all__ = ["word_changes_plan"]


@dataclass
class _WordPlan:
    """One part of a Word file (its body, or one footnote) and the draft rows it is planned against.

    ``base`` is the part's own text with every change rejected; ``base_to_draft`` maps its positions
    to the draft rows they were matched to. Each author's version is matched with ``base`` through the
    file itself, as `wordml_document` does: by the paragraph marks, never by guessing from wording.
    """

    part: wordml.WordDocument
    rows: list[Paragraph]
    base_to_draft: dict[int, Hashable]  # base position -> draft paragraph key

    def __post_init__(self) -> None:
        self.by_key: dict[Hashable, Paragraph] = {p.pk: p for p in self.rows}
        self.base = self.part.base()
        base = self.part.groups(wordml.accept_none)
        self.base_of = {i: k for k, g in enumerate(base) for i in g.indexes}
        self.closing = [g.indexes[-1] for g in base]  # the w:p whose mark ends each original paragraph
        self.made_from: dict[int, tuple[str, int]] = {}  # w:p index -> (author, entry) of a new paragraph
        self.changed_at: dict[tuple[str, int], int] = {}  # (author, base position) -> entry changing it
        self.deleted: set[int] = set()  # the draft paragraphs the author being planned deletes

    def draft_at(self, position: int | None) -> Paragraph | None:
        """The draft paragraph a base position was matched to, if any."""
        return self.by_key.get(self.base_to_draft.get(position)) if position is not None else None

    def anchor_before(self, position: int | None) -> Paragraph | None:
        """The draft paragraph a new paragraph follows: the nearest mapped base paragraph at or before `position`."""
        for at in range(min(position if position is not None else -1, len(self.base) - 1), -1, -1):
            if (draft := self.draft_at(at)) is not None:
                return draft
        return None

    def author(self, author: str, found: dict[str, list]) -> None:
        """One author's planned changes and conflicts, added to `found` (comments are added later)."""
        entries, conflicts = found["entries"], found["conflicts"]
        self.deleted = set()
        groups: list[wordml.Group] = []
        for group in self.part.author_groups(author):
            label = LABEL_RE.match(group.text)
            if label is None:
                if group.text.strip():
                    groups.append(group)
                continue
            # The redline's copy of a proposal it could not show inline: that proposal, whole.
            # Its own w:p (the one its mark closes; paragraphs the author deleted before it run into it)
            # is all inserted: in the original it runs into the next paragraph, so it follows the one before.
            own = group.indexes[-1]
            anchor = self.draft_at(self.base_of.get(own, 0) - 1)
            text = group.text[label.end() :]
            if label.group("unplaced") or anchor is None:
                conflicts.append({"text": text[:200], "why": "this paragraph is not in the current draft"})
            elif normalise(text) != normalise(anchor.text):
                self.made_from[own] = (author, len(entries))
                change = PlannedChange.modification(anchor, text) if text.strip() else PlannedChange.deletion(anchor)
                entries.append(change.to_json())
        # Each paragraph of the version belongs to the original paragraph holding its closing mark.
        owned: dict[int, list[wordml.Group]] = {}
        for group in groups:
            owned.setdefault(self.base_of.get(group.indexes[-1], len(self.base) - 1), []).append(group)
        for position, (_, text) in enumerate(self.base):
            self._position(author, position, text, owned.get(position, []), found)

    def _position(self, author: str, position: int, text: str, groups: list[wordml.Group], found: dict) -> None:
        """What an author did to one paragraph of the original: kept or changed it, deleted it (its mark
        closes none of the version's paragraphs: its text went, or ran on into the next), and the new
        paragraphs typed before or after it."""
        entries = found["entries"]
        # The paragraph itself, kept or changed: the version paragraph closed by its own paragraph mark.
        own = self.closing[position]
        kept = next((g for g, group in enumerate(groups) if group.indexes[-1] == own), None) if text.strip() else None
        if kept is None and text.strip():
            self._add(found, self._deleted(position), author, position=position)
        for g, group in enumerate(groups):
            if g == kept:
                self._add(found, self._modified(position, group.text), author, position=position)
            else:
                after = position - 1 if kept is None or g < kept else position
                self._add(found, self._inserted(group, after, entries), author, indexes=group.indexes[-1:])

    def _add(
        self,
        found: dict,
        planned: PlannedChange | dict[str, str] | None,
        author: str,
        *,
        position: int | None = None,
        indexes: Sequence[int] = (),
    ) -> None:
        if isinstance(planned, dict):
            found["conflicts"].append(planned)
        elif planned is not None:
            if position is not None:
                self.changed_at[author, position] = len(found["entries"])
            self.made_from.update(dict.fromkeys(indexes, (author, len(found["entries"]))))
            found["entries"].append(planned.to_json())

    def _inserted(self, group: wordml.Group, after: int, entries: list) -> PlannedChange | dict[str, str]:
        anchor = self.anchor_before(after) or (self.rows[0] if self.rows else None)
        if anchor is None:
            return {"text": group.text[:200], "why": "a new paragraph in text that is not in the current draft"}
        if not self.part.is_item(group):  # a new sub-item after a sub-item follows it; a paragraph, its paragraph
            anchor = _insertion_anchor(anchor, self.rows, self.by_key)
        typed = group.number.strip().rstrip(".")
        taken = [e.get("number", "") for e in entries if e["kind"] == ChangeKind.INSERTED]
        # A number the file gives it as a new paragraph ("2 bis"), else the next one after its paragraph.
        number = typed if " " in typed else next_provisional_number(anchor.number or None, taken)
        label = f"New {number or 'paragraph'} after {anchor.label}"
        return PlannedChange.insertion(anchor, group.text, number=number, label=label)

    def _deleted(self, position: int) -> PlannedChange | dict[str, str] | None:
        draft = self.draft_at(position)
        if draft is None:
            return {"text": self.base[position][1][:200], "why": "this paragraph is not in the current draft"}
        if draft.parent_id in self.deleted:
            return None  # deleting a paragraph deletes its sub-items: one amendment, as it was proposed
        self.deleted.add(draft.pk)
        return PlannedChange.deletion(draft)

    def _modified(self, position: int, new_text: str) -> PlannedChange | dict[str, str] | None:
        base_text = self.base[position][1]
        if normalise(new_text) == normalise(base_text):
            return None
        draft = self.draft_at(position)
        if draft is None:
            return {"text": new_text[:200], "why": "this paragraph is not in the current draft"}
        # The author changed the Word file's text; carry those changes onto the draft's wording.
        merge = textdiff.merge3(base_text, draft.text, new_text)
        if not merge.clean:
            return {"text": new_text[:200], "why": f"conflicts with {draft.label} as the draft now reads"}
        assert merge.text is not None  # a clean merge has its text
        if merge.text == textdiff.normalise(draft.text):
            return None
        return PlannedChange.modification(draft, merge.text)


def _matched(rows: Sequence[Paragraph], base: Sequence[tuple[str, str]]) -> dict[int, Hashable]:
    """The Word file's own base text matched to the draft: base position -> draft paragraph."""
    entries = alignment.align(_as_draft(rows), [alignment.RevisedParagraph(number="", text=t) for _, t in base])
    return {e.revised_index: e.draft_key for e in entries if e.draft_key is not None and e.revised_index is not None}


def _footnote_plans(report: Report, document: wordml.WordDocument) -> dict[str, _WordPlan]:
    """A plan per footnote of the file: against the draft's footnote of the same text, or against
    nothing (so that its changes are listed as not imported)."""
    notes = Paragraph.objects.filter(section__report=report, kind=Paragraph.Kind.FOOTNOTE).exclude(
        status=Paragraph.Status.DELETED
    )
    by_text: dict[str, Paragraph] = {}
    for note in notes:
        by_text.setdefault(normalise(note.text).strip(), note)
    plans: dict[str, _WordPlan] = {}
    for note_id in document.notes:
        part = document.footnote(note_id)
        base = part.base()
        row = by_text.get(normalise(base[0][1]).strip()) if base else None
        plans[note_id] = _WordPlan(part, [row], {0: row.pk}) if row is not None else _WordPlan(part, [], {})
    return plans


def _proposal_at(comment: wordml.WordComment, body: _WordPlan) -> tuple[str, int] | None:
    """(author, entry) of the proposal a comment is in or around: a new paragraph, an alternative, or
    one author's changed words. A comment around a footnote's mark alone is on the footnote, not on the
    words around it: "[On the amendment by Japan]" there means Japan's amendment to the footnote, even
    when Japan also changed the paragraph the mark is in."""
    if comment.paragraph_index is None:
        return None
    on = body.made_from.get(comment.paragraph_index)
    if on is None and comment.change_author is not None and comment.footnote_id is None:
        changed = body.changed_at.get((comment.change_author, body.base_of.get(comment.paragraph_index, -1)))
        on = (comment.change_author, changed) if changed is not None else None
    return on


def _commented_row(
    comment: wordml.WordComment, body: _WordPlan, note: _WordPlan | None, on: tuple[str, int] | None, authors: Mapping
) -> Paragraph | None:
    """The draft paragraph a comment is about: its proposal's, its footnote, or the one it is on."""
    if on is not None:
        entry = authors[on[0]]["entries"][on[1]]
        return body.by_key.get(entry.get("draft") or entry.get("after"))
    if note is not None:
        return note.rows[0] if note.rows else None
    return body.draft_at(body.base_of.get(comment.paragraph_index) if comment.paragraph_index is not None else None)


def _first_proposal(by: str | None, draft: Paragraph | None, authors: Mapping[str, Any]) -> tuple[str, int] | None:
    """A comment said to be on an author's amendment ("[On the amendment by Japan]"): their first to the row."""
    if by is None or by not in authors or draft is None:
        return None
    entries = authors[by]["entries"]
    index = next((i for i, e in enumerate(entries) if draft.pk in (e.get("draft"), e.get("after"))), None)
    return (by, index) if index is not None else None


def _planned_comment(
    comment: wordml.WordComment, body: _WordPlan, notes: Mapping[str, _WordPlan], authors: Mapping[str, Any]
) -> dict[str, Any]:
    """Where a comment goes: on the proposal it is on (and, when that proposal is not imported, on the
    paragraph it is about), on its footnote, or on its paragraph."""
    on = _proposal_at(comment, body)
    note = notes.get(comment.footnote_id) if comment.footnote_id is not None else None
    draft = _commented_row(comment, body, note, on, authors)
    on = on or _first_proposal(comment.change_author, draft, authors)
    planned = {
        "id": comment.id,
        "parent": comment.parent_id,
        "text": comment.text,
        "anchor": typed_number(comment.anchor_text)[1],  # the words, without a number typed before them
        "date": comment.date,
        "draft": draft.pk if draft else None,
        "label": draft.label if draft else "text not in the current draft (not imported)",
    }
    if on is not None:
        planned |= {
            "amendment": list(on),
            "label": f"{draft.label if draft else 'a paragraph'}, on a proposal of {on[0] or 'no author'}",
        }
    return planned


def word_changes_plan(report: Report, data: bytes, filename: str) -> dict[str, Any]:
    """The plan for a Word file with tracked changes: per author, amendments and comments."""
    if uploads.sniff(data, filename) != "docx":
        raise uploads.UploadError("Tracked changes come in a Word file (.docx); this is plain text.")
    document = wordml.read_docx(data)
    rows = draft_rows(report)
    base = document.base()
    _check_length(len(base), rows)
    body = _WordPlan(document, rows, _matched(rows, base))
    notes = _footnote_plans(report, document)
    authors: dict[str, dict[str, list]] = {}
    for author in document.authors():
        found = authors.setdefault(author, {"entries": [], "conflicts": [], "comments": []})
        body.author(author, found)
        for note in notes.values():
            note.author(author, found)
    for comment in document.comments:
        authors.setdefault(comment.author, {"entries": [], "conflicts": [], "comments": []})["comments"].append(
            _planned_comment(comment, body, notes, authors)
        )
    formatting = sorted({c.author for c in document.formatting_changes})
    return {"authors": authors, "formatting_changes_by": formatting}
