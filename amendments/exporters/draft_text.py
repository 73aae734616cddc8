"""How the draft prints in every export: the revision line, a block's text cut at its footnote marks,
its footnotes in the order of their marks.

Brackets and footnote marks come from `display_text` and `footnote_mark_positions`, so every export
prints them where the app does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

from amendments.core.document import Block, Document, Footnote, display_text, footnote_mark_positions

__all__ = ["EMPTY_SECTION", "item_groups", "notes_in_mark_order", "pieces", "revision_line"]

EMPTY_SECTION = "This part has no text in the current draft."


def revision_line(document: Document) -> str:
    """The revision as printed, "Rev.1, 15 January 2018"; "" for the current state."""
    revision = document.revision
    if revision is None:
        return ""
    try:
        day = date.fromisoformat(revision.date)
    except ValueError:  # a date that is not ISO is printed as stored rather than refused
        return ", ".join(v for v in (revision.name, revision.date) if v)
    return f"{revision.name}, {day.day} {day:%B %Y}"


def pieces(block: Block) -> list[str | Footnote]:
    """The printed text cut at its footnote marks: text strings and footnotes, in reading order."""
    text, out, start = display_text(block), [], 0
    for at, note in footnote_mark_positions(block):
        out += [text[start:at], note]
        start = at
    out.append(text[start:])
    return [piece for piece in out if piece != ""]


def notes_in_mark_order(paragraph: Block) -> list[Footnote]:
    """A paragraph's footnotes in mark order, then those of its sub-items: the order of their marks."""
    return [note for row in (paragraph, *paragraph.items) for _, note in footnote_mark_positions(row)]


def item_groups(paragraph: Block) -> Iterator[tuple[bool, Iterator[Block]]]:
    """Sub-items grouped by kind, in order: a run of quotes is one block quote, a run of items one list."""
    return itertools.groupby(paragraph.items, key=lambda item: item.kind == "quote")
