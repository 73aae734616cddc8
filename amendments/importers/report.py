"""A Chair's draft (.docx, UTF-8 text or PDF) as the document model, to start a new report from.

No Django here. `read_report(data, filename)` chooses the reader by the file's content (never its
name) and returns a `Document`, or raises `uploads.UploadError` with one sentence for the user.

From a .docx (`report_word` reads its paragraphs):
- the top: the paragraph in the Title style is the title, the one before it the body that writes
  the report, the one after it the subtitle (without a Title style: the first paragraphs before any
  heading or number are the title, then the subtitle);
- every paragraph in a Heading style starts a section (its key is the heading as a slug; a number
  Word gives the heading is kept in front of it);
- a paragraph is numbered by Word's own numbering or by a number typed in front of it ("15.", "2 bis."
  followed by a tab or a space); a list or bullet paragraph (and one at a deeper list level) is a
  sub-item of the paragraph before it, a paragraph in the Quote style a quote of it;
- footnotes belong to the paragraph or sub-item whose text holds their mark; `after` is the shortest
  run of words before the mark that puts it back at the same place (empty when it ends the text).
From text and PDF: `splitting` cuts paragraphs, numbers, bullets, headings and footnotes; the short
lines at the top that it takes for headings without text are the body, title and subtitle.

Paragraphs that are empty, and the line an export prints for a section without text, are left out.
A .docx with tracked changes is read as its text without them, and `notes(document)` says so.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from amendments.core.document import Block, BlockKind, Document, Footnote, Section
from amendments.core.numbering import LATIN_PATTERN
from amendments.core.rolling_document_text import from_pdf_pages
from amendments.exporters.draft_text import EMPTY_SECTION
from amendments.importers import compilation, proposals_word, splitting, uploads
from amendments.importers.masthead import read_masthead
from amendments.importers.report_word import WordLine, read_word_lines

__all__ = ["NO_PARAGRAPHS", "NOT_A_DRAFT", "PDF_WITHOUT_TEXT", "TRACKED_CHANGES", "UNTITLED", "notes", "read_report"]

NO_PARAGRAPHS = "The file has no paragraphs to start a report from."
NOT_A_DRAFT = "Not a .docx, PDF or UTF-8 text file."
PDF_WITHOUT_TEXT = "The PDF holds no text (a scan?): upload the .docx or a text version of the draft."
PDF_DAMAGED = "The PDF could not be read; save it again or upload the .docx."
TRACKED_CHANGES = (
    "The file has tracked changes: the report is made of its text without them. If they are part of the"
    " draft, accept them in Word and upload the file again."
)
UNTITLED = "Untitled part"  # the heading of the text that comes before the first heading

_TYPED_NUMBER = re.compile(rf"^(\d{{1,4}}(?: (?:{LATIN_PATTERN}))?)(?:\.[ \t]+|\t)(?=\S)", re.IGNORECASE)
_MAX_ANCHOR = 200  # the database's footnote_anchor
_MIN_ANCHOR_WORDS = 3


ROLLING_UNREADABLE = (
    "This file looks like a rolling document of proposals (an abstract, a table of contents, groups), "
    "but its structure could not be read. Upload its text (.txt) or the app's own .docx or PDF of it."
)


def read_report(data: bytes, filename: str = "") -> Document:
    """The draft in the file as a `Document` with at least one paragraph (see the module docstring)."""
    if data.startswith(b"%PDF"):
        uploads.check_size(len(data))
        text = _pdf_text(data)
        if compilation.is_rolling_document(text):  # the compilation's PDF export: paragraphs from its layout
            layout = from_pdf_pages(_pdf_text(data, layout=True).split("\f"))
            document = _rolling(layout, text)
        else:
            document = _text_document(text)
    elif _sniff(data, filename) == "docx" and compilation.is_rolling_document(
        text := proposals_word.rolling_text(data)
    ):
        document = _rolling(text)  # the compilation's own Word export (exporters.proposals_docx)
    elif _sniff(data, filename) == "docx":
        word = read_word_lines(data)
        document = _from_word(word.lines)
        if word.tracked_changes:
            document = replace(document, meta={"notes": [TRACKED_CHANGES]})
    else:
        document = _text_document(uploads.read_text(data), "md" if filename.lower().endswith(".md") else "txt")
    if not any(section.blocks for section in document.sections):
        raise uploads.UploadError(NO_PARAGRAPHS)
    return document


def _sniff(data: bytes, filename: str) -> str:
    try:
        return uploads.sniff(data, filename)
    except uploads.UploadError as error:  # its own message names only .docx and text
        raise uploads.UploadError(NOT_A_DRAFT if str(error) == uploads.NOT_DOCX else str(error)) from None


def notes(document: Document) -> list[str]:
    """What the reader says about the file for the reviewer (tracked changes left out, …)."""
    return list(document.meta.get("notes", ()))


# Text and PDF ------------------------------------------------------------------------------------------

_SYMBOL_DROPPED = "document symbol"  # how splitting names a symbol line it drops


def _pdf_text(data: bytes, *, layout: bool = False) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        mode: Literal["plain", "layout"] = "layout" if layout else "plain"
        pages = [page.extract_text(extraction_mode=mode) or "" for page in PdfReader(io.BytesIO(data)).pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise uploads.UploadError(PDF_DAMAGED) from None
    text = "\f".join(pages)  # a form feed is a page break to the splitter
    if not text.strip():
        raise uploads.UploadError(PDF_WITHOUT_TEXT)
    return text


def _text_document(text: str, kind: Literal["txt", "md"] = "txt") -> Document:
    """A rolling document of proposals becomes a compilation (importers.compilation); any other text a draft."""
    if compilation.is_rolling_document(text):
        return _rolling(text)
    return _from_text(text, kind)


def _rolling(*texts: str) -> Document:
    """The rolling document in the first of `texts` (the same file read different ways) whose
    structure the reader finds; a clear refusal when none has it (a PDF made by another program
    than the app, say, whose layout the reader does not know)."""
    for text in texts:
        try:
            return compilation.read_rolling_text(text)
        except ValueError:
            continue
    raise uploads.UploadError(ROLLING_UNREADABLE)


def _from_text(text: str, kind: Literal["txt", "md"] = "txt") -> Document:
    parsed = splitting.split_revised_text(text, kind=kind)
    document = splitting.to_document(parsed)
    sections = list(document.sections)
    top: list[str] = []
    while len(sections) > 1 and not sections[0].blocks and sections[0].heading:
        top.append(sections.pop(0).heading)
    # The splitter drops a document symbol as a page artefact (it is printed on every PDF page):
    # the first one it dropped is the masthead's.
    symbols = [d.split(": ", 1)[1] for d in parsed.dropped if d.startswith(f"{_SYMBOL_DROPPED}: ")]
    identity, used = read_masthead(symbols[:1] + top)
    used -= 1 if symbols and identity.symbol else 0
    body, title, subtitle = _top_lines(top[used:])
    return replace(_finish(title, subtitle, body, [(s.heading, list(s.blocks)) for s in sections]), identity=identity)


def _top_lines(top: list[str]) -> tuple[str, str, str]:
    """(body, title, subtitle) from the lines above the text: one is a title, two a title and its
    subtitle, three or more the body, the title and the subtitle."""
    if len(top) >= 3:
        return top[0], top[1], " ".join(top[2:])
    return "", top[0] if top else "", top[1] if len(top) > 1 else ""


# Word --------------------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A block being built from Word lines: sub-items and footnotes are still added to it."""

    kind: BlockKind
    number: str
    text: str
    footnotes: list[Footnote]
    items: list[_Draft] = field(default_factory=list)

    def freeze(self) -> Block:
        return Block(
            kind=self.kind,
            number=self.number,
            text=self.text,
            items=tuple(item.freeze() for item in self.items),
            footnotes=tuple(self.footnotes),
        )


