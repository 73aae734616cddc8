"""The draft as a Word redline: every amendment a real tracked change, every comment a real Word comment.

`redline_docx(snapshot, amendments, comments)` is pure: plain data in (the snapshot format of
amendments/snapshots.py, amendments and comments as dicts, see its docstring), .docx bytes out. The
layout is the clean export's (amendments/exporting.py: styles, numbers, real footnotes), so members
can accept or reject each delegation's proposal in Word or LibreOffice and get the draft they agreed.

How each amendment is written (author = the delegation, date = when it was submitted):

* modify: the paragraph's runs are its word diff, deletions in ``w:del``/``w:delText``, insertions in
  ``w:ins``; footnote marks stay after their anchor text.
* delete: the number, text and footnote marks in ``w:del`` and the paragraph mark deleted
  (``w:pPr/w:rPr/w:del``); a deleted paragraph takes its sub-items with it, as a revision does.
* insert: a new paragraph after the one it follows (for a paragraph, after its sub-items), its
  paragraph mark inserted and its runs, "2 bis." first, in ``w:ins``; several in "bis, ter…" order.

Several amendments to one paragraph, taken in order of submission (undated last). Word can show
only one change of the same words at a time, so an amendment is inline, in the paragraph's own
runs under its own delegation's name, when it was written on the paragraph's current text and
touches none of the words already changed there (the collision rule of redline.merge3, the one a
revision applies); a deletion is inline only alone. Each of the others is an inserted paragraph
right after the paragraph: "[Alternative by Japan] " and the whole proposal with its changes
against its base. In it the copy of the text is inserted by "Alternative by Japan" and the changes
on it are Japan's, dropped words being deletions of that insertion (see `_alternative`): rejecting
it removes it whole, accepting it leaves Japan's text after the label. Amendments and comments on
rows the snapshot does not hold are not dropped: they follow under a last heading, as alternatives.

Comments are Word comments around the text they are about (the row, or with "amendment_id" the
paragraph showing that amendment). Replies are Word 2013 threads: a comment of their own on the
same range, linked to the first comment by ``w15:paraIdParent`` in word/commentsExtended.xml.
Track changes is on in word/settings.xml, so the members' own edits are tracked too.
"""

import io
import itertools
import re
from collections import defaultdict
from datetime import UTC, date, datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from amendments.core.document import display_text, footnote_mark_positions
from amendments.core.numbering import provisional_order
from amendments.core.textdiff import DELETE, EQUAL, INSERT, _changes, _collide, normalise, text_of
from amendments.exporters.clean_draft import (
    EMPTY_SECTION,
    _add_paragraph,
    _describe,
    _Footnotes,
    _notes,
    _style_document,
    printed_number,
    revision_line,
)

__all__ = ["redline_docx", "UNPLACED_HEADING"]

UNPLACED_HEADING = "Amendments and comments on text not in this draft"

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_COMMENTS_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

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


# Plain values ------------------------------------------------------------------------------------------


def _iso(value):
    """A date as Word writes it, "2017-11-20T00:00:00Z" (UTC; a naive datetime is taken as UTC)."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}T00:00:00Z"
    raise TypeError(f"not a date: {value!r}")


def _initials(name):
    """ "Nick Ashton-Hart" → "NAH", "Russian Federation" → "RF": capitals starting its words."""
    letters = [word[0] for word in re.split(r"[\s\-]+", name or "") if word[:1].isupper()]
    return "".join(letters)[:9] or (name or "?")[:2]


def _segments(amendment):
    if amendment.get("segments") is not None:
        return [(op, text) for op, text in amendment["segments"] if text]
    return [(INSERT, amendment.get("proposed_text") or "")]


# XML pieces --------------------------------------------------------------------------------------------


def _runs(text, deleted=False):
    """w:r elements for a text; tabs and line breaks become w:tab and w:br, as Word writes them."""
    run, tag = OxmlElement("w:r"), "w:delText" if deleted else "w:t"
    for piece in re.split(r"(\t|\n)", normalise(text)):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            t = OxmlElement(tag)
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run


def _paragraph_mark_properties(p):
    """The paragraph's w:pPr/w:rPr (the properties of its mark), which must be the last in w:pPr."""
    properties = p.get_or_add_pPr()
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        properties.append(mark)
    return mark


