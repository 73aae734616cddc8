"""Line numbers: a paragraph's text in fixed lines, numbered from 1, so a delegate can cite
"Recommendation 4, line 3" and every reader, on screen or on paper, finds the same words there.

Pure Python, no Django. The lines are cut by character count (`LINE_LENGTH`), never by a font or a
page width, so the page, the print view and the PDF all number the same words alike. A line breaks
at a space (the space belongs to no line's text); a word longer than a line is cut into pieces of a
line each; a line break in the text always ends a line.

`numbered_lines_text` undoes the layout in text read back from a line-numbered PDF: the importer
then sees the paragraphs as the clean export prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amendments.core.textdiff import Segment, edits

__all__ = [
    "LINE_LENGTH",
    "Line",
    "changed_lines",
    "describe",
    "line_of",
    "lines_touched",
    "numbered_lines_text",
    "wrap",
]

LINE_LENGTH = 80

_WORD_RE = re.compile(r"[^ \n]+")


@dataclass(frozen=True)
class Line:
    """One printed line: `text[start:end]` of the paragraph, numbered from 1."""

    number: int
    start: int
    end: int
    text: str


def _hard_lines(text: str) -> Iterable[tuple[int, str]]:
    """(offset, line) for each line of the text as its own line breaks cut it."""
    at = 0
    for line in text.split("\n"):
        yield at, line
        at += len(line) + 1


def _wrap_hard_line(offset: int, line: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each printed line of one hard line, greedy, breaking at spaces."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for match in _WORD_RE.finditer(line):
        w_start, w_end = offset + match.start(), offset + match.end()
        if start is not None and w_end - start <= width:
            end = w_end
            continue
        if start is not None:
            out.append((start, end))
        # A word longer than a line is cut into pieces of a line; its last piece starts a line.
        while w_end - w_start > width:
            out.append((w_start, w_start + width))
            w_start += width
        start, end = w_start, w_end
    if start is None:
        return [(offset, offset)]  # an empty line of the text is a line of its own
    out.append((start, end))
    return out


def wrap(text: str, width: int = LINE_LENGTH) -> list[Line]:
    """The text's printed lines, numbered from 1; an empty text has none."""
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    if not text.strip():
        return []
    spans = [span for offset, line in _hard_lines(text) for span in _wrap_hard_line(offset, line, width)]
    return [Line(n, start, end, text[start:end]) for n, (start, end) in enumerate(spans, 1)]


def line_of(lines: Sequence[Line], offset: int) -> Line:
    """The line an offset stands on: the last line starting at or before it (the spaces after a
    line's last word are that line's; anything before the first word is the first line's)."""
    found = lines[0]
    for line in lines:
        if line.start > offset:
            break
        found = line
    return found


def lines_touched(text: str, start: int, end: int, width: int = LINE_LENGTH) -> tuple[int, int] | None:
    """(first, last) line numbers that `text[start:end]` touches; an insertion (start == end) touches
    the line where it stands. None for a text without lines."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"range {start}–{end} is not within a text of {len(text)} characters")
    lines = wrap(text, width)
    if not lines:
        return None
    first = line_of(lines, start)
    last = first if end == start else line_of(lines, end - 1)
    return first.number, last.number


def changed_lines(segments: Sequence[Segment], width: int = LINE_LENGTH) -> tuple[int, int] | None:
    """(first, last) line numbers of the base text (equal and deleted segments) that a diff changes;
    None when it changes nothing or the base has no lines (a new paragraph)."""
    changes = edits(segments, "ours")
    if not changes:
        return None
    base = "".join(text for op, text in segments if op != "insert")
    spans = [lines_touched(base, change.start, change.end, width) for change in changes]
    found = [span for span in spans if span is not None]
    if not found:
        return None
    return min(span[0] for span in found), max(span[1] for span in found)


def describe(span: tuple[int, int] | None) -> str:
    """ "line 3", "lines 3–5", or "" for no lines."""
    if span is None:
        return ""
    first, last = span
    return f"line {first}" if first == last else f"lines {first}–{last}"


# -- Reading a line-numbered print back ------------------------------------------------------------------

# A printed line with its number: "3 the text", or after a bullet the list put before it ("• 3 the text").
# The paragraph's own hanging number may come first, on the same line ("15.   1 the text").
_PARAGRAPH_NUMBER = r"\d{1,3}(?: [a-z]{3,12})?\.|\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)"
_NUMBERED_RE = re.compile(
    rf"^(?P<indent>\s*)(?:(?P<para>{_PARAGRAPH_NUMBER})\s+)?(?P<bullet>[•◦▪‣·-]\s+)?(?P<n>\d{{1,3}})(?:\s+(?P<text>\S.*?))?\s*$"
)
# A paragraph's own number alone on the line before its first line, as a print's hanging number reads back.
_LONE_NUMBER_RE = re.compile(rf"^\s*(?P<number>{_PARAGRAPH_NUMBER})\s*$")
# Paragraphs that restart at 1, and the share of the text's lines they hold, that make the layout certain.
MIN_PARAGRAPHS = 2
MIN_SHARE = 0.5


@dataclass
class _Run:
    """One paragraph's printed lines: (line index, text without its number)."""

    lines: list[tuple[int, str]]
    bullet: str


