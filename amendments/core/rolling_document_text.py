"""The rolling document written back to plain text, and a word comparison with the file it was read from.

Pure Python, no Django. `write_text` prints the structure `read_rolling_document` found in the
file's order (footnotes where they were printed, not only where their marks stand), so that
`compare_words` can prove, word by word, that reading lost nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from amendments.core.rolling_document import Footnote, RollingDocument, Source, with_bullet_indentation

__all__ = [
    "LayoutComparison",
    "WordComparison",
    "compare_layout",
    "compare_words",
    "normalise_layout",
    "normalise_words",
    "write_text",
]

_TOC_TAIL = re.compile(r"(?:\.{2,})?\t\d+$")
# The conversion's emphasis markers carry no words.
_EMPHASIS = re.compile(r"\*+")


@dataclass(frozen=True)
class WordComparison:
    compared: int  # words in the original, after normalising
    differing: int  # words of either side in a replaced, deleted or inserted run
    differences: tuple[str, ...]  # "original words -> written words", one per run that differs


def _footnote_lines(footnotes: tuple[Footnote, ...], after: int) -> Iterator[str]:
    for footnote in footnotes:
        if footnote.printed_after == after:
            yield f"{footnote.mark} {footnote.text}"


def _source_lines(source: Source) -> Iterator[str]:
    yield source.heading
    yield from _footnote_lines(source.footnotes, -1)
    for index, item in enumerate(source.items):
        label = "" if item.label in ("", "-") else f"{item.label} "
        bullet = "- " if item.bulleted else ""
        yield f"{' ' * item.depth if item.bulleted and item.depth else ''}{bullet}{label}{item.text}"
        yield from _footnote_lines(source.footnotes, index)


def _lines(document: RollingDocument) -> Iterator[str]:
    yield from document.title_lines
    yield "Abstract"
    abstract = document.abstract
    for index, paragraph in enumerate(abstract.paragraphs):
        yield paragraph
        yield from _footnote_lines(abstract.footnotes, index)
    yield "Table of Contents"
    for entry in document.toc:
        yield f"{entry.text}\t{entry.page}"
    for group in document.groups:
        yield group.heading
        for source in group.sources:
            yield from _source_lines(source)
    for annex in document.annexes:
        yield f"ANNEX {annex.number}: {annex.title}"
        yield from annex.paragraphs
    yield from document.unplaced


def write_text(document: RollingDocument) -> str:
    """The document as plain text, one paragraph a line, blank lines between."""
    return "\n\n".join(_lines(document)) + "\n"


def normalise_words(text: str) -> list[str]:
    """The words of a text, without emphasis markers or the table of contents' dot leaders and pages."""
    lines = (_TOC_TAIL.sub("", line) for line in text.replace("\r\n", "\n").split("\n"))
    return _EMPHASIS.sub("", "\n".join(lines)).split()


def compare_words(original: str, written: str) -> WordComparison:
    """How many words of `original` the `written` text does not reproduce in order."""
    before, after = normalise_words(original), normalise_words(written)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    differing = 0
    differences: list[str] = []
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if op == "equal":
            continue
        differing += max(a_end - a_start, b_end - b_start)
        differences.append(f"{' '.join(before[a_start:a_end])!r} -> {' '.join(after[b_start:b_end])!r}")
    return WordComparison(len(before), differing, tuple(differences))


# An export compared with the seed -----------------------------------------------------------------------

# A page number a PDF's text has alone on the line before a page break (pdftotext ends a page in "\f").
_PAGE_NUMBER = re.compile(r"(?m)^\d{1,3}\s*(?=\f|\Z)")
# The table of contents' leader and page as a PDF's text has them: "… (12 December 2013) .......7".
# A heading's own final full stop is taken too: the seed's leader swallowed it ("recommendations.....20").
_PDF_TOC_TAIL = re.compile(r"(?m)\.?(?:\s*\.{2,}|\s\.)\s*\d{1,3}$|\.*\t\d+$")


@dataclass(frozen=True)
class LayoutComparison:
    words: WordComparison  # after the layout normalisation
    layout: dict[str, int]  # what `normalise_layout` took out, by kind


def normalise_layout(text: str, footnotes: list[str]) -> tuple[list[str], dict[str, int]]:
    """The words of a text with what is layout, not text, taken out, and how many of each kind:

    - "page numbers": a PDF prints a page number at each page's foot, the seed has none;
    - "table of contents pages": the leader dots and page number of each entry (the seed's pages are
      those of its own PDF, the export's those of its own pages);
    - "footnote texts": each footnote (`footnotes`, as printed: "³ This is based …") is taken out
      wherever it stands and counted: the seed prints some after a later item or at the end of a
      list, the export right after the paragraph holding its mark (its mark stays in the text, so a
      footnote on the wrong paragraph still differs). A footnote text missing from either side stays
      out of this count and differs.
    Bullets are "- " in the seed and in every export, so no glyph is normalised.
    """
    counts = {"page numbers": 0, "table of contents pages": 0, "footnote texts": 0}
    text = text.replace("\r\n", "\n")
    text, counts["page numbers"] = _PAGE_NUMBER.subn("", text)
    text, counts["table of contents pages"] = _PDF_TOC_TAIL.subn("", text)
    flat = " ".join(normalise_words(text))
    for note in footnotes:
        printed = " ".join(normalise_words(note))
        if printed and printed in flat:
            flat = flat.replace(printed, " ", 1)
            counts["footnote texts"] += 1
    return flat.split(), counts


def compare_layout(original: str, written: str, footnotes: list[str]) -> LayoutComparison:
    """`compare_words` of the two texts after `normalise_layout`; the layout counts are the written text's."""
    before, _ = normalise_layout(original, footnotes)
    after, counts = normalise_layout(written, footnotes)
    words = compare_words("\n".join(before), "\n".join(after))
    return LayoutComparison(words, counts)


# The compilation's PDF read back ------------------------------------------------------------------------

_LEADER = re.compile(r"\s*\.{2,}\s*(\d+)$")
_SPACES_A_STEP = 6  # the PDF export's indent step (2.2em) in pypdf's layout mode's characters


def from_pdf_pages(pages: list[str]) -> str:
    """The compilation's own PDF export (exporters.proposals), as pypdf's layout mode gives each page,
    back in the rolling document's text shape. The export leaves a gap of more than a line between
    paragraphs and keeps each paragraph on one page, so a blank line ends a paragraph and a page's end
    does too; the page number at each page's foot (the page's last line, its own number) is dropped;
    a table of contents entry's dot leader becomes the tab before its page; an item's depth is its
    first line's indent (layout mode starts each page at its leftmost text, which is never indented)."""
    lines: list[tuple[str, int]] = []
    for number, page in enumerate(pages, start=1):
        rows = page.split("\n")
        while rows and not rows[-1].strip():
            rows.pop()
        if rows and rows[-1].strip() == str(number):
            rows.pop()
        block: list[str] = []
        for row in [*rows, ""]:
            if row.strip():
                block.append(row)
                continue
            if block:
                depth = round((len(block[0]) - len(block[0].lstrip())) / _SPACES_A_STEP)
                text = _LEADER.sub(r"\t\1", " ".join(part.strip() for part in block))
                lines.append((text, depth))
                block = []
    return "\n\n".join(with_bullet_indentation(lines)) + "\n"
