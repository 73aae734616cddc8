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

from amendments.core.rolling_document import Footnote, RollingDocument, Source

__all__ = ["ExportComparison", "WordComparison", "compare_export", "compare_words", "normalise_words", "write_text"]

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


# The app's export compared with the rolling document ---------------------------------------------

_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_BULLETS = {"-", "•", "–"}
_PAGE_LINE = re.compile(r"^\s*\d+\s*$")
# A contents entry's page: after its tab (the original's text), or after the first line of the
# entry (`pdftotext` of a PDF puts the page there, or on a line of its own) unless the number
# follows a comma, as a number of a list in the entry's text does ("Questions 4, 8").
_TOC_PAGE = re.compile(r"(?:\s*\.{2,})?(?:\s*\t|(?<=[^\d,\s])\s+)\d+\s*$")


@dataclass(frozen=True)
class ExportComparison:
    """What an export's text reproduces of the rolling document, word by word.

    `words` compares the text without what is layout; `layout` counts, by kind, what was set aside
    as layout on either side (page numbers of the contents and of the pages, bullet glyphs, and the
    footnotes, which are compared one by one instead of where they are printed);
    `footnotes_missing` are the footnotes of the original the export does not print word for word.
    """

    words: WordComparison
    layout: dict[str, int]
    footnotes_found: int
    footnotes_missing: tuple[str, ...]


def _without_layout(text: str, first_group: str, layout: dict[str, int]) -> list[str]:
    """The lines of a text without page numbers (alone on a line, or ending a contents entry)."""
    lines = text.replace("\r\n", "\n").replace("\f", "\n").split("\n")
    out: list[str] = []
    in_contents = False
    seen_group = 0
    for line in lines:
        stripped = line.strip()
        if stripped == "Table of Contents":
            in_contents = True
        elif stripped.startswith(first_group):
            seen_group += 1
            in_contents = in_contents and seen_group < 2
        if _PAGE_LINE.match(line):
            layout["page numbers"] += 1
            continue
        if in_contents and _TOC_PAGE.search(line):
            layout["page numbers"] += 1
            line = _TOC_PAGE.sub("", line)
        out.append(line)
    return out


def _remove_run(words: list[str], run: list[str]) -> bool:
    """Take the first occurrence of `run` out of `words`; whether it was there."""
    size = len(run)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == run:
            del words[start : start + size]
            return True
    return False


def compare_export(
    original: str, exported: str, footnotes: list[tuple[str, str]], first_group: str
) -> ExportComparison:
    """Compare an export's text (from the .docx, or `pdftotext` of the PDF) with the rolling
    document's: `footnotes` are its (mark, text) pairs, `first_group` the heading that ends its
    table of contents where it appears again ("GROUP A: …")."""
    layout: dict[str, int] = {"page numbers": 0, "bullets": 0, "footnotes": 0}
    sides = []
    missing: list[str] = []
    found = 0
    for index, text in enumerate((original, exported)):
        words = normalise_words("\n".join(_without_layout(text, first_group, layout)))
        kept = [word for word in words if word not in _BULLETS]
        layout["bullets"] += len(words) - len(kept)
        for mark, note in footnotes:
            present = _remove_run(kept, [mark, *normalise_words(note)])
            layout["footnotes"] += present
            if index == 1:
                found += present
                if not present:
                    missing.append(f"{mark} {note}")
        sides.append(kept)
    matcher = difflib.SequenceMatcher(a=sides[0], b=sides[1], autojunk=False)
    differing = 0
    differences: list[str] = []
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if op == "equal":
            continue
        differing += max(a_end - a_start, b_end - b_start)
        differences.append(f"{' '.join(sides[0][a_start:a_end])!r} -> {' '.join(sides[1][b_start:b_end])!r}")
    comparison = WordComparison(len(sides[0]), differing, tuple(differences))
    return ExportComparison(comparison, layout, found, tuple(missing))
