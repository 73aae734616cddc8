"""How the draft prints in every export: the masthead (symbol, distribution, date, language), the
revision line, a block's text cut at its footnote marks, its footnotes in the order of their marks.

Brackets and footnote marks come from `display_text` and `footnote_mark_positions`, so every export
prints them where the app does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date

from amendments.core.document import Block, Document, Footnote, display_text, footnote_mark_positions

__all__ = [
    "EMPTY_SECTION",
    "item_groups",
    "masthead",
    "notes_in_mark_order",
    "pieces",
    "printed_date",
    "printed_symbol",
    "revision_line",
]

EMPTY_SECTION = "This part has no text in the current draft."


# A revision named as the UN numbers them adds its name to the document's symbol: ".../CRP.3/Rev.1".
_UN_REVISION = re.compile(r"Rev\.\d+")


def printed_date(value: str) -> str:
    """An ISO date as UN documents print it, "15 January 2018"; any other text as it stands."""
    try:
        day = date.fromisoformat(value)
    except ValueError:  # a date that is not ISO is printed as stored rather than refused
        return value
    return f"{day.day} {day:%B %Y}"


def revision_line(document: Document) -> str:
    """The revision as printed, "Rev.1, 15 January 2018"; "" for the current state."""
    revision = document.revision
    if revision is None:
        return ""
    return ", ".join(v for v in (revision.name, printed_date(revision.date)) if v)


def printed_symbol(document: Document) -> str:
    """The document symbol, with the revision's name when it is a UN one ("E/CN.16/2018/CRP.3/Rev.1")."""
    symbol, revision = document.identity.symbol, document.revision
    if symbol and revision is not None and _UN_REVISION.fullmatch(revision.name):
        return f"{symbol}/{revision.name}"
    return symbol


def masthead(document: Document) -> list[str]:
    """The lines above the title, as a UN document prints them at its top right: the symbol,
    "Distr.: Limited", the date of this text and "Original: English"; the empty ones left out."""
    identity = document.identity
    lines = [
        printed_symbol(document),
        f"Distr.: {identity.distribution}" if identity.distribution else "",
        printed_date(identity.date) if identity.date else "",
        f"Original: {identity.language}" if identity.language else "",
    ]
    return [line for line in lines if line]


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
