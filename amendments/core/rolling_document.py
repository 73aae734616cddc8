"""The CSTD secretariat's rolling document of draft recommendations (WGEC 2013–14), read from its text.

Pure Python, no Django. The rolling document is the secretariat's hand-made compilation of the
proposals received, in the Chair's framework: a title block, an abstract with footnotes, a table of
contents, the groups "GROUP A: …" to "GROUP E: …" and "Recommendations which could not be
categorized", under each group its numbered sources ("1. Draft recommendations submitted by the
Russian Federation (12 December 2013)") each followed by the items of that proposal, and annexes.

The text is a lossy conversion from PDF/Word, so the reader makes a few judgements (every one is
listed in `fixtures/seeds/seed_004_NOTES.md`); what it cannot place is kept in `unplaced`, never dropped.
`rolling_document_text.write_text` writes the structure back so that a word comparison proves nothing
was lost.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "Annex",
    "Footnote",
    "Group",
    "Item",
    "RollingDocument",
    "Source",
    "TocEntry",
    "indented_bullets",
    "with_bullet_indentation",
    "read_rolling_document",
    "strip_marks",
]

# The superscript digits the conversion kept as footnote marks.
MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
UNCATEGORIZED = "uncategorized"
UNCATEGORIZED_HEADING = "Recommendations which could not be categorized"

_FOOTNOTE = re.compile(rf"^([{MARKS}]+) (.+)$")
_TOC_LINE = re.compile(r"^(?P<text>.+?)(?:\.{2,})?\t(?P<page>\d+)$")
_GROUP = re.compile(r"^GROUP (?P<key>[A-E]): (?P<title>.+)$")
_ANNEX = re.compile(r"^ANNEX (?P<number>\d+): (?P<title>.+)$")
_SOURCE = re.compile(
    r"^(?P<number>\d+)\. (?P<kind>(?:Draft )?[Rr]ecommendations?) "
    r"(?:from (?P<from>.+?) )?submitted by (?P<by>.+?) "
    r"\((?P<date>\d{1,2} [A-Z][a-z]+ \d{4})\):?$"
)
_LABEL = re.compile(r"^(?P<label>\(\d+\)|\([ivx]+\)|\d+[.)]|[IVX]+\.|[ivx]+[.)]|[a-z][.)])\s+(?P<rest>\S.*)$")
_HONORIFIC = re.compile(r"^(?P<title>Mr\.|Ms\.|Mrs\.|Dr\.) (?P<name>.+)$")
_ROMAN = re.compile(r"^[ivx]+$")
# A line ending in one of these words was cut at a page or line break, not at the end of a sentence.
_OPEN_ENDINGS = {"the", "of", "and", "to", "in", "for", "a", "an", "on", "with", "FOR", "OF", "AND", "ON", "THE"}


@dataclass(frozen=True)
class Footnote:
    """A footnote: its mark as printed ("³"), its text, and where it belongs.

    `item` is the index of the item whose text holds the mark (None: the source heading or, in the
    abstract, see `paragraph`); `printed_after` is the index of the item (or paragraph) the footnote
    text was printed after in the file (-1: right after the heading), kept so the text can be written
    back in its order.
    """

    mark: str
    text: str
    item: int | None = None
    printed_after: int = -1


@dataclass(frozen=True)
class TocEntry:
    level: int  # 0: a group, "could not be categorized" or an annex; 1: a source under it
    text: str  # as printed, without dot leaders or page number
    page: int


@dataclass(frozen=True)
class Item:
    """One item of a proposal: `label` as printed ("(1)", "a.", "1)", "-" for a bare bullet, "" for
    a plain paragraph), whether the line was a "- " bullet, its depth in the list, and its text with
    footnote marks kept as printed."""

    label: str
    depth: int
    text: str
    bulleted: bool = False

    @property
    def trailing_number(self) -> str:
        """The number printed in brackets at the end of the text, "9" for "…conventions; (9)": the
        Russian Federation's items carry the numbers of its own proposal there; "" when none."""
        match = re.search(r"\((\d+)\)$", strip_marks(self.text))
        return match.group(1) if match else ""


