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

__all__ = ["WordComparison", "compare_words", "normalise_words", "write_text"]

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
