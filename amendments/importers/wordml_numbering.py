"""word/numbering.xml and word/styles.xml: the paragraph numbers Word shows, counted as Word counts them.

`Numbering` resolves a paragraph's list and level (from its own w:numPr or its style chain), and a
`NumberCounter` counts list items through one version of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from amendments.core.numbering import LATIN_PATTERN
from amendments.importers.wordml_xml import MC_ALTERNATE, PPR, PSTYLE, VAL, Element, fallback, paragraph_props, w


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show every level in decimal
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _int(element: Element | None, default: int | None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(VAL, ""))
    except ValueError:
        return default


def _level(lvl: Element) -> Level:
    fmt = lvl.find(w("numFmt"))
    if fmt is None:  # a w14 custom format sits in mc:AlternateContent, with a plain one in the Fallback
        alternate = lvl.find(MC_ALTERNATE)
        alt = fallback(alternate) if alternate is not None else None
        fmt = alt.find(w("numFmt")) if alt is not None else None
    text = lvl.find(w("lvlText"))
    style = lvl.find(PSTYLE)
    legal = lvl.find(w("isLgl"))
    return Level(
        start=_int(lvl.find(w("start")), 1) or 0,
        fmt=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
        text=text.get(VAL) if text is not None else None,
        restart=_int(lvl.find(w("lvlRestart")), None),
        legal=legal is not None and legal.get(VAL, "true") not in ("0", "false", "off"),
        style=style.get(VAL) if style is not None else None,
    )


class Styles:
    """Paragraph styles: what numbering each carries, directly or through w:basedOn."""

    def __init__(self, root: Element | None) -> None:
        self.based_on: dict[str, str] = {}
        self.numpr: dict[str, tuple[str | None, str | None]] = {}
        self.names: dict[str, str] = {}  # style id -> its w:name, lower case ("heading 1")
        self.default = ""
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(w("styleId"), "")
            name = style.find(w("name"))
            self.names[style_id] = (name.get(VAL, "") if name is not None else style_id).lower()
            if style.get(w("default")) in ("1", "true", "on"):
                self.default = style_id
            based = style.find(w("basedOn"))
            if based is not None:
                self.based_on[style_id] = based.get(VAL, "")
            _, num_id, ilvl = paragraph_props(style.find(PPR))
            if num_id is not None or ilvl is not None:
                self.numpr[style_id] = (num_id, ilvl)

    def is_heading(self, style_id: str) -> bool:
        """Whether a paragraph style is a title or heading (by its built-in name, which every language keeps)."""
        return any(
            self.names.get(s, s.lower()).startswith(("heading", "title", "subtitle")) for s in self.chain(style_id)
        )

    def is_quote(self, style_id: str) -> bool:
        """Whether a paragraph style is a quotation (the style the app's exports give quoted sub-items)."""
        return any(self.names.get(s, s.lower()) in ("quote", "intense quote") for s in self.chain(style_id))

    def chain(self, style_id: str) -> Iterator[str]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 50:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id, "")