def _is_note(row: str, notes: Sequence[tuple[str, str]]) -> bool:
    """A footnote as a print reads back ("1 See …"), which would pass for a numbered line."""
    squashed = " ".join(row.split())
    return any(squashed.startswith(f"{number} {text[:40]}".strip()) for number, text in notes)


def _runs(rows: Sequence[str], notes: Sequence[tuple[str, str]]) -> list[_Run]:
    runs: list[_Run] = []
    for k, row in enumerate(rows):
        match = _NUMBERED_RE.match(row)
        if match is None or match.group("text") is None or _is_note(row, notes):
            continue  # a line without a number (heading, footnote, page furniture), or a page number
        n, text = int(match.group("n")), match.group("text")
        if n == 1:
            if match.group("para"):
                text = f"{match.group('para')} {text}"
            runs.append(_Run([(k, text)], (match.group("bullet") or "").strip()))
            continue
        # A paragraph cut by a page break goes on after the page's foot and the next page's head.
        for run in reversed(runs[-3:]):
            if len(run.lines) == n - 1:
                run.lines.append((k, text))
                break
    return runs


def _joined(texts: Sequence[str], width: int) -> str:
    """A paragraph's lines joined as they were cut: at a space, or inside a word that filled a line."""
    out = texts[0]
    for before, text in zip(texts, texts[1:], strict=False):
        cut_word = len(before) == width and " " not in before
        out += text if cut_word else " " + text
    return out


def _row_before(rows: Sequence[str], k: int) -> int | None:
    """The last row with text before row k (blank rows between a hanging number and its text mean nothing)."""
    k -= 1
    while k >= 0 and not rows[k].strip():
        k -= 1
    return k if k >= 0 else None


def numbered_lines_text(raw: str, notes: Sequence[tuple[str, str]] = (), width: int = LINE_LENGTH) -> str:
    """Text read from a line-numbered print with its line numbers taken off and each paragraph's lines
    joined into one line between blank lines; the text as it is when it does not clearly have that
    layout (numbers 1, 2, 3… restarting at 1 in each paragraph, on most of its lines). `notes` are the
    footnotes (number, text) the text may hold: their lines are no paragraph's."""
    rows = raw.split("\n")
    runs = _runs(rows, notes)
    in_runs = sum(len(run.lines) for run in runs)
    filled = sum(1 for row in rows if row.strip())
    if len(runs) < MIN_PARAGRAPHS or in_runs < MIN_SHARE * filled:
        return raw
    replaced: dict[int, str | None] = {}
    for run in runs:
        first = run.lines[0][0]
        text = _joined([text for _, text in run.lines], width)
        if run.bullet:
            text = f"{run.bullet} {text}"
        before = _row_before(rows, first)
        number = _LONE_NUMBER_RE.match(rows[before]) if before is not None else None
        if number is not None and before is not None and before not in replaced:
            replaced[before] = None
            text = f"{number.group('number')} {text}"
        replaced[first] = f"\n{text}\n"
        for k, _ in run.lines[1:]:
            replaced[k] = None
    out = [replaced.get(k, row) for k, row in enumerate(rows)]
    return "\n".join(row for row in out if row is not None)
