"""Checks on text people type or upload, before it is stored; and the one cleaning of text already
stored, before it is written into a document. No Django imports.

Every text the app keeps must be writable in every format it exports: XML 1.0 (.docx) cannot hold
the control characters but tab and line breaks, U+FFFE nor U+FFFF (lxml refuses them and the whole
export fails), and UTF-8 (every file) cannot hold the lone halves of surrogate pairs. `clean_text`
refuses those, and with them the other control characters (DEL, C1) and the noncharacters
(U+FDD0–U+FDEF, the last two code points of every plane), which are no one's text. `xml_safe`
replaces the same characters, so that a text stored before these checks (or by a path around them)
still exports.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from amendments.core.tokens import normalise

MAX_TEXT_LENGTH = 20_000  # characters; the longest WGEC paragraph is about 1,300
MAX_NOTE_LENGTH = 5_000  # justifications, comments and the secretariat's decision notes
MAX_REASON_LENGTH = 300  # the "why" of an edit of the draft, kept in its history

REPLACEMENT = "\ufffd"
_LISTED = 3  # characters named in a refusal; the rest are counted

# Tab, line feed and carriage return are the only control characters text may hold (a carriage
# return is a line break on its way to becoming "\n"; clean_text normalises it before the check).
_NONCHARACTERS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
_UNSAVEABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")

T = TypeVar("T")


class TextError(ValueError):
    """The text cannot be stored as it is; the message says why, for the person who typed it."""


def _name(char: str) -> str:
    return "NUL" if char == "\0" else f"U+{ord(char):04X}"


def _where(text: str, index: int) -> str:
    """Where a character is, as the person sees the text: its position, and its line when there are several."""
    line = text.count("\n", 0, index)
    if not line:
        return f"position {index + 1}"
    column = index - text.rfind("\n", 0, index)
    return f"line {line + 1}, position {column}"


def unsaveable_message(text: str, *, what: str = "The text", also_allowed: str = "") -> str | None:
    """The refusal of a text holding characters that cannot be saved (which, and where), or None."""
    found = [m.start() for m in _UNSAVEABLE.finditer(text) if m.group() not in also_allowed]
    if not found:
        return None
    if len(found) == 1:
        at = found[0]
        where = f"({_name(text[at])}) at {_where(text, at)}"
        return f"{what} contains a character that cannot be saved {where}; remove it and try again."
    listed = [f"{_name(text[at])} ({_where(text, at)})" for at in found[:_LISTED]]
    more = len(found) - _LISTED
    names = ", ".join(listed[:-1]) + (f", {listed[-1]} and {more:,} more" if more > 0 else f" and {listed[-1]}")
    return f"{what} contains {len(found):,} characters that cannot be saved: {names}; remove them and try again."


def check_characters(
    text: str, *, what: str = "The text", error: type[Exception] = TextError, also_allowed: str = ""
) -> str:
    """`text` as it is, or `error` (a TextError unless given) saying which character cannot be saved and
    where. `also_allowed`: control characters the caller removes itself (the form feeds of a PDF's text)."""
    message = unsaveable_message(text, what=what, also_allowed=also_allowed)
    if message is not None:
        raise error(message)
    return text


def clean_text(text: str, *, limit: int = MAX_TEXT_LENGTH, what: str = "The text", allow_empty: bool = False) -> str:
    """NFC-normalised text with Unix line breaks and no trailing blanks, or TextError."""
    text = check_characters(normalise(text), what=what)
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if not text and not allow_empty:
        raise TextError(f"{what} is empty.")
    if len(text) > limit:
        raise TextError(f"{what} is {len(text):,} characters long; the limit is {limit:,}.")
    return text


def clean_note(note: str | None, *, limit: int = MAX_REASON_LENGTH, what: str = "The note") -> str:
    """A note that may be left empty (the reason of an edit, kept in the history), checked as every text is."""
    return clean_text(note or "", limit=limit, what=what, allow_empty=True)


def xml_safe(text: str) -> str:
    """`text` with every character `clean_text` refuses replaced by U+FFFD, one for one (so offsets
    into it, such as where a footnote mark goes, stay right); tabs and line breaks are kept."""
    return _UNSAVEABLE.sub(REPLACEMENT, text) if _UNSAVEABLE.search(text) else text


def xml_safe_values(value: T) -> T:
    """`value` with `xml_safe` applied to every string in it: in dataclasses (a `Document`), tuples,
    lists and dicts (a compilation). What needs no change is returned as it is, not copied."""
    return _safe(value)


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple | list):
        items = [_safe(item) for item in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return value._make(items) if hasattr(value, "_make") else type(value)(items)  # a named tuple too
    if isinstance(value, dict):
        keys, items = [_safe(key) for key in value], [_safe(item) for item in value.values()]
        unchanged = all(a is b for a, b in zip([*keys, *items], [*value, *value.values()], strict=True))
        return value if unchanged else dict(zip(keys, items, strict=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _safe_dataclass(value)
    return value


def _safe_dataclass(value: Any) -> Any:
    changed = {}
    for field in dataclasses.fields(value):
        if field.init:
            current = getattr(value, field.name)
            cleaned = _safe(current)
            if cleaned is not current:
                changed[field.name] = cleaned
    return dataclasses.replace(value, **changed) if changed else value


def parse_id(value: object, *, maximum: int = 2**53) -> int | None:
    """A whole number typed or posted by a user, or None: ASCII digits only ("²".isdigit() is true
    but int("²") fails) and within range (a 30-digit id overflows SQLite)."""
    value = str(value or "").strip()
    if not value or len(value) > 16 or not value.isascii() or not value.isdecimal():
        return None
    number = int(value)
    return number if number <= maximum else None