@dataclass(frozen=True)
class Source:
    """One numbered source under a group: who submitted it, for whom, and when."""

    number: int
    kind: str  # "Draft recommendations", "Draft recommendation", "Recommendations"
    submitter_as_printed: str  # "the Russian Federation", "Ms. Avri Doria"
    submitter: str  # "Russian Federation", "Avri Doria"
    honorific: str  # "Ms.", "Mr." or ""
    on_behalf_of: str  # "a group of WGEC Members and Observers", "Brazil, Mexico, Sweden, and United Kingdom"
    members: tuple[str, ...]  # the members the source stands for
    date: datetime.date
    heading: str  # as printed, footnote marks included
    items: tuple[Item, ...] = ()
    footnotes: tuple[Footnote, ...] = ()


@dataclass(frozen=True)
class Group:
    key: str  # "A" .. "E" or "uncategorized"
    heading: str
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Annex:
    number: int
    title: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Abstract:
    paragraphs: tuple[str, ...] = ()
    footnotes: tuple[Footnote, ...] = ()  # `item` is the paragraph holding the mark


@dataclass(frozen=True)
class RollingDocument:
    title_lines: tuple[str, ...]
    abstract: Abstract
    toc: tuple[TocEntry, ...]
    groups: tuple[Group, ...]
    annexes: tuple[Annex, ...]
    unplaced: tuple[str, ...] = ()
    joins: tuple[str, ...] = field(default=(), compare=False)  # the lines joined to the one before, and why


def strip_marks(text: str) -> str:
    """The text without its footnote marks (a table of contents prints none)."""
    return "".join(char for char in text if char not in MARKS).rstrip()


def _unbold(line: str) -> str:
    return line.replace("**", "")


def _open_ended(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1] in _OPEN_ENDINGS


def _paragraphs(lines: Sequence[str]) -> list[str]:
    """The non-blank lines, a line ending in an open word (a broken line) joined with the next."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if out and _open_ended(out[-1]):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.rstrip())
    return out


def _find(lines: Sequence[str], wanted: str, start: int = 0) -> int:
    for index in range(start, len(lines)):
        if lines[index].strip() == wanted:
            return index
    raise ValueError(f"no line {wanted!r} in the rolling document")


def _read_abstract(lines: Sequence[str], unplaced: list[str]) -> Abstract:
    paragraphs: list[str] = []
    footnotes: list[Footnote] = []
    for line in _paragraphs(lines):
        match = _FOOTNOTE.match(line)
        if match is None:
            paragraphs.append(line)
            continue
        mark = match.group(1)
        holder = next((index for index, text in enumerate(paragraphs) if mark in text), None)
        if holder is None:
            unplaced.append(line)
            continue
        footnotes.append(Footnote(mark, match.group(2), holder, len(paragraphs) - 1))
    return Abstract(tuple(paragraphs), tuple(footnotes))


def _read_toc(lines: Sequence[str], start: int) -> tuple[tuple[TocEntry, ...], int]:
    """The entries from `start`; returns them and the index of the first line after the table."""
    entries: list[TocEntry] = []
    index = start
    while index < len(lines):
        line = lines[index]
        match = _TOC_LINE.match(line)
        if match is None and line.strip():
            break
        if match is not None:
            text = match.group("text")
            level = 1 if re.match(r"^\d+\. ", text) else 0
            entries.append(TocEntry(level, text, int(match.group("page"))))
        index += 1
    return tuple(entries), index


def _names(text: str) -> tuple[str, ...]:
    """ "Avri Doria, Grace Githaiga, and Joy Liddicoat" -> the three names."""
    parts = re.split(r",\s*|\s+and\s+", text)
    return tuple(part.removeprefix("and ").strip() for part in parts if part.strip())


def _member(name: str) -> str:
    return name.removeprefix("the ").strip()


def read_source_heading(heading: str) -> Source | None:
    """The source a heading names, without its items; None when the line is no source heading."""
    match = _SOURCE.match(strip_marks(heading))
    if match is None:
        return None
    by = match.group("by")
    on_behalf_of = match.group("from") or ""
    members: tuple[str, ...] = _names(on_behalf_of) if on_behalf_of else ()
    if " on behalf of " in by:
        by, _, behalf = by.partition(" on behalf of ")
        # "on behalf of by a group …" (group A): the stray "by" is the conversion's, not a name.
        behalf = behalf.removeprefix("by ")
        listed = re.match(r"^(?P<who>.+?) \((?P<names>[^()]+)\)$", behalf)
        on_behalf_of = listed.group("who") if listed else behalf
        members = _names(listed.group("names")) if listed else ()
    honorific = _HONORIFIC.match(by)
    submitter = honorific.group("name") if honorific else _member(by)
    return Source(
        number=int(match.group("number")),
        kind=match.group("kind"),
        submitter_as_printed=by,
        submitter=submitter,
        honorific=honorific.group("title") if honorific else "",
        on_behalf_of=on_behalf_of,
        members=members or (submitter,),
        date=datetime.datetime.strptime(match.group("date"), "%d %B %Y").date(),
        heading=heading,
    )


def _style(label: str, indented: bool, stack: Sequence[str]) -> str:
    """The kind of numbering a label is, so that depth follows the kinds seen in the source.

    "i." is a letter after "h." and a roman number otherwise; a bare bullet's style includes its
    indentation (the conversion indents sub-bullets by one space).
    """
    if label == "-":
        return "bullet-indented" if indented else "bullet"
    core = label.strip("().")
    punct = label.replace(core, "#")
    if core.isdigit():
        return f"arabic{punct}"
    if core.isupper():
        return f"ROMAN{punct}"
    if _ROMAN.match(core) and f"alpha{punct}" not in stack:
        return f"roman{punct}"
    return f"alpha{punct}"


def _push(stack: list[str], style: str) -> None:
    if style in stack:
        del stack[stack.index(style) + 1 :]
    else:
        stack.append(style)


def indented_bullets(items: Sequence[tuple[str, int, bool]]) -> list[bool]:
    """For a source's items as (label, depth, bulleted), in order: whether each must be printed
    indented ("  - …") for the reader to give it its depth again. Only a bare bullet's depth depends
    on its indentation (see `_style`); the reader's list stack is followed as it reads."""
    stack: list[str] = []
    out: list[bool] = []
    for label, depth, bulleted in items:
        if not label and not bulleted:
            stack.clear()  # a plain paragraph starts the lists under it afresh
            out.append(False)
            continue
        label = label or "-"
        indented = False
        if label == "-":
            for choice in (False, True):
                trial = list(stack)
                _push(trial, _style(label, choice, trial))
                if len(trial) - 1 == depth:
                    indented = choice
                    break
        _push(stack, _style(label, indented, stack))
        out.append(indented)
    return out


