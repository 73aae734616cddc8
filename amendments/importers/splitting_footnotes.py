"""Footnote text in the flow of a revised text: found, joined over its wrapped lines, and lifted out.

Text converted from PDF leaves footnotes where the page ended: "¹ …" or "<sup>2</sup> …" lines
(classified as notes already) and plain "2 The funding …" lines, which could as well be paragraph
2 and so are only believed next to a page break.
"""

from __future__ import annotations

import re

import regex

from amendments.importers.splitting_lines import (
    Items,
    Layout,
    Line,
    ends_sentence,
    is_break,
    join_texts,
    marker,
    starts_lower,
)

# Footnote text with a plain number ("2 The funding of …"): only believed next to a page break.
PLAIN_FOOTNOTE_RE = re.compile(r"(?P<n>\d{1,3})\s+(?=[A-Z\"“(]|https?:|www\.)")


def glued_mark_re(number: str) -> regex.Pattern:
    """Footnote ``number``'s mark glued to a word ("available.2", "meeting3,")."""
    # After a lowercase letter, or a letter and one punctuation mark; never inside "G20" or "1.5".
    return regex.compile(rf"(?<=[a-z][.,;:)\"”’]?){number}(?=[\s.,;:)]|$)")


class FootnoteLifter:
    """Moves footnote text out of the items; marks the line after any removal as ``after_break``."""

    def __init__(self, items: Items, layout: Layout, *, md: bool) -> None:
        self.items, self.layout, self.md = items, layout, md

    def lift(self) -> tuple[list[tuple[str, str]], list[str]]:
        """``(footnotes as (number, text), dropped lines as "why: text")``, in order."""
        self._gather()
        footnotes: list[tuple[str, str]] = []
        dropped: list[str] = []
        previous_break = False
        for it in self.items:
            if isinstance(it, tuple):
                if it[0] == "note":
                    footnotes.append((it[1], it[2]))
                elif it[2]:
                    dropped.append(f"{it[1]}: {it[2]}")
                previous_break = True
            elif isinstance(it, Line):
                it.after_break, previous_break = previous_break, False
        self.items.mark_gaps()
        return footnotes, dropped

    def _gather(self) -> None:
        """Turn plain footnote blocks into notes, and join marked notes with their wrapped lines."""
        one_line_notes = self.md or not self.layout.wrapped
        for pos, it in enumerate(self.items):
            plain = None
            if isinstance(it, Line) and (m := PLAIN_FOOTNOTE_RE.match(it.text)):
                plain = self._plain_footnote_block(pos, m.group("n"))
            if plain:
                number, end = plain
                text = self._join_block(pos, end)[len(number) :].strip()
                self._remove_glued_mark(pos, number)
                self.items[pos] = ("note", number, text)
                for k in range(pos + 1, end + 1):
                    if isinstance(self.items[k], Line):
                        self.items[k] = None
            elif isinstance(it, tuple) and it[0] == "note" and not one_line_notes:
                end = self._note_continuation(pos)
                if end > pos:
                    extra = self._join_block(pos + 1, end)
                    self.items[pos] = ("note", it[1], join_texts([it[2], extra]))
                    for k in range(pos + 1, end + 1):
                        self.items[k] = None

    def _plain_footnote_block(self, pos: int, number: str) -> tuple[str, int] | None:
        """``(number, last position)`` when the line at ``pos`` is footnote text by a page break.

        A plain "2 The funding …" could as well be paragraph 2, so it is only taken for a footnote
        at the bottom of a page (a short block ending a sentence, right before the page artefacts)
        or right after a break when its mark is glued to a word before it ("available.2") or it
        interrupts a sentence (the text before the break does not end, the text after it starts
        in lowercase).
        """
        if self.md or not self.layout.wrapped:
            return None
        before = next(self.items.neighbours(pos, -1), None)
        if before is not None and is_break(self.items[before]):
            return self._after_break(pos, number)
        return self._before_break(pos, number)

    def _after_break(self, pos: int, number: str) -> tuple[str, int] | None:
        """A footnote at the top of a page: its mark is glued to a word, or it cuts a sentence."""
        end = pos  # the footnote runs to its first sentence end, three lines at most
        for k in self.items.neighbours(pos, 1):
            it = self.items[k]
            if ends_sentence(self.items[end].text) or not isinstance(it, Line) or it.marker:
                break
            if k - pos > 6 or not starts_lower(it.text):
                break
            end = k
        if self._glued_mark(pos, number) is not None:
            return number, end
        text_before = next(
            (self.items[k] for k in self.items.neighbours(pos, -1) if isinstance(self.items[k], Line)), None
        )
        after = next(self.items.neighbours(end, 1), None)
        text_after = self.items[after] if after is not None else None
        cut = text_before is not None and not ends_sentence(text_before.text)
        if cut and isinstance(text_after, Line) and starts_lower(text_after.text):
            return number, end
        return None

    def _before_break(self, pos: int, number: str) -> tuple[str, int] | None:
        """A footnote at the bottom of a page: a short block ending a sentence before the break."""
        end = pos
        for count, k in enumerate(self.items.neighbours(pos, 1)):
            it = self.items[k]
            if is_break(it):
                last = self.items[end].text
                ends = ends_sentence(last) or re.search(r"https?://\S+$|www\.\S+$", last)
                return (number, end) if ends else None
            if count >= 4 or not isinstance(it, Line) or it.marker or PLAIN_FOOTNOTE_RE.match(it.text):
                return None
            end = k
        return None

    def _note_continuation(self, pos: int) -> int:
        """Last position of the wrapped lines that continue the footnote starting at ``pos``."""
        end = pos
        text = self.items[pos][2]
        for k in self.items.neighbours(pos, 1):
            it = self.items[k]
            if not isinstance(it, Line) or it.marker or it.heading:
                break
            if not self.layout.double_spaced and it.gap:
                break
            # Up to a page break nearby, every line belongs to the note; else only until it ends.
            if not self._break_within(k, 4) and (ends_sentence(text) or not starts_lower(it.text)):
                break
            end, text = k, it.text
        return end

    def _break_within(self, pos: int, lines: int) -> bool:
        for count, k in enumerate(self.items.neighbours(pos - 1, 1)):
            if count > lines:
                return False
            if is_break(self.items[k]):
                return True
        return False

    def _join_block(self, start: int, end: int) -> str:
        return join_texts([it.text for it in self.items[start : end + 1] if isinstance(it, Line)])

    def _glued_mark(self, pos: int, number: str) -> int | None:
        """Position of the nearest line before ``pos`` (within 120) carrying footnote ``number``'s
        mark glued to a word ("available.2", "meeting3,"), as PDF-to-text leaves superscripts."""
        mark = glued_mark_re(number)
        for k in range(pos - 1, max(-1, pos - 120), -1):
            it = self.items[k]
            if isinstance(it, Line) and mark.search(it.text):
                return k
        return None

    def _remove_glued_mark(self, pos: int, number: str) -> None:
        k = self._glued_mark(pos, number)
        if k is not None:
            it = self.items[k]
            it.text = glued_mark_re(number).sub("", it.text, count=1)
            it.marker, it.number, it.label, it.body = marker(it.text, ocr_bullets=not self.md)
