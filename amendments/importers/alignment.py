"""Align a member's clean revised copy of the report with the current draft, paragraph by paragraph.

Members send back the whole report (or part of it) as clean text, often converted from PDF or Word.
Two pure functions (no Django) turn that into per-paragraph proposals:

``split_revised_text(raw, kind="txt" | "md", lexicon=()) -> RevisedText``
    Rebuilds paragraphs. ``RevisedText`` is a ``list`` of ``RevisedParagraph(number, text,
    bullet, heading, label)`` with ``footnotes`` (footnote text lifted out of the flow) and
    ``dropped`` (page artefacts and notes removed). The rules, in the order they apply:

    - Page artefacts go: page numbers ("3", "- 3 -", "Page 3 of 12"), form feeds, document
      symbols ("A/73/123"), Word notes ("Formatted: …", "Comment [REV2]: …") and running headers
      (short lines repeated on three or more pages, next to page numbers, amid different text).
    - Footnote text goes to ``footnotes``: lines starting "¹", "<sup>2</sup>", "[^3]:", and
      "2 The funding …" at the bottom of a page or right after a page break.
    - Blank lines between nearly every line (PDF) mean nothing; otherwise they end a paragraph
      unless they cut a full line from a lowercase continuation.
    - A line starts a paragraph when it starts with a number ("15.", "2 bis", "(a)", "iv.") or
      a bullet ("•", "-", "✓", and OCR's "e"/"o"/"¢" before a capital), unless the wrap merely
      pushed it off a full line mid-sentence; a line ending a sentence ends the paragraph when
      it is clearly shorter than the lines around it and the next word would have fitted.
    - Text cut by a page break goes on unless it had ended a sentence.
    - "word-" at a line end keeps its hyphen when the text (or ``lexicon``, e.g. the draft)
      uses the hyphenated form, drops it when it uses the joined form, and otherwise keeps it
      for prefixes ("e-", "non-") and before a word the text uses ("Internet-|related").

``align(draft, revised, taken=()) -> list[Entry]``
    Pairs revised paragraphs with draft paragraphs by wording, not by number (numbers shift,
    vanish or read "2 tres"): an order-preserving alignment (weighted LCS over an IDF-weighted
    word similarity, threshold 0.5; the number only breaks ties), then moves among what is left.
    A revised paragraph that absorbs another draft paragraph (merge), or a draft paragraph whose
    remainder reappears as another revised paragraph (split), is never paired: it comes out as
    deletion(s) plus insertion(s) with a ``note``, so no draft text is silently lost. Entries
    follow the revised text, with deletions where their draft paragraphs stood (after anything
    inserted in their place); insertions get a provisional number ("N bis", "N ter", …) after the
    last draft paragraph kept before them.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from math import fsum

import regex

from amendments.core.numbering import LATIN_PATTERN, next_provisional_number
from amendments.core.textdiff import normalise, tokenise

__all__ = [
    "UNCHANGED",
    "MODIFIED",
    "INSERTED",
    "DELETED",
    "MOVED",
    "DraftParagraph",
    "Entry",
    "Footnote",
    "RevisedParagraph",
    "RevisedText",
    "align",
    "split_revised_text",
]

UNCHANGED = "unchanged"
MODIFIED = "modified"
INSERTED = "inserted"
DELETED = "deleted"
MOVED = "moved"

# Two paragraphs are "the same paragraph" when at least half of their (IDF-weighted) words are
# shared. Unrelated paragraphs of the WGEC report peak at 0.46 on this measure; a paragraph with
# 40% of its words replaced still scores about 0.5.
SIMILARITY_THRESHOLD = 0.5
# A merge or split is declared when at least this share of another paragraph's weighted words
# turns up in what the pair does not explain, and at least MIN_PIECE_WORDS words of it do.
PIECE_COVERAGE = 0.5
MIN_PIECE_WORDS = 4
# A lone draft paragraph and a lone revised one between two aligned pairs need less wording in
# common: their position vouches for them (short items: "Collaborative approach:").
NEIGHBOUR_THRESHOLD = 0.3
# Tie-breaker only: a matching paragraph number never outweighs any real difference in wording.
NUMBER_HINT = 0.01


# ---------------------------------------------------------------------------------------------
# Data types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisedParagraph:
    """One paragraph of a revised text.

    ``number`` is the paragraph number as normalised ("15", "2 bis", "2 tres", "a", "2.1"; "" when
    none) and ``label`` the marker as printed ("15.", "(a)"). ``heading`` marks a title (markdown
    "#", a bold-only line, or a one-line paragraph of at most ten words without final punctuation).
    """

    number: str
    text: str
    bullet: bool = False
    heading: bool = False
    label: str = ""


@dataclass(frozen=True)
class Footnote:
    """Footnote text found in the flow of the revised text (number as printed)."""

    number: str
    text: str


class RevisedText(list):
    """The paragraphs of a revised text (it is a list), plus what was taken out of the flow.

    ``footnotes``: footnote texts, in order. ``dropped``: the lines removed as page artefacts or
    Word notes ("page number: - 3 -", "running header: A/73/123", ...), for display and checking.
    """

    def __init__(self, paragraphs: Iterable[RevisedParagraph] = (), footnotes=(), dropped=()):
        super().__init__(paragraphs)
        self.footnotes: list[Footnote] = list(footnotes)
        self.dropped: list[str] = list(dropped)


@dataclass(frozen=True)
class DraftParagraph:
    """A paragraph of the current draft. ``key`` is whatever id the caller uses."""

    key: Hashable
    number: str | None
    text: str


@dataclass(frozen=True)
class Entry:
    """One step of the alignment.

    ``kind``: "unchanged" (same text after normalising whitespace), "modified", "inserted",
    "deleted" or "moved" (matched out of order; ``changed`` says whether its text differs too).
    ``similarity``: the weighted share of words the pair has in common (1.0 when unchanged, 0.0
    for insertions and deletions). ``provisional_number`` is set on insertions only.
    ``revised_index`` is the paragraph's index in the list given to ``align``.
    """

    kind: str
    draft_key: Hashable | None = None
    draft_number: str | None = None
    new_text: str | None = None
    new_number: str | None = None
    provisional_number: str | None = None
    similarity: float = 0.0
    changed: bool = True
    revised_index: int | None = None
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Splitting: patterns
# ---------------------------------------------------------------------------------------------

_LATIN = LATIN_PATTERN

# A paragraph number at the start of a line. Validated further in _marker (see there).
_NUMBER_RE = regex.compile(
    rf"""
    (?:
        \(\s*(?P<paren>\d{{1,3}}|[a-z]|[ivxl]{{1,5}})\s*\)                      # (3) (a) (iv)
      | (?P<digits>\d{{1,3}}(?:\.\d{{1,3}})*)(?!\d)(?:\s*(?P<latin>{_LATIN})\b)?(?P<dpunct>[.)])?
      | (?P<letter>[a-z]|[ivxl]{{1,5}})(?P<lpunct>[.)])                           # a) a. iv.
    )
    (?P<space>[^\S\n]*)
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
_BULLET_SYMBOLS = "•·◦▪▫■□●○‣⁃∙✓✔✗✘➢➤►▸❖◆◇\uf0a7\uf0b7\uf0d8\uf0fc\uf076"
_SYMBOL_BULLET_RE = re.compile(rf"[{_BULLET_SYMBOLS}]\s*(?=\S)")
_DASH_BULLET_RE = re.compile(r"[-–—*+]\s+(?=\S)")
# What PDF-to-text and OCR make of "•": "e", "o", "¢", "©", "«", … followed by a capitalised word.
_OCR_BULLET_RE = re.compile(r"[eo¢©®«»]\s+(?=[A-Z\"“‘(])")
_OPENS_ITEM = re.compile(r"[A-Z0-9\"“‘'(\[]")
_MONTH_RE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b",
    re.IGNORECASE,
)

