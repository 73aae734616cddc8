"""The one document model: a report as sections of numbered blocks, with tracked changes and comments.

Pure Python, no Django. Every reader (Word, plain text, text taken from a PDF) returns a `Document`;
every writer (.docx, .html, .txt, the Word redline, the compilation) takes one. A revision's frozen
snapshot is a `Document` too, stored as JSON by `to_json` and read back by `from_json`.

Shape::

    Document(title, subtitle, body, revision=RevisionLabel("Rev.1", "2018-01-15") | None,
             identity=Identity(symbol="E/CN.16/2018/CRP.3", distribution="Limited",
                               language="English", date="2018-01-15"),
             sections=(Section(key, heading, paragraph_name,
                               blocks=(Block(kind="paragraph", number="15", text="...", status="open",
                                             items=(Block(kind="item" | "quote", ...), ...),
                                             footnotes=(Footnote(number="9", text="...", after="...",
                                                                 changes=(...), comments=(...)), ...),
                                             changes=(TrackedChange(..., comments=(Comment(...), ...)), ...),
                                             comments=(Comment(...), ...)),
                                       ...)),
                       ...),
             unplaced=(Block(...), ...))

- `number` is the number as printed ("15", "2 bis"; "" when unnumbered), never a word processor's
  automatic numbering; a footnote's `after` is the text in its block that its mark follows.
- A `TrackedChange` is one author's proposal for a block, as a word diff against the block's text
  (`segments`, pairs of op and text, the form amendments are stored in): a change, a deletion, or a
  new block after this one (`kind="insert"`, with its provisional number).
- A `Comment` has its author, date, the words it is anchored to and its replies. Comments are on a
  block, on a footnote, or on one tracked change (`TrackedChange.comments`, about that proposal).
- `unplaced` are rows the draft no longer holds (deleted since they were amended or commented on),
  kept with their tracked changes and comments so that none is lost; a clean draft has none.
- `identity` is what a UN document prints above its title (its masthead): the document symbol,
  the distribution, the date of this text and the language of the original. Readers of outside
  files fill what they find; every field may be empty.
- `id` is the app's own id of the row (stable across revisions); readers of outside files leave it None.
- A compilation of proposals (`kind="compilation"`) is the same shape: its sections are the Chair's
  framework, each with its `submissions` (a member's contribution: who submitted it, for whom, when,
  its heading as printed), and the submissions' items are the section's `blocks`, each naming its
  submission by key (`Block.submission`) with the list depth and bullet it was printed with. The
  Chair's own text in a compilation (an abstract, annexes) is blocks with no submission. `issuer`
  are the lines printed above the body's name ("UNITED NATIONS", the parent body).

The round-trip contract: for every format F with a reader and a writer, `read_F(write_F(document))`
equals `document` as far as F can hold it (texts, numbers, kinds, footnotes; tracked changes and
comments for the Word redline), and `Document.from_json(document.to_json()) == document` always.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "DELETED",
    "Block",
    "BlockKind",
    "Comment",
    "Document",
    "Footnote",
    "Identity",
    "RevisionLabel",
    "Section",
    "Submission",
    "TrackedChange",
    "all_comments",
    "display_text",
    "footnote_mark_positions",
    "split_at_footnote_marks",
]

BlockKind = Literal["paragraph", "item", "quote", "footnote"]
ChangeKind = Literal["modify", "delete", "insert"]
Segment = tuple[str, str]

# Paragraph statuses the model itself needs to know (the rest are the app's, labels only).
DELETED = "deleted"


@dataclass(frozen=True)
class Footnote:
    number: str
    text: str
    after: str = ""  # the text of the block its mark follows ("" puts the mark at the end)
    id: int | None = None
    changes: tuple[TrackedChange, ...] = ()  # proposals for the footnote's text
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Comment:
    author: str
    text: str
    date: str | None = None  # ISO 8601
    anchor: str = ""  # the words it is anchored to
    replies: tuple[Comment, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class TrackedChange:
    author: str
    segments: tuple[Segment, ...]  # the block's text -> the proposal, as (op, text) pairs
    kind: ChangeKind = "modify"
    date: str | None = None  # ISO 8601
    number: str = ""  # for kind "insert": the new block's provisional number ("2 bis")
    id: int | None = None
    comments: tuple[Comment, ...] = ()  # on this proposal, with their replies

    @property
    def proposed_text(self) -> str:
        return "".join(text for op, text in self.segments if op != "delete")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    number: str = ""
    status: str = "open"
    items: tuple[Block, ...] = ()  # sub-items and quotes of a paragraph, in order
    footnotes: tuple[Footnote, ...] = ()
    changes: tuple[TrackedChange, ...] = ()
    comments: tuple[Comment, ...] = ()
    id: int | None = None
    # In a compilation of proposals: the key of the section's submission it belongs to ("" for
    # the Chair's text), and how the list printed it.
    submission: str = ""
    indent: int = 0
    bulleted: bool = False

    @property
    def printed_number(self) -> str:
        """The number in front of the block as printed: "15.", "2 bis.", or "" if unnumbered; a list
        label that carries its own punctuation ("(1)", "a)", "I.") as it is."""
        if not self.number:
            return ""
        return self.number if self.number[-1] in ".)" else f"{self.number}."


@dataclass(frozen=True)
class Submission:
    """One member's contribution to a compilation of proposals, as printed above its items: who
    submitted it (`submitter`, a participant's name), for whom (`on_behalf_of` as printed, and the
    `members` it stands for), when (`date`, ISO 8601, "" if undated), and its heading."""

    key: str
    heading: str
    submitter: str
    number: str = ""
    date: str = ""
    on_behalf_of: str = ""
    members: tuple[str, ...] = ()  # sorted by name: a set (the heading prints them in its own order)
    title: str = ""
    addressee: str = ""
    disclaimer: str = ""
    status: str = "submitted"
    footnotes: tuple[Footnote, ...] = ()  # on the heading; `after` is "" (the mark ends the heading)
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k not in ("members", "footnotes")}
        data["members"] = list(self.members)
        data["footnotes"] = [_footnote_json(n) for n in self.footnotes]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Submission:
        plain = {k: data[k] for k in ("key", "heading", "submitter", "number", "date", "on_behalf_of", "title",
                                      "addressee", "disclaimer", "status", "id") if k in data}  # fmt: skip
        return cls(
            **plain,
            members=tuple(data.get("members", ())),
            footnotes=tuple(_footnote_from_json(n) for n in data.get("footnotes", ())),
        )


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    paragraph_name: str = ""  # how one numbered paragraph is named ("Recommendation")
    submissions: tuple[Submission, ...] = ()  # a compilation's: in order; their items are in `blocks`

    def submission_blocks(self) -> list[tuple[Submission | None, list[Block]]]:
        """The blocks in order, in runs: the Chair's text (None) and each submission's items."""
        by_key = {submission.key: submission for submission in self.submissions}
        runs: list[tuple[Submission | None, list[Block]]] = []
        for block in self.blocks:
            owner = by_key.get(block.submission) if block.submission else None
            if runs and runs[-1][0] is owner:
                runs[-1][1].append(block)
            else:
                runs.append((owner, [block]))
        shown = {id(owner) for owner, _ in runs}
        runs.extend((s, []) for s in self.submissions if id(s) not in shown)  # a submission with no items yet
        return runs


@dataclass(frozen=True)
class RevisionLabel:
    name: str
    date: str  # ISO 8601 date, as issued


@dataclass(frozen=True)
class Identity:
    """The masthead of a UN document: "E/CN.16/2018/CRP.3", "Distr.: Limited", its date, "Original: English"."""

    symbol: str = ""
    distribution: str = ""  # "Limited", "General"
    language: str = ""  # the language of the original
    date: str = ""  # ISO 8601 date of this text

    def to_json(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Identity:
        return cls(**{key: str(data.get(key) or "") for key in ("symbol", "distribution", "language", "date")})


@dataclass(frozen=True)
class Document:
    title: str
    sections: tuple[Section, ...] = ()
    subtitle: str = ""
    kind: Literal["draft", "compilation"] = "draft"  # a compilation of proposals: sections of submissions
    issuer: tuple[str, ...] = ()  # the lines above the body's name ("UNITED NATIONS", the parent body)
    body: str = ""  # the body that writes it ("CSTD Working Group on Enhanced Cooperation")
    revision: RevisionLabel | None = None
    identity: Identity = Identity()
    id: int | None = None  # the report's id in the app
    # A writer's own extra inputs: neither stored in the JSON nor compared.
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)
    unplaced: tuple[Block, ...] = ()  # rows no longer in the draft, with their changes and comments

    def blocks(self) -> Iterator[Block]:
        """Every paragraph and sub-item in reading order (footnotes are on their blocks)."""
        for section in self.sections:
            for block in section.blocks:
                yield block
                yield from block.items

    def authors(self) -> list[str]:
        """Everyone with a tracked change or a comment, in order of first appearance: each block's
        (then its footnotes') changes with their comments, then its comments; the unplaced rows last."""
        seen: dict[str, None] = {}
        unplaced = (row for block in self.unplaced for row in (block, *block.items))
        for block in itertools.chain(self.blocks(), unplaced):
            rows: tuple[Block | Footnote, ...] = (block, *block.footnotes)
            for row in rows:
                for change in row.changes:
                    seen.setdefault(change.author, None)
                    seen.update(dict.fromkeys(c.author for c in all_comments(change.comments)))
                seen.update(dict.fromkeys(c.author for c in all_comments(row.comments)))
        return list(seen)

    def clean(self) -> Document:
        """The same document without tracked changes and comments (nor the rows kept only for them)."""
        return replace(
            self,
            sections=tuple(replace(s, blocks=tuple(_without_changes(b) for b in s.blocks)) for s in self.sections),
            unplaced=(),
        )

    # -- JSON: what a revision stores ------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The JSON snapshot format a revision stores (see `from_json`)."""
        data: dict[str, Any] = {
            "report": {"id": self.id, "title": self.title, "subtitle": self.subtitle, "body": self.body},
            "revision": {"name": self.revision.name, "date": self.revision.date} if self.revision else None,
            "sections": [_section_json(s) for s in self.sections],
        }
        if self.kind != "draft" or self.issuer:  # a draft's JSON stays as it was
            data["report"].update(kind=self.kind, issuer=list(self.issuer))
        if self.identity.to_json():  # a document without one keeps the JSON it had
            data["identity"] = self.identity.to_json()
        if self.unplaced:  # a revision's snapshot has none: its JSON stays as it was
            data["unplaced"] = [_block_json(b, top=True) for b in self.unplaced]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Document:
        report = data.get("report") or {}
        revision = data.get("revision")
        return cls(
            id=report.get("id"),
            title=report.get("title", ""),
            subtitle=report.get("subtitle", ""),
            body=report.get("body", ""),
            kind=report.get("kind", "draft"),
            issuer=tuple(report.get("issuer", ())),
            revision=RevisionLabel(str(revision["name"]), str(revision["date"])) if revision else None,
            identity=Identity.from_json(data.get("identity") or {}),
            sections=tuple(
                Section(
                    key=s.get("key", ""),
                    heading=s.get("heading", ""),
                    paragraph_name=s.get("paragraph_name", ""),
                    blocks=tuple(_block_from_json(p, "paragraph") for p in s.get("paragraphs", [])),
                    submissions=tuple(Submission.from_json(x) for x in s.get("submissions", [])),
                )
                for s in data.get("sections", [])
            ),
            unplaced=tuple(_block_from_json(p, "paragraph") for p in data.get("unplaced", [])),
        )


def all_comments(comments: Iterable[Comment]) -> Iterator[Comment]:
    """Each comment followed by every reply under it, in order."""
    for comment in comments:
        yield comment
        yield from all_comments(comment.replies)


def _without_changes(block: Block) -> Block:
    return replace(
        block,
        changes=(),
        comments=(),
        items=tuple(_without_changes(i) for i in block.items),
        footnotes=tuple(replace(n, changes=(), comments=()) for n in block.footnotes),
    )


def _with_annotations(data: dict[str, Any], changes: Sequence[TrackedChange], comments: Sequence[Comment]) -> None:
    # Snapshots of the app's own draft hold no tracked changes nor comments: leave the keys out, as before.
    if changes:
        data["changes"] = [_change_json(c) for c in changes]
    if comments:
        data["comments"] = [_comment_json(c) for c in comments]


def _footnote_json(note: Footnote) -> dict[str, Any]:
    data: dict[str, Any] = {"id": note.id, "number": note.number, "text": note.text, "after": note.after}
    _with_annotations(data, note.changes, note.comments)
    return data


def _change_json(change: TrackedChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": change.id,
        "author": change.author,
        "kind": change.kind,
        "date": change.date,
        "number": change.number,
        "segments": [list(s) for s in change.segments],
    }
    if change.comments:
        data["comments"] = [_comment_json(c) for c in change.comments]
    return data


def _comment_json(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "author": comment.author,
        "date": comment.date,
        "text": comment.text,
        "anchor": comment.anchor,
        "replies": [_comment_json(r) for r in comment.replies],
    }


def _section_json(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": section.key,
        "heading": section.heading,
        "paragraph_name": section.paragraph_name,
        "paragraphs": [_block_json(b, top=True) for b in section.blocks],
    }
    if section.submissions:
        data["submissions"] = [s.to_json() for s in section.submissions]
    return data


def _block_json(block: Block, *, top: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": block.id,
        "number": block.number,
        "kind": block.kind,
        "text": block.text,
        "status": block.status,
    }
    if top:
        data["items"] = [_block_json(item, top=False) for item in block.items]
    data["footnotes"] = [_footnote_json(n) for n in block.footnotes]
    _with_annotations(data, block.changes, block.comments)
    if block.submission or block.indent or block.bulleted:  # a draft's blocks keep the JSON they had
        data.update(submission=block.submission, indent=block.indent, bulleted=block.bulleted)
    return data


def _comment_from_json(data: Mapping[str, Any]) -> Comment:
    return Comment(
        id=data.get("id"),
        author=data.get("author", ""),
        date=data.get("date"),
        text=data.get("text", ""),
        anchor=data.get("anchor", ""),
        replies=tuple(_comment_from_json(r) for r in data.get("replies", [])),
    )


def _change_from_json(data: Mapping[str, Any]) -> TrackedChange:
    return TrackedChange(
        id=data.get("id"),
        author=data.get("author", ""),
        kind=data.get("kind", "modify"),
        date=data.get("date"),
        number=data.get("number", ""),
        segments=tuple((str(op), str(text)) for op, text in data.get("segments", [])),
        comments=tuple(_comment_from_json(c) for c in data.get("comments", [])),
    )


def _footnote_from_json(data: Mapping[str, Any]) -> Footnote:
    return Footnote(
        id=data.get("id"),
        number=str(data.get("number") or ""),
        text=data.get("text", ""),
        after=data.get("after", ""),
        changes=tuple(_change_from_json(c) for c in data.get("changes", [])),
        comments=tuple(_comment_from_json(c) for c in data.get("comments", [])),
    )


def _block_from_json(data: Mapping[str, Any], default_kind: BlockKind) -> Block:
    return Block(
        id=data.get("id"),
        kind=data.get("kind", default_kind),
        number=data.get("number", "") or "",
        text=data.get("text", ""),
        status=data.get("status", "open"),
        items=tuple(_block_from_json(i, "item") for i in data.get("items", [])),
        footnotes=tuple(_footnote_from_json(n) for n in data.get("footnotes", [])),
        changes=tuple(_change_from_json(c) for c in data.get("changes", [])),
        comments=tuple(_comment_from_json(c) for c in data.get("comments", [])),
        submission=data.get("submission", ""),
        indent=int(data.get("indent", 0)),
        bulleted=bool(data.get("bulleted", False)),
    )


# -- Printing a block: brackets and footnote marks, the same in the app and in every export -------------


def _get(row: Any, name: str, default: Any = "") -> Any:
    # A block may come as a `Block` or as its JSON (a revision's stored snapshot).
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def display_text(paragraph: Any) -> str:
    """A block's text as printed: the text as it stands. Its brackets are characters of the text,
    written and removed by the secretariat's bracket actions; no status adds or takes any."""
    return _get(paragraph, "text")


def footnote_mark_positions(paragraph: Any) -> list[tuple[int, Any]]:
    """[(offset in display_text, footnote)] for a block: each mark right after its anchor text."""
    raw = _get(paragraph, "text")
    placed = [(_mark_offset(raw, _get(note, "after") or ""), note) for note in _get(paragraph, "footnotes", []) or []]
    return sorted(placed, key=lambda pair: pair[0])


def _mark_offset(text: str, anchor: str) -> int:
    """Where a footnote mark goes: right after its anchor text, or at the end of the text when the
    anchor is empty or has been edited away."""
    at = text.find(anchor) if anchor else -1
    return at + len(anchor) if at >= 0 else len(text)


def split_at_footnote_marks(text: str, footnotes: Sequence[Any]) -> list[tuple[str, Any]]:
    """The text as pieces ("text", str) and ("mark", footnote): each mark follows its anchor text.

    `footnotes` are rows with a `footnote_anchor`. A footnote whose anchor text has been edited
    away keeps its mark at the end of the text.
    """
    placed = sorted(((_mark_offset(text, note.footnote_anchor), note) for note in footnotes), key=lambda pair: pair[0])
    pieces: list[tuple[str, Any]] = []
    start = 0
    for at, note in placed:
        if at > start:
            pieces.append(("text", text[start:at]))
            start = at
        pieces.append(("mark", note))
    if start < len(text):
        pieces.append(("text", text[start:]))
    return pieces