def _style_comments(document):
    """Word's own comment styles, so comments look as in any Word document."""
    styles = document.styles
    text = styles.add_style("annotation text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id, text.base_style = "CommentText", styles["Normal"]
    text.font.size, text.paragraph_format.space_after = Pt(10), Pt(0)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    reference = styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id, reference.font.size = "CommentReference", Pt(8)
    for style in (text, reference):
        style.element.attrib.pop(qn("w:customStyle"), None)


class _Comments:
    """word/comments.xml and word/commentsExtended.xml being built."""

    def __init__(self):
        self.root = parse_xml(f'<w:comments {nsdecls("w")} xmlns:w14="{W14}" xmlns:mc="{MC}" mc:Ignorable="w14"/>')
        self.extended = parse_xml(f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"/>')
        self.para_ids = itertools.count(1)

    def add(self, comment_id, comment, parent=None):
        """Write one comment (`parent`: (paraId, author) of the comment it replies to); returns its paraId.

        A reply is threaded under its parent in Word 2013 and later; it also starts "[Reply to …]",
        as LibreOffice (7.x) and older Word show it as a comment of its own on the same text."""
        author = comment.get("author") or "Unknown"
        text = normalise(comment.get("text") or "")
        if parent:
            text = f"[Reply to {parent[1]}] {text}"
        body = OxmlElement(
            "w:comment", {qn("w:id"): str(comment_id), qn("w:author"): author, qn("w:initials"): _initials(author)}
        )
        if when := _iso(comment.get("date")):
            body.set(qn("w:date"), when)
        for n, line in enumerate(text.split("\n")):
            p = OxmlElement("w:p")
            para_id = f"{next(self.para_ids):08X}"
            p.set(f"{{{W14}}}paraId", para_id)
            p.set(f"{{{W14}}}textId", "77777777")
            p.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "CommentText"}))
            if n == 0:  # the comment's own mark, as Word writes it
                mark = OxmlElement("w:r")
                mark.append(OxmlElement("w:rPr"))
                mark[0].append(OxmlElement("w:rStyle", {qn("w:val"): "CommentReference"}))
                mark.append(OxmlElement("w:annotationRef"))
                p.append(mark)
            if line:
                p.append(_runs(line))
            body.append(p)
        self.root.append(body)
        thread = parse_xml(f'<w15:commentEx xmlns:w15="{W15}" w15:paraId="{para_id}" w15:done="0"/>')
        if parent:
            thread.set(f"{{{W15}}}paraIdParent", parent[0])
        self.extended.append(thread)
        return para_id

    def attach(self, document):
        if not len(self.root):
            return
        package = document.part.package
        part = XmlPart(PackURI("/word/comments.xml"), CT.WML_COMMENTS, self.root, package)
        document.part.relate_to(part, RT.COMMENTS)
        extended = XmlPart(PackURI("/word/commentsExtended.xml"), CT_COMMENTS_EXTENDED, self.extended, package)
        document.part.relate_to(extended, RT_COMMENTS_EXTENDED)


class _TrackedFootnotes(_Footnotes):
    """The clean export's footnotes, with the note's text written again by the redline, with its changes."""

    def __init__(self, custom_marks, write_body):
        super().__init__(custom_marks)
        self.write_body = write_body

    def reference(self, paragraph, note):
        super().reference(paragraph, note)
        body = self.root[-1]
        p = body[0]
        p.remove(p[-1])  # the plain text run: written again with its changes
        self.write_body(body, p, note)


# The redline -------------------------------------------------------------------------------------------


