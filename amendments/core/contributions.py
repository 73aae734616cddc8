"""A member's written contribution to the working group (the Russian Federation's of 2017), read from its text.

Pure Python, no Django. A contribution is a front matter (the masthead, the title, "Submitted by",
the secretariat's disclaimer, an e-mail header: Att./To/From/Date/Subject) and sections numbered
with roman numerals ("I Background", "II Format of Enhanced cooperation"), each with its paragraphs,
list items and table rows in order.

The texts are conversions from Word (bold and italic as `**`/`*`, tables as tab-separated rows) or
from a scan (lines wrapped at the page's width, "Il" and "111" for "II" and "III", "e", "o" and
"¢" for bullets), so the reader unwraps lines and reads the scanner's numerals; what it cannot place
is kept in `unplaced`. `write_contribution_text` writes it back for a word comparison.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

__all__ = ["Contribution", "ContributionSection", "Paragraph", "read_contribution", "write_contribution_text"]

# A scanner's readings of the roman numerals of section headings.
_SCANNED_NUMERALS = {"|": "I", "l": "I", "Il": "II", "lI": "II", "ll": "II", "111": "III", "Ill": "III", "lll": "III"}
_SECTION = re.compile(r"^(?P<number>[IVX]+|\||Il|lI|ll|111|Ill|lll)\s+(?P<title>[A-Z][^.;:]*)$")
# "- ", "• ", and the scanner's "e ", "o ", "¢ " bullets.
_BULLET = re.compile(r"^(?P<label>[-•¢eo])\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<label>\d+(?:\.\d+)*\.?|[a-z]\))(?P<separator>\s*)(?P<text>[A-Z*].*)$")
_HEADER = re.compile(r"^(?P<key>Att\.|To|From|Date|Subject):\s*(?P<value>.*)$")
_OPEN_ENDINGS = {"the", "of", "and", "to", "in", "for", "a", "an", "on", "with", "wide", "e-"}
_EMPHASIS = re.compile(r"\*+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section: `kind` "paragraph", "item" (a bullet or a numbered line, `label` as
    printed: "-", "•", "e", "a)", "64.", "2.1"), "heading" (a short numbered line with no final
    punctuation, e.g. "2.3 High level characteristics …") or "row" (a table row, its `cells`)."""

    kind: str
    text: str
    label: str = ""
    cells: tuple[str, ...] = ()
    separator: str = " "  # between label and text: "" where the scan prints "2.1.Scope", "a)Policy"


