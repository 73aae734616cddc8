"""Footnote text in the flow of a revised text: found, joined over its wrapped lines, and lifted out.

Text converted from PDF leaves footnotes where the page ended: "¹ …" or "<sup>2</sup> …" lines
(classified as notes already) and plain "2 The funding …" lines, which could as well be paragraph
2 and so are only believed next to a page break.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

import regex

from amendments.importers.splitting_lines import (
    NOT_BREAKS,
    Item,
    Items,
    Layout,
    Line,
    ends_sentence,
    is_break,
    is_page_artefact,
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


def _bare_number(it: Item) -> int | None:
    """The value of a line that is a number and nothing else (dropped as a page number), else None."""
    if isinstance(it, tuple) and it[1] == "page number" and it[2].isdigit():
        return int(it[2])
    return None


def _words(text: str) -> str:
    """A text as compared with the draft's footnotes: its words, lowercase, one space apart."""
    return " ".join(_WORD_RE.findall(text.lower()))


_WORD_RE = re.compile(r"[^\W_]+")


class FootnoteLifter:
    """Moves footnote text out of the items; marks the line after any removal as ``after_break``.

    ``known``: the draft's footnotes as (number, text), and ``body`` the draft's paragraphs: a line
    found whole in one footnote and in no paragraph is that footnote's text wherever it stands.
    """

    def __init__(
        self,
        items: Items,
        layout: Layout,
        *,
        md: bool,
        known: Sequence[tuple[str, str]] = (),
        body: Sequence[str] = (),
    ) -> None:
        self.items, self.layout, self.md = items, layout, md
        self.known = [(number, f" {_words(text)} ") for number, text in known if _words(text)]
        self.body = f" {' | '.join(_words(text) for text in body)} "

    def lift(self) -> tuple[list[tuple[str, str]], list[str]]:
        """``(footnotes as (number, text), dropped lines as "why: text")``, in order."""
        self._gather()
        self._join_split_notes()
        footnotes: list[tuple[str, str]] = []
        dropped: list[str] = []
        previous_break = False
        for it in self.items:
            if isinstance(it, tuple):
                if it[0] == "note":
                    footnotes.append((it[1], it[2]))
                elif it[2]:
                    dropped.append(f"{it[1]}: {it[2]}")
                previous_break = previous_break or it[1] not in NOT_BREAKS
            elif isinstance(it, Line):
                it.after_break, previous_break = previous_break, False
        self.items.mark_gaps()
        return footnotes, dropped

    def _page_feet(self) -> None:
        """Footnotes as pdftotext lays them out at a page's foot: each number on a line of its own,
        its text on the lines after it, the numbers consecutive, up to the page break (or the end);
        a last number with no text after it is the page number."""
        breaks = [pos for pos, it in enumerate(self.items) if is_page_artefact(it) and it[1] == "page break"]
        start = 0
        for end in [*breaks, len(self.items)]:
            zone = self._foot_zone(start, end)
            if zone is not None:
                self._lift_zone(zone, end)
            start = end + 1

    def _foot_zone(self, start: int, end: int) -> int | None:
        """The first position in ``start:end`` from which the page holds nothing but footnotes."""
        for pos in range(start, end):
            if _bare_number(self.items[pos]) is not None and self._only_notes(pos, end):
                return pos
        return None

    def _only_notes(self, pos: int, end: int) -> bool:
        expected = _bare_number(self.items[pos])
        text_lines = 0
        for k in range(pos, end):
            it = self.items[k]
            number = _bare_number(it)
            if number is not None:
                if number != expected:
                    return not any(isinstance(x, Line) for x in self.items[k:end])  # the page number
                if k > pos and not text_lines:
                    return False  # a number without its text
                expected, text_lines = number + 1, 0
            elif isinstance(it, Line):
                text_lines += 1
                if text_lines > 6 or self._draft_body(it.text):
                    return False
            elif it is not None and not is_break(it):
                return False
        return text_lines > 0

    def _lift_zone(self, pos: int, end: int) -> None:
        note: int | None = None
        for k in range(pos, end):
            it = self.items[k]
            if _bare_number(it) is not None and self._has_text(k, end):
                note = k
                self.items[k] = ("note", it[2], "")
            elif isinstance(it, Line) and note is not None:
                number, text = self.items[note][1], self.items[note][2]
                self.items[note] = ("note", number, join_texts([text, it.text]))
                self.items[k] = None

    def _has_text(self, pos: int, end: int) -> bool:
        after = next(self.items.neighbours(pos, 1), None)
        return after is not None and after < end and isinstance(self.items[after], Line)

    def _known_notes(self) -> None:
        """Lines found whole in one of the draft's footnotes and in none of its paragraphs: footnote
        text, wherever the conversion left it (before, after or amid the page's last lines)."""
        if not self.known:
            return
        previous: int | None = None
        for pos, it in enumerate(self.items):
            if not isinstance(it, Line):
                if it is not None:  # a marked note ("[9] …") is continued by the known lines after it
                    previous = pos if isinstance(it, tuple) and it[0] == "note" else None
                continue
            number = self._known_number(it.text)
            if number is None:
                previous = None
                continue
            last = self.items[previous] if previous is not None else None
            if previous is not None and isinstance(last, tuple) and last[0] == "note" and last[1] == number:
                self.items[previous] = ("note", number, join_texts([last[2], it.text]))
                self.items[pos] = None
            else:
                m = PLAIN_FOOTNOTE_RE.match(it.text)
                text = it.text[m.end() :] if m and m.group("n") == number else it.text
                self.items[pos] = ("note", number, text)
                previous = pos

    def _draft_body(self, text: str) -> bool:
        """Whether a line is found whole in the draft's paragraphs and in none of its footnotes."""
        words = f" {_words(text)} "
        return words.strip() != "" and words in self.body and not any(words in note for _, note in self.known)

    def _known_number(self, text: str) -> str | None:
        m = PLAIN_FOOTNOTE_RE.match(text)
        if m and (number := self._known_number(text[m.end() :])) == m.group("n"):
            return number  # "1 Transcribe …": the footnote's number and its text on one line
        words = _words(text)
        if not words or (len(words.split()) < 3 and "http" not in text and "www" not in text):
            return None
        if f" {words} " in self.body:
            return None
        found = [number for number, note in self.known if f" {words} " in note]
        return found[0] if len(found) == 1 else None

    def _gather(self) -> None:
        """Turn plain footnote blocks into notes, and join marked notes with their wrapped lines."""
        if not self.md:
            self._page_feet()
            self._known_notes()
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

    def _join_split_notes(self) -> None:
        """One note of two with the same number, one right after the other: a wrapped note whose
        middle line was not known as the draft's (a member changed a word in it)."""
        last: int | None = None
        for pos, it in enumerate(self.items):
            if it is None:
                continue
            note = self.items[last] if last is not None else None
            if isinstance(it, tuple) and it[0] == "note" and isinstance(note, tuple) and note[1] == it[1]:
                self.items[last] = ("note", it[1], join_texts([note[2], it[2]]))  # type: ignore[index]
                self.items[pos] = None
                continue
            last = pos if isinstance(it, tuple) and it[0] == "note" else None

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
        known = dict(self.known).get(self.items[pos][1], "")
        for k in self.items.neighbours(pos, 1):
            it = self.items[k]
            if not isinstance(it, Line) or it.marker or it.heading:
                break
            if not self.layout.double_spaced and it.gap:
                break
            # Up to a page break nearby, every line belongs to the note; else only until it ends,
            # unless the line goes on with the draft's text of that note ("… for the | Information Society").
            tail = " ".join(_words(text).split()[-3:])  # the words before the break, as a member left them
            goes_on = bool(_words(it.text)) and f" {tail} {_words(it.text)} " in known
            if not self._break_within(k, 4) and not goes_on and (ends_sentence(text) or not starts_lower(it.text)):
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


