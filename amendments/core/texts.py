"""Checks on text people type or upload, before it is stored. No Django imports."""

from __future__ import annotations

import unicodedata

from amendments.core.tokens import normalise

MAX_TEXT_LENGTH = 20_000  # characters; the longest WGEC paragraph is about 1,300
MAX_NOTE_LENGTH = 5_000  # justifications and comments

_ALLOWED_CONTROLS = {"\n", "\t"}


class TextError(ValueError):
    """The text cannot be stored as it is; the message says why, for the person who typed it."""


def clean_text(text: str, *, limit: int = MAX_TEXT_LENGTH, what: str = "The text", allow_empty: bool = False) -> str:
    """NFC-normalised text with Unix line breaks and no trailing blanks, or TextError."""
    text = normalise(text)
    bad = sorted({c for c in text if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS})
    if bad:
        names = ", ".join("NUL" if c == "\0" else f"U+{ord(c):04X}" for c in bad)
        raise TextError(f"{what} contains control characters ({names}); remove them and try again.")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not text and not allow_empty:
        raise TextError(f"{what} is empty.")
    if len(text) > limit:
        raise TextError(f"{what} is {len(text):,} characters long; the limit is {limit:,}.")
    return text


def parse_id(value: object, *, maximum: int = 2**53) -> int | None:
    """A whole number typed or posted by a user, or None: ASCII digits only ("²".isdigit() is true
    but int("²") fails) and within range (a 30-digit id overflows SQLite)."""
    value = str(value or "").strip()
    if not value or len(value) > 16 or not value.isascii() or not value.isdecimal():
        return None
    number = int(value)
    return number if number <= maximum else None
