"""Exports of the clean consolidated draft: .docx, .html, .pdf, .md and .txt, each a pure function of a `Document`.

The document (amendments.core.document) is the only input, never the database, so a revision issued
years ago exports exactly as it was: callers pass `Document.from_json(revision.snapshot)`, or the draft
as it stands, `queries.snapshots.report_document(report)`. Numbers are the document's ("2 bis."), never
a word processor's automatic numbering; footnotes keep their printed numbers too.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from django.template.loader import render_to_string
from docx.text.paragraph import Paragraph

from amendments.core.document import Block, Document, Footnote, footnote_mark_positions
from amendments.core.texts import xml_safe_values
from amendments.exporters.docx_base import (
    Footnotes,
    add_empty_section,
    add_paragraph,
    add_text,
    custom_marks_needed,
    describe_draft,
    draft_title_block,
    new_document,
    saved,
    style_ids,
)
from amendments.exporters.draft_text import (
    EMPTY_SECTION,
    item_groups,
    masthead,
    notes_in_mark_order,
    pieces,
    revision_line,
)
from amendments.exporters.pdf import html_to_pdf

__all__ = ["EMPTY_SECTION", "TXT_WIDTH", "html_sections", "to_docx", "to_html", "to_md", "to_pdf", "to_txt"]

TXT_WIDTH = 80


# .docx -------------------------------------------------------------------------------------------------


def _docx_text(paragraph: Paragraph, block: Block, notes: Footnotes) -> None:
    for piece in pieces(block):
        if isinstance(piece, str):
            add_text(paragraph, piece)
        else:
            notes.reference(paragraph, piece)


def to_docx(document: Document) -> bytes:
    """The draft as a Word document (bytes): title block, headings, numbered paragraphs, real footnotes."""
    document = xml_safe_values(document)  # a character XML cannot hold would fail the whole export
    word = new_document()
    describe_draft(word.core_properties, document)
    draft_title_block(word, document)
    notes = Footnotes(custom_marks=custom_marks_needed(document))
    numbered, quote, bullet = style_ids(word, "Numbered Paragraph", "Quote", "List Bullet")
    for section in document.sections:
        word.add_heading(section.heading, level=1)
        if not section.blocks:
            add_empty_section(word, EMPTY_SECTION)
        for block in section.blocks:
            number = block.printed_number
            paragraph = add_paragraph(word, numbered if number else None)
            if number:
                paragraph.add_run(f"{number}\t")
            _docx_text(paragraph, block, notes)
            for item in block.items:
                _docx_text(add_paragraph(word, quote if item.kind == "quote" else bullet), item, notes)
    notes.attach(word)
    return saved(word)


# .html -------------------------------------------------------------------------------------------------


class _Marks:
    """Footnote marks numbered through the document, in reading order: a note's number is its link target."""

    def __init__(self) -> None:
        self.count = 0

    def row(self, block: Block, notes: list[tuple[int, Footnote]]) -> dict[str, Any]:
        """A block for the template, with the number of its first mark; its notes are added to `notes`."""
        first = self.count + 1
        for _, note in footnote_mark_positions(block):
            self.count += 1
            notes.append((self.count, note))
        return {"block": block, "first_mark": first}


def html_sections(document: Document) -> list[dict[str, Any]]:
    """What templates/exports/clean_draft.html shows of each section: its blocks, sub-items grouped
    into lists and block quotes, and the notes of its marks."""
    sections, marks = [], _Marks()
    for section in document.sections:
        paragraphs: list[dict[str, Any]] = []
        notes: list[tuple[int, Footnote]] = []
        for block in section.blocks:
            paragraph = marks.row(block, notes)
            paragraph["groups"] = [
                {"quote": is_quote, "rows": [marks.row(item, notes) for item in items]}
                for is_quote, items in item_groups(block)
            ]
            paragraphs.append(paragraph)
        sections.append({"section": section, "paragraphs": paragraphs, "notes": notes})
    return sections


def to_html(document: Document, *, line_numbers: bool = False) -> str:
    """The draft as a standalone, print-ready HTML document (str); every text is escaped.
    `line_numbers`: each paragraph, sub-item and quote in its fixed lines (core.line_numbers), numbered
    from 1 in the margin, as the report page shows them."""
    document = xml_safe_values(document)
    revision = revision_line(document)
    context = {
        "document": document,
        "revision": revision,
        "masthead": masthead(document),
        "page_title": " – ".join(part for part in (document.title, revision) if part),
        "sections": html_sections(document),
        "empty_section": EMPTY_SECTION,
        "line_numbers": line_numbers,
    }
    return render_to_string("exports/clean_draft.html", context)


def to_pdf(document: Document, *, line_numbers: bool = False) -> bytes:
    """The draft as a PDF (bytes): the print HTML typeset on A4, footnotes at the page foot;
    `line_numbers` as for `to_html`."""
    return html_to_pdf(to_html(document, line_numbers=line_numbers))


