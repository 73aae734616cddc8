"""A compilation of proposals (`Document(kind="compilation")`) printed as the secretariat's rolling document.

Pure functions of the document, in the shape of fixtures/seeds/seed_004_rolling_document.txt: the title
block (the issuer's lines, the body, the title, the subtitle), the sections before the first one with
submissions (the abstract), a table of contents by group and then by source with their pages, each
group with its numbered sources, each source's heading (and the footnote on it) followed by its items,
then the annexes. Items are printed as the list printed them: "- " for a bullet, the label as printed
("(1)", "a)", "I."), a sub-bullet indented. A footnote is printed right after the paragraph that holds
its mark, its mark a superscript digit ("³"), as in the rolling document: so every format reads back
(`importers.compilation.read_rolling_text`) with each footnote on its paragraph.

`to_text` (plain text, one paragraph a line), `to_html` and `to_pdf` (the table of contents' pages by
CSS `target-counter`) are here; `to_docx` is in `proposals_docx`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.template.loader import render_to_string

from amendments.core.document import Block, Document, Footnote, Section, Submission, footnote_mark_positions
from amendments.core.rolling_document import indented_bullets
from amendments.core.texts import xml_safe_values
from amendments.exporters.pdf import html_to_pdf

__all__ = [
    "Line",
    "TocEntry",
    "body_sections",
    "front_sections",
    "layout",
    "mark",
    "table_of_contents",
    "title_lines",
    "to_html",
    "to_pdf",
    "to_text",
]

ABSTRACT_HEADING = "Abstract"
TOC_HEADING = "Table of Contents"

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

Role = Literal["heading", "group", "source", "item", "text", "note"]
Piece = tuple[str, str]  # ("text", words) or ("mark", "³")


def mark(number: str) -> str:
    """A footnote's number as the rolling document prints its mark: superscript digits ("12" -> "¹²")."""
    return number.translate(_SUPERSCRIPT)


@dataclass(frozen=True)
class Line:
    """One printed paragraph: its role, its text in pieces (footnote marks apart), the bullet and
    label before it, its indentation, and the id a table of contents entry links to."""

    role: Role
    pieces: tuple[Piece, ...]
    label: str = ""  # "- ", "- (1) ", "a) " (with its space)
    indent: int = 0
    target: str = ""
    indented: bool = False  # a bare bullet the text prints indented by a space, as the rolling document does
    notes: tuple[Footnote, ...] = ()  # the footnotes its marks call, in the order of the marks

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces)


@dataclass(frozen=True)
class TocEntry:
    level: int  # 0: a group or an annex; 1: a source under its group
    text: str
    target: str


def title_lines(document: Document) -> list[str]:
    """The lines of the title block, top to bottom: the issuer's, the body, the title, the subtitle."""
    return [line for line in (*document.issuer, document.body, document.title, document.subtitle) if line]


def front_sections(document: Document) -> tuple[Section, ...]:
    """The sections printed before the table of contents: those before the first with submissions."""
    first = next((k for k, s in enumerate(document.sections) if s.submissions), 0)
    return document.sections[:first]


def body_sections(document: Document) -> tuple[Section, ...]:
    return document.sections[len(front_sections(document)) :]


