"""The draft as a Word redline: every amendment a real tracked change, every comment a real Word comment.

`redline_docx(document)` is pure: a `Document` (amendments.core.document) in, .docx bytes out. Each
block's and footnote's `changes` are the amendments to it (author = the delegation, date = when it was
submitted; a change of kind "insert" is a new paragraph after it) and its `comments` the comments on
it; a change's own `comments`, on that amendment, go around the paragraph that shows it. The rows in
`document.unplaced`, which the draft no longer holds, are not dropped: their amendments and comments
follow under a last heading, UNPLACED_HEADING, as alternatives.

The layout is the clean export's (docx_base: styles, numbers, real footnotes), so members can accept
or reject each delegation's proposal in Word or LibreOffice and get the draft they agreed.

How each amendment is written:

* modify: the paragraph's runs are its word diff, deletions in ``w:del``/``w:delText``, insertions in
  ``w:ins``; footnote marks stay after their anchor text.
* delete: the number, text and footnote marks in ``w:del`` and the paragraph mark deleted
  (``w:pPr/w:rPr/w:del``); a deleted paragraph takes its sub-items with it, as a revision does.
* insert: a new paragraph after the one it follows (for a paragraph, after its sub-items), its
  paragraph mark inserted and its runs, "2 bis." first, in ``w:ins``; several in "bis, ter…" order.

Several amendments to one paragraph, taken in order of submission (undated last). Word can show
only one change of the same words at a time, so an amendment is inline, in the paragraph's own
runs under its own delegation's name, when it was written on the paragraph's current text and
touches none of the words already changed there (the collision rule of textdiff.merge3, the one a
revision applies); a deletion is inline only alone. Each of the others is an inserted paragraph
right after the paragraph: "[Alternative by Japan] " and the whole proposal with its changes
against its base. In it the copy of the text is inserted by "Alternative by Japan" and the changes
on it are Japan's, dropped words being deletions of that insertion (see `_alternative`): rejecting
it removes it whole, accepting it leaves Japan's text after the label.

Comments: see word_redline_comments. A comment on a row goes around the row's text; on an amendment
shown inline, around that amendment's words (from its first edit to its last; for a deletion, the
number and the text), so that it reads back as a comment on the amendment; on an alternative or a
new paragraph, around that paragraph. Where the range is a row's too (an amendment to a footnote:
its comments are on the footnote's mark; the deletion of an unnumbered paragraph), the comment
starts "[On the amendment by Japan]". Track changes is on in word/settings.xml, so the members' own
edits are tracked too.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from amendments.core import textdiff
from amendments.core.document import (
    Block,
    Comment,
    Document,
    Footnote,
    TrackedChange,
    footnote_mark_positions,
)
from amendments.core.numbering import provisional_order
from amendments.core.textdiff import DELETE, EQUAL, INSERT, normalise, text_of
from amendments.core.texts import xml_safe, xml_safe_values
from amendments.exporters.docx_base import (
    Footnotes,
    add_empty_section,
    add_paragraph,
    add_title_block,
    custom_marks_needed,
    describe_draft,
    draft_title_block,
    new_document,
    saved,
    style_ids,
    text_run,
    word_date,
)
from amendments.exporters.draft_text import EMPTY_SECTION
from amendments.exporters.word_redline_comments import CommentsPart, style_comments, thread

__all__ = [
    "AMENDMENT_LABEL",
    "UNPLACED_HEADING",
    "counts",
    "redline_docx",
]

UNPLACED_HEADING = "Amendments and comments on text not in this draft"
#: What starts a comment on an amendment that shares its range with comments on the row.
AMENDMENT_LABEL = "[On the amendment by {}]"

_KINDS = ("modify", "delete", "insert")
# Settings that come after w:trackRevisions in CT_Settings, so it can be put in its place.
_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:characterSpacingControl",
    "w:savePreviewPicture",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotAutoCompressPictures",
    "w:decimalSymbol",
    "w:listSeparator",
)

Row = Block | Footnote  # what an amendment can amend: a paragraph, a sub-item, a footnote
NewParagraph = Callable[[str | None], Any]  # a new w:p in that style, where the text goes on


def _segments(change: TrackedChange) -> list[tuple[str, str]]:
    return [(op, text) for op, text in change.segments if text]


def _check_kind(change: TrackedChange) -> None:
    if change.kind not in _KINDS:
        raise ValueError(f"tracked change {change.id}: unknown kind {change.kind!r}")


def _paragraph_mark_properties(p: Any) -> Any:
    """The paragraph's w:pPr/w:rPr (the properties of its mark), which must be the last in w:pPr."""
    properties = p.get_or_add_pPr()
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        properties.append(mark)
    return mark


