"""The lines of a revised text: cleaning, classifying, page artefacts, and joining them again.

Each raw line becomes one item: ``None`` (blank), ``("drop", why, text)`` (a page artefact or a
Word note), ``("note", number, text)`` (footnote text with an explicit mark) or a ``Line`` (report
text, with its paragraph marker parsed). ``drop_running_headers`` then removes the headers and
footers repeated on every page, and ``measure_layout`` tells how the text is laid out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

import regex

from amendments.core.numbering import LATIN_PATTERN
from amendments.core.textdiff import normalise
from amendments.exporters.draft_text import EMPTY_SECTION

# A paragraph number at the start of a line. Validated further in `marker`.
_NUMBER_RE = regex.compile(
    rf"""
    (?:
        \(\s*(?P<paren>\d{{1,3}}|[a-z]|[ivxl]{{1,5}})\s*\)                      # (3) (a) (iv)
      | (?P<digits>\d{{1,3}}(?:\.\d{{1,3}})*)(?!\d)(?:\s*(?P<latin>{LATIN_PATTERN})\b)?(?P<dpunct>[.)])?
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
_OCR_BULLET_RE = re.compile(r"[eo¢©®«»§]\s+(?=[A-Z\"“‘(])")
# A bullet alone on its line: PDF-to-text puts a Symbol-font bullet ("\uf0b7", "o", "§") on a line of its
# own, either just before its item or, without -layout, in a run before the run of items it marks.
_LONE_BULLET_RE = re.compile(rf"[{_BULLET_SYMBOLS}o§\-–*]")
# A line of rule characters: a heading's underline in plain text ("=====", "-----") or a separator.
_RULE_LINE_RE = re.compile(r"\s*[-=_~*–—]{3,}\s*")
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
PAGE_ARTEFACTS = {"page break", "page number", "document symbol"}
FORM_FEED = "\f"

# Footnote text with an explicit mark at the start of the line: "¹ …", "<sup>2</sup> …", "[^3]: …"
# and the mangled Word-to-markdown forms "<sup>&</sup>lt;sup>2</sup> …", "$<sup>^{3}\</sup> …$".
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_LINE_RE = re.compile(
    rf"""\s*\$?\s*(?:<sup>\s*&\s*</sup>\s*)?
    (?:(?:<sup>|&?lt;sup>)\s*\^?\{{?\s*(?P<n1>\d{{1,3}})\s*\}}?\\?\s*</sup>
      |\[\^(?P<n2>\d{{1,3}})\]:|(?P<n3>[{_SUPERSCRIPTS}]{{1,3}})|\[(?P<n4>\d{{1,3}})\](?=\s))
    \s*(?P<text>.*?)\s*\$?\s*$""",
    re.VERBOSE,
)
# Ends of lines. ":" and ";" count: list introductions and list items end paragraphs too.
_SENTENCE_END_RE = re.compile(r"""[.!?…:;]["'”’)\]]*\d{0,2}\s*$""")
# Prefixes that keep their hyphen at a line break ("e-\ncommerce", "non-\ngovernmental").
_HYPHEN_PREFIXES = {"e", "non", "self", "cross", "well"}

_BRACKET_MARK_RE = re.compile(r"(?<=\S)\[\d{1,3}\](?!\()")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_DELETED_RE = re.compile(r"<(del|s|strike)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SUP_MARK_RE = re.compile(r"<sup>\s*(?:&|\d{1,3}|\^?\{\d{1,3}\}\\?)\s*</sup>", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST_RE = re.compile(r"(\s*)(?:[-*+])\s+(?=\S)")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$&~^])")
_SPACES_RE = re.compile(r"\s+")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")


