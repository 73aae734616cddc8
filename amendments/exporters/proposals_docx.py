"""A compilation of proposals as a Word document in the rolling document's shape (see `exporters.proposals`).

The same lines as the text and the PDF: the title block, the abstract, a table of contents whose pages
are PAGEREF fields to a bookmark on each heading (their cached value the text's estimate, until Word or
LibreOffice updates the fields), each group and annex on a new page, items as paragraphs indented by
their depth with their bullet and label as text, and real Word footnotes.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from amendments.core.document import Document
from amendments.core.texts import xml_safe_values
from amendments.exporters.docx_base import Footnotes, add_paragraph, add_text, describe, new_document, saved
from amendments.exporters.proposals import TOC_HEADING, Line, estimated_pages, layout

__all__ = ["INDENT_STEP", "to_docx"]

INDENT_STEP = Cm(1.1)  # an item's left indent is (depth + 1) steps: the reader takes its depth from it
_TEXT_WIDTH = Cm(16)


def _bookmarked(paragraph: Paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)})
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _page_field(paragraph: Paragraph, bookmark: str, cached: int) -> None:
    """A PAGEREF field to the bookmark, showing `cached` until the fields are updated."""
    for kind, text in (("begin", ""), ("instr", f" PAGEREF {bookmark} \\h "), ("separate", ""), ("text", str(cached)),
                       ("end", "")):  # fmt: skip
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.text = text
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run._r.append(instr)
        elif kind == "text":
            run._r.add_t(text)
        else:
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def _bookmark_name(target: str) -> str:
    return "_Ref_" + "".join(c if c.isalnum() else "_" for c in target)[:34]


def _write_line(word: WordDocument, line: Line, notes: Footnotes, *, new_page: bool = False) -> Paragraph:
    paragraph = add_paragraph(word)
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if line.role in ("heading", "group"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(12), Pt(12), True
        fmt.page_break_before = new_page
    elif line.role == "source":
        fmt.space_before, fmt.keep_with_next = Pt(12), True
    elif line.role == "item":
        fmt.left_indent = INDENT_STEP * (line.indent + 1)
        fmt.first_line_indent = -INDENT_STEP
    bold = line.role in ("heading", "group", "source")
    if line.label:
        add_text(paragraph, line.label).bold = bold
    marks = list(line.notes)
    for kind, text in line.pieces:
        if kind == "mark" and marks:
            notes.reference(paragraph, marks.pop(0))
        elif kind == "text":
            add_text(paragraph, text).bold = bold
    return paragraph


def to_docx(document: Document) -> bytes:
    """The compilation as a Word document (bytes)."""
    document = xml_safe_values(document)
    plan = layout(document)
    pages = estimated_pages(document)
    word = new_document()
    describe(word.core_properties, title=document.title, author=document.body, subject=document.subtitle)
    numbers = [note.number for lines in (*plan.front, *plan.body) for line in lines for note in line.notes]
    notes = Footnotes(custom_marks=numbers != [str(n) for n in range(1, len(numbers) + 1)])
    for n, text in enumerate(plan.titles):
        title = add_paragraph(word)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = add_text(title, text)
        run.bold = n < len(plan.titles) - 1
        run.italic = n == len(plan.titles) - 1 and len(plan.titles) > 2
        if n == len(plan.titles) - 2:
            run.font.size = Pt(14)
    for lines in plan.front:
        for line in lines:
            if line.role != "note":  # a footnote is Word's own, at the page's foot
                _write_line(word, line, notes)
    heading = add_paragraph(word)
    heading.paragraph_format.page_break_before = True
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(heading, TOC_HEADING).bold = True
    for entry in plan.toc:
        row = add_paragraph(word)
        row.alignment = WD_ALIGN_PARAGRAPH.LEFT
        row.paragraph_format.tab_stops.add_tab_stop(_TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        row.paragraph_format.left_indent = Cm(0.8) * entry.level
        row.paragraph_format.right_indent = Cm(0)
        run = add_text(row, f"{entry.text}\t")
        run.bold = entry.level == 0
        _page_field(row, _bookmark_name(entry.target), pages.get(entry.target, 1))
    count = 0
    for lines in plan.body:
        for k, line in enumerate(lines):
            if line.role == "note":
                continue
            paragraph = _write_line(word, line, notes, new_page=k == 0)
            if line.target:
                count += 1
                _bookmarked(paragraph, _bookmark_name(line.target), count)
    for line in plan.unplaced:
        if line.role != "note":
            _write_line(word, line, notes)
    notes.attach(word)
    return saved(word)