class Numbering:
    """word/numbering.xml: w:num instances over w:abstractNum definitions, with their overrides."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum with w:numStyleLink -> the numbering style
        self.nums: dict[str, tuple[str, dict[int, Level], set[int]]] = {}  # numId -> abstract, levels, restarts
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            key = abstract.get(w("abstractNumId"), "")
            self.abstract[key] = {_int_attr(lvl, w("ilvl")): _level(lvl) for lvl in abstract.iter(w("lvl"))}
            link = abstract.find(w("numStyleLink"))
            if link is not None:
                self.style_link[key] = link.get(VAL, "")
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            abstract_id = ref.get(VAL, "") if ref is not None else ""
            overrides: dict[int, Level] = {}
            restarts: set[int] = set()
            for override in num.iter(w("lvlOverride")):
                ilvl = _int_attr(override, w("ilvl"))
                lvl = override.find(w("lvl"))
                start = _int(override.find(w("startOverride")), None)
                level = _level(lvl) if lvl is not None else self._abstract_levels(abstract_id).get(ilvl, Level())
                if start is not None:
                    level = Level(start, level.fmt, level.text, level.restart, level.legal, level.style)
                overrides[ilvl] = level
                restarts.add(ilvl)
            self.nums[num.get(w("numId"), "")] = (abstract_id, overrides, restarts)

    def _abstract_levels(self, abstract_id: str, depth: int = 0) -> dict[int, Level]:
        """An abstractNum's levels, following w:numStyleLink to the list style that defines them."""
        link = self.style_link.get(abstract_id)
        if link and depth < 5:
            for style_id in self.styles.chain(link):
                num_id = self.styles.numpr.get(style_id, (None, None))[0]
                if num_id in self.nums:
                    return self._abstract_levels(self.nums[num_id][0], depth + 1)
        return self.abstract.get(abstract_id, {})

    def resolve(self, style: str, num_id: str | None, ilvl: str | None) -> tuple[str, int] | None:
        """(numId, level) of a paragraph from its own w:numPr, else from its style chain; None if unnumbered."""
        chain = list(self.styles.chain(style or self.styles.default))
        for style_id in chain:
            style_num, style_ilvl = self.styles.numpr.get(style_id, (None, None))
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:  # a style-bound list: the level whose w:pStyle is this paragraph's style
            levels = self._abstract_levels(self.nums[num_id][0])
            ilvl = next((str(k) for k, lvl in levels.items() if lvl.style and lvl.style in chain), "0")
        try:
            return num_id, min(max(int(ilvl), 0), 8)
        except ValueError:
            return num_id, 0

    def levels(self, num_id: str) -> tuple[str, dict[int, Level], set[int]]:
        abstract_id, overrides, restarts = self.nums[num_id]
        return abstract_id, {**self._abstract_levels(abstract_id), **overrides}, restarts


def _int_attr(element: Element, name: str) -> int:
    try:
        return int(element.get(name, "0"))
    except ValueError:
        return 0


class NumberCounter:
    """Counts list items through one version of the document, as Word does.

    Counters belong to the abstract definition, so w:num instances sharing one continue each other's count
    unless a w:lvlOverride restarts it the first time the instance is used.
    """

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[str, list[int | None]] = {}
        self.used: set[str] = set()

    def next(self, style: str, num_id: str | None, ilvl: str | None) -> tuple[str, bool]:
        resolved = self.numbering.resolve(style, num_id, ilvl)
        if resolved is None:
            return "", False
        num_id, level = resolved
        abstract_id, levels, restarts = self.numbering.levels(num_id)
        counts = self.counts.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for restarted in restarts:
                counts[restarted] = None
        current = levels.get(level, Level())
        count = counts[level]
        counts[level] = current.start if count is None else count + 1
        for lower in range(level + 1, 9):  # a higher level advancing restarts the levels below it
            restart = levels.get(lower, Level()).restart
            if restart is None or (restart > 0 and level < restart):
                counts[lower] = None
        if current.fmt == "bullet":
            return "", True
        if current.text is None:
            return "", False
        text = current.text
        for k in range(9):  # %1…%9 stand for the current count of levels 0…8
            placeholder = f"%{k + 1}"
            if placeholder in text:
                lvl = levels.get(k, Level())
                reached = counts[k]
                value = reached if reached is not None else lvl.start  # a level not reached yet shows its start
                fmt = "decimal" if current.legal and lvl.fmt != "none" else lvl.fmt
                text = text.replace(placeholder, format_number(value, fmt))
        return text, False


# A number typed at the start of a paragraph and set off by a tab, as the app's own exports write
# them ("15.\t", "2 bis.\t") and as many secretariats type them. A tab is required: a quoted
# paragraph that begins "64. We acknowledge" is text, not a number.
TYPED_NUMBER_RE = re.compile(rf"[ \u00a0]*(\d+[a-z]?(?:[ \u00a0]+(?:{LATIN_PATTERN}|\(\d+\)))?)\.?\t", re.IGNORECASE)


def typed_number(text: str) -> tuple[str, str]:
    """("15.", the rest) for a paragraph that starts with a typed "15.\t"; ("", text) otherwise."""
    match = TYPED_NUMBER_RE.match(text)
    if match is None:
        return "", text
    return f"{match.group(1)}.", text[match.end() :]


def format_number(value: int, fmt: str) -> str:
    if fmt in ("none", "bullet"):
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)  # decimal, and the fallback for formats not rendered here


def _letters(value: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, then aaa…"""
    if value <= 0:
        return str(value)
    return "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = []
    for amount, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)