def with_bullet_indentation(lines: Sequence[tuple[str, int]]) -> list[str]:
    """Lines of a rolling document (text, depth as a word processor indented it) as its text prints
    them: a bare bullet indented by a space where the reader needs it for that depth (see
    `indented_bullets`); each source's list starts afresh, as the reader's does."""
    out = [text.strip() for text, _ in lines]
    run: list[int] = []

    def close() -> None:
        items = []
        for index in run:
            text = out[index]
            bulleted = text.startswith("- ")
            label = _LABEL.match(text[2:].strip() if bulleted else text)
            items.append((label.group("label") if label else "", lines[index][1], bulleted))
        for index, indented in zip(run, indented_bullets(items), strict=True):
            out[index] = f" {out[index]}" if indented else out[index]
        run.clear()

    for index, text in enumerate(out):
        bare = _unbold(text)
        if read_source_heading(bare) or _GROUP.match(bare) or _ANNEX.match(bare) or bare == UNCATEGORIZED_HEADING:
            close()
        elif not _FOOTNOTE.match(text):
            run.append(index)
    close()
    return out


@dataclass
class _SourceBuilder:
    source: Source
    items: list[Item] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    after_blank: bool = True

    def add_line(self, line: str, unplaced: list[str], joins: list[str]) -> None:
        if not line.strip():
            self.after_blank = True
            return
        after_blank, self.after_blank = self.after_blank, False
        footnote = _FOOTNOTE.match(line)
        if footnote is not None:
            self._add_footnote(footnote.group(1), footnote.group(2), line, unplaced)
            return
        text = line.strip()
        label_shaped = text.startswith("- ") or _LABEL.match(text) is not None
        if self.items and not label_shaped and (not after_blank or text[0].islower()):
            # A line with no label of its own right under an item (no blank line), or starting with a
            # small letter after a page break: the rest of that item, wrapped by the conversion.
            joins.append(text)
            last = self.items[-1]
            self.items[-1] = Item(last.label, last.depth, f"{last.text} {text}", last.bulleted)
            return
        self.items.append(self._item(line))

    def _item(self, line: str) -> Item:
        indented = line.startswith(" ")
        text = line.strip()
        bulleted = text.startswith("- ")
        if bulleted:
            text = text[2:].strip()
        match = _LABEL.match(text)
        if match is None and not bulleted:
            self.stack.clear()  # a plain paragraph starts the lists under it afresh
            return Item("", 0, text)
        label, rest = (match.group("label"), match.group("rest")) if match else ("-", text)
        _push(self.stack, _style(label, indented, self.stack))
        return Item(label, len(self.stack) - 1, rest, bulleted)

    def _add_footnote(self, mark: str, text: str, line: str, unplaced: list[str]) -> None:
        printed_after = len(self.items) - 1
        if mark in self.source.heading:
            self.footnotes.append(Footnote(mark, text, None, printed_after))
            return
        holder = next((index for index, item in enumerate(self.items) if mark in item.text), None)
        if holder is None:
            unplaced.append(line)
            return
        self.footnotes.append(Footnote(mark, text, holder, printed_after))

    def build(self) -> Source:
        return replace(self.source, items=tuple(self.items), footnotes=tuple(self.footnotes))