@dataclass
class Line:
    """One kept line of report text, with what its start says (marker, number) and where it stands."""

    text: str  # the cleaned line, marker included
    indent: int = 0  # spaces before the text (pdftotext -layout keeps a page's indentation)
    gap: int = 0  # blank lines between this line and the previous kept line
    after_break: bool = False  # a page artefact, footnote or note was removed just before it
    heading: bool = False  # markdown heading or bold-only line
    md_list: int = -1  # markdown list depth, -1 when not a list item
    marker: str = ""  # "bullet", "dash" (a dash that may be a bullet), "number" or ""
    number: str = ""
    label: str = ""
    body: str = ""  # text after the marker
    loose: bool = False  # its bullet stood alone on a line before it (a guess: see attach_lone_bullets)

    @classmethod
    def parse(cls, text: str, *, ocr_bullets: bool = True, heading: bool = False, md_list: int = -1) -> Line:
        """A line of cleaned text with its marker read (``ocr_bullets``: take "e Word" for "• Word")."""
        line = cls(text, heading=heading, md_list=md_list)
        line.marker, line.number, line.label, line.body = marker(text, ocr_bullets=ocr_bullets)
        if md_list >= 0 and not line.marker:
            line.marker = "bullet"  # a markdown list item that is not numbered
        return line


@dataclass
class Layout:
    """How the text is laid out, which decides what a short line or a blank line means."""

    width: int  # usual full line length (90th percentile)
    wrapped: bool  # lines are hard-wrapped (else every line is a paragraph)
    double_spaced: bool  # blank lines between (nearly) all lines: blank lines mean nothing
    guide: DraftGuide | None = None  # the draft's wording, when the text is a revision of it


_GUIDE_WORD_RE = re.compile(r"[^\W_]+")
_GUIDE_SPAN = 4  # words on each side of a line break looked up in the draft


def guide_words(text: str) -> list[str]:
    return _GUIDE_WORD_RE.findall(text.lower())


class DraftGuide:
    """Where the draft's paragraphs start and end, and what runs on inside them.

    A line break whose words on either side run on inside a draft paragraph is no paragraph end,
    and a line that starts as a draft paragraph starts, after one that ends as a draft paragraph ends
    (or after a sentence end), is a paragraph start: what bullets and blank lines lost in a PDF
    conversion, the draft still says, wherever the member did not change the text there.
    """

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.starts: set[tuple[str, ...]] = set()
        self.ends: set[tuple[str, ...]] = set()
        self.runs: set[tuple[str, ...]] = set()
        self.threes: set[tuple[str, ...]] = set()
        for text in paragraphs:
            words = guide_words(text)
            if not words:
                continue
            self.starts.add(tuple(words[:_GUIDE_SPAN]))
            self.ends.add(tuple(words[-_GUIDE_SPAN:]))
            self.runs.update(tuple(words[k : k + 4]) for k in range(len(words) - 3))  # two words each side
            self.threes.update(tuple(words[k : k + 3]) for k in range(len(words) - 2))

    def runs_on(self, before: str, after: str) -> bool:
        """Whether the last words of ``before`` and the first of ``after`` run on in a draft paragraph."""
        left, right = guide_words(before)[-2:], guide_words(after)[:2]
        return len(left) == 2 and len(right) == 2 and tuple(left + right) in self.runs

    def nearly_runs_on(self, before: str, after: str) -> bool:
        """Whether three of those four words run on in a draft paragraph: the member changed the fourth."""
        left, right = guide_words(before)[-2:], guide_words(after)[:2]
        return len(left) == 2 and len(right) == 2 and bool({(*left, right[0]), (left[1], *right)} & self.threes)

    def starts_after_end(self, before: str, after: str) -> bool:
        """Whether ``after`` opens as a draft paragraph does and ``before`` closes as one does."""
        left, right = guide_words(before), guide_words(after)
        opens = tuple(right[:_GUIDE_SPAN]) in self.starts
        return opens and (tuple(left[-_GUIDE_SPAN:]) in self.ends or ends_sentence(before))


