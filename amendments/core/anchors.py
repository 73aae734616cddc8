"""The words a comment is anchored to, found in the text it comments on, as Word and other editors
show them: the text cut into pieces, each carrying the anchors that cover it.

An anchor is kept as words only (no offsets): it is found at its first occurrence in the text, with
any run of whitespace in the text matching a space of the anchor. An anchor the text no longer
contains (the paragraph was edited since) is simply not found. Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_ANCHOR_LENGTH", "Piece", "locate", "normalise", "pieces", "segments"]

# A comment is on a phrase or a sentence: a longer "anchor" is the whole text, which needs none.
MAX_ANCHOR_LENGTH = 500


def normalise(words: str) -> str:
    """The words with every run of whitespace made one space and none at either end."""
    return " ".join(words.split())


def locate(text: str, anchor: str) -> tuple[int, int] | None:
    """Where the anchor's words first stand in the text, as (start, end) offsets, or None."""
    words = anchor.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return (found.start(), found.end()) if found else None


@dataclass(frozen=True)
class Piece:
    """A stretch of the text, `text[start:end]`, and the indices of the anchors covering it (in
    the order the anchors were given; empty for text no anchor covers)."""

    start: int
    end: int
    anchors: tuple[int, ...] = ()


def pieces(text: str, anchors: Sequence[str]) -> list[Piece]:
    """The whole text, cut wherever an anchor starts or ends; anchors may overlap or coincide (two
    delegations commenting on the same words), so a piece may carry several."""
    spans = {i: at for i, at in ((i, locate(text, anchor)) for i, anchor in enumerate(anchors)) if at}
    cuts = sorted({0, len(text), *(offset for span in spans.values() for offset in span)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(i for i, (a, b) in spans.items() if a <= start and end <= b)
        out.append(Piece(start, end, covering))
    return out


def segments(text: str, anchors: Sequence[str]) -> list[tuple[tuple[int, ...], str]]:
    """The same pieces as (anchor indices, words): the text read as highlighted and plain stretches."""
    return [(piece.anchors, text[piece.start : piece.end]) for piece in pieces(text, anchors)]
