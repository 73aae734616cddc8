"""The words a search looks for, found again in a text: the matches as segments and a short excerpt
around the first one. Segments are `(matched, text)` pairs; the page escapes each and marks the
matched ones, so no HTML is made here."""

from __future__ import annotations

import re
from collections.abc import Sequence

Segments = list[tuple[bool, str]]

MAX_TERMS = 12  # a search of more words finds no more: the rest are ignored
MAX_TERM_LENGTH = 60
EXCERPT_LENGTH = 220

# Websearch syntax words that are operators, not words to find.
_OPERATORS = frozenset({"or", "and", "not"})
# English endings dropped before highlighting, so that "recommendations" also marks "recommended"
# as PostgreSQL's English stemmer finds it; the stem keeps at least four letters.
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "ly")
_WORD = re.compile(r"\w+")


def search_terms(query: str) -> list[str]:
    """The words of a query, lower case, each once, in the order typed: no operator ("or"), no
    word excluded with a minus ("-draft"), at most MAX_TERMS, each cut to MAX_TERM_LENGTH."""
    terms: list[str] = []
    for token in query.split():
        if token.startswith("-"):
            continue
        for word in _WORD.findall(token.lower()):
            word = word[:MAX_TERM_LENGTH]
            if word not in _OPERATORS and word not in terms:
                terms.append(word)
    return terms[:MAX_TERMS]


def stem(term: str) -> str:
    """A term less one common English ending, when at least four letters remain."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    words = sorted({t.lower() for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    # A term anywhere (as a contains search finds it), or a word that starts with its stem (as a
    # stemmed full-text search finds it); the longer alternatives first.
    alternatives = [rf"\b{re.escape(stem(w))}\w*" for w in words] + [re.escape(w) for w in words]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> Segments:
    """`text` cut into segments, the matches of `terms` (case-insensitive) marked True; adjacent
    unmatched text is one segment, and joining the texts gives `text` back."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return [(False, text)] if text else []
    segments: Segments = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            segments.append((False, text[at : match.start()]))
        segments.append((True, match.group()))
        at = match.end()
    if at < len(text):
        segments.append((False, text[at:]))
    return segments


def first_match(text: str, terms: Sequence[str]) -> int | None:
    """Where the first match of `terms` starts in `text` (None: nowhere)."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern is not None else None
    return match.start() if match else None


def excerpt(text: str, terms: Sequence[str], length: int = EXCERPT_LENGTH) -> Segments:
    """About `length` characters of `text` around its first match, cut at spaces, with "…" where
    text was left out, highlighted; the start of the text when nothing matches."""
    text = " ".join(text.split())
    if len(text) <= length:
        return highlight(text, terms)
    found = first_match(text, terms) or 0
    start = max(0, found - length // 3)
    end = min(len(text), start + length)
    start = max(0, end - length)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > found else end
    segments = highlight(text[start:end], terms)
    if start > 0:
        segments.insert(0, (False, "… "))
    if end < len(text):
        segments.append((False, " …"))
    return _joined(segments)


def _joined(segments: Segments) -> Segments:
    """Adjacent segments of the same kind as one."""
    out: Segments = []
    for matched, text in segments:
        if out and out[-1][0] == matched:
            out[-1] = (matched, out[-1][1] + text)
        else:
            out.append((matched, text))
    return out