@dataclass(frozen=True)
class ContributionSection:
    number: str  # the roman numeral, "II" also where the scan reads "Il"
    number_as_printed: str
    title: str
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Contribution:
    masthead: tuple[str, ...]
    title: str
    submitted_by: str
    disclaimer: str
    header: tuple[tuple[str, str], ...]  # ("Att.", "CSTD Secretariat"), ("To", …), as printed, in order
    sections: tuple[ContributionSection, ...]
    unplaced: tuple[str, ...] = ()

    def header_value(self, key: str) -> str:
        return next((value for name, value in self.header if name == key), "")

    @property
    def addressee(self) -> str:
        """Whom it is addressed to ("Att.: CSTD Secretariat"), else its "To:"."""
        return self.header_value("Att.") or self.header_value("To")

    @property
    def date(self) -> datetime.date | None:
        """The header's date, printed day-month-year ("04-04-2017")."""
        printed = self.header_value("Date")
        match = re.match(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$", printed)
        if match is None:
            return None
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _joined(block: Sequence[str]) -> str:
    return " ".join(line.strip() for line in block)


def _plain(text: str) -> str:
    return _EMPHASIS.sub("", text).strip()


@dataclass
class _FrontMatter:
    masthead: list[str] = field(default_factory=list)
    title: str = ""
    submitted_by: str = ""
    disclaimer: str = ""
    header: list[tuple[str, str]] = field(default_factory=list)
    expect_submitter: bool = False

    def add(self, block: Sequence[str], unplaced: list[str]) -> None:
        text = _plain(_joined(block))
        headers = [_HEADER.match(line.strip()) for line in block]
        if self.expect_submitter:
            self.submitted_by, self.expect_submitter = text, False
        elif text == "Submitted by":
            self.expect_submitter = True
        elif text.startswith("DISCLAIMER:"):
            self.disclaimer = text.removeprefix("DISCLAIMER:").strip()
        elif all(headers):
            self.header.extend((match.group("key"), match.group("value")) for match in headers if match)
        elif text.startswith("UNITED NATIONS") or text == "Working Group on Enhanced Cooperation":
            self.masthead.append(text)
        elif not self.title:
            self.title = text
        else:
            unplaced.extend(block)


def _open_ended(text: str) -> bool:
    words = text.split()
    return bool(words) and (words[-1] in _OPEN_ENDINGS or words[-1].endswith("-"))


def _paragraph(line: str) -> Paragraph:
    text = line.strip()
    if "\t" in line:
        cells = tuple(cell.strip() for cell in line.split("\t"))
        return Paragraph("row", " ".join(cell for cell in cells if cell), cells=cells)
    bullet = _BULLET.match(text)
    if bullet is not None:
        return Paragraph("item", bullet.group("text"), bullet.group("label"))
    numbered = _NUMBERED.match(text)
    if numbered is None:
        return Paragraph("paragraph", text)
    rest = numbered.group("text")
    short = len(rest.split()) <= 8 and not re.search(r"[.;:,]\**$", rest)
    separator = " " if numbered.group("separator") else ""
    return Paragraph("heading" if short else "item", rest, numbered.group("label"), separator=separator)


def _continues(previous: Paragraph, line: str, same_block: bool) -> bool:
    """Whether `line` is the rest of `previous`, cut by the scan's line or page width."""
    text = line.strip()
    if previous.kind in ("row", "heading") or "\t" in line or _paragraph(line).kind != "paragraph":
        return False
    if text[0].islower() or _open_ended(previous.text):
        return True
    # Within a run of lines, a line goes on the one before unless both are short and unpunctuated: the
    # scan dropped the bullets of a list ("Collaborative" / "Effectiveness/goal oriented").
    return same_block and (len(previous.text.split()) > 4 or previous.text.endswith(","))


def _section_paragraphs(blocks: Sequence[Sequence[str]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for block in blocks:
        for position, line in enumerate(block):
            if paragraphs and _continues(paragraphs[-1], line, position > 0):
                last = paragraphs[-1]
                paragraphs[-1] = replace(last, text=f"{last.text} {line.strip()}")
            else:
                paragraphs.append(_paragraph(line))
    return paragraphs


def _section_heading(line: str) -> tuple[str, str, str] | None:
    match = _SECTION.match(line.strip())
    if match is None or len(match.group("title").split()) > 12:
        return None
    printed = match.group("number")
    return _SCANNED_NUMERALS.get(printed, printed), printed, match.group("title")


def read_contribution(text: str) -> Contribution:
    """The contribution's front matter and sections; every non-blank line lands in one or in `unplaced`."""
    front = _FrontMatter()
    unplaced: list[str] = []
    sections: list[tuple[tuple[str, str, str], list[list[str]]]] = []
    for block in _blocks(text.replace("\r\n", "\n").split("\n")):
        # A heading can share its run of lines with the end of the section before (the scan's "111 …").
        for line in block:
            heading = _section_heading(line)
            if heading is not None:
                sections.append((heading, []))
            elif sections:
                if not sections[-1][1] or line is block[0]:
                    sections[-1][1].append([])
                sections[-1][1][-1].append(line)
        if not sections:
            front.add(block, unplaced)
    return Contribution(
        masthead=tuple(front.masthead),
        title=front.title,
        submitted_by=front.submitted_by,
        disclaimer=front.disclaimer,
        header=tuple(front.header),
        sections=tuple(
            ContributionSection(number, printed, title, tuple(_section_paragraphs(blocks)))
            for (number, printed, title), blocks in sections
        ),
        unplaced=tuple(unplaced),
    )


def _paragraph_text(paragraph: Paragraph) -> str:
    if paragraph.kind == "row":
        return "\t".join(paragraph.cells)
    return f"{paragraph.label}{paragraph.separator}{paragraph.text}" if paragraph.label else paragraph.text


def _lines(contribution: Contribution) -> Iterator[str]:
    yield from contribution.masthead
    if contribution.title:
        yield contribution.title
    if contribution.submitted_by:
        yield "Submitted by"
        yield contribution.submitted_by
    if contribution.disclaimer:
        yield f"DISCLAIMER: {contribution.disclaimer}"
    yield from (f"{key}: {value}" for key, value in contribution.header)
    for section in contribution.sections:
        yield f"{section.number_as_printed} {section.title}"
        yield from (_paragraph_text(paragraph) for paragraph in section.paragraphs)
    yield from contribution.unplaced


def write_contribution_text(contribution: Contribution) -> str:
    """The contribution as plain text, one paragraph a line, blank lines between."""
    return "\n\n".join(_lines(contribution)) + "\n"
