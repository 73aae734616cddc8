"""Text and redlines as HTML, every piece of stored text escaped, for the template tags of pages and
HTML exports (amendments.templatetags.wgec).

Pure Python, no Django. Every function escapes every piece of text it is given and returns a plain
`str`; the Django side marks the result safe once, in a template tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from amendments.core.textdiff import DELETE, EQUAL, INSERT, Segment

__all__ = ["escape_lines", "inline_html", "side_by_side_html", "with_brackets"]

_TAGS = {EQUAL: ("", ""), DELETE: ("<del>", "</del>"), INSERT: ("<ins>", "</ins>")}
# A passage without consensus, in the text's own [square brackets].
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def escape_lines(text: str) -> str:
    """The text escaped, its line breaks shown as <br> (they are part of a paragraph's text)."""
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def with_brackets(text: str) -> str:
    """Escaped text whose [bracketed] passages are marked, so they stand out on screen too."""
    out, start = [], 0
    for match in _BRACKETED.finditer(text):
        out.append(escape_lines(text[start : match.start()]))
        out.append(f'<span class="bracketed">{escape_lines(match.group())}</span>')
        start = match.end()
    out.append(escape_lines(text[start:]))
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