# Lines that are never report text.
_PAGE_NUMBER_RE = re.compile(
    r"\s*(?:[-–—]\s*)?(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*", re.IGNORECASE
)
_DOC_SYMBOL_RE = re.compile(
    r"\s*(?:[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+)*/[A-Za-z0-9.\-]*[A-Za-z0-9]|GE\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?)\s*"
)
_WORD_NOTE_RE = re.compile(
    r"\s*(?:Formatted(?: Table)?|Deleted|Inserted|Moved \((?:insertion|deletion)\)|Field Code Changed"
    r"|Comment \[[^\]]*\])\s*:"
)
_MD_RULE_RE = re.compile(r"\s*(?:[-*_]\s*){3,}")
_PAGE_ARTEFACTS = {"page break", "page number", "document symbol"}
_FORM_FEED = "\f"

# Footnote text with an explicit mark at the start of the line: "¹ …", "<sup>2</sup> …", "[^3]: …"
# and the mangled Word-to-markdown forms "<sup>&</sup>lt;sup>2</sup> …", "$<sup>^{3}\</sup> …$".
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_LINE_RE = re.compile(
    rf"""\s*\$?\s*(?:<sup>\s*&\s*</sup>\s*)?
    (?:(?:<sup>|&?lt;sup>)\s*\^?\{{?\s*(?P<n1>\d{{1,3}})\s*\}}?\\?\s*</sup>
      |\[\^(?P<n2>\d{{1,3}})\]:|(?P<n3>[{_SUPERSCRIPTS}]{{1,3}}))
    \s*(?P<text>.*?)\s*\$?\s*$""",
    re.VERBOSE,
)
# Footnote text with a plain number ("2 The funding of …"): only believed next to a page break.
_PLAIN_FOOTNOTE_RE = re.compile(r"(?P<n>\d{1,3})\s+(?=[A-Z\"“(]|https?:|www\.)")