def _with_footnotes(block: Block) -> tuple[Row, ...]:
    return (block, *block.footnotes)


def _rows(document: Document) -> list[Row]:
    """Every paragraph, sub-item and footnote, in reading order."""
    return [row for block in document.blocks() for row in _with_footnotes(block)]


def _unplaced_rows(document: Document) -> list[Row]:
    """The rows the draft no longer holds, with their sub-items and footnotes."""
    blocks = [row for block in document.unplaced for row in (block, *block.items)]
    return [row for block in blocks for row in _with_footnotes(block)]


class _TrackedFootnotes(Footnotes):
    """The clean export's footnotes, each note's text written by the redline, with its changes."""

    def __init__(self, custom_marks: bool, write_body: Callable[[Any, Any, Footnote], None]) -> None:
        super().__init__(custom_marks)
        self.write_body = write_body

    def write_text(self, body: Any, paragraph: Paragraph, note: Footnote) -> None:
        self.write_body(body, paragraph._p, note)


class _Redline:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.ids = itertools.count(1)  # one id space for revisions and comments: both are Word "annotations"
        self.comments = CommentsPart(self.ids)
        self.changes: dict[int, list[TrackedChange]] = {}
        self.inserts: dict[int, list[TrackedChange]] = {}
        self.anchored: dict[tuple[str, int], list[Comment]] = {}  # ("row" | "change", id of the object)
        for row in _rows(document):
            self._sort_changes(row, row.changes)
            self.anchored["row", id(row)] = list(row.comments)
            for change in row.changes:
                self.anchored["change", id(change)] = list(change.comments)
        gone = _unplaced_rows(document)
        self.unplaced = [change for row in gone for change in row.changes]
        for change in self.unplaced:
            _check_kind(change)
        self.loose = [comment for row in gone for comment in row.comments]
        self.loose += [c for change in self.unplaced for c in change.comments]

    def _sort_changes(self, row: Row, changes: tuple[TrackedChange, ...]) -> None:
        """A row's changes in order of submission (undated last), its new paragraphs in "bis, ter…" order."""
        order = {}
        for n, change in enumerate(changes):
            _check_kind(change)
            when = word_date(change.date)
            order[id(change)] = (when is None, when or "", n)
        self.changes[id(row)] = sorted((c for c in changes if c.kind != "insert"), key=lambda c: order[id(c)])
        self.inserts[id(row)] = sorted(
            (c for c in changes if c.kind == "insert"),
            key=lambda c: (provisional_order(c.number or "")[0], order[id(c)]),
        )

    # Tracked changes -----------------------------------------------------------------------------------

    def _change(self, tag: str, change: TrackedChange) -> Any:
        """An empty w:ins or w:del by the change's author, at its date."""
        element = OxmlElement(tag, {qn("w:id"): str(next(self.ids)), qn("w:author"): change.author})
        if when := word_date(change.date):
            element.set(qn("w:date"), when)
        return element

    def _emit(self, p: Any, op: str, text: str, change: TrackedChange | None) -> None:
        if not text:
            return
        if op == EQUAL:
            p.append(text_run(text))
            return
        if change is None:  # only the draft's own text is by no one
            raise ValueError(f"{op!r} segment without its tracked change")
        element = self._change("w:del" if op == DELETE else "w:ins", change)
        element.append(text_run(text, deleted=op == DELETE))
        p.append(element)

    def _mark_paragraph(self, p: Any, tag: str, change: TrackedChange) -> None:
        """The paragraph mark inserted or deleted: accepting or rejecting joins it to the next one."""
        _paragraph_mark_properties(p).append(self._change(tag, change))

    def _say_which(self, change: TrackedChange) -> None:
        """Comments on an amendment whose range is also a row's (on a footnote's mark, on the whole text of
        an unnumbered paragraph it deletes) start "[On the amendment by Japan]", so they read back as such."""
        key = ("change", id(change))
        label = f"{AMENDMENT_LABEL.format(change.author)} "
        self.anchored[key] = [replace(c, text=label + c.text) for c in self.anchored.get(key, [])]

    def _open_comments(self, p: Any, *anchors: tuple[str, int]) -> Callable[[], None]:
        """Start the ranges of the comments anchored at `anchors` (each written once) here."""
        return self.comments.open(p, [first for anchor in anchors for first in self.anchored.pop(anchor, [])])

    # Rows ----------------------------------------------------------------------------------------------

    def _inline(self, row: Row) -> tuple[list[TrackedChange], list[TrackedChange]]:
        """(the changes shown in the row's own text, the others), by the rule in the module docstring."""
        inline: list[TrackedChange] = []
        others: list[TrackedChange] = []
        taken: list[Any] = []
        current = {row.text, normalise(row.text)}
        for change in self.changes.get(id(row), []):
            edits = textdiff.edits(_segments(change), "theirs")
            fits = text_of(_segments(change), "base") in current
            if inline and "delete" in (change.kind, inline[0].kind):
                fits = False  # a deletion shares its text with nothing
            if fits and not any(textdiff.collide(edit, other) for edit in edits for other in taken):
                inline.append(change)
                taken += edits
            else:
                others.append(change)
        return inline, others

    def _row_segments(
        self, row: Row, inline: list[TrackedChange], deleted_by: TrackedChange | None
    ) -> list[tuple[str, str, TrackedChange | None]]:
        """The row's text as (op, text, change): the inline changes' edits in the order of the text."""
        if deleted_by is not None:
            return [(DELETE, row.text, deleted_by)]
        if not inline:
            return [(EQUAL, row.text, None)]
        base = text_of(_segments(inline[0]), "base")
        edits = sorted(
            ((edit, change) for change in inline for edit in textdiff.edits(_segments(change), "theirs")),
            key=lambda pair: (pair[0].start, pair[0].end),
        )
        out: list[tuple[str, str, TrackedChange | None]] = []
        pos = 0
        for edit, change in edits:
            out += [
                (EQUAL, base[pos : edit.start], None),
                (DELETE, base[edit.start : edit.end], change),
                (INSERT, edit.text, change),
            ]
            pos = edit.end
        out.append((EQUAL, base[pos:], None))
        return [segment for segment in out if segment[1]]

    def _row_text(
        self, p: Any, row: Row, segments: list[tuple[str, str, TrackedChange | None]], deleted_by: TrackedChange | None
    ) -> None:
        """A row's printed text with its changes and footnote marks (each mark right after its anchor)."""
        marks, pos = footnote_mark_positions(row), 0
        # Comments on an amendment shown inline go around its own words (from its first to its last edit).
        last = {id(change): k for k, (_, _, change) in enumerate(segments) if change is not None}
        closers: dict[int, Callable[[], None]] = {}
        for k, (op, text, change) in enumerate(segments):
            while marks and marks[0][0] <= pos:  # before what is inserted there, so it stays with its anchor
                self._footnote_mark(p, marks.pop(0)[1], deleted_by)
            if change is not None and id(change) not in closers:
                closers[id(change)] = self._open_comments(p, ("change", id(change)))
            if op == INSERT:
                self._emit(p, op, text, change)
            else:
                start = 0
                while marks and marks[0][0] < pos + len(text):
                    at = marks[0][0] - pos
                    self._emit(p, op, text[start:at], change)
                    self._footnote_mark(p, marks.pop(0)[1], deleted_by)
                    start = at
                self._emit(p, op, text[start:], change)
                pos += len(text)
            if change is not None and last[id(change)] == k:
                closers[id(change)]()
        for _, note in marks:
            self._footnote_mark(p, note, deleted_by)

    def _footnote_mark(self, p: Any, note: Footnote, deleted_by: TrackedChange | None) -> None:
        """The footnote's reference; deleted with its paragraph, or when the footnote itself is deleted.

        Comments on the footnote, or on amendments to it, are anchored on this mark: LibreOffice (7.4)
        refuses to open a document with a comment reference inside a footnote."""
        inline, _ = self._inline(note)
        if deleted_by is None and inline and inline[0].kind == "delete":
            deleted_by = inline[0]
        amended = self.changes.get(id(note), []) + self.inserts.get(id(note), [])
        for change in amended:  # on the mark too: they say which amendment they are on
            self._say_which(change)
        close = self._open_comments(p, ("row", id(note)), *(("change", id(c)) for c in amended))
        # The stub wants a story part as parent; the reference only needs the paragraph's XML.
        self.footnotes.reference(Paragraph(p, None), note)  # type: ignore[arg-type]
        if deleted_by is not None:
            run = p[-1]
            change = self._change("w:del", deleted_by)
            p.replace(run, change)
            change.append(run)
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        close()

    def _row(
        self,
        new_paragraph: NewParagraph,
        row: Block,
        style: str | None,
        number: str = "",
        deleted_by: TrackedChange | None = None,
    ) -> TrackedChange | None:
        """A row, then its alternatives; returns the deletion that takes it (its sub-items go with it)."""
        inline, others = self._inline(row)
        if deleted_by is not None:  # its paragraph's deletion takes it: its own amendments are alternatives
            inline, others = [], self.changes.get(id(row), [])
        elif inline and inline[0].kind == "delete":
            deleted_by = inline[0]
        p = new_paragraph(style)
        # Comments on the row go around its text; on its deletion, around its number and text.
        if deleted_by is not None and not number and deleted_by in inline:
            self._say_which(deleted_by)
        close_deletion = self._open_comments(p, *(("change", id(c)) for c in inline if c is deleted_by))
        if number:
            self._emit(p, DELETE if deleted_by else EQUAL, f"{number}\t", deleted_by)
        close = self._open_comments(p, ("row", id(row)))
        self._row_text(p, row, self._row_segments(row, inline, deleted_by), deleted_by)
        close()
        close_deletion()
        if deleted_by is not None:
            self._mark_paragraph(p, "w:del", deleted_by)
        for change in others:
            stale = text_of(_segments(change), "base") not in {row.text, normalise(row.text)}
            label = "[Alternative by {}{}]".format(change.author, ", on an earlier text" if stale else "")
            self._alternative(new_paragraph(style), change, label, number)
        return deleted_by

    def _alternative(self, p: Any, change: TrackedChange, label: str, number: str = "") -> None:
        """An inserted paragraph: the label, then the whole proposal with its own changes against its base.

        The copy of the text (number, label, kept words, paragraph mark) is inserted by the label's name
        ("Alternative by Japan"), the changes on it by the delegation; the words it drops are deletions
        of that insertion (w:del inside w:ins). So rejecting everything removes the paragraph whole and
        accepting everything leaves the delegation's text. The copy is not the delegation's own insertion
        because LibreOffice (7.4) drops a deletion nested in an insertion by the same author."""
        if change.kind == "delete":
            label = label[:-1] + ": delete this text]"
        copy = replace(change, author=label[1:-1])
        self._mark_paragraph(p, "w:ins", copy)
        close = self._open_comments(p, ("change", id(change)))
        pieces = [(EQUAL, (f"{number}\t" if number else "") + label + " "), *_segments(change)]
        for op, group in itertools.groupby(pieces, key=lambda piece: piece[0]):
            text = "".join(text for _, text in group)
            if op == DELETE:
                inserted, deleted = self._change("w:ins", copy), self._change("w:del", change)
                deleted.append(text_run(text, deleted=True))
                inserted.append(deleted)
                p.append(inserted)
            else:
                self._emit(p, INSERT, text, copy if op == EQUAL else change)
        close()

    def _inserted(self, new_paragraph: NewParagraph, after: Row, style: str | None) -> None:
        """The new paragraphs proposed after a row."""
        for change in self.inserts.get(id(after), []):
            number = change.number or ""
            p = new_paragraph(self.numbered if number and getattr(after, "kind", None) == "paragraph" else style)
            self._mark_paragraph(p, "w:ins", change)
            close = self._open_comments(p, ("change", id(change)))
            self._emit(p, INSERT, (f"{number}.\t" if number else "") + change.proposed_text, change)
            close()

    def _footnote_body(self, body: Any, p: Any, note: Footnote) -> None:
        """A footnote's text (called by the footnotes part): its changes, alternatives and new paragraphs."""

        def new_paragraph(_style: str | None) -> Any:
            paragraph = OxmlElement("w:p")
            paragraph.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "FootnoteText"}))
            body.append(paragraph)
            return paragraph

        inline, others = self._inline(note)
        deleted_by = inline[0] if inline and inline[0].kind == "delete" else None
        p.append(text_run(" "))
        self._row_text(p, note, self._row_segments(note, inline, deleted_by), None)
        for change in others:
            self._alternative(new_paragraph(None), change, f"[Alternative by {change.author}]")
        self._inserted(new_paragraph, note, None)

    # The document --------------------------------------------------------------------------------------

    def _sections(self, word: WordDocument, new_paragraph: NewParagraph) -> None:
        quote, bullet = style_ids(word, "Quote", "List Bullet")
        for section in self.document.sections:
            word.add_heading(section.heading, level=1)
            if not section.blocks:
                add_empty_section(word, EMPTY_SECTION)
            for block in section.blocks:
                number = block.printed_number
                style = self.numbered if number else None
                deleted_by = self._row(new_paragraph, block, style, number)
                for item in block.items:
                    item_style = quote if item.kind == "quote" else bullet
                    self._row(new_paragraph, item, item_style, deleted_by=deleted_by)
                    self._inserted(new_paragraph, item, item_style)
                self._inserted(new_paragraph, block, style)

    def build(self, title_note: str, mark: str = "") -> bytes:
        word = new_document()
        style_comments(word)
        describe_draft(
            word.core_properties,
            self.document,
            comments="Amendments as tracked changes, comments as Word comments.",
        )
        add_title_block(word, ((mark, None, True, False),))  # the internal edition says so first
        draft_title_block(word, self.document, title_note)
        self.footnotes = _TrackedFootnotes(custom_marks_needed(self.document), self._footnote_body)
        [self.numbered] = style_ids(word, "Numbered Paragraph")

        def new_paragraph(style: str | None) -> Any:
            return add_paragraph(word, style)._p

        self._sections(word, new_paragraph)
        self.loose += [first for threads in self.anchored.values() for first in threads]  # none, but never lost
        self._write_unplaced(word, new_paragraph)
        self.footnotes.attach(word)
        self.comments.attach(word)
        word.settings.element.insert_element_before(OxmlElement("w:trackRevisions"), *_AFTER_TRACK_REVISIONS)
        return saved(word)

    def _write_unplaced(self, word: WordDocument, new_paragraph: NewParagraph) -> None:
        """Amendments and comments on rows the draft does not hold (deleted since): never dropped."""
        if not (self.unplaced or self.loose):
            return
        word.add_heading(UNPLACED_HEADING, level=1)
        for change in self.unplaced:
            label = f"[Amendment by {change.author} to a text not in this draft]"
            self._alternative(new_paragraph(None), change, label)
        for first in self.loose:
            p = new_paragraph(None)
            close = self.comments.open(p, [first])
            p.append(text_run("Comment on a text not in this draft."))
            close()


def counts(document: Document) -> tuple[int, int]:
    """(tracked changes, comments with their replies) that the redline of `document` holds."""
    rows = [*_rows(document), *_unplaced_rows(document)]
    changes = [c for row in rows for c in row.changes]
    firsts = [c for row in rows for c in row.comments]
    firsts += [c for change in changes for c in change.comments]
    return len(changes), sum(len(list(thread(first))) for first in firsts)


def redline_docx(document: Document, *, title_note: str = "", mark: str = "") -> bytes:
    """The draft as a Word document (bytes) with the amendments as tracked changes and the comments as comments.

    `document`: the draft whose rows carry their tracked changes and comments, with the rows it no
    longer holds in `unplaced` (see the module docstring); queries.redline_inputs.redline_document
    reads it from the database.
    `title_note`: a line under the title block; `mark`: the document's first paragraph, in bold
    (the internal edition's "Internal: includes unsubmitted drafts").
    """
    # What XML cannot hold, replaced.
    return _Redline(xml_safe_values(document)).build(xml_safe(title_note), xml_safe(mark))
