"""Compilations of proposals read into the one document model (`Document(kind="compilation")`).

Two kinds of real document become a compilation:

- the secretariat's rolling document (`core.rolling_document`): its title block, the abstract as the
  Chair's text, each group as a section whose submissions are the numbered sources with their items,
  and the annexes as sections of their own;
- members' written contributions (`core.contributions`): each one a submission, under the section of
  the meeting it was sent to, its own sections' headings and paragraphs as items.

A footnote mark printed in a text ("…2013.¹") becomes a footnote of the block whose `after` is the
text the mark followed; the mark itself leaves the text, as the app stores every footnote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from amendments.core import contributions as written
from amendments.core import rolling_document as rolling
from amendments.core.document import Block, Document, Footnote, Section, Submission

__all__ = [
    "MeetingContribution",
    "from_contributions",
    "from_rolling_document",
    "is_rolling_document",
    "read_rolling_text",
]

_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_ABSTRACT_BULLET = re.compile(r"^- (?P<label>[a-z]\.) (?P<text>\S.*)$")
_GROUP_HEAD = re.compile(r"^GROUP [A-E]: ", re.MULTILINE)


def is_rolling_document(text: str) -> bool:
    """Whether a text is a rolling document: an abstract, a table of contents and groups of sources."""
    lines = {line.strip() for line in text.splitlines()}
    return "Abstract" in lines and "Table of Contents" in lines and _GROUP_HEAD.search(text) is not None


def _anchor(text: str, offset: int) -> str:
    """The shortest run of words before `offset` whose first occurrence in `text` ends there."""
    before = text[:offset]
    words = before.split(" ")
    for count in range(1, len(words) + 1):
        candidate = " ".join(words[-count:])
        if candidate.strip() and text.find(candidate) + len(candidate) == offset:
            return candidate
    return before


def _with_footnotes(text: str, notes: Sequence[rolling.Footnote]) -> tuple[str, tuple[Footnote, ...]]:
    """The text without its marks, and its footnotes anchored where the marks stood."""
    clean, marks = "", []
    for char in text:
        if char in rolling.MARKS:
            marks.append((char, len(clean)))
        else:
            clean += char
    by_mark = {note.mark: note for note in notes}
    footnotes = []
    for mark, offset in marks:
        note = by_mark.get(mark)
        if note is not None:
            footnotes.append(
                Footnote(number=mark.translate(_SUPERSCRIPTS), text=note.text, after=_anchor(clean, offset))
            )
    return clean.rstrip(), tuple(footnotes)


def _abstract_block(text: str, notes: Sequence[rolling.Footnote]) -> Block:
    bullet = _ABSTRACT_BULLET.match(text)
    if bullet is not None:
        body, footnotes = _with_footnotes(bullet.group("text"), notes)
        return Block("paragraph", body, number=bullet.group("label"), bulleted=True, footnotes=footnotes)
    body, footnotes = _with_footnotes(text, notes)
    return Block("paragraph", body, footnotes=footnotes)


def _submission(source: rolling.Source) -> tuple[Submission, list[Block]]:
    key = str(source.number)
    heading_notes = [note for note in source.footnotes if note.item is None]
    heading, footnotes = _with_footnotes(source.heading, heading_notes)
    submission = Submission(
        key=key,
        number=key,
        heading=heading.removeprefix(f"{source.number}. "),
        submitter=source.submitter,
        date=source.date.isoformat(),
        on_behalf_of=source.on_behalf_of,
        # The set of members it stands for, by name (the heading keeps the order they were printed in).
        members=tuple(sorted(source.members)) if len(source.members) > 1 or source.on_behalf_of else (),
        footnotes=tuple(Footnote(number=n.number, text=n.text, after="") for n in footnotes),
    )
    blocks = []
    for index, item in enumerate(source.items):
        notes = [note for note in source.footnotes if note.item == index]
        text, item_notes = _with_footnotes(item.text, notes)
        number = "" if item.label in ("", "-") else item.label
        blocks.append(
            Block("paragraph", text, number=number, footnotes=item_notes, submission=key, indent=item.depth,
                  bulleted=item.bulleted)
        )  # fmt: skip
    return submission, blocks


def _group_name(group: rolling.Group) -> str:
    return "Uncategorized" if group.key == rolling.UNCATEGORIZED else f"Group {group.key}"


def from_rolling_document(document: rolling.RollingDocument) -> Document:
    """The rolling document as a compilation: the title block's last three lines are the body, the
    title and the subtitle, the lines above them the issuer."""
    title_lines = list(document.title_lines)
    issuer, (body, title, subtitle) = title_lines[:-3], (title_lines[-3:] + ["", "", ""])[:3]
    abstract = document.abstract
    sections = [
        Section(
            key="abstract",
            heading="Abstract",
            blocks=tuple(
                _abstract_block(text, [note for note in abstract.footnotes if note.item == index])
                for index, text in enumerate(abstract.paragraphs)
            ),
        )
    ]
    for group in document.groups:
        pairs = [_submission(source) for source in group.sources]
        sections.append(
            Section(
                key=f"group-{group.key.lower()}" if group.key != rolling.UNCATEGORIZED else group.key,
                heading=group.heading,
                paragraph_name=_group_name(group),
                submissions=tuple(submission for submission, _ in pairs),
                blocks=tuple(block for _, blocks in pairs for block in blocks),
            )
        )
    for annex in document.annexes:
        sections.append(
            Section(
                key=f"annex-{annex.number}",
                heading=f"ANNEX {annex.number}: {annex.title}",
                paragraph_name=f"Annex {annex.number}",
                blocks=tuple(Block("paragraph", text) for text in annex.paragraphs),
            )
        )
    unplaced = tuple(Block("paragraph", line) for line in document.unplaced)
    return Document(
        title=title, subtitle=subtitle, body=body, kind="compilation", issuer=tuple(issuer),
        sections=tuple(sections), unplaced=unplaced,
        meta={"notes": [f"Lines not placed: {len(unplaced)}"] if unplaced else []},
    )  # fmt: skip


def read_rolling_text(text: str) -> Document:
    return from_rolling_document(rolling.read_rolling_document(text))


# Members' written contributions ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingContribution:
    """A contribution read from its text, the participant it is from and the meeting it was sent to."""

    contribution: written.Contribution
    submitter: str
    meeting_key: str  # "meeting-3"
    meeting_heading: str  # "Contributions to the third meeting"


def _contribution_blocks(contribution: written.Contribution, key: str) -> list[Block]:
    blocks = []
    for section in contribution.sections:
        blocks.append(Block("paragraph", section.title, number=section.number, submission=key))
        for paragraph in section.paragraphs:
            if paragraph.kind == "row":
                text = "\t".join(paragraph.cells)
                blocks.append(Block("paragraph", text, submission=key, indent=1))
            elif paragraph.kind == "item" and paragraph.label in ("-", "•", "e", "o", "¢"):
                blocks.append(Block("paragraph", paragraph.text, submission=key, indent=1, bulleted=True))
            else:
                indent = 1 if paragraph.kind == "item" else 0
                blocks.append(Block("paragraph", paragraph.text, number=paragraph.label, submission=key, indent=indent))
    return blocks


def from_contributions(
    entries: Sequence[MeetingContribution], *, title: str, body: str, issuer: Sequence[str] = ()
) -> Document:
    """One compilation of written contributions: a section per meeting, in the order first met."""
    sections: dict[str, tuple[str, list[Submission], list[Block]]] = {}
    for entry in entries:
        heading, submissions, blocks = sections.setdefault(entry.meeting_key, (entry.meeting_heading, [], []))
        contribution = entry.contribution
        key = str(len(submissions) + 1)
        date = contribution.date
        submissions.append(
            Submission(
                key=key,
                number=key,
                heading=contribution.title or f"Contribution of {entry.submitter}",
                submitter=entry.submitter,
                date=date.isoformat() if date else "",
                title=contribution.title,
                addressee=contribution.addressee,
                disclaimer=contribution.disclaimer,
            )
        )
        blocks.extend(_contribution_blocks(contribution, key))
    return Document(
        title=title,
        body=body,
        kind="compilation",
        issuer=tuple(issuer),
        sections=tuple(
            Section(key=key, heading=heading, submissions=tuple(subs), blocks=tuple(blocks))
            for key, (heading, subs, blocks) in sections.items()
        ),
    )
