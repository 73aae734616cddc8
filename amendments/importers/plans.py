"""Import plans: what an uploaded document would change in the draft, for review before anything is made.

Two kinds of document:
- a revised text of the report or part of it (.txt, .md or a clean .docx): its paragraphs are
  aligned with the draft, and each changed paragraph becomes one planned change;
- a .docx with tracked changes and comments: each Word author's changes become planned changes,
  and comments planned comments on their paragraphs, kept by author (`plans_word`, which shares
  the entries and helpers of this module).

Planning reads the draft and the upload and writes nothing; the plan is JSON (stored on the Import
row by `actions.imports.stage`), each planned change a `PlannedChange.to_json()`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from amendments.core import line_numbers, textdiff
from amendments.exporters.draft_text import EMPTY_SECTION
from amendments.importers import alignment, html_text, pdf, uploads, wordml
from amendments.importers.masthead import is_masthead_line
from amendments.importers.splitting import split_revised_text
from amendments.models import Paragraph, Report
from amendments.queries.tree import report_tree, walk

__all__ = [
    "ChangeKind",
    "PlannedChange",
    "draft_rows",
    "revised_text_plan",
]

CHANGES = {alignment.MODIFIED, alignment.INSERTED, alignment.DELETED, alignment.MOVED}


class ChangeKind(StrEnum):
    """What a planned entry does; "unchanged" and "moved" (unchanged text) are shown, never made."""

    UNCHANGED = "unchanged"
    MOVED = "moved"
    INSERTED = "inserted"
    DELETED = "deleted"
    MODIFIED = "modified"


#: The kinds that become draft amendments.
MADE = (ChangeKind.INSERTED, ChangeKind.DELETED, ChangeKind.MODIFIED)


@dataclass(frozen=True)
class PlannedChange:
    """One entry of a plan.

    An insertion names the paragraph it follows (``after``, at ``after_version``); the other kinds
    name their draft paragraph (``draft``, at ``version``; None for an unchanged entry outside the
    draft). ``segments`` is the redline. Optional fields that are None are not in the JSON: each
    kind of plan stores exactly the keys it always has.
    """

    kind: ChangeKind
    label: str
    draft: int | None = None
    version: int | None = None
    after: int | None = None
    after_version: int | None = None
    number: str | None = None
    text: str | None = None
    segments: tuple[tuple[str, str], ...] | None = None
    moved: bool | None = None

    @classmethod
    def insertion(cls, anchor: Paragraph, text: str, *, number: str, label: str) -> PlannedChange:
        """A new paragraph after `anchor`, as it reads now."""
        return cls(
            ChangeKind.INSERTED,
            label=label,
            after=anchor.pk,
            after_version=anchor.version,
            number=number,
            text=text,
            segments=_redline("", text),
        )

    @classmethod
    def deletion(cls, draft: Paragraph, *, number: str | None = None, text: str | None = None) -> PlannedChange:
        """Deleting `draft`; `number` and `text` only where the plan's entries carry them."""
        return cls(
            ChangeKind.DELETED,
            label=draft.label,
            draft=draft.pk,
            version=draft.version,
            number=number,
            text=text,
            segments=_redline(draft.text, ""),
        )

    @classmethod
    def modification(
        cls, draft: Paragraph, text: str, *, number: str | None = None, moved: bool | None = None
    ) -> PlannedChange:
        """`draft` changed to `text`."""
        return cls(
            ChangeKind.MODIFIED,
            label=draft.label,
            draft=draft.pk,
            version=draft.version,
            number=number,
            text=text,
            moved=moved,
            segments=_redline(draft.text, text),
        )

    @property
    def is_made(self) -> bool:
        """Whether confirming the plan creates a draft amendment for this entry."""
        return self.kind in MADE

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": str(self.kind)}
        if self.kind == ChangeKind.INSERTED:
            data |= {"after": self.after, "after_version": self.after_version}
        else:
            data["draft"] = self.draft
            if self.version is not None:
                data["version"] = self.version
        data["label"] = self.label
        for name in ("number", "text", "moved"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.segments is not None:
            data["segments"] = [list(s) for s in self.segments]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlannedChange:
        segments = data.get("segments")
        return cls(
            kind=ChangeKind(data["kind"]),
            label=data.get("label", ""),
            draft=data.get("draft"),
            version=data.get("version"),
            after=data.get("after"),
            after_version=data.get("after_version"),
            number=data.get("number"),
            text=data.get("text"),
            segments=tuple((str(op), str(text)) for op, text in segments) if segments is not None else None,
            moved=data.get("moved"),
        )


def _redline(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return tuple((op, text) for op, text in textdiff.diff(old, new))


def _new_text(entry: alignment.Entry) -> str:
    """The text of an inserted, modified or moved entry (the alignment gives each of them one)."""
    if entry.new_text is None:
        raise ValueError(f"{entry.kind} entry without its new text")
    return entry.new_text


def _check_length(count: int, rows: Sequence[Paragraph]) -> None:
    """A revision of the report cannot be many times longer than the report: refuse it before the
    alignment (whose cost grows with both lengths) keeps a request busy for minutes."""
    limit = 5 * len(rows) + 200
    if count > limit:
        raise uploads.UploadError(
            f"The file has {count:,} paragraphs, far more than the draft's {len(rows):,}: "
            "upload the revised report, or the part of it you changed."
        )


def draft_rows(report: Report) -> list[Paragraph]:
    """The draft's paragraphs and sub-items in document order (footnotes and deleted text left out)."""
    rows = []
    for section in report_tree(report):
        for node in walk(section.nodes):
            p = node.paragraph
            if p.is_footnote or p.status == Paragraph.Status.DELETED:
                continue
            if p.parent is not None and p.parent.status == Paragraph.Status.DELETED:
                continue
            rows.append(p)
    return rows


def _as_draft(rows: Sequence[Paragraph]) -> list[alignment.DraftParagraph]:
    return [alignment.DraftParagraph(key=p.pk, number=p.number or None, text=p.text) for p in rows]


def _revised(pairs: Sequence[tuple[str, str]]) -> list[alignment.RevisedParagraph]:
    return [alignment.RevisedParagraph(number=(n or "").rstrip("."), text=t) for n, t in pairs if t.strip()]


def _shown_only(entry: alignment.Entry) -> bool:
    """An entry that changes nothing: unchanged, or moved without a change of text."""
    return entry.kind not in CHANGES or (entry.kind == alignment.MOVED and not entry.changed)


# -- A revised text ---------------------------------------------------------------------------------


def _covered(entries: Sequence[alignment.Entry], rows: Sequence[Paragraph]) -> set[int]:
    """The draft keys the upload covers: from the first to the last draft paragraph it matched.

    A delegation may send back only a part of the report; the draft paragraphs before and after
    that part are not in the upload, not deleted by it.
    """
    order = {p.pk: i for i, p in enumerate(rows)}
    matched = [order[e.draft_key] for e in entries if e.draft_key in order and e.kind != alignment.DELETED]
    if not matched:
        return set()
    return {p.pk for p in rows[min(matched) : max(matched) + 1]}


def _insertion_anchor(after: Paragraph, rows: Sequence[Paragraph], by_key: Mapping[Hashable, Paragraph]) -> Paragraph:
    """What a new paragraph typed after the last sub-item of a paragraph follows: the paragraph itself
    (a new paragraph goes after its sub-items, and takes its number: "19 bis")."""
    parent = by_key.get(after.parent_id) if after.parent_id is not None else None
    if parent is None:
        return after
    order = {p.pk: i for i, p in enumerate(rows)}
    following = rows[order[after.pk] + 1] if order[after.pk] + 1 < len(rows) else None
    return after if following is not None and following.parent_id == after.parent_id else parent


def _is_bullet(entry: alignment.Entry, revised: Sequence[alignment.RevisedParagraph]) -> bool:
    index = entry.revised_index
    return index is not None and index < len(revised) and revised[index].bullet


def _plan_entries(
    entries: Sequence[alignment.Entry],
    rows: Sequence[Paragraph],
    revised: Sequence[alignment.RevisedParagraph] = (),
) -> list[PlannedChange]:
    """The alignment as planned changes: what each changed paragraph would become, with its redline."""
    by_key: dict[Hashable, Paragraph] = {p.pk: p for p in rows}
    covered = _covered(entries, rows)
    planned: list[PlannedChange] = []
    after = None
    for entry in entries:
        draft = by_key.get(entry.draft_key)
        if entry.kind == alignment.DELETED and entry.draft_key not in covered:
            continue  # outside the part of the report the upload holds
        if draft is not None:
            after = draft
        anchor = after or (rows[0] if rows else None)
        if entry.kind == alignment.INSERTED and anchor is not None and not _is_bullet(entry, revised):
            anchor = _insertion_anchor(anchor, rows, by_key)  # a bullet typed after a sub-item is a sub-item
        change = _planned_revision(entry, draft, anchor)
        if change is not None:
            planned.append(change)
    return planned


def _planned_revision(
    entry: alignment.Entry, draft: Paragraph | None, anchor: Paragraph | None
) -> PlannedChange | None:
    """One aligned entry of a revised text as a planned change (None: an insertion with no draft to follow)."""
    if _shown_only(entry):
        return PlannedChange(
            ChangeKind(entry.kind), label=draft.label if draft else "", draft=draft.pk if draft else None
        )
    if entry.kind == alignment.INSERTED:
        if anchor is None:
            return None
        return PlannedChange.insertion(
            anchor,
            _new_text(entry),
            number=entry.provisional_number or "",
            label=f"New {entry.provisional_number or 'paragraph'} after {anchor.label}",
        )
    if draft is None:  # the other kinds are of a draft paragraph: the alignment's keys are the rows'
        raise ValueError(f"{entry.kind} entry without its draft paragraph")
    if entry.kind == alignment.DELETED:
        return PlannedChange.deletion(draft, number=draft.number, text="")
    return PlannedChange.modification(draft, _new_text(entry), number=draft.number, moved=entry.kind == alignment.MOVED)


def _draft_notes(rows: Sequence[Paragraph]) -> list[tuple[str, str]]:
    """The draft's footnotes as (number, text): a PDF conversion scatters them through the text."""
    return [(p.number, p.text) for p in Paragraph.objects.filter(parent__in=rows, kind=Paragraph.Kind.FOOTNOTE)]


def _read(
    data: bytes, filename: str, report: Report, rows: Sequence[Paragraph], notes: Sequence[tuple[str, str]] = ()
) -> tuple[list[alignment.RevisedParagraph], dict]:
    """The upload's paragraphs, as a revised text; refuses anything that is not .docx or UTF-8 text.

    The draft's own wording settles what text converted from PDF leaves open (a hyphen at a line end).
    """
    kind = uploads.sniff(data, filename)
    if kind == "docx":
        document = wordml.read_docx(data)
        revised, left_out = _word_revised(document, report)
        order = [note for paragraph in document.paragraphs for note in paragraph.footnotes]
        texts = [document.footnotes.get(note, "") for note in dict.fromkeys(order)]
        footnote_entries, notes_left_out = _footnote_revisions(report, texts)
        return revised, {"footnotes": [], "dropped": left_out + notes_left_out, "footnote_entries": footnote_entries}
    text = pdf.extract_text(data) if kind == "pdf" else uploads.read_text(data)
    markdown = filename.lower().endswith(".md") or html_text.looks_like_html(text)
    text = html_text.html_to_markdown(text) if html_text.looks_like_html(text) else text
    if not markdown:  # the app's own line-numbered print: its numbers are no part of the text
        text = line_numbers.numbered_lines_text(text, notes)
    parsed = split_revised_text(text, kind="md" if markdown else "txt", lexicon=[p.text for p in rows], footnotes=notes)
    extra: dict[str, Any] = {
        "footnotes": [[f.number, f.text] for f in parsed.footnotes],
        "dropped": list(parsed.dropped),
        "converted_text": True,
    }
    # A footnote missing from a text is more likely one the reading did not find than one deleted.
    changed, notes_left_out = _footnote_revisions(report, [f.text for f in parsed.footnotes])
    extra["footnote_entries"] = [entry for entry in changed if entry["kind"] == ChangeKind.MODIFIED]
    extra["dropped"] += notes_left_out
    return list(parsed), extra


def _own_lines(report: Report) -> set[str]:
    """The lines of the draft that are no paragraph of it: its title block and its headings, as
    every export prints them, so a clean export sent back unchanged changes nothing."""
    lines = {report.title, report.subtitle, report.body, EMPTY_SECTION}
    lines |= set(report.sections.values_list("heading", flat=True))
    for name, day, subtitle in report.revisions.values_list("name", "date", "subtitle"):
        lines |= {name, f"{name}, {day.day} {day:%B %Y}", subtitle}
    return {textdiff.normalise(line).strip() for line in lines if line}


def _word_revised(document: wordml.WordDocument, report: Report) -> tuple[list[alignment.RevisedParagraph], list[str]]:
    """A clean Word file's paragraphs as a revised text, and what is left out of it and why.

    The draft's own title block and headings are left out as they are; any other heading is listed:
    headings are the secretariat's to change, not a delegation's amendments."""
    own = _own_lines(report)
    revised: list[alignment.RevisedParagraph] = []
    left_out: list[str] = []
    for group in document.groups(wordml.accept_all):
        text = group.text
        if not text.strip():
            continue
        if not group.number and (textdiff.normalise(text).strip() in own or is_masthead_line(text)):
            continue
        if document.is_heading(group) and not group.number:
            left_out.append(f"heading, not a paragraph of the draft: {text[:200]}")
            continue
        number = group.number.rstrip(".")
        revised.append(alignment.RevisedParagraph(number=number, text=text, bullet=document.is_item(group)))
    return revised, left_out


# Less than this share of a file's words in paragraphs that match the draft: not a revision of it.
MIN_MATCHED_SHARE = 1 / 3


def revised_text_plan(report: Report, data: bytes, filename: str, *, unrelated_ok: bool = False) -> dict[str, Any]:
    """The plan for a revised text: its alignment with the draft (raises UploadError on bad files).

    A file that hardly matches the draft is refused, saying how little matched, unless the
    secretariat says it is meant (``unrelated_ok``)."""
    rows = draft_rows(report)
    notes = _draft_notes(rows)
    revised, extra = _read(data, filename, report, rows, notes)
    if not revised:
        raise uploads.UploadError("The file has no text.")
    _check_length(len(revised), rows)
    entries = alignment.align(_as_draft(rows), revised, footnotes=[*notes, *extra["footnotes"]])
    share = alignment.matched_share(entries, revised)
    if share < MIN_MATCHED_SHARE and not unrelated_ok:
        raise uploads.UploadError(
            f"Only {share:.0%} of the file's words are in paragraphs that match the draft: it does not look "
            "like a revision of this report. Check the file; the secretariat can import it all the same."
        )
    planned = [change.to_json() for change in _plan_entries(entries, rows, revised)]
    return {"entries": planned + extra.pop("footnote_entries", []), **extra}


def _footnote_rows(report: Report) -> list[Paragraph]:
    """The draft's footnotes in reading order (deleted ones left out)."""
    rows = []
    for section in report_tree(report):
        for node in walk(section.nodes):
            if node.paragraph.is_footnote and node.paragraph.status != Paragraph.Status.DELETED:
                rows.append(node.paragraph)
    return rows


def _footnote_revisions(report: Report, texts: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """A file's footnote texts, in reading order, against the draft's: the changed ones as planned
    changes (JSON), and the footnotes the draft does not have, listed (a new footnote is no amendment
    of a paragraph)."""
    revised = [alignment.RevisedParagraph(number="", text=text) for text in texts if text.strip()]
    rows = _footnote_rows(report)
    if not revised or not rows:
        return [], []
    planned, left_out = [], []
    for change in _plan_entries(alignment.align(_as_draft(rows), revised), rows):
        if change.kind == ChangeKind.INSERTED:
            left_out.append(f"footnote not in the draft, not imported: {(change.text or '')[:200]}")
        elif change.is_made:
            planned.append(change.to_json())
    return planned, left_out
