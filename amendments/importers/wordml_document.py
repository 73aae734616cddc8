"""A Word file as the document model: the original text per block, each author's changes, the comments.

The blocks are the paragraphs of the original (every change rejected). For each author, the paragraphs
of that author's version (their changes accepted, everyone else's rejected) are matched to the blocks
through the file itself: each version paragraph belongs to the block holding its closing paragraph
mark, so nothing is guessed from wording across blocks. Within one block:

- the version paragraph closest in wording to the block's text is the block as the author left it
  (a ``modify`` change when the text differs, as a word diff);
- the other version paragraphs are new blocks (``insert`` changes) after this block, or after the
  block before it when they come first (a new paragraph typed before this one);
- a block with no version paragraph of its own had its paragraph mark deleted: its text runs on into
  the next paragraph, which shows it as inserted, and the block itself gets a ``delete`` change.

Comments go on the block holding their first commented paragraph, replies inside the comment they
answer; footnotes referenced in a block are its footnotes, numbered in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from amendments.core import textdiff
from amendments.core.document import Block, ChangeKind, Comment, Document, Footnote, Section, TrackedChange
from amendments.importers.wordml_reader import WordComment, accept_none

if TYPE_CHECKING:
    from amendments.importers.wordml import Group, WordDocument


@dataclass
class _Slot:
    """One block being built from a paragraph of the original."""

    number: str
    text: str
    changes: list[TrackedChange] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    def block(self) -> Block:
        return Block(
            kind="paragraph",
            number=self.number,
            text=self.text,
            footnotes=tuple(self.footnotes),
            changes=tuple(self.changes),
            comments=tuple(self.comments),
        )


def to_document(word: WordDocument, *, title: str = "") -> Document:
    """See the module docstring; blocks left empty, unchanged and uncommented are left out."""
    base = word.groups(accept_none)
    slots = [_Slot(_number(group.number), group.text) for group in base]
    block_of = {i: k for k, group in enumerate(base) for i in group.indexes}  # w:p index -> block
    for author in word.authors():
        _add_changes(slots, block_of, word, author)
    _add_comments(slots, block_of, word.comments)
    _add_footnotes(slots, base, word)
    blocks = tuple(slot.block() for slot in slots if slot.text.strip() or slot.changes or slot.comments)
    return Document(title=title, sections=(Section(key="body", heading="", blocks=blocks),))


def _number(number: str) -> str:
    """The number as the model holds it: "15" for Word's "15."."""
    return number.strip().rstrip(".")


def _add_changes(slots: list[_Slot], block_of: dict[int, int], word: WordDocument, author: str) -> None:
    dates = _dates(word, author)
    owned: dict[int, list[Group]] = {}  # block -> the version paragraphs closing inside it
    for group in word.author_groups(author):
        owned.setdefault(block_of[group.indexes[-1]], []).append(group)
    for k, slot in enumerate(slots):
        groups = owned.get(k, [])
        if not groups:
            if slot.text:
                slot.changes.append(_change(author, slot.text, "", "delete", dates, ()))
            continue
        kept = max(range(len(groups)), key=lambda g: _likeness(slot.text, groups[g].text))
        for g, group in enumerate(groups):
            if g == kept:
                change = _change(author, slot.text, group.text, "modify", dates, group.indexes)
                if any(op != "equal" for op, _ in change.segments):
                    slot.changes.append(change)
                continue
            if not group.text.strip():
                continue  # an empty paragraph typed in: nothing to propose
            before = g < kept and k > 0  # typed before this block's own paragraph: after the block before
            target = slots[k - 1] if before else slot
            change = _change(author, "", group.text, "insert", dates, group.indexes, number=_number(group.number))
            target.changes.append(change)


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _dates(word: WordDocument, author: str) -> dict[int, str]:
    """The date of the author's first tracked change in each `w:p` that has one."""
    found: dict[int, str] = {}
    for paragraph in word.paragraphs:
        for change in paragraph.changes:
            if change.author == author and change.date and paragraph.index not in found:
                found[paragraph.index] = change.date
    return found


def _change(
    author: str,
    old: str,
    new: str,
    kind: ChangeKind,
    dates: dict[int, str],
    indexes: list[int] | tuple[int, ...],
    *,
    number: str = "",
) -> TrackedChange:
    date = next((dates[i] for i in indexes if i in dates), None) or next(iter(dates.values()), None)
    segments = tuple((op, text) for op, text in textdiff.diff(old, new))
    return TrackedChange(author=author, segments=segments, kind=kind, date=date, number=number)


def _add_comments(slots: list[_Slot], block_of: dict[int, int], comments: list[WordComment]) -> None:
    """Top-level comments on their blocks, with their replies; a comment anchored nowhere is left out."""
    ids = {c.id for c in comments}
    replies: dict[str, list[WordComment]] = {}
    for c in comments:
        if c.parent_id in ids:
            replies.setdefault(c.parent_id, []).append(c)

    def thread(c: WordComment, depth: int = 0) -> Comment:
        answers = replies.get(c.id, []) if depth < 20 else []
        return Comment(
            author=c.author,
            text=c.text,
            date=c.date,
            anchor=c.anchor_text,
            replies=tuple(thread(r, depth + 1) for r in answers),
        )

    for c in comments:
        if c.parent_id in ids or c.paragraph_index not in block_of:
            continue
        slots[block_of[c.paragraph_index]].comments.append(thread(c))


def _add_footnotes(slots: list[_Slot], base: list[Group], word: WordDocument) -> None:
    count = 0
    for slot, group in zip(slots, base, strict=True):
        for i in group.indexes:
            for note_id in word.paragraphs[i].footnotes:
                count += 1
                slot.footnotes.append(Footnote(number=str(count), text=word.footnotes.get(note_id, "")))
