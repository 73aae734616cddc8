"""Normalisation and tokenisation: the units the word diff (amendments.core.textdiff) compares.

Pure Python, no Django. ``normalise`` turns newlines into "\\n" and composes to NFC; ``tokenise``
splits into words that keep their trailing whitespace, Han/Hiragana/Katakana per character, and
never splits a grapheme cluster.
"""

from __future__ import annotations

import re
import unicodedata

import regex

__all__ = ["fine_tokens", "has_content", "normalise", "tokenise", "tokens_between"]

# Script_Extensions rather than Script so that the prolonged sound mark "ー" and the iteration
# mark "々" (script Common / Han-extended) are split per character like the kana around them.
_CJK = r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]"
# A grapheme cluster that starts with a word character but is not CJK. Whole clusters, so
# Arabic harakat, Indic matras and variation selectors stay with their base letter.
_WORD_CLUSTER = rf"(?:(?=[\w--{_CJK}])\X)"
# Hyphens, apostrophes and inner dots join word parts ("Internet-related", "States'",
# "e.g", "1.5"); a comma joins only digits ("1,000") so "open,interoperable" still splits.
_WORD = (
    rf"{_WORD_CLUSTER}+"
    rf"(?:(?:[\-\u2010\u2011'\u2019.]|(?<=\d),(?=\d)){_WORD_CLUSTER}+)*"
)
_HSPACE = r"[^\S\n]*"  # whitespace other than newlines

# Coarse tokens, the unit of the diff. A newline is its own token (with the indentation after
# it) so line structure is an anchor and "word\n" never differs from "word " as a whole token.
_TOKEN_RE = regex.compile(
    rf"""
      \n{_HSPACE}
    | [^\S\n]+
    | (?={_CJK})\X{_HSPACE}
    | {_WORD}{_HSPACE}
    | \X{_HSPACE}
    """,
    regex.VERBOSE | regex.VERSION1,
)

# Fine tokens: the same units without attached whitespace. Used only to trim common prefixes
# and suffixes off a replacement ("Agenda" vs "Agenda "), never to split a word.
_FINE_RE = regex.compile(
    rf"""
      \s+
    | (?={_CJK})\X
    | {_WORD}
    | \X
    """,
    regex.VERBOSE | regex.VERSION1,
)

# Anything that is not whitespace or punctuation makes a token "content": words, digits,
# CJK, symbols and emoji. Only content-free equalities may be absorbed by the cleanup.
_CONTENT_RE = regex.compile(r"[^\s\p{P}]", regex.VERSION1)


# Fast path for text in which every code point is its own grapheme cluster, nothing is CJK and
# the stdlib's \w, \s and \d agree with the regex module's (Latin, Cyrillic, general
# punctuation; U+00B7 is excluded as its scripts include Han). The same patterns with "\X" as
# "." under `re` are several times faster, which is what keeps a paragraph under 100 us.
# Tests check that both paths tokenise alike.
_SIMPLE_TEXT_RE = re.compile(
    r"[\x00-\x1b\x20-\xb1\xb4-\xb6\xb8\xba\xbb\xbf-\u024f\u0400-\u0482\u048a-\u04ff"
    r"\u2010-\u203e\u2041-\u2053\u2055-\u205e\u20a0-\u20bf]*\Z"
)
_SIMPLE_WORD = r"\w+(?:(?:[\-\u2010\u2011'\u2019.]|(?<=\d),(?=\d))\w+)*"
_SIMPLE_TOKEN_RE = re.compile(rf"\n{_HSPACE}|[^\S\n]+|{_SIMPLE_WORD}{_HSPACE}|.{_HSPACE}", re.DOTALL)
_SIMPLE_FINE_RE = re.compile(rf"\s+|{_SIMPLE_WORD}|.", re.DOTALL)


def normalise(text: str) -> str:
    """Return ``text`` with CRLF/CR turned into LF and composed to NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def tokenise(text: str) -> list[str]:
    """Split ``normalise(text)`` into diff tokens; ``"".join(tokens) == normalise(text)``."""
    text = normalise(text)
    return tokens_between(text, 0, len(text))


def tokens_between(text: str, start: int, end: int) -> list[str]:
    """The tokens of ``text[start:end]`` (already normalised), read in place.

    pos/endpos rather than slicing: lookbehinds still see the text before ``start``.
    """
    if _SIMPLE_TEXT_RE.match(text, start, end):
        return _SIMPLE_TOKEN_RE.findall(text, start, end)
    return _TOKEN_RE.findall(text, start, end)


def fine_tokens(text: str) -> list[str]:
    """The same units without their attached whitespace (spaces are tokens of their own)."""
    if _SIMPLE_TEXT_RE.match(text):
        return _SIMPLE_FINE_RE.findall(text)
    return _FINE_RE.findall(text)


def has_content(token: str) -> bool:
    """Whether a token holds a word, number, symbol or emoji (anything but spaces and punctuation)."""
    return _CONTENT_RE.search(token) is not None