def _read_groups(lines: Sequence[str], unplaced: list[str], joins: list[str]) -> tuple[Group, ...]:
    groups: list[tuple[str, str, list[Source]]] = []
    builder: _SourceBuilder | None = None

    def close() -> None:
        nonlocal builder
        if builder is not None:
            groups[-1][2].append(builder.build())
            builder = None

    for line in lines:
        bare = _unbold(line).rstrip()
        group = _GROUP.match(bare)
        if group is not None or bare == UNCATEGORIZED_HEADING:
            close()
            groups.append((group.group("key") if group else UNCATEGORIZED, bare, []))
            continue
        source = read_source_heading(bare) if groups else None
        if source is not None:
            close()
            builder = _SourceBuilder(source)
        elif builder is not None:
            builder.add_line(bare, unplaced, joins)
        elif bare.strip():
            unplaced.append(line)
    close()
    return tuple(Group(key, heading, tuple(sources)) for key, heading, sources in groups)


def _read_annexes(lines: Sequence[str], unplaced: list[str]) -> tuple[Annex, ...]:
    starts = [index for index, line in enumerate(lines) if _ANNEX.match(line.strip())]
    unplaced.extend(line for line in lines[: starts[0] if starts else len(lines)] if line.strip())
    annexes: list[Annex] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        match = _ANNEX.match(lines[start].strip())
        assert match is not None
        annexes.append(
            Annex(int(match.group("number")), match.group("title"), tuple(_paragraphs(lines[start + 1 : end])))
        )
    return tuple(annexes)


def _title_lines(lines: Sequence[str]) -> tuple[str, ...]:
    # The bold masthead is split over lines ("… TECHNOLOGY FOR" / "DEVELOPMENT"): joined back.
    return tuple(_paragraphs([_unbold(line) for line in lines]))


def read_rolling_document(text: str) -> RollingDocument:
    """The rolling document's structure; every non-blank line lands in it or in `unplaced`."""
    lines = text.replace("\r\n", "\n").split("\n")
    unplaced: list[str] = []
    joins: list[str] = []
    abstract_at = _find(lines, "Abstract")
    toc_at = _find(lines, "Table of Contents", abstract_at)
    toc, body_at = _read_toc(lines, toc_at + 1)
    annex_at = next((index for index in range(body_at, len(lines)) if _ANNEX.match(lines[index].strip())), len(lines))
    return RollingDocument(
        title_lines=_title_lines(lines[:abstract_at]),
        abstract=_read_abstract(lines[abstract_at + 1 : toc_at], unplaced),
        toc=toc,
        groups=_read_groups(lines[body_at:annex_at], unplaced, joins),
        annexes=_read_annexes(lines[annex_at:], unplaced),
        unplaced=tuple(unplaced),
        joins=tuple(joins),
    )