class _Redline:
    def __init__(self, snapshot, amendments, comments):
        self.snapshot = snapshot
        self.ids = itertools.count(1)  # one id space for revisions and comments: both are Word "annotations"
        self.rows = {}
        for section in snapshot["sections"]:
            for paragraph in section["paragraphs"]:
                for row in (paragraph, *paragraph.get("items", [])):
                    self.rows[row["id"]] = row
                    for note in row.get("footnotes", []):
                        self.rows[note["id"]] = note
        self.changes, self.inserts, self.unplaced = defaultdict(list), defaultdict(list), []
        order = {}
        for n, amendment in enumerate(amendments):
            if amendment.get("kind") not in ("modify", "delete", "insert"):
                raise ValueError(f"amendment {amendment.get('id')}: unknown kind {amendment.get('kind')!r}")
            when = _iso(amendment.get("date"))
            order[amendment["id"]] = (when is None, when or "", n)
            if amendment["paragraph_id"] not in self.rows:
                self.unplaced.append(amendment)
            elif amendment["kind"] == "insert":
                self.inserts[amendment["paragraph_id"]].append(amendment)
            else:
                self.changes[amendment["paragraph_id"]].append(amendment)
        for group in self.changes.values():
            group.sort(key=lambda a: order[a["id"]])
        for group in self.inserts.values():
            group.sort(key=lambda a: (provisional_order(a.get("provisional_number") or "")[0], order[a["id"]]))
        unplaced = {a["id"] for a in self.unplaced}
        self._thread_comments(comments, placed={a["id"] for a in amendments} - unplaced)
        self.comments = _Comments()

    def _thread_comments(self, comments, placed):
        """Comments grouped by where they are anchored: ("amendment", id) or ("row", id); replies with
        their first comment (a reply to a reply joins the thread, as in the app)."""
        by_id = {c["id"]: c for c in comments}

        def root(comment):
            seen = {comment["id"]}
            while comment.get("parent_id") in by_id and comment["parent_id"] not in seen:
                comment = by_id[comment["parent_id"]]
                seen.add(comment["id"])
            return comment

        threads = defaultdict(list)
        for comment in comments:
            threads[root(comment)["id"]].append(comment)
        self.anchored, self.loose = defaultdict(list), []
        for thread_id, thread in threads.items():
            first = by_id[thread_id]
            thread.sort(key=lambda c: c is not first)  # the first comment first, replies in given order
            if first.get("amendment_id") in placed:
                self.anchored["amendment", first["amendment_id"]].append(thread)
            elif first.get("paragraph_id") in self.rows:
                self.anchored["row", first["paragraph_id"]].append(thread)
            else:
                self.loose.append(thread)

    # Tracked changes -----------------------------------------------------------------------------------

    def _change(self, tag, amendment):
        """An empty w:ins or w:del by the amendment's delegation, at its date."""
        element = OxmlElement(tag, {qn("w:id"): str(next(self.ids)), qn("w:author"): amendment["participant"]})
        if when := _iso(amendment.get("date")):
            element.set(qn("w:date"), when)
        return element

    def _emit(self, p, op, text, amendment):
        if not text:
            return
        if op == EQUAL:
            p.append(_runs(text))
            return
        change = self._change("w:del" if op == DELETE else "w:ins", amendment)
        change.append(_runs(text, deleted=op == DELETE))
        p.append(change)

    def _mark_paragraph(self, p, tag, amendment):
        """The paragraph mark inserted or deleted: accepting or rejecting joins it to the next one."""
        _paragraph_mark_properties(p).append(self._change(tag, amendment))

    # Comments ------------------------------------------------------------------------------------------

    def _open_comments(self, p, *anchors):
        """Start the ranges of the comments anchored at `anchors` here; returns the function closing them."""
        ids = []
        for anchor in anchors:
            for thread in self.anchored.pop(anchor, []):
                parent = None
                for comment in thread:
                    comment_id = next(self.ids)
                    para_id = self.comments.add(comment_id, comment, parent)
                    parent = parent or (para_id, comment.get("author") or "Unknown")
                    p.append(OxmlElement("w:commentRangeStart", {qn("w:id"): str(comment_id)}))
                    ids.append(comment_id)

        def close():
            for comment_id in ids:
                p.append(OxmlElement("w:commentRangeEnd", {qn("w:id"): str(comment_id)}))
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:rPr"))
                run[0].append(OxmlElement("w:rStyle", {qn("w:val"): "CommentReference"}))
                run.append(OxmlElement("w:commentReference", {qn("w:id"): str(comment_id)}))
                p.append(run)

        return close

    # Rows ----------------------------------------------------------------------------------------------

    def _inline(self, row):
        """(the amendments shown in the row's own text, the others), by the rule in the module docstring."""
        inline, others, taken = [], [], []
        current = {row["text"], normalise(row["text"])}
        for amendment in self.changes.get(row["id"], []):
            edits = _changes(_segments(amendment), "theirs")
            fits = text_of(_segments(amendment), "base") in current
            if inline and "delete" in (amendment["kind"], inline[0]["kind"]):
                fits = False  # a deletion shares its text with nothing
            if fits and not any(_collide(edit, other) for edit in edits for other in taken):
                inline.append(amendment)
                taken += edits
            else:
                others.append(amendment)
        return inline, others

    def _row_segments(self, row, inline, deleted_by):
        """The row's text as (op, text, amendment): the inline amendments' changes in the order of the text."""
        if deleted_by is not None:
            return [(DELETE, row["text"], deleted_by)]
        if not inline:
            return [(EQUAL, row["text"], None)]
        base = text_of(_segments(inline[0]), "base")
        edits = sorted(
            ((edit, a) for a in inline for edit in _changes(_segments(a), "theirs")),
            key=lambda pair: (pair[0].start, pair[0].end),
        )
        out, pos = [], 0
        for edit, amendment in edits:
            out += [
                (EQUAL, base[pos : edit.start], None),
                (DELETE, base[edit.start : edit.end], amendment),
                (INSERT, edit.text, amendment),
            ]
            pos = edit.end
        out.append((EQUAL, base[pos:], None))
        return [segment for segment in out if segment[1]]

    def _row_text(self, p, row, segments, deleted_by):
        """A row's printed text with its changes and footnote marks (each mark right after its anchor)."""
        if display_text(row) != row["text"]:  # bracketed: the brackets are the draft's, never changed
            segments = [(EQUAL, "[", None), *segments, (EQUAL, "]", None)]
        marks, pos = footnote_mark_positions(row), 0
        for op, text, amendment in segments:
            while marks and marks[0][0] <= pos:  # before what is inserted there, so it stays with its anchor
                self._footnote_mark(p, marks.pop(0)[1], deleted_by)
            if op == INSERT:
                self._emit(p, op, text, amendment)
                continue
            start = 0
            while marks and marks[0][0] < pos + len(text):
                at = marks[0][0] - pos
                self._emit(p, op, text[start:at], amendment)
                self._footnote_mark(p, marks.pop(0)[1], deleted_by)
                start = at
            self._emit(p, op, text[start:], amendment)
            pos += len(text)
        for _, note in marks:
            self._footnote_mark(p, note, deleted_by)

    def _footnote_mark(self, p, note, deleted_by):
        """The footnote's reference; deleted with its paragraph, or when the footnote itself is deleted.

        Comments on the footnote, or on amendments to it, are anchored on this mark: LibreOffice (7.4)
        refuses to open a document with a comment reference inside a footnote."""
        inline, _ = self._inline(note)
        if deleted_by is None and inline and inline[0]["kind"] == "delete":
            deleted_by = inline[0]
        amended = self.changes.get(note["id"], []) + self.inserts.get(note["id"], [])
        close = self._open_comments(p, ("row", note["id"]), *(("amendment", a["id"]) for a in amended))
        self.footnotes.reference(DocxParagraph(p, None), note)
        if deleted_by is not None:
            run = p[-1]
            change = self._change("w:del", deleted_by)
            p.replace(run, change)
            change.append(run)
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        close()

    def _row(self, new_paragraph, row, style, number="", deleted_by=None):
        """A row, then its alternatives; returns the deletion that takes it (its sub-items go with it)."""
        inline, others = self._inline(row)
        if deleted_by is not None:  # its paragraph's deletion takes it: its own amendments are alternatives
            inline, others = [], self.changes.get(row["id"], [])
        elif inline and inline[0]["kind"] == "delete":
            deleted_by = inline[0]
        p = new_paragraph(style)
        if number:
            self._emit(p, DELETE if deleted_by else EQUAL, f"{number}\t", deleted_by)
        close = self._open_comments(p, ("row", row["id"]), *(("amendment", a["id"]) for a in inline))
        self._row_text(p, row, self._row_segments(row, inline, deleted_by), deleted_by)
        close()
        if deleted_by is not None:
            self._mark_paragraph(p, "w:del", deleted_by)
        for amendment in others:
            stale = text_of(_segments(amendment), "base") not in {row["text"], normalise(row["text"])}
            label = "[Alternative by {}{}]".format(amendment["participant"], ", on an earlier text" if stale else "")
            self._alternative(new_paragraph(style), amendment, label, number)
        return deleted_by

    def _alternative(self, p, amendment, label, number=""):
        """An inserted paragraph: the label, then the whole proposal with its own changes against its base.

        The copy of the text (number, label, kept words, paragraph mark) is inserted by the label's name
        ("Alternative by Japan"), the changes on it by the delegation; the words it drops are deletions
        of that insertion (w:del inside w:ins). So rejecting everything removes the paragraph whole and
        accepting everything leaves the delegation's text. The copy is not the delegation's own insertion
        because LibreOffice (7.4) drops a deletion nested in an insertion by the same author."""
        if amendment["kind"] == "delete":
            label = label[:-1] + ": delete this text]"
        copy = {**amendment, "participant": label[1:-1]}
        self._mark_paragraph(p, "w:ins", copy)
        close = self._open_comments(p, ("amendment", amendment["id"]))
        pieces = [(EQUAL, (f"{number}\t" if number else "") + label + " "), *_segments(amendment)]
        for op, group in itertools.groupby(pieces, key=lambda piece: piece[0]):
            text = "".join(text for _, text in group)
            if op == DELETE:
                inserted, deleted = self._change("w:ins", copy), self._change("w:del", amendment)
                deleted.append(_runs(text, deleted=True))
                inserted.append(deleted)
                p.append(inserted)
            else:
                self._emit(p, INSERT, text, copy if op == EQUAL else amendment)
        close()

    def _inserted(self, new_paragraph, after, style):
        """The new paragraphs proposed after a row."""
        for amendment in self.inserts.get(after["id"], []):
            number = amendment.get("provisional_number") or ""
            p = new_paragraph(self.numbered if number and after.get("kind") == "paragraph" else style)
            self._mark_paragraph(p, "w:ins", amendment)
            close = self._open_comments(p, ("amendment", amendment["id"]))
            text = amendment.get("proposed_text") or text_of(_segments(amendment), "proposal")
            self._emit(p, INSERT, (f"{number}.\t" if number else "") + text, amendment)
            close()

    def _footnote_body(self, body, p, note):
        """A footnote's text (called by the footnotes part): its changes, alternatives and new paragraphs."""

        def new_paragraph(_style):
            paragraph = OxmlElement("w:p")
            paragraph.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "FootnoteText"}))
            body.append(paragraph)
            return paragraph

        inline, others = self._inline(note)
        deleted_by = inline[0] if inline and inline[0]["kind"] == "delete" else None
        p.append(_runs(" "))
        self._row_text(p, note, self._row_segments(note, inline, deleted_by), None)
        for amendment in others:
            self._alternative(new_paragraph(None), amendment, f"[Alternative by {amendment['participant']}]")
        self._inserted(new_paragraph, note, None)

    # The document --------------------------------------------------------------------------------------

    def build(self, title_note):
        document = Document()
        _style_document(document)
        _style_comments(document)
        snapshot, report = self.snapshot, self.snapshot["report"]
        _describe(document.core_properties, snapshot)
        document.core_properties.comments = "Amendments as tracked changes, comments as Word comments."
        for text, style, bold, italic in (
            (report.get("body"), None, True, False),
            (report.get("title"), "Title", None, None),
            (report.get("subtitle"), None, None, True),
            (revision_line(snapshot), None, True, False),
            (title_note, None, None, True),
        ):
            if text:
                line = document.add_paragraph(style=style)
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = line.add_run(text)
                run.bold, run.italic = bold, italic
        numbers = [note.get("number") for s in snapshot["sections"] for p in s["paragraphs"] for note in _notes(p)]
        self.footnotes = _TrackedFootnotes(numbers != [str(n) for n in range(1, len(numbers) + 1)], self._footnote_body)
        self.numbered, quote, bullet = (
            document.styles[name].style_id for name in ("Numbered Paragraph", "Quote", "List Bullet")
        )

        def new_paragraph(style):
            return _add_paragraph(document, style)._p

        for section in snapshot["sections"]:
            document.add_heading(section["heading"], level=1)
            if not section["paragraphs"]:
                empty = document.add_paragraph()
                empty.alignment = WD_ALIGN_PARAGRAPH.CENTER
                empty.add_run(EMPTY_SECTION).italic = True
            for paragraph in section["paragraphs"]:
                number = printed_number(paragraph)
                style = self.numbered if number else None
                deleted_by = self._row(new_paragraph, paragraph, style, number)
                for item in paragraph.get("items", []):
                    item_style = quote if item.get("kind") == "quote" else bullet
                    self._row(new_paragraph, item, item_style, deleted_by=deleted_by)
                    self._inserted(new_paragraph, item, item_style)
                self._inserted(new_paragraph, paragraph, style)
        self.loose += [thread for threads in self.anchored.values() for thread in threads]  # none, but never lost
        self._write_unplaced(document, new_paragraph)
        self.footnotes.attach(document)
        self.comments.attach(document)
        settings = document.settings.element
        settings.insert_element_before(OxmlElement("w:trackRevisions"), *_AFTER_TRACK_REVISIONS)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def _write_unplaced(self, document, new_paragraph):
        """Amendments and comments on rows the snapshot does not hold (deleted since): never dropped."""
        if not (self.unplaced or self.loose):
            return
        document.add_heading(UNPLACED_HEADING, level=1)
        for amendment in self.unplaced:
            label = f"[Amendment by {amendment['participant']} to a text not in this draft]"
            self._alternative(new_paragraph(None), amendment, label)
        for thread in self.loose:
            p = new_paragraph(None)
            self.anchored["loose", id(thread)] = [thread]
            close = self._open_comments(p, ("loose", id(thread)))
            p.append(_runs("Comment on a text not in this draft."))
            close()


def redline_docx(snapshot, amendments, comments, *, title_note=""):
    """The draft as a Word document (bytes) with the amendments as tracked changes and the comments as comments.

    `snapshot`: the format of amendments/snapshots.py. `amendments`: dicts {"id", "paragraph_id" (the row
    amended; for "insert" the row the new paragraph follows), "kind" ("modify", "delete", "insert"),
    "participant" (the delegation's name: the change's author), "date" (datetime, date or None),
    "segments" ([op, text] pairs, base → proposal), "proposed_text", "provisional_number"}. `comments`:
    dicts {"id", "paragraph_id", "author", "date", "text", "parent_id"} and optionally "amendment_id"
    (anchor on the paragraph showing that amendment). `title_note`: a line under the title block.
    """
    return _Redline(snapshot, amendments, comments).build(title_note)