#: One raw line: None (blank), ("drop", why, text), ("note", number, text) or a Line.
Item = None | tuple[str, str, str] | Line


class Items(list):
    """The items of a text, one per raw line, in order (a list of ``Item``)."""

    def lines(self) -> list[Line]:
        return [it for it in self if isinstance(it, Line)]

    def neighbours(self, pos: int, step: int) -> Iterator[int]:
        """Positions of the non-blank items from ``pos`` (exclusive) in direction ``step``."""
        pos += step
        while 0 <= pos < len(self):
            if self[pos] is not None:
                yield pos
            pos += step

    def mark_gaps(self) -> list[Line]:
        """Set each line's ``gap`` (blank lines since the previous line); returns the lines."""
        blanks = 0
        for it in self:
            if it is None:
                blanks += 1
            elif isinstance(it, Line):
                it.gap, blanks = blanks, 0
            else:
                blanks = 0  # an artefact resets: its surrounding blank lines mean nothing
        return self.lines()


def is_break(it: Item) -> bool:
    """A page artefact (page break, number, symbol, running header) or footnote text."""
    return isinstance(it, tuple) and (it[0] == "note" or it[1] in PAGE_ARTEFACTS or it[1] == "running header")


#: Dropped lines that say nothing about where a paragraph ends (the heading or item rules decide).
NOT_BREAKS = {"rule", "lone bullet", "empty section"}


def is_page_artefact(it: Item) -> bool:
    return isinstance(it, tuple) and it[1] in PAGE_ARTEFACTS


# ---------------------------------------------------------------------------------------------
# One line
# ---------------------------------------------------------------------------------------------


def clean_characters(raw: str) -> str:
    """Normalised text with odd spaces made plain, zero-width characters gone, page breaks on a line."""
    text = normalise(raw)
    for space in ("\u00a0", "\u202f", "\u2007", "\t"):
        text = text.replace(space, " ")
    text = re.sub(r"[\u200b-\u200d\ufeff]", "", text)
    text = _BIDI_EMBEDDING_RE.sub(_logical_embedding, text)
    text = _BIDI_CONTROL_RE.sub("", text)
    text = _CJK_SPACE_RE.sub("", text)
    # A page break becomes a line of its own, so it is a removable artefact like a page number.
    return text.replace(FORM_FEED, "\n" + FORM_FEED + "\n")


# pdftotext wraps right-to-left text (Arabic, Hebrew) in an embedding, with the neutral characters that
# followed it ("» ") moved to its start in reverse order, and spaces CJK text out in justified lines.
_BIDI_EMBEDDING_RE = re.compile(r"\u202b([^\u202a-\u202e]*)\u202c")
_BIDI_CONTROL_RE = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CJK = r"\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_JOIN_RE = re.compile(rf"[{_CJK}][{_CJK}»”]|[«“][{_CJK}]")
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}«“]) +(?=[{_CJK}])|(?<=[{_CJK}]) +(?=[{_CJK}»”])")


def _logical_embedding(m: re.Match) -> str:
    inner = m.group(1)
    lead = re.match(r"[^\w]*", inner).group(0)  # type: ignore[union-attr]  # always matches
    return inner[len(lead) :] + lead[::-1]


def strip_inline(s: str, *, md: bool) -> str:
    """Remove markup that is not text: struck text, footnote marks, tags, markdown emphasis."""
    s = _DELETED_RE.sub("", s)  # a clean copy that still shows struck text means it is deleted
    s = _SUP_MARK_RE.sub("", s)
    s = _BRACKET_MARK_RE.sub("", s)  # "meeting[3]": the plain-text export's footnote marks
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


Marker = tuple[str, str, str, str]


def marker(text: str, *, ocr_bullets: bool) -> Marker:
    """``(kind, number, label, body)`` for the start of a line; kind "" when it starts plain text.

    kind is "bullet", "dash" (a dash that may be a bullet or a dash the wrap put first), "number"
    or "". A number is validated beyond its form: "e.g.", "37 contributions" and "1.5 per cent"
    start plain text.
    """
    return _bullet_marker(text, ocr_bullets=ocr_bullets) or _number_marker(text) or ("", "", "", text)


