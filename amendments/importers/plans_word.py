"""The import plan of a Word file with tracked changes and comments: each Word author's changes become
planned changes, and comments planned comments on their paragraphs (or on the proposals they are on),
kept by author. See `plans` for the plan's entries; the file is read by `wordml`.

The file is read in parts: its body, planned against the draft's paragraphs, and each footnote,
planned against the draft's footnote of the same text. In each part, every author's version (their
changes accepted, the others' rejected) is aligned with the part's original text, itself matched to
the draft. The app's own Word redline writes some proposals as labelled copies ("[Alternative by
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
    _is_bullet,
    _new_text,
    _shown_only,
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
    to the draft rows they were matched to. Each author's version is aligned with ``base``.
    """

    part: wordml.WordDocument
    rows: list[Paragraph]
    base_to_draft: dict[int, Hashable]  # base position -> draft paragraph key

    def __post_init__(self) -> None:
        self.by_key: dict[Hashable, Paragraph] = {p.pk: p for p in self.rows}
        self.base = self.part.base()
        self.base_of = {i: k for k, g in enumerate(self.part.groups(wordml.accept_none)) for i in g.indexes}
        self.as_draft = [
            alignment.DraftParagraph(key=i, number=n.rstrip(".") or None, text=t) for i, (n, t) in enumerate(self.base)
        ]
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
            anchor = self.draft_at(self.base_of.get(group.indexes[0], 0) - 1)
            text = group.text[label.end() :]
            if label.group("unplaced") or anchor is None:
                conflicts.append({"text": text[:200], "why": "this paragraph is not in the current draft"})
            elif normalise(text) != normalise(anchor.text):
                self.made_from.update(dict.fromkeys(group.indexes, (author, len(entries))))
                change = PlannedChange.modification(anchor, text) if text.strip() else PlannedChange.deletion(anchor)
                entries.append(change.to_json())
        revised = [
            alignment.RevisedParagraph(number=g.number.rstrip("."), text=g.text, bullet=self.part.is_item(g))
            for g in groups
        ]
        last: int | None = None  # the base position of the last entry that has one
        for entry in alignment.align(self.as_draft, revised):
            if isinstance(entry.draft_key, int):
                last = entry.draft_key
            if _shown_only(entry):
                continue
            planned = self._planned(entry, last, revised, entries)
            if isinstance(planned, PlannedChange):
                if entry.kind == alignment.INSERTED and entry.revised_index is not None:
                    self.made_from.update(dict.fromkeys(groups[entry.revised_index].indexes, (author, len(entries))))
                elif isinstance(entry.draft_key, int):
                    self.changed_at[author, entry.draft_key] = len(entries)
                entries.append(planned.to_json())
            elif planned is not None:
                conflicts.append(planned)

    def _inserted(
        self, entry: alignment.Entry, last: int | None, revised: Sequence[alignment.RevisedParagraph], entries: list
    ) -> PlannedChange | dict[str, str]:
        anchor = self.anchor_before(last) or (self.rows[0] if self.rows else None)
        if anchor is None:
            return {"text": _new_text(entry)[:200], "why": "a new paragraph in text that is not in the current draft"}
        if not _is_bullet(entry, revised):
            anchor = _insertion_anchor(anchor, self.rows, self.by_key)
        typed = (entry.new_number or "").strip()
        taken = [e.get("number", "") for e in entries if e["kind"] == ChangeKind.INSERTED]
        # A number the file gives it as a new paragraph ("2 bis"), else the next one after its paragraph.
        number = typed if " " in typed else next_provisional_number(anchor.number or None, taken)
        label = f"New {number or 'paragraph'} after {anchor.label}"
        return PlannedChange.insertion(anchor, _new_text(entry), number=number, label=label)

    def _planned(
        self, entry: alignment.Entry, last: int | None, revised: Sequence[alignment.RevisedParagraph], entries: list
    ) -> PlannedChange | dict[str, str] | None:
        """A planned change, a conflict ({"text", "why"}) or nothing for one of an author's entries."""
        if entry.kind == alignment.INSERTED:
            return self._inserted(entry, last, revised, entries)
        position = entry.draft_key
        if not isinstance(position, int):  # the other kinds are of a base paragraph, keyed by its position
            raise ValueError(f"{entry.kind} entry without its base position")
        draft = self.draft_at(position)
        if draft is None:
            return {"text": self.base[position][1][:200], "why": "this paragraph is not in the current draft"}
        if entry.kind == alignment.DELETED:
            if draft.parent_id in self.deleted:
                return None  # deleting a paragraph deletes its sub-items: one amendment, as it was proposed
            self.deleted.add(draft.pk)
            return PlannedChange.deletion(draft)
        # The author changed the Word file's text; carry those changes onto the draft's wording.
        new_text = _new_text(entry)
        merge = textdiff.merge3(self.base[position][1], draft.text, new_text)
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


def _planned_comment(
    comment: wordml.WordComment, body: _WordPlan, notes: Mapping[str, _WordPlan], authors: Mapping[str, Any]
) -> dict[str, Any]:
    """Where a comment goes: on the new paragraph or alternative it is in (and, when that proposal is
    not imported, on the paragraph it is about), on its footnote, or on its paragraph."""
    on = body.made_from.get(comment.paragraph_index) if comment.paragraph_index is not None else None
    if on is None and comment.change_author is not None and comment.paragraph_index is not None:
        changed = body.changed_at.get((comment.change_author, body.base_of.get(comment.paragraph_index, -1)))
        on = (comment.change_author, changed) if changed is not None else None
    note = notes.get(comment.footnote_id) if comment.footnote_id is not None else None
    if on is not None:
        entry = authors[on[0]]["entries"][on[1]]
        draft = body.by_key.get(entry.get("draft") or entry.get("after"))
    elif note is not None:
        draft = note.rows[0] if note.rows else None
    else:
        position = body.base_of.get(comment.paragraph_index) if comment.paragraph_index is not None else None
        draft = body.draft_at(position)
    planned = {
        "id": comment.id,
        "parent": comment.parent_id,
        "text": comment.text,
        "anchor": typed_number(comment.anchor_text)[1],  # the words, without a number typed before them
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
