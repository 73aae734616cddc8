"""The masthead at the top of a UN document, read back into its `Identity`: the document symbol
("E/CN.16/2018/CRP.3"), "Distr.: Limited", the date ("15 January 2018") and "Original: English",
in the order the app's exports print them (exporters.draft_text.masthead), each line optional.

No Django here. Only the lines at the very top are read, and only while each one has the shape of
a masthead line, so the title and the text below are never taken for one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from amendments.core.document import Identity

__all__ = ["is_masthead_line", "read_masthead"]

_SYMBOL = re.compile(r"[A-Z]{1,4}(?:/[A-Za-z0-9.()\-]+)+")
_DISTRIBUTION = re.compile(r"Distr\.:\s*(.+)")
_LANGUAGE = re.compile(r"Original:\s*(.+)")
_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")


def _date(text: str) -> str:
    try:
        return datetime.datetime.strptime(text, "%d %B %Y").date().isoformat()
    except ValueError:
        return ""


def read_masthead(lines: Sequence[str]) -> tuple[Identity, int]:
    """The identity the first of `lines` print, and how many lines it took (0: there is none)."""
    found: dict[str, str] = {}
    used = 0
    for line in lines:
        text = " ".join(line.split())
        if "symbol" not in found and not found and _SYMBOL.fullmatch(text):
            found["symbol"] = text
        elif "distribution" not in found and "date" not in found and (match := _DISTRIBUTION.fullmatch(text)):
            found["distribution"] = match.group(1)
        elif "date" not in found and "language" not in found and _DATE.fullmatch(text) and _date(text):
            found["date"] = _date(text)
        elif "language" not in found and (match := _LANGUAGE.fullmatch(text)):
            found["language"] = match.group(1)
        else:
            break
        used += 1
    return Identity(**found), used


def is_masthead_line(text: str) -> bool:
    """A line with the shape of a masthead line, wherever it stands (a clean export's top lines)."""
    return read_masthead([text])[1] == 1