def _bullet_marker(text: str, *, ocr_bullets: bool) -> Marker | None:
    if m := _SYMBOL_BULLET_RE.match(text):
        return "bullet", "", "", text[m.end() :]
    if m := _DASH_BULLET_RE.match(text):
        body = text[m.end() :]
        # "- lowercase" may be a dash that the wrap put first; the paragraph rules decide.
        return ("bullet" if _OPENS_ITEM.match(body) else "dash"), "", "", body
    if ocr_bullets and (m := _OCR_BULLET_RE.match(text)):
        return "bullet", "", "", text[m.end() :]
    return None


def _number_marker(text: str) -> Marker | None:
    m = _NUMBER_RE.match(text)
    if not m:
        return None
    body = text[m.end() :]
    spaced = bool(m.group("space"))
    opens = not body or bool(_OPENS_ITEM.match(body))
    if m.group("paren"):
        number = m.group("paren")
    elif m.group("letter"):
        if not (spaced or opens):
            return None  # "e.g.", "i.e."
        number = m.group("letter")
    else:
        number = _digits_number(m, body, spaced=spaced, opens=opens)
        if number is None:
            return None
    return "number", number, m.group(0).strip(), body


def _digits_number(m: regex.Match, body: str, *, spaced: bool, opens: bool) -> str | None:
    digits, latin, punct = m.group("digits"), m.group("latin"), m.group("dpunct")
    # "15. …", "2 bis …", "2.1 Scope" and "15 It …" are numbers; "37 contributions", "1.5 per
    # cent" and a bare "15" (a page number, removed earlier) are not.
    if not body and not (punct or latin):
        return None
    # A bare number needs a capital after it ("15 It", not "2016, 26"), and not a month's.
    bare = body and not (punct or latin or "." in digits)
    if bare and (not re.match(r"[A-Z\"“‘(]", body) or _MONTH_RE.match(body)):
        return None
    if body and not opens and not (spaced and (punct or latin)):
        return None  # "1.5 per cent", "15.the"
    return digits + (" " + latin.lower() if latin else "")


def markdown_line(s: str) -> tuple[str, bool, int]:
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


def ends_sentence(s: str) -> bool:
    """Whether a line ends a sentence, a list introduction (":") or a list item (";")."""
    return bool(_SENTENCE_END_RE.search(s))


def ends_full_stop(s: str) -> bool:
    """Whether a line ends with a full stop, "!" or "?" (closing quotes and brackets aside)."""
    return bool(re.search(r"[.!?][\"'”’)\]]*$", s))


def first_word(s: str) -> str:
    return s.split(None, 1)[0] if s.strip() else ""


def last_word(s: str) -> str:
    parts = s.split()
    return parts[-1] if parts else ""


def starts_lower(s: str) -> bool:
    """Whether the text starts with a lowercase letter (opening quotes and brackets aside)."""
    s = s.lstrip("\"“‘'(")
    return bool(s) and s[0].islower()


def opens_item(s: str) -> bool:
    """Whether the text starts as an item or a paragraph would: a capital, a digit, a quote."""
    return bool(_OPENS_ITEM.match(s))


def page_key(s: str) -> str:
    """A line as compared across pages: spaces squashed, lowercase, digits alike."""
    return re.sub(r"\d+", "#", _SPACES_RE.sub(" ", s.strip().lower()))


# ---------------------------------------------------------------------------------------------
# All the lines
# ---------------------------------------------------------------------------------------------


def classify(raw: str, *, md: bool) -> Items:
    """The items of a raw text (see the module docstring), one per line."""
    lines = clean_characters(raw).split("\n")
    items = Items(_classify_line(line if line == FORM_FEED else line.rstrip(), md=md) for line in lines)
    _underlined_headings(items)
    return items