# .txt --------------------------------------------------------------------------------------------------


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Lines of at most TXT_WIDTH columns; a word longer than a line (a URL) stays whole on its own line."""
    lines = []
    for n, line in enumerate(text.split("\n")):
        indent = first if n == 0 else rest
        wrapped = textwrap.wrap(
            line,
            TXT_WIDTH,
            initial_indent=indent,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += wrapped or [indent.rstrip()]
    return lines


def _txt_text(block: Block) -> str:
    return "".join(piece if isinstance(piece, str) else f"[{piece.number}]" for piece in pieces(block))


def _txt_paragraph(block: Block) -> list[str]:
    number = block.printed_number
    hang = " " * (len(number) + 1) if number else ""
    lines = _wrap(_txt_text(block), f"{number} " if number else "", hang)
    for item in block.items:
        if item.kind == "quote":  # a quoted paragraph is a paragraph: a blank line before it
            lines += ["", *_wrap(_txt_text(item), "    ", "    ")]
        else:
            lines += _wrap(_txt_text(item), "  • ", "    ")
    notes = notes_in_mark_order(block)
    if notes:
        lines.append("")
    for note in notes:
        mark = f"[{note.number}] "
        lines += _wrap(note.text, hang + mark, hang + " " * len(mark))
    return [*lines, ""]


def to_txt(document: Document) -> str:
    """The draft as plain text (str, to be written as UTF-8), wrapped at 80 columns, footnotes under their paragraph."""
    document = xml_safe_values(document)  # a lone surrogate (from a revision's JSON) cannot be written as UTF-8
    lines = [line.rjust(TXT_WIDTH) for line in masthead(document)]
    lines += [""] if lines else []
    for text in (document.body, document.title, document.subtitle, revision_line(document)):
        if text:
            lines += [line.center(TXT_WIDTH).rstrip() for line in textwrap.wrap(text, TXT_WIDTH)]
    lines += ["=" * TXT_WIDTH]
    for section in document.sections:
        heading = _wrap(section.heading, "", "")
        lines += ["", *heading, "-" * max(len(line) for line in heading), ""]
        if not section.blocks:
            lines += [EMPTY_SECTION, ""]
        for block in section.blocks:
            lines += _txt_paragraph(block)
    return "\n".join(lines).rstrip("\n") + "\n"


# .md ---------------------------------------------------------------------------------------------------

# Characters Markdown would read as markup inside a text: escaped, so the text reads back as written.
_MD_INLINE = str.maketrans({c: f"\\{c}" for c in "\\`*_[]~"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# At a line's start these would make a heading, a list item or a quote of the text.
_MD_LINE_START = re.compile(r"^([#+\-]|\d{1,9}(?=[.)](?:\s|$)))")


def _md_escaped(text: str) -> str:
    """The text as Markdown reads it back: markup characters escaped ("64\\. We …", "\\- so")."""
    text = text.translate(_MD_INLINE)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit() else "\\" + m.group(1), text)


def _md_text(block: Block) -> str:
    """One line: the text escaped, each footnote mark a Markdown footnote reference ("[^3]")."""
    text = "".join(_md_escaped(p) if isinstance(p, str) else f"[^{p.number}]" for p in pieces(block))
    return " ".join(text.split("\n"))  # a line break inside a paragraph would end it in Markdown


def _md_paragraph(block: Block) -> list[str]:
    """The paragraph, its sub-items, quotes and footnote definitions, each a Markdown block of its own
    (consecutive "> " lines would make one quote of two)."""
    # "15\." rather than "15.": a Markdown renderer renumbers a list, never an escaped number.
    number = _md_escaped(block.printed_number)
    lines = [f"{number} {_md_text(block)}" if number else _md_text(block)]
    lines += [f"> {_md_text(item)}" if item.kind == "quote" else f"- {_md_text(item)}" for item in block.items]
    lines += [f"[^{note.number}]: {_md_escaped(note.text)}" for note in notes_in_mark_order(block)]
    return lines


def to_md(document: Document) -> str:
    """The draft as Markdown (str, to be written as UTF-8): the title as "#", headings as "##", one
    paragraph a line with its number, sub-items as "-" lists, quotes as ">", footnotes as Markdown
    footnotes defined under their paragraph."""
    document = xml_safe_values(document)
    lines = [line for text in masthead(document) for line in (_md_escaped(text), "")]
    for text in (document.body, document.title, document.subtitle, revision_line(document)):
        if text:
            lines += [f"# {_md_escaped(text)}" if text == document.title else _md_escaped(text), ""]
    for section in document.sections:
        lines += [f"## {_md_escaped(section.heading)}", ""]
        if not section.blocks:
            lines += [f"*{EMPTY_SECTION}*", ""]
        for block in section.blocks:
            lines += [line for row in _md_paragraph(block) for line in (row, "")]
    return "\n".join(lines).rstrip("\n") + "\n"
