"""Square brackets as UN drafting uses them, in a paragraph's own text: a passage without consensus,
"[further consideration]", and alternatives for one passage, "[shall][should]" or
"[Option 1: …] [Option 2: …]".

Pure Python, no Django. The brackets are characters of the stored text (so every export prints them
and every importer reads them back as they are); this module finds them, writes them and takes them
away, and cuts a text into the segments the pages highlight.

- A bracketed passage is "[" and "]" around text that holds no bracket itself.
- Alternatives are bracketed passages one right after the other ("[shall][should]"), or numbered
  options one after the other with spaces between them ("[Option 1: a] [Option 2: b]").
- How alternatives are written (`alternatives_text`): when every one of them is short (at most
  `SHORT_ALTERNATIVE` characters, on one line: a word or a phrase), one after the other,
  "[shall][should]"; as soon as one is longer, all of them as numbered options,
  "[Option 1: …] [Option 2: …]", which a reader can refer to by number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "SHORT_ALTERNATIVE",
    "Attribution",
    "BracketError",
    "Group",
    "Passage",
    "Segment",
    "alternatives_text",
    "bracket",
    "groups",
    "keep_alternative",
    "locate",
    "remove_all",
    "remove_brackets",
    "segments",
    "write_alternatives",
]

SHORT_ALTERNATIVE = 30

_SPAN = re.compile(r"\[[^\[\]]*\]")
_OPTION = re.compile(r"Option (\d+): ")
_OPTION_GAP = re.compile(r"[ \t]*")


class BracketError(ValueError):
    """A bracket that cannot be written or removed, with the sentence to show."""


@dataclass(frozen=True)
class Passage:
    """One bracketed passage: `start` is the offset of its "[", `end` the offset after its "]"."""

    start: int
    end: int
    text: str  # what is inside, without the "Option n: " of an option
    option: int | None = None


@dataclass(frozen=True)
class Group:
    """A lone bracketed passage, or alternatives written together (two passages or more)."""

    passages: tuple[Passage, ...]

    @property
    def start(self) -> int:
        return self.passages[0].start

    @property
    def end(self) -> int:
        return self.passages[-1].end

    @property
    def is_alternatives(self) -> bool:
        return len(self.passages) > 1

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.passages)


@dataclass(frozen=True)
class Attribution:
    """Who proposed each of a set of alternatives: `proposers[i]` are the names behind `texts[i]`."""

    texts: tuple[str, ...]
    proposers: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Segment:
    """A piece of a text as the pages show it: `text[start:end]` is plain, a bracketed passage, or
    one alternative of `group` (its index among the text's alternatives groups)."""

    kind: Literal["text", "bracketed", "alternative"]
    start: int
    end: int
    proposers: tuple[str, ...] = ()
    group: int = -1


def _passage(match: re.Match[str]) -> Passage:
    inner = match.group()[1:-1]
    option = _OPTION.match(inner)
    if option:
        return Passage(match.start(), match.end(), inner[option.end() :], int(option.group(1)))
    return Passage(match.start(), match.end(), inner)


def _follows(text: str, previous: Passage, passage: Passage) -> bool:
    """Whether `passage` is the next alternative after `previous`."""
    if passage.start == previous.end:
        return True
    gap = text[previous.end : passage.start]
    return (
        previous.option is not None and passage.option == previous.option + 1 and _OPTION_GAP.fullmatch(gap) is not None
    )


def groups(text: str) -> list[Group]:
    """The text's bracketed passages, alternatives written together as one group, in reading order."""
    out: list[list[Passage]] = []
    for match in _SPAN.finditer(text):
        passage = _passage(match)
        if out and _follows(text, out[-1][-1], passage):
            out[-1].append(passage)
        else:
            out.append([passage])
    return [Group(tuple(passages)) for passages in out]


def _group_at(text: str, start: int) -> Group:
    for group in groups(text):
        if group.start == start:
            return group
    raise BracketError("Those brackets are no longer in the text: look at it again.")


def _check_plain(passage: str, what: str = "The passage") -> None:
    if "[" in passage or "]" in passage:
        raise BracketError(f"{what} holds a square bracket: brackets are written by the app.")


def locate(text: str, passage: str) -> tuple[int, int]:
    """Where a typed passage stands in the text (start, end); it must occur exactly once."""
    passage = passage.strip()
    if not passage:
        raise BracketError("Give the passage to put in brackets.")
    count = text.count(passage)
    if count == 0:
        raise BracketError("That passage is not in the text: copy it exactly as it stands.")
    if count > 1:
        raise BracketError("That passage occurs more than once: give a longer passage, or select it.")
    start = text.index(passage)
    return start, start + len(passage)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection without the spaces around it (a double click takes the space after a word)."""
    if not 0 <= start < end <= len(text):
        raise BracketError("That selection is not in the text: select the passage again.")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise BracketError("Give the passage to put in brackets.")
    return start, end


def _overlapping(text: str, start: int, end: int) -> Group | None:
    return next((g for g in groups(text) if g.start < end and start < g.end), None)


def bracket(text: str, start: int, end: int) -> str:
    """The text with `text[start:end]` (spaces around it left out) put in [brackets]."""
    start, end = _trimmed(text, start, end)
    _check_plain(text[start:end])
    if _overlapping(text, start, end) is not None:
        raise BracketError("That passage is already in brackets, or overlaps a bracketed passage.")
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def alternatives_text(alternatives: Sequence[str]) -> str:
    """Alternatives as written in the text: "[shall][should]", or "[Option 1: …] [Option 2: …]"
    as soon as one of them is long (see the module's docstring)."""
    texts = [a.strip() for a in alternatives]
    if len(texts) < 2 or any(not t for t in texts):
        raise BracketError("Give two alternatives or more.")
    if len(set(texts)) < len(texts):
        raise BracketError("Two of the alternatives are the same: give each once.")
    for t in texts:
        _check_plain(t, "An alternative")
    if all(len(t) <= SHORT_ALTERNATIVE and "\n" not in t for t in texts):
        return "".join(f"[{t}]" for t in texts)
    return " ".join(f"[Option {n}: {t}]" for n, t in enumerate(texts, 1))


def write_alternatives(text: str, start: int, end: int, alternatives: Sequence[str]) -> tuple[str, int]:
    """The text with the passage `text[start:end]` replaced by its alternatives, and where they start.

    A passage already in brackets on its own ("[shall]", selected with or without its brackets)
    is replaced brackets and all; a passage that overlaps other brackets is refused.
    """
    start, end = _trimmed(text, start, end)
    written = alternatives_text(alternatives)
    inside = _overlapping(text, start, end)
    if inside is not None:
        lone = not inside.is_alternatives
        if lone and (start, end) in ((inside.start, inside.end), (inside.start + 1, inside.end - 1)):
            start, end = inside.start, inside.end
        else:
            raise BracketError("That passage overlaps other brackets: choose a passage outside them.")
    else:
        _check_plain(text[start:end])
    return f"{text[:start]}{written}{text[end:]}", start


def remove_brackets(text: str, start: int) -> tuple[str, str]:
    """The text with the brackets of the lone passage at `start` removed, and that passage's text.

    Alternatives are not removed this way: one of them is kept (`keep_alternative`)."""
    group = _group_at(text, start)
    if group.is_alternatives:
        raise BracketError("Those brackets hold alternatives: choose the one to keep.")
    inner = text[group.start + 1 : group.end - 1]
    return f"{text[: group.start]}{inner}{text[group.end :]}", inner


def remove_all(text: str) -> str:
    """The text with every bracketed passage out of its brackets; refused while it holds alternatives."""
    found = groups(text)
    if any(g.is_alternatives for g in found):
        raise BracketError("The text holds alternatives: choose the one to keep in each before removing all brackets.")
    if not found:
        raise BracketError("The text has no brackets to remove.")
    for group in reversed(found):  # from the end, so the offsets before stay right
        text = f"{text[: group.start]}{text[group.start + 1 : group.end - 1]}{text[group.end :]}"
    return text


def keep_alternative(text: str, start: int, index: int) -> tuple[str, Group]:
    """The text with the alternatives at `start` replaced by the one at `index` (without brackets),
    and the group as it stood."""
    group = _group_at(text, start)
    if not group.is_alternatives:
        raise BracketError("Those brackets hold no alternatives: remove them instead.")
    if not 0 <= index < len(group.passages):
        raise BracketError("That alternative is no longer in the text: look at it again.")
    kept = group.passages[index].text
    return f"{text[: group.start]}{kept}{text[group.end :]}", group


def segments(text: str, attributions: Sequence[Attribution] = ()) -> list[Segment]:
    """The text cut into plain text, bracketed passages and alternatives, covering it all in order.

    Each group of alternatives whose texts are those of an attribution (the first not yet used)
    carries who proposed each alternative; other alternatives are shown without names."""
    unused = list(attributions)
    out: list[Segment] = []
    at = 0
    alternatives = 0
    for group in groups(text):
        if group.start > at:
            out.append(Segment("text", at, group.start))
        if not group.is_alternatives:
            out.append(Segment("bracketed", group.start, group.end))
        else:
            names: tuple[tuple[str, ...], ...] = ((),) * len(group.passages)
            match = next((a for a in unused if a.texts == group.texts), None)
            if match is not None:
                unused.remove(match)
                names = match.proposers
            previous = group.start
            for passage, proposers in zip(group.passages, names, strict=True):
                if passage.start > previous:  # the space between two options
                    out.append(Segment("text", previous, passage.start))
                out.append(Segment("alternative", passage.start, passage.end, proposers, alternatives))
                previous = passage.end
            alternatives += 1
        at = group.end
    if at < len(text):
        out.append(Segment("text", at, len(text)))
    return out