# A number after these words, on a full line, continues a reference ("paragraph\n15. The …").
_REFERENCE_WORDS = {"paragraph", "paragraphs", "para", "paras", "§", "article", "articles", "resolution"}
_REFERENCE_WORDS |= {"recommendation", "recommendations", "annex", "section", "page", "and", "to", "of", "in", "see"}
# Ends of lines. ":" and ";" count: list introductions and list items end paragraphs too.
_SENTENCE_END_RE = re.compile(r"""[.!?…:;]["'”’)\]]*\d{0,2}\s*$""")
# Prefixes that keep their hyphen at a line break ("e-\ncommerce", "non-\ngovernmental").
_HYPHEN_PREFIXES = {"e", "non", "self", "cross", "well"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")

_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_DELETED_RE = re.compile(r"<(del|s|strike)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SUP_MARK_RE = re.compile(r"<sup>\s*(?:&|\d{1,3}|\^?\{\d{1,3}\}\\?)\s*</sup>", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST_RE = re.compile(r"(\s*)(?:[-*+])\s+(?=\S)")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$&~^])")
_SPACES_RE = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------
# Splitting: lines
# ---------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # the cleaned line, marker included
    gap: int = 0  # blank lines between this line and the previous kept line
    after_break: bool = False  # a page artefact, footnote or note was removed just before it
    heading: bool = False  # markdown heading or bold-only line
    md_list: int = -1  # markdown list depth, -1 when not a list item
    marker: str = ""  # "bullet", "dash" (a dash that may be a bullet), "number" or ""
    number: str = ""
    label: str = ""
    body: str = ""  # text after the marker


@dataclass
class _Layout:
    width: int  # usual full line length (90th percentile)
    wrapped: bool  # lines are hard-wrapped (else every line is a paragraph)
    double_spaced: bool  # blank lines between (nearly) all lines: blank lines mean nothing


def _clean_characters(raw: str) -> str:
    text = normalise(raw)
    for space in ("\u00a0", "\u202f", "\u2007", "\t"):
        text = text.replace(space, " ")
    text = re.sub(r"[\u200b-\u200d\ufeff]", "", text)
    # A page break becomes a line of its own, so it is a removable artefact like a page number.
    return text.replace(_FORM_FEED, "\n" + _FORM_FEED + "\n")


def _strip_inline(s: str, *, md: bool) -> str:
    """Remove markup that is not text: struck text, footnote marks, tags, markdown emphasis."""
    s = _DELETED_RE.sub("", s)  # a clean copy that still shows struck text means it is deleted
    s = _SUP_MARK_RE.sub("", s)
    s = _TAG_RE.sub(lambda m: " " if m.group(0).lower().startswith("<br") else "", s)
    s = s.translate({ord(c): None for c in _SUPERSCRIPTS})  # superscript footnote marks
    if md:
        s = re.sub(r"~~.*?~~", "", s)
        s = re.sub(r"\[\^\d+\]", "", s)
        s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
        s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", s)
        s = re.sub(r"(?<![\w*\\])\*(?=\S)(.+?)(?<=[^\s\\])\*(?![\w*])", r"\1", s)
        s = re.sub(r"(?<![\w_\\])_(?=\S)(.+?)(?<=[^\s\\])_(?![\w_])", r"\1", s)
        s = re.sub(r"(?<!\\)\*\*", "", s)
        s = _MD_ESCAPE_RE.sub(r"\1", s)
    return html.unescape(s)


def _marker(text: str, *, ocr_bullets: bool) -> tuple[str, str, str, str]:
    """``(kind, number, label, body)`` for the start of a line; kind "" when it starts plain text."""
    if m := _SYMBOL_BULLET_RE.match(text):
        return "bullet", "", "", text[m.end() :]
    if m := _DASH_BULLET_RE.match(text):
        body = text[m.end() :]
        # "- lowercase" may be a dash that the wrap put first; _starts_paragraph decides.
        return ("bullet" if _OPENS_ITEM.match(body) else "dash"), "", "", body
    if ocr_bullets and (m := _OCR_BULLET_RE.match(text)):
        return "bullet", "", "", text[m.end() :]
    m = _NUMBER_RE.match(text)
    if not m:
        return "", "", "", text
    body = text[m.end() :]
    spaced = bool(m.group("space"))
    opens = not body or bool(_OPENS_ITEM.match(body))
    if m.group("paren"):
        number = m.group("paren")
    elif m.group("letter"):
        if not (spaced or opens):
            return "", "", "", text  # "e.g.", "i.e."
        number = m.group("letter")
    else:
        digits, latin, punct = m.group("digits"), m.group("latin"), m.group("dpunct")
        # "15. …", "2 bis …", "2.1 Scope" and "15 It …" are numbers; "37 contributions", "1.5 per
        # cent" and a bare "15" (a page number, removed earlier) are not.
        if not body and not (punct or latin):
            return "", "", "", text
        # A bare number needs a capital after it ("15 It", not "2016, 26"), and not a month's.
        bare = body and not (punct or latin or "." in digits)
        if bare and (not re.match(r"[A-Z\"“‘(]", body) or _MONTH_RE.match(body)):
            return "", "", "", text
        if body and not opens and not (spaced and (punct or latin)):
            return "", "", "", text  # "1.5 per cent", "15.the"
        number = digits + (" " + latin.lower() if latin else "")
    return "number", number, m.group(0).strip(), body


def _markdown_line(s: str) -> tuple[str, bool, int]:
    """``(text, heading, list depth)`` of a markdown line; depth -1 outside lists."""
    heading = False
    if m := _MD_HEADING_RE.fullmatch(s):
        heading, s = True, m.group(2)
    s = re.sub(r"^\s*>\s?", "", s)
    depth = -1
    if not heading and (m := _MD_LIST_RE.match(s)):
        depth = len(m.group(1).expandtabs(4)) // 2
        s = s[m.end() :]
    # A line that is bold from end to end is a title in Word-to-markdown output.
    if re.fullmatch(r"\s*(\*\*|__)[^*_]+\1\s*", s):
        heading = True
    return s, heading, depth


def _ends_sentence(s: str) -> bool:
    return bool(_SENTENCE_END_RE.search(s))


def _first_word(s: str) -> str:
    return s.split(None, 1)[0] if s.strip() else ""


def _last_word(s: str) -> str:
    parts = s.split()
    return parts[-1] if parts else ""


def _starts_lower(s: str) -> bool:
    s = s.lstrip("\"“‘'(")
    return bool(s) and s[0].islower()


def _glued_mark_re(number: str) -> regex.Pattern:
    # After a lowercase letter, or a letter and one punctuation mark; never inside "G20" or "1.5".
    return regex.compile(rf"(?<=[a-z][.,;:)\"”’]?){number}(?=[\s.,;:)]|$)")


def _page_key(s: str) -> str:
    return re.sub(r"\d+", "#", _SPACES_RE.sub(" ", s.strip().lower()))


# ---------------------------------------------------------------------------------------------
# Splitting: the steps
# ---------------------------------------------------------------------------------------------


class _Splitter:
    """One run of split_revised_text: classify lines, drop artefacts, lift footnotes, join."""

    def __init__(self, raw: str, kind: str, lexicon: Iterable[str]):
        self.md = kind == "md"
        self.items: list = []  # per raw line: None (blank), ("drop", why, text), ("note", n, text), _Line
        self.footnotes: list[Footnote] = []
        self.dropped: list[str] = []
        self._classify(_clean_characters(raw).split("\n"))
        self._drop_running_headers()
        self.layout = self._layout()
        self._lift_footnotes()
        self.vocabulary, self.hyphenated = self._vocabulary(lexicon)

    # -- pass 1 -------------------------------------------------------------------------------

    def _classify(self, raw_lines: list[str]) -> None:
        for raw in raw_lines:
            s = raw.rstrip()
            if not s.strip():
                self.items.append(None)
                continue
            if s.strip() == _FORM_FEED:
                self.items.append(("drop", "page break", ""))
                continue
            if m := _FOOTNOTE_LINE_RE.match(s):
                number = m.group("n1") or m.group("n2") or m.group("n3").translate(_FROM_SUPERSCRIPT)
                self.items.append(("note", number, _strip_inline(m.group("text"), md=self.md)))
                continue
            heading, depth = False, -1
            if self.md:
                if _MD_RULE_RE.fullmatch(s):
                    self.items.append(("drop", "rule", s.strip()))
                    continue
                s, heading, depth = _markdown_line(s)
            s = _SPACES_RE.sub(" ", _strip_inline(s, md=self.md)).strip()
            if not s:
                self.items.append(None)
                continue
            if _WORD_NOTE_RE.match(s):
                self.items.append(("drop", "Word note", s))
            elif _PAGE_NUMBER_RE.fullmatch(s):
                self.items.append(("drop", "page number", s))
            elif _DOC_SYMBOL_RE.fullmatch(s):
                self.items.append(("drop", "document symbol", s))
            else:
                line = _Line(s, heading=heading, md_list=depth)
                line.marker, line.number, line.label, line.body = _marker(s, ocr_bullets=not self.md)
                if depth >= 0 and not line.marker:
                    line.marker = "bullet"  # a markdown list item that is not numbered
                self.items.append(line)

    def _lines(self) -> list[_Line]:
        return [it for it in self.items if isinstance(it, _Line)]

    def _drop_running_headers(self) -> None:
        """Remove running headers and footers: short lines repeated on three or more pages.

        Repeated text is not enough (reports repeat wording, and a wrapped line can recur
        verbatim), so a header must also: start with no lowercase letter, not end like a
        sentence or list item, stand at least five lines from its next occurrence, sit next to a
        page number, page break or document symbol (or, in text without any, be in capitals),
        and have different text around it each time (a repeated passage has the same neighbours
        every time; a header is surrounded by whatever the page holds).
        """
        seen: dict[str, list[int]] = {}
        for pos, it in enumerate(self.items):
            if (
                isinstance(it, _Line)
                and not it.marker
                and not _starts_lower(it.text)
                and len(it.text.split()) <= 15
                and not re.search(r"[.;:,\-]$", it.text)
            ):
                seen.setdefault(_page_key(it.text), []).append(pos)
        repeated = {
            key: places
            for key, places in seen.items()
            if len(places) >= 3 and len(key) >= 3 and min(b - a for a, b in zip(places, places[1:], strict=False)) >= 5
        }
        paged = any(isinstance(it, tuple) and it[1] in _PAGE_ARTEFACTS for it in self.items)
        for places in repeated.values():
            if paged:
                if 2 * sum(self._near_page_artefact(pos) for pos in places) < len(places):
                    continue
            elif not self.items[places[0]].text.isupper():
                continue  # no page furniture to go by: only capitals look enough like a header
            before = {self._context(pos, -1, repeated) for pos in places}
            after = {self._context(pos, 1, repeated) for pos in places}
            if len(before) < 2 or len(after) < 2:
                continue  # the same neighbours every time: a repeated passage
            for pos in places:
                self.items[pos] = ("drop", "running header", self.items[pos].text)

    def _near_page_artefact(self, pos: int) -> bool:
        for step in (-1, 1):
            for count, k in enumerate(self._neighbours(pos, step)):
                it = self.items[k]
                if isinstance(it, tuple) and it[1] in _PAGE_ARTEFACTS:
                    return True
                if count >= 2:
                    break
        return False

    def _context(self, pos: int, step: int, repeated: dict[str, list[int]]) -> str | None:
        """The first line beside ``pos`` that is neither an artefact nor one of a header block (of
        at most three repeated lines); None past the ends or when the block is longer."""
        for count, k in enumerate(self._neighbours(pos, step)):
            it = self.items[k]
            if isinstance(it, tuple):
                continue
            key = _page_key(it.text)
            if key not in repeated:
                return key
            if count >= 2:
                return key  # a long run of repeated lines: a repeated passage, not a header
        return None

    def _layout(self) -> _Layout:
        lines = self._lines()
        lengths = sorted(len(x.text) for x in lines) or [0]
        width = lengths[int(0.9 * (len(lengths) - 1))]
        # Hard-wrapped: a usual width a person could read, and most lines near it.
        near = sum(n >= 0.6 * width for n in lengths)
        wrapped = len(lines) >= 3 and width <= 160 and near >= 0.5 * len(lengths)
        # Blank lines between (nearly) all consecutive lines: they carry no paragraph information.
        gaps = [x.gap for x in self._with_gaps(lines)[1:]]
        double = len(gaps) >= 4 and sum(g > 0 for g in gaps) >= 0.8 * len(gaps)
        return _Layout(width=max(width, 1), wrapped=wrapped, double_spaced=double)

    def _with_gaps(self, lines: list[_Line]) -> list[_Line]:
        blanks = 0
        for it in self.items:
            if it is None:
                blanks += 1
            elif isinstance(it, _Line):
                it.gap, blanks = blanks, 0
            else:
                blanks = 0  # an artefact resets: its surrounding blank lines mean nothing
        return lines

    # -- footnotes ----------------------------------------------------------------------------

    @staticmethod
    def _is_break(it) -> bool:
        """A page artefact (page break, number, symbol, running header) or footnote text."""
        return isinstance(it, tuple) and (it[0] == "note" or it[1] in _PAGE_ARTEFACTS or it[1] == "running header")

    def _neighbours(self, pos: int, step: int):
        """Positions of the non-blank items from ``pos`` (exclusive) in direction ``step``."""
        pos += step
        while 0 <= pos < len(self.items):
            if self.items[pos] is not None:
                yield pos
            pos += step

    def _lift_footnotes(self) -> None:
        """Move footnote text out of the flow; mark the line after any removal as ``after_break``."""
        one_line_notes = self.md or not self.layout.wrapped
        pos = 0
        while pos < len(self.items):
            it = self.items[pos]
            plain = None
            if isinstance(it, _Line) and (m := _PLAIN_FOOTNOTE_RE.match(it.text)):
                plain = self._plain_footnote_block(pos, m.group("n"))
            if plain:
                number, end = plain
                text = self._join_block(pos, end)[len(number) :].strip()
                self._remove_glued_mark(pos, number)
                self.items[pos] = ("note", number, text)
                for k in range(pos + 1, end + 1):
                    if isinstance(self.items[k], _Line):
                        self.items[k] = None
            elif isinstance(it, tuple) and it[0] == "note" and not one_line_notes:
                end = self._note_continuation(pos)
                if end > pos:
                    extra = self._join_block(pos + 1, end)
                    self.items[pos] = ("note", it[1], _join_texts([it[2], extra], set(), set()))
                    for k in range(pos + 1, end + 1):
                        self.items[k] = None
            pos += 1
        previous_break = False
        for it in self.items:
            if isinstance(it, tuple):
                if it[0] == "note":
                    self.footnotes.append(Footnote(it[1], it[2]))
                elif it[2]:
                    self.dropped.append(f"{it[1]}: {it[2]}")
                previous_break = True
            elif isinstance(it, _Line):
                it.after_break, previous_break = previous_break, False
        self._with_gaps(self._lines())

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
        before = next(self._neighbours(pos, -1), None)
        if before is not None and self._is_break(self.items[before]):
            end = pos  # the footnote runs to its first sentence end, three lines at most
            for k in self._neighbours(pos, 1):
                it = self.items[k]
                if _ends_sentence(self.items[end].text) or not isinstance(it, _Line) or it.marker:
                    break
                if k - pos > 6 or not _starts_lower(it.text):
                    break
                end = k
            if self._glued_mark(pos, number) is not None:
                return number, end
            text_before = next(
                (self.items[k] for k in self._neighbours(pos, -1) if isinstance(self.items[k], _Line)), None
            )
            after = next(self._neighbours(end, 1), None)
            text_after = self.items[after] if after is not None else None
            cut = text_before is not None and not _ends_sentence(text_before.text)
            if cut and isinstance(text_after, _Line) and _starts_lower(text_after.text):
                return number, end
            return None
        end = pos
        for count, k in enumerate(self._neighbours(pos, 1)):
            it = self.items[k]
            if self._is_break(it):
                last = self.items[end].text
                ends = _ends_sentence(last) or re.search(r"https?://\S+$|www\.\S+$", last)
                return (number, end) if ends else None
            if count >= 4 or not isinstance(it, _Line) or it.marker or _PLAIN_FOOTNOTE_RE.match(it.text):
                return None
            end = k
        return None

    def _note_continuation(self, pos: int) -> int:
        """Last position of the wrapped lines that continue the footnote starting at ``pos``."""
        end = pos
        text = self.items[pos][2]
        for k in self._neighbours(pos, 1):
            it = self.items[k]
            if not isinstance(it, _Line) or it.marker or it.heading:
                break
            if not self.layout.double_spaced and it.gap:
                break
            # Up to a page break nearby, every line belongs to the note; else only until it ends.
            if not self._break_within(k, 4) and (_ends_sentence(text) or not _starts_lower(it.text)):
                break
            end, text = k, it.text
        return end

    def _break_within(self, pos: int, lines: int) -> bool:
        for count, k in enumerate(self._neighbours(pos - 1, 1)):
            if count > lines:
                return False
            if self._is_break(self.items[k]):
                return True
        return False

    def _join_block(self, start: int, end: int) -> str:
        texts = [it.text for it in self.items[start : end + 1] if isinstance(it, _Line)]
        return _join_texts(texts, set(), set())

    def _glued_mark(self, pos: int, number: str) -> int | None:
        """Position of the nearest line before ``pos`` (within 120) carrying footnote ``number``'s
        mark glued to a word ("available.2", "meeting3,"), as PDF-to-text leaves superscripts."""
        mark = _glued_mark_re(number)
        for k in range(pos - 1, max(-1, pos - 120), -1):
            it = self.items[k]
            if isinstance(it, _Line) and mark.search(it.text):
                return k
        return None

    def _remove_glued_mark(self, pos: int, number: str) -> None:
        k = self._glued_mark(pos, number)
        if k is not None:
            it = self.items[k]
            it.text = _glued_mark_re(number).sub("", it.text, count=1)
            it.marker, it.number, it.label, it.body = _marker(it.text, ocr_bullets=not self.md)

    # -- joining ------------------------------------------------------------------------------

    def _vocabulary(self, lexicon: Iterable[str]) -> tuple[set[str], set[str]]:
        """Words and hyphenated words of the text and the lexicon, leaving out the halves of
        line-end hyphenation (they would vouch for themselves)."""
        words: set[str] = set()
        hyphenated: set[str] = set()
        texts = list(lexicon)
        cut_start = False
        for line in self._lines():
            text = line.text
            if cut_start:
                text = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
            cut_start = bool(re.search(r"\w[-‐]$", line.text))
            if cut_start:
                text = text.rsplit(None, 1)[0] if " " in text else ""
            texts.append(text)
        for text in texts:
            for w in _WORD_RE.findall(text):
                w = w.lower().replace("‐", "-")
                if "-" in w:
                    hyphenated.add(w)
                    words.update(w.split("-"))
                else:
                    words.add(w)
        return words, hyphenated

    def _starts_paragraph(self, prev: _Line, nxt: _Line, group: list[_Line], after: _Line | None) -> bool:
        """Whether ``nxt`` starts a new paragraph after ``prev``, the last line of ``group``
        (``after`` is the line after ``nxt``)."""
        layout = self.layout
        # The usual length of a full line here: proportional fonts and table cells make the
        # global width a poor guide, so take the longest of this paragraph's lines and the next
        # (and the global width while the paragraph has a single line to go by).
        width = max(len(nxt.text), *(len(x.text) for x in group), layout.width if len(group) < 2 else 0)
        fits = len(prev.text) + 1 + len(_first_word(nxt.text)) <= width
        if prev.heading or nxt.heading:
            return True
        if prev.marker == "number" and not prev.body:
            return nxt.marker != ""  # "15." alone on its line waits for its text
        if re.search(r"\w[-‐\u00ad]$", prev.text) and nxt.text[:1].isalpha() and nxt.marker in ("", "dash"):
            return False  # a word hyphenated across the break
        if nxt.marker == "bullet" or nxt.md_list >= 0:
            return True
        if nxt.marker == "number":
            # Numbered: a new paragraph, unless the wrap moved it off a full line mid-sentence:
            # "… namely\n(i) …", "… in paragraph\n15. …", "… composed of\n22 Member States".
            if not layout.wrapped or fits:
                return True
            if nxt.label.isdigit():  # a bare "15" is also a quantity: only after a full stop
                return bool(re.search(r"[.!?][\"'”’)\]]*$", prev.text))
            if _ends_sentence(prev.text):
                return True
            # "15." after a full line without final punctuation is still a paragraph number
            # (Recommendation 11 has no full stop), unless it completes a reference.
            return nxt.label[:1].isdigit() and _last_word(prev.text).lower() not in _REFERENCE_WORDS
        if nxt.marker == "dash" and (prev.text.endswith((":", ";")) or prev.marker in ("bullet", "dash")):
            return True
        if nxt.after_break:
            # Text cut by a page break (headers, page numbers, footnotes) goes on unless it had ended.
            if not _ends_sentence(prev.text):
                return False
        elif nxt.gap and not layout.double_spaced:
            # A blank line ends the paragraph, unless it plainly cuts a sentence in two (PDF).
            cut = layout.wrapped and len(prev.text) >= 0.6 * layout.width and not _ends_sentence(prev.text)
            return not (cut and _starts_lower(nxt.text))
        if prev.text.endswith(","):
            return False  # no paragraph, title or item ends on a comma
        if not layout.wrapped:
            # One paragraph per line; only a line cut mid-sentence before a lowercase word goes on.
            return _ends_sentence(prev.text) or not _starts_lower(nxt.text)
        # Hard-wrapped text: a line that ends a sentence was ended on purpose if it is clearly
        # shorter than the usual line and the next word would have fitted on it, or if what
        # follows is a title: a short line without final punctuation standing before a numbered
        # or bulleted paragraph (a paragraph's own last line would end in punctuation).
        if _ends_sentence(prev.text):
            title = (
                not _ends_sentence(nxt.text)
                and not _starts_lower(nxt.text)
                and len(nxt.text) < 0.6 * width
                and (after is None or after.marker in ("number", "bullet") or after.heading)
            )
            return title or (fits and len(prev.text) <= 0.85 * width)
        # A short line without final punctuation before a capital: a title or an unbulleted item.
        return fits and len(prev.text) < 0.5 * layout.width and not _starts_lower(nxt.text)

    def paragraphs(self) -> RevisedText:
        groups: list[list[_Line]] = []
        lines = self._lines()
        for k, line in enumerate(lines):
            after = lines[k + 1] if k + 1 < len(lines) else None
            if not groups or self._starts_paragraph(lines[k - 1], line, groups[-1], after):
                groups.append([line])
            else:
                groups[-1].append(line)
        out: list[RevisedParagraph] = []
        for group in groups:
            first = group[0]
            # A number alone on its line ("15.") takes the following line as its text.
            texts = [first.body if first.marker else first.text] + [x.text for x in group[1:]]
            text = _join_texts(texts, self.vocabulary, self.hyphenated)
            if not text:
                self.dropped.append(f"empty numbered line: {first.text}")
                continue
            number = first.number if first.marker == "number" else ""
            heading = first.heading or (len(group) == 1 and self._looks_like_title(first))
            out.append(
                RevisedParagraph(
                    number=number,
                    text=text,
                    bullet=first.marker in ("bullet", "dash"),
                    heading=heading,
                    label=first.label if number else "",
                )
            )
        return RevisedText(out, self.footnotes, self.dropped)

    @staticmethod
    def _looks_like_title(line: _Line) -> bool:
        """A paragraph of one short line, without final punctuation, that is not a list item."""
        body = line.body if line.marker == "number" else line.text
        if line.marker in ("bullet", "dash") or not body or not _OPENS_ITEM.match(body):
            return False
        return len(body.split()) <= 10 and not re.search(r"[.;:,!?…]['\"”’)]*$", body)


_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")


def _join_texts(texts: Sequence[str], vocabulary: set[str], hyphenated: set[str]) -> str:
    """Join wrapped lines with spaces, repairing words hyphenated at a line end."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
            continue
        m = re.search(r"([^\W\d_]*)([-‐\u00ad])$", out)
        right = re.match(r"[^\W\d_]+", text)
        if m and right and (m.group(1) or out[-2:-1].isdigit()):
            keep = m.group(2) != "\u00ad" and _keep_hyphen(m.group(1), right.group(0), vocabulary, hyphenated)
            out = (out[:-1] + "-" if keep else out[:-1]) + text
        elif re.search(r"\d[-–]$", out) and text[:1].isdigit():
            out += text  # "2013-\n2014"
        else:
            out += " " + text
    return _SPACES_RE.sub(" ", out.replace("\u00ad", "")).strip()


def _keep_hyphen(left: str, right: str, vocabulary: set[str], hyphenated: set[str]) -> bool:
    """Whether "left-" at a line end before "right" is a real hyphen ("Internet-related") or a
    typesetter's break ("develop-ment"). The text itself is the dictionary: the form used
    elsewhere wins, then known prefixes ("e-", "non-"), then whether "right" is a word."""
    if not left or right[:1].isupper():
        return True  # "Member-\nStates", "2013-\n…"
    low_left, low_right = left.lower(), right.lower()
    if f"{low_left}-{low_right}" in hyphenated:
        return True
    if low_left + low_right in vocabulary:
        return False
    if low_left in _HYPHEN_PREFIXES:
        return True
    # The second half is a word the text uses elsewhere ("security", "based", "related"): a
    # compound. A typesetter's break leaves a fragment instead ("ment", "ation", "holders").
    return len(low_right) >= 4 and low_right in vocabulary and len(low_left) >= 3


def split_revised_text(raw: str, *, kind: str = "txt", lexicon: Iterable[str] = ()) -> RevisedText:
    """Split a member's revised text into paragraphs.

    ``kind`` is "txt" (plain text, typically converted from PDF) or "md" (converted to markdown).
    ``lexicon``: texts whose spellings settle line-end hyphens the text alone cannot ("cyber-\n
    security"); pass the draft's paragraphs. Returns a ``RevisedText``: a list of
    ``RevisedParagraph`` with ``footnotes`` (footnote text lifted out of the flow) and ``dropped``
    (page artefacts and notes removed).
    """
    if kind not in ("txt", "md"):
        raise ValueError(f"kind must be 'txt' or 'md', not {kind!r}")
    return _Splitter(raw, kind, lexicon).paragraphs()


# ---------------------------------------------------------------------------------------------
# Alignment
# ---------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return _SPACES_RE.sub(" ", normalise(text)).strip()


def _words(text: str) -> list[str]:
    """Case-folded word tokens of the redline tokeniser (punctuation left out)."""
    out = []
    for token in tokenise(text):
        token = token.strip()
        if token and any(ch.isalnum() for ch in token):
            out.append(token.casefold())
    return out


def _number_key(number: str | None) -> str:
    key = _SPACES_RE.sub(" ", (number or "").strip().strip(".()").lower())
    return key.replace("tres", "ter")


class _Similarity:
    """IDF-weighted Dice similarity between every draft and revised paragraph.

    Words are weighted by rarity across all the paragraphs on both sides, so "the", "of" and
    "enhanced cooperation" count little and the words that make a paragraph itself count most.
    Multisets are sets of (word, occurrence) pairs, so one C-level set intersection per pair.
    """

    def __init__(self, draft_texts: Sequence[str], revised_texts: Sequence[str]):
        self.d_words = [_words(t) for t in draft_texts]
        self.r_words = [_words(t) for t in revised_texts]
        documents = len(self.d_words) + len(self.r_words)
        frequency = Counter(w for ws in self.d_words + self.r_words for w in set(ws))
        self.weight = {w: 1.0 + math.log((documents + 1) / (n + 0.5)) for w, n in frequency.items()}
        token_weight: dict[tuple[str, int], float] = {}
        self.d_sets = [self._occurrences(ws, token_weight) for ws in self.d_words]
        self.r_sets = [self._occurrences(ws, token_weight) for ws in self.r_words]
        self.d_total = [fsum(map(self.weight.__getitem__, ws)) for ws in self.d_words]
        self.r_total = [fsum(map(self.weight.__getitem__, ws)) for ws in self.r_words]
        get = token_weight.__getitem__
        # fsum: exact, so the result does not depend on set iteration order (hash seed), and ties
        # between equally good alignments are broken the same way on every run.
        self.shared = [[fsum(map(get, ds & rs)) if ds and rs else 0.0 for rs in self.r_sets] for ds in self.d_sets]

    def _occurrences(self, words: list[str], token_weight: dict) -> frozenset:
        seen: Counter = Counter()
        out = []
        for w in words:
            seen[w] += 1
            token = (w, seen[w])
            token_weight[token] = self.weight[w]
            out.append(token)
        return frozenset(out)

    def dice(self, i: int, j: int) -> float:
        total = self.d_total[i] + self.r_total[j]
        return 2 * self.shared[i][j] / total if total else 0.0

    def weighted(self, bag: Counter) -> float:
        return fsum(self.weight[w] * n for w, n in bag.items())


class _Alignment:
    """The pairing of draft paragraphs (index i) with revised paragraphs (index j)."""

    def __init__(self, draft: Sequence[DraftParagraph], rev: Sequence[RevisedParagraph]):
        self.draft, self.rev = draft, rev
        self.n, self.m = n, m = len(draft), len(rev)
        self.sim = sim = _Similarity([d.text for d in draft], [r.text for r in rev])
        self.dice = [[sim.dice(i, j) for j in range(m)] for i in range(n)]
        self._best_d = [_top_two(row) for row in self.dice]
        self._best_r = [_top_two([self.dice[i][j] for i in range(n)]) for j in range(m)]
        self.merges: dict[int, list[int]] = {}  # revised j -> the draft paragraphs it merges
        self.splits: dict[int, list[int]] = {}  # draft i -> the revised paragraphs it was split into

        weights: list[dict[int, float]] = [{} for _ in range(n)]
        for i in range(n):
            for j in range(m):
                if self.dice[i][j] >= SIMILARITY_THRESHOLD and self._whole(i, j):
                    same_number = rev[j].number and _number_key(rev[j].number) == _number_key(draft[i].number)
                    hint = NUMBER_HINT if same_number else 0.0
                    weights[i][j] = self.dice[i][j] + hint
        self.r_match = {j: i for i, j in _lcs(n, m, weights)}  # in order
        self._pair_lone_neighbours()
        self.moved = self._moves(weights)  # revised j -> draft i, out of order

    def _whole(self, i: int, j: int) -> bool:
        """False when pairing draft i with revised j would hide a merge or a split (see _pieces)."""
        merged, split = _pieces(self.sim, i, j, self._other_best_d, self._other_best_r)
        if merged:
            parts = self.merges.setdefault(j, [])
            parts.extend(k for k in (i, *merged) if k not in parts)
        if split:
            parts = self.splits.setdefault(i, [])
            parts.extend(x for x in (j, *split) if x not in parts)
        return not merged and not split

    def _other_best_d(self, i: int, except_j: int) -> float:
        (best, at), (second, _) = self._best_d[i]
        return second if at == except_j else best

    def _other_best_r(self, j: int, except_i: int) -> float:
        (best, at), (second, _) = self._best_r[j]
        return second if at == except_i else best

    def _pair_lone_neighbours(self) -> None:
        """One draft and one revised paragraph left alone between two aligned pairs (or the ends)
        are the same paragraph at a lower bar: their position vouches for them. This is what pairs
        short items such as "Collaborative approach:" -> "Collaborative in nature:"."""
        matched = sorted((i, j) for j, i in self.r_match.items())
        bounds = [(-1, -1), *matched, (self.n, self.m)]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            rest = [j for j in range(j0 + 1, j1) if not self.rev[j].heading]
            if i1 - i0 == 2 and len(rest) == 1:
                i, j = i0 + 1, rest[0]
                if self.dice[i][j] >= NEIGHBOUR_THRESHOLD and self._whole(i, j):
                    self.r_match[j] = i

    def _moves(self, weights: list[dict[int, float]]) -> dict[int, int]:
        """The best remaining pairs above the threshold, greedily: matched out of order."""
        d_matched = set(self.r_match.values())
        candidates = sorted(
            (-self.dice[i][j], i, j)
            for i in range(self.n)
            if i not in d_matched
            for j in weights[i]
            if j not in self.r_match
        )
        moved: dict[int, int] = {}
        moved_d: set[int] = set()
        for _, i, j in candidates:
            if i not in moved_d and j not in moved:
                moved[j] = i
                moved_d.add(i)
        return moved


def _top_two(values: Sequence[float]) -> tuple[tuple[float, int], tuple[float, int]]:
    """The two largest values with their indices (``(0.0, -1)`` pads short rows)."""
    best = sorted(((v, k) for k, v in enumerate(values)), reverse=True)[:2]
    best += [(0.0, -1)] * (2 - len(best))
    return best[0], best[1]


def _pieces(sim: _Similarity, i: int, j: int, best_d, best_r) -> tuple[list[int], list[int]]:
    """Other paragraphs that pairing (draft i, revised j) would swallow: ``(merged drafts, split revised)``.

    Merge: another draft paragraph k turns up (mostly) in what revised j adds to draft i, and
    fits no other revised paragraph better. Split: another revised paragraph l is (mostly) made
    of what draft i loses in revised j, and fits no other draft paragraph better. Either way the
    pair is not one paragraph: reporting it "modified" would lose or duplicate text.
    """
    merged: list[int] = []
    split: list[int] = []
    d_bag, r_bag = Counter(sim.d_words[i]), Counter(sim.r_words[j])
    added = removed = None
    for k in range(len(sim.d_words)):
        # Cheap bound first: the share of draft k found anywhere in revised j.
        if k == i or sim.shared[k][j] < PIECE_COVERAGE * sim.d_total[k]:
            continue
        added = r_bag - d_bag if added is None else added
        common = Counter(sim.d_words[k]) & added
        cover = sim.weighted(common) / sim.d_total[k]
        if cover >= PIECE_COVERAGE and sum(common.values()) >= MIN_PIECE_WORDS and cover > best_d(k, j):
            merged.append(k)
    for x in range(len(sim.r_words)):
        if x == j or sim.shared[i][x] < PIECE_COVERAGE * sim.r_total[x]:
            continue
        removed = d_bag - r_bag if removed is None else removed
        common = Counter(sim.r_words[x]) & removed
        cover = sim.weighted(common) / sim.r_total[x]
        if cover >= PIECE_COVERAGE and sum(common.values()) >= MIN_PIECE_WORDS and cover > best_r(x, i):
            split.append(x)
    return merged, split


def _lcs(n: int, m: int, weights: list[dict[int, float]]) -> list[tuple[int, int]]:
    """Order-preserving pairs with the largest total weight (weighted LCS over paragraphs)."""
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, allowed = score[i], score[i - 1], weights[i - 1]
        for j in range(1, m + 1):
            best = above[j] if above[j] >= row[j - 1] else row[j - 1]
            w = allowed.get(j - 1)
            if w is not None and above[j - 1] + w > best:
                best = above[j - 1] + w
            row[j] = best
    pairs = []
    i, j = n, m
    while i and j:
        w = weights[i - 1].get(j - 1)
        if w is not None and score[i][j] == score[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _same_text(draft: DraftParagraph, revised: RevisedParagraph) -> bool:
    old, new = _squash(draft.text), _squash(revised.text)
    # Quoted paragraphs keep their number in the draft text ("64. We acknowledge …").
    return old == new or bool(revised.label) and old == _squash(f"{revised.label} {revised.text}")


def _name(d: DraftParagraph) -> str:
    return d.number if d.number else str(d.key)


def align(
    draft: Sequence[DraftParagraph],
    revised: Sequence[RevisedParagraph],
    *,
    taken: Iterable[str] = (),
) -> list[Entry]:
    """Align a revised text's paragraphs with the draft; see the module docstring.

    ``taken``: provisional numbers already in use (by other proposals), never handed out again.
    Headings take part (a member may have turned a short item into one), but a heading that
    matches nothing is left out rather than reported inserted; empty paragraphs are skipped.
    """
    rev_index = [k for k, p in enumerate(revised) if p.text.strip()]
    a = _Alignment(draft, [revised[k] for k in rev_index])
    return _Entries(a, rev_index, taken).build()


class _Entries:
    """Entries in revised order; deletions where their draft paragraphs stood."""

    def __init__(self, a: _Alignment, rev_index: list[int], taken: Iterable[str]):
        self.a = a
        self.rev_index = rev_index
        self.used = set(a.r_match.values()) | set(a.moved.values())
        self.taken = {t for t in taken if t} | {d.number for d in a.draft if d.number}
        self.out: list[Entry] = []
        self.next_draft = 0
        # Insertions are numbered after the last draft paragraph kept in order before them: a gap's
        # insertions come before its deletions, so "7, 7 bis (new), 8 (deleted), 9", and a partial
        # copy ("1, 2, 2 bis") does not number its insertion after the paragraphs it left out.
        self.last_number: str | None = None

    def build(self) -> list[Entry]:
        a = self.a
        for j, paragraph in enumerate(a.rev):
            if j in a.r_match:
                i = a.r_match[j]
                self._flush(i)
                self._paired(i, j, MODIFIED)
                if a.draft[i].number:
                    self.last_number = a.draft[i].number
            elif j in a.moved:
                self._paired(a.moved[j], j, MOVED)
            elif not paragraph.heading:  # an unmatched heading is a title, not a proposal
                self._inserted(j)
        self._flush(a.n)
        return self.out

    def _flush(self, until: int) -> None:
        """Deletions up to draft paragraph ``until``: after what the member put in their place."""
        for i in range(self.next_draft, until):
            if i not in self.used:
                d = self.a.draft[i]
                self.out.append(Entry(DELETED, d.key, d.number, note=self._deletion_note(i)))
        self.next_draft = max(self.next_draft, until + 1)

    def _paired(self, i: int, j: int, kind: str) -> None:
        d, paragraph = self.a.draft[i], self.a.rev[j]
        same = _same_text(d, paragraph)
        self.out.append(
            Entry(
                UNCHANGED if same and kind == MODIFIED else kind,
                d.key,
                d.number,
                paragraph.text,
                paragraph.number,
                similarity=1.0 if same else round(self.a.dice[i][j], 3),
                changed=not same,
                revised_index=self.rev_index[j],
            )
        )

    def _inserted(self, j: int) -> None:
        provisional = next_provisional_number(self.last_number, self.taken) if self.last_number else ""
        if provisional:
            self.taken.add(provisional)
        paragraph = self.a.rev[j]
        self.out.append(
            Entry(
                INSERTED,
                new_text=paragraph.text,
                new_number=paragraph.number,
                provisional_number=provisional,
                revised_index=self.rev_index[j],
                note=self._insertion_note(j),
            )
        )

    def _deletion_note(self, i: int) -> str:
        a = self.a
        for j, parts in a.merges.items():
            if i in parts and j not in a.r_match and j not in a.moved and not any(k in self.used for k in parts):
                others = ", ".join(_name(a.draft[k]) for k in parts if k != i)
                return f"merged with {others} into one new paragraph"
        pieces = a.splits.get(i, [])
        if pieces and not any(j in a.r_match or j in a.moved for j in pieces):
            return f"split into {len(pieces)} new paragraphs"
        return ""

    def _insertion_note(self, j: int) -> str:
        a = self.a
        parts = a.merges.get(j, [])
        if parts and not any(k in self.used for k in parts):
            return "combines draft paragraphs " + ", ".join(_name(a.draft[k]) for k in sorted(parts))
        for i, pieces in a.splits.items():
            if j in pieces and i not in self.used:
                return f"part of draft paragraph {_name(a.draft[i])}, split"
        return ""