def _underlined_headings(items: Items) -> None:
    """A line right above a rule ("Introduction" over "------------") is a heading, as plain text writes one."""
    for pos, it in enumerate(items):
        if not (isinstance(it, tuple) and it[1] in ("rule", "empty section")):
            continue
        # A rule underlines the line right above it; a placeholder follows its section's heading.
        above = pos - 1 if it[1] == "rule" else next(items.neighbours(pos, -1), -1)
        if above >= 0 and isinstance(items[above], Line):
            items[above].heading = True


_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "or", "to", "in", "for", "with", "on", "by", "at", "from", "as"}


def attach_lone_bullets(items: Items, width: int) -> None:
    """Give bullets that stood alone on their lines to the items they mark.

    Each run of lone bullets marks as many items in the text after it. A line opens the next item
    unless it continues the line before: it starts in lowercase, or the line before was full
    (``width``) or ended on a word such as "the", without ending a sentence.
    """
    waiting = 0
    previous: Line | None = None
    for it in items:
        if isinstance(it, tuple) and it[1] == "lone bullet":
            waiting += 1
            previous = None
        elif isinstance(it, Line):
            if it.marker == "number":
                waiting = 0  # a numbered paragraph: the bullets were not for what follows it
            elif waiting and not it.marker and not _continues(previous, it, width):
                it.marker, it.body, it.loose = "bullet", it.text, True
                waiting -= 1
            previous = it


def _continues(previous: Line | None, line: Line, width: int) -> bool:
    if starts_lower(line.text):
        return True
    if previous is None or ends_sentence(previous.text):
        return False
    return len(previous.text) >= 0.8 * width or last_word(previous.text).lower() in _FUNCTION_WORDS


def _classify_line(s: str, *, md: bool) -> Item:
    if s == FORM_FEED:  # before the blank test: str.strip() takes a form feed for a space
        return ("drop", "page break", "")
    if not s.strip():
        return None
    if m := _FOOTNOTE_LINE_RE.match(s):
        number = m.group("n1") or m.group("n2") or m.group("n4") or m.group("n3").translate(_FROM_SUPERSCRIPT)
        return ("note", number, strip_inline(m.group("text"), md=md))
    heading, depth = False, -1
    indent = len(s) - len(s.lstrip(" "))
    if _RULE_LINE_RE.fullmatch(s) or md and _MD_RULE_RE.fullmatch(s):
        return ("drop", "rule", s.strip())
    if md:
        s, heading, depth = markdown_line(s)
    s = _SPACES_RE.sub(" ", strip_inline(s, md=md)).strip()
    if not s:
        return None
    if _WORD_NOTE_RE.match(s):
        return ("drop", "Word note", s)
    if _PAGE_NUMBER_RE.fullmatch(s):
        return ("drop", "page number", s)
    if _DOC_SYMBOL_RE.fullmatch(s):
        return ("drop", "document symbol", s)
    if not md and _LONE_BULLET_RE.fullmatch(s):
        return ("drop", "lone bullet", s)
    if s == EMPTY_SECTION:
        return ("drop", "empty section", s)  # the app's own placeholder for a part without text
    line = Line.parse(s, ocr_bullets=not md, heading=heading, md_list=depth)
    line.indent = indent
    return line


def measure_layout(items: Items) -> Layout:
    """The text's usual line width, and whether it is hard-wrapped and double-spaced."""
    lines = items.mark_gaps()
    lengths = sorted(len(x.text) for x in lines) or [0]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    # Hard-wrapped: a usual width a person could read, and most lines near it.
    near = sum(n >= 0.6 * width for n in lengths)
    wrapped = len(lines) >= 3 and width <= 160 and near >= 0.5 * len(lengths)
    # Blank lines between (nearly) all consecutive lines: they carry no paragraph information.
    gaps = [x.gap for x in lines[1:]]
    double = len(gaps) >= 4 and sum(g > 0 for g in gaps) >= 0.8 * len(gaps)
    return Layout(width=max(width, 1), wrapped=wrapped, double_spaced=double)