# A footnote mark PDF-to-text glued to the word before it ("meeting3", "Agenda.1", "group4,").
_GLUED_RE = regex.compile(r"(?<=[^\W\d_][.,;:)\"”’]?)(\d{1,3})(?=[.,;:)\"”’]*$)")


class FootnoteResidue:
    """What a PDF conversion leaves of footnotes in a paragraph, taken out against the draft's text.

    Footnote reference marks become digits glued to a word ("meeting3") or standing alone ("WGEC
    7"), and a footnote's text can land inside the paragraph it interrupts. Compared word by word
    with the draft paragraph, a word that is the draft's word plus a footnote number, a lone
    footnote number, and a run of added words found whole in a footnote are no change of the text.
    """

    def __init__(self, footnotes: Iterable[Sequence[str]]) -> None:
        notes = [(str(number), text) for number, text in footnotes]
        self.marks = {number for number, _ in notes if number.isdigit()}
        self.texts = [f" {_words(text)} " for _, text in notes if _words(text)]

    def clean(self, old: str, new: str) -> str:
        """``new`` without the footnote residue that ``old`` does not have (``new`` itself when none)."""
        if not self.marks and not self.texts:
            return new
        a, b = old.split(), new.split()
        out: list[str] = []
        changed = False
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            chunk = b[j1:j2]
            if tag != "equal":
                kept = self._kept(a[i1:i2], chunk)
                changed = changed or kept != chunk
                chunk = kept
            out.extend(chunk)
        return " ".join(out) if changed else new

    def _kept(self, replaced: list[str], added: list[str]) -> list[str]:
        kept = []
        for word in added:
            if word in self.marks:
                continue  # a lone mark
            m = _GLUED_RE.search(word)
            if m and m.group(1) in self.marks:
                word = word[: m.start()] + word[m.end() :]
            kept.append(word)
        text = _words(" ".join(kept))
        dropped_words = _words(" ".join(replaced))
        if len(text.split()) >= 3 and any(f" {text} " in note for note in self.texts) and text not in dropped_words:
            return []  # footnote text in the flow
        return kept
