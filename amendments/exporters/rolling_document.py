"""A compilation of proposals written as the secretariat's rolling document (seed 004's shape).

Pure functions of the one document model (`Document(kind="compilation")`): the title block (the
issuer's lines, the body, the title, the subtitle), the abstract, a table of contents by group and
then by submission with its date and page, each group with its numbered submissions and their
items as lists, each footnote printed under the text that holds its mark (as the rolling document
prints them), and the annexes. `to_text` writes it one paragraph a line, as the rolling document's
text is, so that `importers.compilation.read_rolling_text(to_text(doc))` gives `doc` back; `to_html`,
`to_pdf` and `to_docx` print the same lines.

Footnote marks are the superscript digits ("¹") the rolling document prints, so that a text read
out of the PDF or the .docx has the marks where the original has them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt

from amendments.core.document import Block, Document, Footnote, Section, Submission, footnote_mark_positions
from amendments.exporters.docx_base import new_document, saved

__all__ = ["BULLET_STYLES", "INDENT", "Line", "lines", "text_lines", "to_docx", "to_html", "to_pdf", "to_text"]

_SUPERSCRIPTS = str.maketrans("1234567890", "¹²³⁴⁵⁶⁷⁸⁹⁰")
TOC_HEADING = "Table of Contents"


@dataclass(frozen=True)
class Line:
    """One printed paragraph: its kind ("issuer", "body", "title", "subtitle", "heading", "toc",
    "source", "item", "para", "note"), its text as printed, and for list items their depth and
    bullet, for contents entries their level and the anchor they point to."""

    kind: str
    text: str
    level: int = 0
    bulleted: bool = False
    anchor: str = ""


def _mark(number: str) -> str:
    return number.translate(_SUPERSCRIPTS)


def _marked(block: Block) -> str:
    """The block's text with each footnote's mark after its anchor, as the rolling document prints it."""
    text, out, at = block.text, [], 0
    for offset, note in footnote_mark_positions(block):
        out.append(text[at:offset])
        out.append(_mark(note.number))
        at = offset
    out.append(text[at:])
    return "".join(out)


def _notes(notes: tuple[Footnote, ...]) -> Iterator[Line]:
    for note in notes:
        yield Line("note", f"{_mark(note.number)} {note.text}")


def _item(block: Block) -> Iterator[Line]:
    label = f"{block.number} " if block.number else ""
    yield Line("item", f"{label}{_marked(block)}", level=block.indent, bulleted=block.bulleted)
    yield from _notes(block.footnotes)


def _source_heading(section: Section, submission: Submission) -> str:
    number = f"{submission.number}. " if submission.number else ""
    marks = "".join(_mark(note.number) for note in submission.footnotes)
    return f"{number}{submission.heading}{marks}"


def _anchor(section: Section, submission: Submission | None = None) -> str:
    return f"{section.key}-{submission.key}" if submission is not None else section.key


def _contents(document: Document) -> Iterator[Line]:
    yield Line("heading", TOC_HEADING)
    for section in document.sections[1:]:
        yield Line("toc", section.heading, level=0, anchor=_anchor(section))
        for submission in section.submissions:
            text = _source_heading(section, submission).rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰")
            yield Line("toc", text, level=1, anchor=_anchor(section, submission))


def lines(document: Document) -> list[Line]:
    """Every printed paragraph of the compilation, in order. The first section (the abstract) comes
    before the table of contents, as in the rolling document; the others after it."""
    out = [Line("issuer", line) for line in document.issuer]
    out += [Line("body", document.body), Line("title", document.title)]
    if document.subtitle:
        out.append(Line("subtitle", document.subtitle))
    for index, section in enumerate(document.sections):
        if index == 1:
            out.extend(_contents(document))
        out.append(Line("heading", section.heading, anchor=_anchor(section) if index else ""))
        for submission, blocks in section.submission_blocks():
            if submission is not None:
                out.append(Line("source", _source_heading(section, submission), anchor=_anchor(section, submission)))
                out.extend(_notes(submission.footnotes))
                for block in blocks:
                    out.extend(_item(block))
            else:
                for block in blocks:
                    if block.bulleted or block.number:
                        out.extend(_item(block))
                    else:
                        out.append(Line("para", _marked(block)))
                        out.extend(_notes(block.footnotes))
    if len(document.sections) == 1:
        out.extend(_contents(document))
    return out


def text_lines(printed: list[Line], pages: dict[str, int] | None = None) -> Iterator[str]:
    """The lines as the rolling document's text prints them (see `to_text`)."""
    return _text_lines(printed, pages or {})


def _text_lines(printed: list[Line], pages: dict[str, int]) -> Iterator[str]:
    # The rolling document indents a bullet by one space where it stands under another bullet (a
    # sub-bullet); under a numbered item a bullet is not indented: its depth is read from the kinds
    # of numbering open above it.
    above: list[Line] = []  # the items open above the current one, by depth
    for line in printed:
        if line.kind == "toc":
            yield f"{line.text}\t{pages.get(line.anchor, 0)}"
        elif line.kind == "item":
            del above[line.level :]
            under_bullet = bool(above) and above[-1].bulleted
            indent = " " if line.bulleted and line.level and under_bullet else ""
            above.append(line)
            yield f"{indent}{'- ' if line.bulleted else ''}{line.text}"
        else:
            if line.kind != "note":
                above = []
            yield line.text


def to_text(document: Document, pages: dict[str, int] | None = None) -> str:
    """The compilation as plain text, one paragraph a line, blank lines between; the contents give
    the pages of the PDF when `pages` (anchor → page) are known, else 0."""
    return "\n\n".join(_text_lines(lines(document), pages or {})) + "\n"