# ---------------------------------------------------------------------------------------------
# Running headers and footers
# ---------------------------------------------------------------------------------------------


def drop_running_headers(items: Items) -> None:
    """Remove running headers and footers: short lines repeated on three or more pages.

    Repeated text is not enough (reports repeat wording, and a wrapped line can recur
    verbatim), so a header must also: start with no lowercase letter, not end like a
    sentence or list item, stand at least five lines from its next occurrence, sit next to a
    page number, page break or document symbol (or, in text without any, be in capitals),
    and have different text around it each time (a repeated passage has the same neighbours
    every time; a header is surrounded by whatever the page holds).
    """
    repeated = _repeated_short_lines(items)
    paged = any(is_page_artefact(it) for it in items)
    for places in repeated.values():
        if _is_running_header(items, places, repeated, paged=paged):
            for pos in places:
                items[pos] = ("drop", "running header", items[pos].text)


def _repeated_short_lines(items: Items) -> dict[str, list[int]]:
    """Short unmarked lines that could be headers, by page key, when on three places five lines apart."""
    seen: dict[str, list[int]] = {}
    for pos, it in enumerate(items):
        if (
            isinstance(it, Line)
            and not it.marker
            and not starts_lower(it.text)
            and len(it.text.split()) <= 15
            and not re.search(r"[.;:,\-]$", it.text)
        ):
            seen.setdefault(page_key(it.text), []).append(pos)
    return {
        key: places
        for key, places in seen.items()
        if len(places) >= 3 and len(key) >= 3 and min(b - a for a, b in zip(places, places[1:], strict=False)) >= 5
    }


def _is_running_header(items: Items, places: list[int], repeated: dict[str, list[int]], *, paged: bool) -> bool:
    if paged:
        if 2 * sum(_near_page_artefact(items, pos) for pos in places) < len(places):
            return False
    elif not items[places[0]].text.isupper():
        return False  # no page furniture to go by: only capitals look enough like a header
    before = {_context(items, pos, -1, repeated) for pos in places}
    after = {_context(items, pos, 1, repeated) for pos in places}
    return len(before) >= 2 and len(after) >= 2  # else the same neighbours every time: a repeated passage


def _near_page_artefact(items: Items, pos: int) -> bool:
    for step in (-1, 1):
        for count, k in enumerate(items.neighbours(pos, step)):
            if is_page_artefact(items[k]):
                return True
            if count >= 2:
                break
    return False


def _context(items: Items, pos: int, step: int, repeated: dict[str, list[int]]) -> str | None:
    """The first line beside ``pos`` that is neither an artefact nor one of a header block (of
    at most three repeated lines); None past the ends or when the block is longer."""
    for count, k in enumerate(items.neighbours(pos, step)):
        it = items[k]
        if isinstance(it, tuple):
            continue
        key = page_key(it.text)
        if key not in repeated:
            return key
        if count >= 2:
            return key  # a long run of repeated lines: a repeated passage, not a header
    return None


# ---------------------------------------------------------------------------------------------
# Joining lines
# ---------------------------------------------------------------------------------------------


def join_texts(texts: Sequence[str], vocabulary: Collection[str] = (), hyphenated: Collection[str] = ()) -> str:
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
        elif _CJK_JOIN_RE.search(out[-1] + text[0]):
            out += text  # Chinese and Japanese have no spaces between words to break lines at
        else:
            out += " " + text
    return _SPACES_RE.sub(" ", out.replace("\u00ad", "")).strip()


def _keep_hyphen(left: str, right: str, vocabulary: Collection[str], hyphenated: Collection[str]) -> bool:
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
