"""Text and redlines as HTML, every piece of stored text escaped, for the template tags of pages and
HTML exports (amendments.templatetags.wgec).

Pure Python, no Django. Every function escapes every piece of text it is given and returns a plain
`str`; the Django side marks the result safe once, in a template tag.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from amendments.core import brackets
from amendments.core.line_numbers import Line
from amendments.core.textdiff import DELETE, EQUAL, INSERT, Segment

__all__ = [
    "Highlight",
    "bracketed_html",
    "escape_lines",
    "inline_html",
    "numbered_lines_html",
    "side_by_side_html",
    "with_brackets",
]

_TAGS = {EQUAL: ("", ""), DELETE: ("<del>", "</del>"), INSERT: ("<ins>", "</ins>")}


def escape_lines(text: str) -> str:
    """The text escaped, its line breaks shown as <br> (they are part of a paragraph's text)."""
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def with_brackets(text: str) -> str:
    """Escaped text whose [bracketed] passages and [alternatives] are marked, so they stand out on screen too."""
    return bracketed_html(text, brackets.segments(text))


def _opening(segment: brackets.Segment) -> tuple[str, str]:
    """The tags around one segment, and the label of proposers that follows an alternative."""
    if segment.kind == "bracketed":
        return '<span class="bracketed">', "</span>"
    if segment.kind == "alternative":
        names = ", ".join(segment.proposers)
        css = f"alternative alternative--{segment.group % 4}"  # neighbouring groups in different colours
        if not names:
            return f'<span class="{css}">', "</span>"
        label = html.escape(names, quote=True)
        return (
            f'<span class="{css}" title="Proposed by {label}">',
            f'</span><small class="alternative__by">{label}</small>',
        )
    return "", ""


class Highlight(NamedTuple):
    """Words to highlight, `text[start:end]`, and the opening tags the caller built and escaped:
    `opening` for their first stretch, `continued` for the others (a bracket or a footnote mark
    within the words cuts them, so the tags always nest); each stretch is closed by </mark>."""

    start: int
    end: int
    opening: str
    continued: str


def _highlighted(text: str, start: int, end: int, highlights: Sequence[Highlight]) -> str:
    """`text[start:end]` escaped, the stretches of it the highlights cover in their tags."""
    out, at = [], start
    for h in highlights:
        a, b = max(h.start, at), min(h.end, end)
        if a >= b:
            continue
        out.append(escape_lines(text[at:a]))
        out.append((h.opening if a == h.start else h.continued) + escape_lines(text[a:b]) + "</mark>")
        at = b
    out.append(escape_lines(text[at:end]))
    return "".join(out)


def bracketed_html(
    text: str,
    parts: Sequence[brackets.Segment],
    marks: Sequence[tuple[int, str]] = (),
    highlights: Sequence[Highlight] = (),
) -> str:
    """The text as `brackets.segments` cut it: each piece escaped, bracketed passages and
    alternatives in their spans, each alternative followed by its proposers' names.

    `marks` are (offset in the text, HTML the caller built and escaped), a footnote mark each: put
    right after `text[:offset]`, inside a bracketed passage when they stand within it.
    `highlights` (not overlapping, in order) mark commented words within all of that."""
    pending = sorted(marks, key=lambda mark: mark[0])
    out: list[str] = []

    def text_to(start: int, end: int) -> None:
        at = start
        while pending and pending[0][0] < end:
            offset, mark = pending.pop(0)
            out.append(_highlighted(text, at, offset, highlights))
            out.append(mark)
            at = offset
        out.append(_highlighted(text, at, end, highlights))

    for segment in parts:
        while pending and pending[0][0] <= segment.start:
            out.append(pending.pop(0)[1])
        before, after = _opening(segment)
        out.append(before)
        text_to(segment.start, segment.end)
        out.append(after)
    for _, mark in pending:
        out.append(mark)
    return "".join(out)


def _line_parts(parts: Sequence[brackets.Segment], line: Line) -> list[brackets.Segment]:
    """The segments cut to one line, in the line's offsets; an alternative's proposers follow only
    its last piece."""
    out = []
    for segment in parts:
        start, end = max(segment.start, line.start), min(segment.end, line.end)
        if start < end:
            names = segment.proposers if end == segment.end else ()
            out.append(replace(segment, start=start - line.start, end=end - line.start, proposers=names))
    return out


def _line_marks(marks: Sequence[tuple[int, str]], lines: Sequence[Line]) -> list[list[tuple[int, str]]]:
    """Each line's marks: a mark goes on the line its anchor ends on (at its end, or after it)."""
    out: list[list[tuple[int, str]]] = [[] for _ in lines]
    for offset, mark in marks:
        k = next((k for k, line in enumerate(lines) if offset <= line.end), len(lines) - 1)
        line = lines[k]
        out[k].append((min(max(offset - line.start, 0), len(line.text)), mark))
    return out


def numbered_lines_html(
    text: str, parts: Sequence[brackets.Segment], lines: Sequence[Line], marks: Sequence[tuple[int, str]] = ()
) -> str:
    """The text as `bracketed_html` shows it, in its printed lines (`line_numbers.wrap`), each after
    its number. The numbers are hidden from screen readers and from a copy of the text (the page's
    style makes them unselectable), so what is copied is the text."""
    out = []
    for line, line_marks in zip(lines, _line_marks(marks, lines), strict=True):
        body = bracketed_html(line.text, _line_parts(parts, line), line_marks)
        out.append(
            f'<span class="line"><span class="line__number" aria-hidden="true">{line.number}</span>'
            f'<span class="line__text">{body}</span></span>'
        )
    return "".join(out)


def _render(op: str, text: str) -> str:
    try:
        start, end = _TAGS[op]
    except KeyError:
        raise ValueError(f"unknown segment op {op!r}") from None
    return start + escape_lines(text) + end


def inline_html(segments: Iterable[Segment]) -> str:
    """One redline: deletions in ``<del>``, insertions in ``<ins>``, all text escaped."""
    return "".join(_render(op, text) for op, text in segments)


def side_by_side_html(segments: Iterable[Segment]) -> tuple[str, str]:
    """``(left, right)``: the base with its deletions marked, the proposal with its insertions."""
    left: list[str] = []
    right: list[str] = []
    for op, text in segments:
        piece = _render(op, text)
        if op != INSERT:
            left.append(piece)
        if op != DELETE:
            right.append(piece)
    return "".join(left), "".join(right)