def _from_word(lines: list[WordLine]) -> Document:
    lines = [line for line in lines if (line.text.strip() or line.notes) and line.text.strip() != EMPTY_SECTION]
    identity, used = read_masthead([line.text for line in itertools.takewhile(_is_top, lines)])
    lines = lines[used:]
    start = next((k for k, line in enumerate(lines) if not _is_top(line)), len(lines))
    body, title, subtitle, used = _word_top(lines[:start], more=start < len(lines))
    sections: list[tuple[str, list[_Draft]]] = []
    for line in lines[used:]:
        if line.role == "heading":  # a heading numbered by Word keeps its number: "I. Background"
            number = f"{line.number}. " if line.number else ""
            sections.append((number + line.text.strip(), []))
            continue
        if not sections:
            sections.append(("", []))
        _add_line(sections[-1][1], line)
    document = _finish(title, subtitle, body, [(h, [d.freeze() for d in drafts]) for h, drafts in sections])
    return replace(document, identity=identity)


def _is_top(line: WordLine) -> bool:
    """A line that may belong to the title block: above the first heading, numbered paragraph and list."""
    return line.role in ("title", "subtitle", "text") and not line.number and not _TYPED_NUMBER.match(line.text)


def _word_top(top: list[WordLine], *, more: bool) -> tuple[str, str, str, int]:
    """(body, title, subtitle, how many lines of `top` they took); the lines left are paragraphs.

    With a Title style: the lines before it are the body, the Subtitle-styled line or the short line
    after it the subtitle. Without: the first line is the title and a second one the subtitle, as long
    as a paragraph is left (`more`: headings or paragraphs come after `top`)."""
    texts = [line.text.strip() for line in top]
    titled = next((k for k, line in enumerate(top) if line.role == "title"), None)
    if titled is None:
        room = len(top) if more else len(top) - 1  # leave at least one paragraph
        used = min(2, max(room, 0))
        if used == 2 and top[1].role != "subtitle" and not _short(texts[1]):
            used = 1
        return "", texts[0] if used else "", texts[1] if used == 2 else "", used
    used = titled + 1
    follows = top[used] if used < len(top) else None
    if follows is not None and (follows.role == "subtitle" or _short(follows.text)) and (more or used + 1 < len(top)):
        return " ".join(texts[:titled]), texts[titled], follows.text.strip(), used + 1
    return " ".join(texts[:titled]), texts[titled], "", used