def _target(section: Section, submission: Submission | None = None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", section.key.lower()).strip("-") or "section"
    return f"s-{slug}" + (f"--{re.sub(r'[^a-z0-9]+', '-', submission.key.lower())}" if submission else "")


def source_heading(submission: Submission) -> str:
    """The source's heading as the group prints it, with its number: "1. Draft recommendations …"."""
    return f"{submission.number}. {submission.heading}" if submission.number else submission.heading


def table_of_contents(document: Document) -> list[TocEntry]:
    """By group and then by source, then the annexes: every section after the front matter."""
    entries = []
    for section in body_sections(document):
        entries.append(TocEntry(0, section.heading, _target(section)))
        entries.extend(TocEntry(1, source_heading(s), _target(section, s)) for s in section.submissions)
    return entries


def _pieces(text: str, notes: Sequence[tuple[int, Footnote]]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    start = 0
    for at, note in notes:
        if at > start:
            pieces.append(("text", text[start:at]))
            start = at
        pieces.append(("mark", mark(note.number)))
    if start < len(text) or not pieces:
        pieces.append(("text", text[start:]))
    return tuple(pieces)


def _note_lines(notes: Sequence[Footnote]) -> Iterator[Line]:
    for note in notes:
        yield Line("note", (("mark", mark(note.number)), ("text", f" {note.text}")))


def _label(block: Block) -> str:
    bullet = "- " if block.bulleted else ""
    return bullet + (f"{block.number} " if block.number else "")


def block_lines(block: Block, *, indented: bool = False) -> Iterator[Line]:
    """A paragraph (or item) and the footnotes its marks call, right after it."""
    placed = footnote_mark_positions(block)
    listed = bool(block.bulleted or block.number)
    role: Role = "item" if listed else "text"
    notes = tuple(note for _, note in placed)
    yield Line(role, _pieces(block.text, placed), _label(block), block.indent, indented=indented, notes=notes)
    yield from _note_lines([note for _, note in placed])
    for item in block.items:  # a draft's sub-items, should a compilation hold any
        yield from block_lines(item)


def _heading_line(submission: Submission, target: str) -> Iterator[Line]:
    notes = submission.footnotes
    pieces = (("text", source_heading(submission)), *(("mark", mark(n.number)) for n in notes))
    yield Line("source", tuple(pieces), target=target, notes=notes)
    yield from _note_lines(notes)


def section_lines(section: Section, *, role: Role = "group") -> Iterator[Line]:
    """A section: its heading, then each source's heading and items (the Chair's text as it comes)."""
    yield Line(role, (("text", section.heading),), target=_target(section))
    for submission, blocks in section.submission_blocks():
        if submission is not None:
            yield from _heading_line(submission, _target(section, submission))
        flags = indented_bullets([(block.number, block.indent, block.bulleted) for block in blocks])
        for block, indented in zip(blocks, flags, strict=True):
            yield from block_lines(block, indented=indented)


@dataclass(frozen=True)
class Layout:
    titles: list[str]
    front: list[list[Line]]  # each front section's lines
    toc: list[TocEntry]
    body: list[list[Line]]  # each group's or annex's lines (each starts a page)
    unplaced: list[Line]


def layout(document: Document) -> Layout:
    """What every format prints, in order."""
    return Layout(
        titles=title_lines(document),
        front=[list(section_lines(s, role="heading")) for s in front_sections(document)],
        toc=table_of_contents(document),
        body=[list(section_lines(s, role="group" if s.submissions else "heading")) for s in body_sections(document)],
        unplaced=[line for block in document.unplaced for line in block_lines(block)],
    )


# Plain text --------------------------------------------------------------------------------------------

_CHARACTERS_A_LINE = 85  # 12 pt Times on the 16 cm of an A4 page's text
_LINES_A_PAGE = 44


def _text_line(line: Line) -> str:
    # The rolling document indents a sub-bullet by one space: the reader sees a nested bullet by it.
    indent = " " if line.indented else ""
    return f"{indent}{line.label}{line.text}"


def _height(lines: Sequence[Line]) -> float:
    return sum(math.ceil(len(_text_line(line)) / _CHARACTERS_A_LINE) + 0.5 for line in lines)


def estimated_pages(document: Document) -> dict[str, int]:
    """Each table of contents target's page, estimated from the text's length (a text file has no
    pages; Word replaces the estimate when it updates its fields): the title block, the front matter
    and the table of contents first, each group and annex on a new page, as the PDF prints them."""
    plan = layout(document)
    front = len(plan.titles) * 1.5 + sum(_height(lines) + 2 for lines in plan.front)
    page = 1 + math.ceil(front / _LINES_A_PAGE) + math.ceil(len(plan.toc) * 1.6 / _LINES_A_PAGE)
    pages: dict[str, int] = {}
    for lines in plan.body:
        used = 0.0
        for line in lines:
            if line.target:
                pages[line.target] = page + int(used // _LINES_A_PAGE)
            used += _height([line])
        page += max(1, math.ceil(used / _LINES_A_PAGE))
    return pages


def to_text(document: Document) -> str:
    """The compilation as plain text in the rolling document's shape: one paragraph a line, blank
    lines between; the table of contents' entries end in a tab and their (estimated) page."""
    plan = layout(document)
    pages = estimated_pages(document)
    out = list(plan.titles)
    for lines in plan.front:
        out.extend(_text_line(line) for line in lines)
    out.append(TOC_HEADING)
    out.extend(f"{entry.text}\t{pages.get(entry.target, 1)}" for entry in plan.toc)
    for lines in plan.body:
        out.extend(_text_line(line) for line in lines)
    out.extend(_text_line(line) for line in plan.unplaced)
    return "\n\n".join(out) + "\n"


# HTML and PDF ------------------------------------------------------------------------------------------

# A word with a hyphen, dash or slash is kept on one line: a line broken inside "multi-stakeholder"
# would read back out of the PDF as two words.
_JOINED = re.compile(r"\S*[-/–—]\S*")


def _html_pieces(pieces: Sequence[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for kind, text in pieces:
        if kind == "mark":
            out.append((kind, text))
            continue
        start = 0
        for match in _JOINED.finditer(text):
            if match.start() > start:
                out.append(("text", text[start : match.start()]))
            out.append(("keep", match.group(0)))
            start = match.end()
        if start < len(text):
            out.append(("text", text[start:]))
    return out


def _html_line(line: Line) -> dict[str, Any]:
    return {"line": line, "pieces": _html_pieces(line.pieces), "label": line.label.strip()}


def to_html(document: Document) -> str:
    """The compilation as a standalone print HTML page (str); every text is escaped by the template."""
    document = xml_safe_values(document)
    plan = layout(document)
    context = {
        "document": document,
        "titles": plan.titles,
        "front": [[_html_line(line) for line in lines] for lines in plan.front],
        "toc_heading": TOC_HEADING,
        "toc": plan.toc,
        "body": [[_html_line(line) for line in lines] for lines in plan.body],
        "unplaced": [_html_line(line) for line in plan.unplaced],
    }
    return render_to_string("exports/proposals.html", context)


def to_pdf(document: Document) -> bytes:
    """The compilation as a PDF (bytes): A4, each group and annex on a new page, the table of
    contents' page numbers set by WeasyPrint, every page but the first numbered at its foot."""
    return html_to_pdf(to_html(document))