# HTML and PDF ---------------------------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 2.5cm; @bottom-center { content: counter(page); font-size: 10pt; } }
body { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 12pt; line-height: 1.3; margin: 0; }
p { margin: 0 0 .6em; text-align: left; hyphens: manual; orphans: 2; widows: 2; }
.issuer, .body, .title, .subtitle { text-align: center; font-weight: bold; margin: 0 0 .3em; }
.title { font-size: 15pt; margin-top: 1.2em; }
.subtitle { font-style: italic; margin-bottom: 2em; }
h2 { font-size: 12pt; margin: 1.6em 0 .8em; break-after: avoid; }
h2.heading-toc { break-before: page; text-align: center; }
h2.group { break-before: page; }
h3 { font-size: 12pt; font-weight: bold; margin: 1.2em 0 .6em; break-after: avoid; }
.item { margin-left: 0; }
.item.bullet::before { content: "•\\00a0"; }
.level-1 { margin-left: 1.5em; }
.level-2 { margin-left: 3em; }
.note { font-size: 10pt; margin-left: 1em; }
.toc { margin: 0 0 .35em; display: flex; gap: .5em; }
.toc a { color: inherit; text-decoration: none; flex: 1; }
.toc.level-1 { margin-left: 1.5em; }
.toc .page::after { content: target-counter(attr(data-target), page); }
"""


def _html_line(line: Line, print_ready: bool = False) -> str:
    text = html.escape(_unbroken(line.text) if print_ready else line.text)
    if line.kind in ("issuer", "body", "title", "subtitle"):
        return f'<p class="{line.kind}">{text}</p>'
    if line.kind == "heading":
        kind = "heading-toc" if line.text == TOC_HEADING else ("group" if line.anchor else "")
        anchor = f' id="{line.anchor}"' if line.anchor else ""
        return f'<h2 class="{kind}"{anchor}>{text}</h2>'
    if line.kind == "source":
        return f'<h3 id="{line.anchor}">{text}</h3>'
    if line.kind == "toc":
        target = f"#{line.anchor}"
        return (
            f'<p class="toc level-{line.level}"><a href="{target}">{text}</a>'
            f'<span class="page" data-target="{target}"></span></p>'
        )
    if line.kind == "item":
        bullet = " bullet" if line.bulleted else ""
        return f'<p class="item level-{line.level}{bullet}">{text}</p>'
    return f'<p class="{line.kind}">{text}</p>'


def to_html(document: Document, *, print_ready: bool = False) -> str:
    """The compilation as a standalone page; `print_ready` for WeasyPrint (see `_unbroken`)."""
    body = "\n".join(_html_line(line, print_ready) for line in lines(document))
    title = html.escape(f"{document.title} ({document.subtitle})" if document.subtitle else document.title)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# A word joiner after a hyphen inside a word and after a slash: Pango would break "multi-stakeholder"
# and "and/or" there, and a text read out of the PDF would lose the hyphen (pdftotext joins a word
# broken at a hyphen) or split the word. The joiner has no glyph and is not in the PDF's text.
_HYPHENATED = re.compile(r"(?<=\w)([-/])(?=\w)")
WORD_JOINER = "\u2060"


def _unbroken(text: str) -> str:
    return _HYPHENATED.sub(lambda match: match.group(1) + WORD_JOINER, text)


def _rendered(document: Document):  # noqa: ANN202 -- WeasyPrint's Document
    from amendments.exporters.pdf import HTML, _fetcher

    return HTML(string=to_html(document, print_ready=True), url_fetcher=_fetcher()).render()


def to_pdf(document: Document) -> bytes:
    pdf: bytes = _rendered(document).write_pdf()
    return pdf


def pages(document: Document) -> dict[str, int]:
    """Where each group and submission starts in the PDF: anchor → page (1-based)."""
    found: dict[str, int] = {}
    for number, page in enumerate(_rendered(document).pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


# Word -------------------------------------------------------------------------------------------------

# A bulleted item's style by its depth: Word's own list styles, which put the bullet in (no glyph in the text).
BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
INDENT = Cm(0.75)  # a numbered item's indent by depth: the .docx keeps its depth there
_CENTRED = {"issuer", "body", "title", "subtitle"}


def _docx_line(word, line: Line, page_of: dict[str, int]) -> None:  # noqa: ANN001 -- python-docx's Document
    if line.kind == "heading":
        paragraph = word.add_paragraph(line.text, style="Heading 1")
        if line.text == TOC_HEADING or line.anchor:
            paragraph.paragraph_format.page_break_before = True
        return
    if line.kind == "source":
        word.add_paragraph(line.text, style="Heading 2")
        return
    if line.kind == "item" and line.bulleted:
        word.add_paragraph(line.text, style=BULLET_STYLES[min(line.level, 2)])
        return
    paragraph = word.add_paragraph()
    if line.kind == "toc":
        paragraph.add_run(f"{line.text}\t{page_of.get(line.anchor, '')}")
        tab = Cm(16)
        paragraph.paragraph_format.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph.paragraph_format.left_indent = INDENT * line.level
        return
    run = paragraph.add_run(line.text)
    if line.kind in _CENTRED:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        if line.kind == "title":
            run.font.size = Pt(15)
    elif line.kind == "note":
        run.font.size = Pt(10)
    elif line.kind == "item" and line.level:
        paragraph.paragraph_format.left_indent = INDENT * line.level


def to_docx(document: Document) -> bytes:
    """The compilation as .docx; the contents carry the page numbers of the PDF layout (Word and
    LibreOffice lay the text out alike on A4 with the same margins, so they are close)."""
    word = new_document()
    page_of = pages(document)
    for line in lines(document):
        _docx_line(word, line, page_of)
    word.core_properties.title = document.title
    return saved(word)