def _short(text: str) -> bool:
    """Short enough to be a subtitle ("Chair's initial proposal of 11 November 2017"), not a paragraph."""
    return len(text.split()) <= 20 and not text.rstrip().endswith((".", ":", ";"))


def _add_line(blocks: list[_Draft], line: WordLine) -> None:
    text, number, shift = line.text, line.number, 0
    typed = _TYPED_NUMBER.match(text) if not number and line.role == "text" else None
    if typed:
        number, shift = typed.group(1), typed.end()
    body = text[shift:]
    stripped = body.strip()
    shift += len(body) - len(body.lstrip())
    notes = [Footnote(number=n.number, text=n.text, after=_anchor(stripped, n.offset - shift)) for n in line.notes]
    is_item = line.role in ("list", "quote") or (line.level > 0 and bool(line.number))
    if is_item and blocks:
        kind: BlockKind = "quote" if line.role == "quote" else "item"
        blocks[-1].items.append(_Draft(kind, number, stripped, notes))
    else:
        blocks.append(_Draft("paragraph", number, stripped, notes))


def _anchor(text: str, offset: int) -> str:
    """The fewest whole words before `offset` (three at least, so that an edit elsewhere rarely moves
    the mark) whose first occurrence in `text` ends there; "" when the mark ends the text."""
    offset = min(max(offset, 0), len(text))
    if offset >= len(text):
        return ""
    before = text[:offset]
    starts = [m.start() for m in re.finditer(r"\S+", before)]
    for count, begin in enumerate(reversed(starts), start=1):
        candidate = before[begin:]
        if count < _MIN_ANCHOR_WORDS and begin != starts[0]:
            continue
        if len(candidate) > _MAX_ANCHOR:
            break
        if text.find(candidate) + len(candidate) == offset:
            return candidate
    return before[-_MAX_ANCHOR:] if before else ""


# Both --------------------------------------------------------------------------------------------------


def _finish(title: str, subtitle: str, body: str, sections: list[tuple[str, list[Block]]]) -> Document:
    """The document, every section with a heading and a key of its own."""
    keys: set[str] = set()
    out = []
    for heading, blocks in sections:
        heading = heading or UNTITLED
        key = _key(heading, keys)
        keys.add(key)
        kept = tuple(_clean_block(b) for b in blocks if b.text.strip() != EMPTY_SECTION or b.items or b.footnotes)
        out.append(Section(key=key, heading=heading, blocks=kept))
    return Document(title=title, subtitle=subtitle, body=body, sections=tuple(out))


def _clean_block(block: Block) -> Block:
    return replace(block, text=block.text.strip(), items=tuple(_clean_block(i) for i in block.items))


def _key(heading: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56].strip("-") or "section"
    key, count = base, 1
    while key in taken:
        count += 1
        key = f"{base}-{count}"
    return key
