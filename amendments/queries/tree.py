"""The whole report as a tree of plain objects, built with a fixed number of queries.

Pages, exports and snapshots all read the report through `report_tree`; the tree carries the
amendments a reader may see and the cache keys of the rendered paragraph blocks.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from amendments.models import Amendment, Paragraph, Report, Section, Submission
from amendments.queries.redlines import AmendmentPositions, Positions, amendment_redline


@dataclass
class Node:
    paragraph: Paragraph
    items: list[Node] = field(default_factory=list)  # sub-items and quotes, in order
    footnotes: list[Node] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)  # those the reader may see
    redlines: list[Any] = field(default_factory=list)  # AmendmentRedline for each open one, when redlines are shown
    decided: list[Amendment] = field(default_factory=list)  # those shown as one line instead (see `collapses`)
    stamps: list[Stamp] = field(default_factory=list)  # what each of its amendments looks like
    block_key: str = ""  # cache key of the rendered block (top-level paragraphs only)
    block_html: str | None = None  # the block from the cache, when it was there
    deleted_line: bool = False  # shown as "[… deleted]", keeping its number, not as a block
    comment_count: int = 0  # the comments the reader may see on it and its amendments

    @property
    def pending(self) -> list[Amendment]:
        """The amendments still with their delegations (drafts the reader may see, submitted ones):
        what the count beside a paragraph counts; consolidated and decided ones are not pending."""
        return [a for a in self.amendments if a.status in Amendment.OPEN_STATUSES]

    @property
    def decided_counts(self) -> list[tuple[int, str]]:
        """The collapsed amendments by outcome ("2 accepted", "1 withdrawn"), in the order of the
        statuses; consolidated ones as such, whatever their decision was."""
        counts = Counter(_outcome(a) for a in self.decided)
        return [(counts[label], label) for label in _OUTCOMES if counts[label]]


@dataclass
class SectionView:
    section: Section
    nodes: list[Node]
    submissions: list[Submission] = field(default_factory=list)  # a compilation's, in order

    def runs(self) -> list[tuple[Submission | None, list[Node]]]:
        """The nodes in runs: the Chair's text (None) and each submission's items, in order; a
        submission with no items left still has its run."""
        by_id = {s.pk: s for s in self.submissions}
        out: list[tuple[Submission | None, list[Node]]] = []
        for node in self.nodes:
            owner = by_id.get(node.paragraph.submission_id) if node.paragraph.submission_id else None
            if out and out[-1][0] is owner:
                out[-1][1].append(node)
            else:
                out.append((owner, [node]))
        shown = {id(owner) for owner, _ in out}
        out.extend((s, []) for s in self.submissions if id(s) not in shown)
        return out


_CONSOLIDATED = "consolidated"
_OUTCOMES = (_CONSOLIDATED, *(label.lower() for value, label in Amendment.Status.choices))


def _outcome(amendment: Amendment) -> str:
    return _CONSOLIDATED if amendment.applied_in_id else amendment.get_status_display().lower()


def collapses(amendment: Amendment) -> bool:
    """Whether the report page shows an amendment as part of its paragraph's one line instead of
    its card: decided or consolidated, it is no longer negotiated there (its card stays on the
    paragraph's and its own page). What the page weighs: a card repeats the whole paragraph."""
    return amendment.status not in Amendment.OPEN_STATUSES or amendment.applied_in_id is not None


def report_tree(report: Report) -> list[SectionView]:
    """Sections in order, each with its paragraphs, their sub-items and footnotes: two queries (four
    for a compilation: its submissions, with their participants and members)."""
    sections = list(report.sections.order_by("position"))
    paragraphs = list(Paragraph.objects.filter(section__report=report).order_by("position"))
    submissions: list[Submission] = []
    if report.kind == Report.Kind.COMPILATION:
        submissions = list(
            Submission.objects.filter(section__report=report)
            .select_related("participant")
            .prefetch_related("members")
            .order_by("position")
        )
    by_id = {s.pk: s for s in sections}
    by_submission = {s.pk: s for s in submissions}
    places: defaultdict[int, int] = defaultdict(int)
    nodes = {p.pk: Node(p) for p in paragraphs}
    top: dict[int, list[Node]] = {s.pk: [] for s in sections}
    for p in paragraphs:  # ordered by position, so siblings arrive in order
        node = nodes[p.pk]
        p.section = by_id[p.section_id]  # fill the caches so labels and links cost no query
        if p.submission_id is not None and p.submission_id in by_submission:
            p.submission = by_submission[p.submission_id]
            if p.parent_id is None:
                places[p.submission_id] += 1
                p.submission_place = places[p.submission_id]
        if p.parent_id is None:
            top[p.section_id].append(node)
            continue
        parent = nodes[p.parent_id]
        p.parent = parent.paragraph
        if p.is_footnote:
            parent.footnotes.append(node)
        else:
            parent.items.append(node)
            p.item_place = len(parent.items)
    for node in nodes.values():
        node.footnotes.sort(key=lambda n: _footnote_order(n.paragraph.number))
    for submission in submissions:
        submission.section = by_id[submission.section_id]
    return [SectionView(s, top[s.pk], [x for x in submissions if x.section_id == s.pk]) for s in sections]


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every node of a tree, parents before their sub-items and footnotes."""
    for node in nodes:
        yield node
        yield from walk(node.items)
        yield from walk(node.footnotes)


def attach_amendments(sections: Sequence[SectionView], amendments: Iterable[Amendment], *, redlines: bool) -> None:
    """Hang each amendment on its paragraph's node, in one pass; if asked, the redline of each open
    one too, and the others on `decided` (see `collapses`)."""
    nodes = {node.paragraph.pk: node for s in sections for node in walk(s.nodes)}
    for amendment in amendments:
        node = nodes[amendment.paragraph_id]
        amendment.paragraph = node.paragraph  # already loaded: no query per amendment
        node.amendments.append(amendment)
        if redlines and collapses(amendment):
            node.decided.append(amendment)
        elif redlines:
            node.redlines.append(amendment_redline(amendment, node.paragraph))


# Light columns that decide how an amendment looks in the report; a change to any of them is a new block.
STAMP_FIELDS = (
    "id", "paragraph_id", "version", "status", "updated", "participant__name", "participant__role", "participant_id",
    "applied_in_id",
)  # fmt: skip


class Stamp(NamedTuple):
    """The light columns of one amendment (STAMP_FIELDS) and the positions taken on it."""

    id: int
    paragraph_id: int
    version: int
    status: str
    updated: datetime.datetime
    participant_name: str
    participant_role: str
    participant_id: int
    applied_in_id: int | None  # consolidated: shown as such, without a change to its own row's version
    positions: AmendmentPositions | None


BLOCK_TEMPLATE_VERSION = 8  # raise when _paragraph.html or the cards change shape


def stamp_blocks(
    sections: Sequence[SectionView],
    stamps: Iterable[tuple[Any, ...]],
    *,
    redlines: bool,
    positions: Positions | None = None,
    lines: bool = False,
    comment_counts: dict[int, int] | None = None,
) -> None:
    """Give each top-level paragraph a cache key from everything its rendered block shows, and how:
    with the redlines or without, in numbered lines or not (the count of comments too: a new
    comment shows at once)."""
    nodes = {node.paragraph.pk: node for s in sections for node in walk(s.nodes)}
    positions = positions or {}
    for pk, count in (comment_counts or {}).items():
        if pk in nodes:
            nodes[pk].comment_count = count
    for stamp in stamps:
        row = Stamp._make((*stamp, positions.get(stamp[0])))
        nodes[row.paragraph_id].stamps.append(row)
    for section in sections:
        heading = (section.section.heading, section.section.paragraph_name)
        for top in section.nodes:
            material: list[Any] = [BLOCK_TEMPLATE_VERSION, redlines, lines, heading]
            for node in walk([top]):
                p = node.paragraph
                material.append((p.pk, p.version, p.status, p.number, p.position, node.stamps, node.comment_count))
                if p.submission_id is not None:  # an item: how the list prints it, and its place in its label
                    material.append((p.indent, p.bulleted, p.submission_id, _place(p)))
            top.block_key = "block:" + hashlib.sha256(repr(material).encode()).hexdigest()


def _place(p: Paragraph) -> int | None:
    # Only a top-level item has a place in its submission (filled by report_tree, no query).
    return p.submission_place if p.parent_id is None and "submission_place" in p.__dict__ else None


def _footnote_order(number: str) -> tuple[int, int | str]:
    return (0, int(number)) if number.isdigit() else (1, number)


def position_path(paragraph: Any, parent_of: Callable[[Any], Any]) -> tuple[str, ...]:
    """Where a row stands within its section: the order keys from its top-level paragraph down to
    itself (a footnote under a sub-item sorts under that sub-item)."""
    path = []
    while paragraph is not None:
        path.append(paragraph.position)
        paragraph = parent_of(paragraph)
    return tuple(reversed(path))


def report_order_key(paragraph: Paragraph) -> tuple[str, ...]:
    """Sort amendments in the order their paragraphs stand in the report (parents and section loaded)."""
    top: Any = paragraph
    while top.parent_id:
        top = top.parent
    return (top.section.position, *position_path(paragraph, lambda p: p.parent if p.parent_id else None))


def fill_item_places(paragraphs: Sequence[Paragraph]) -> None:
    """Set what the labels of `paragraphs` need: item_place on every sub-item, and on the items of
    a compilation's submissions their submission (with its participant) and place in it; one query
    for each of the two kinds present."""
    _fill_submission_places([p for p in paragraphs if p.submission_id is not None and p.parent_id is None])
    parents = {p.parent_id for p in paragraphs if p.parent_id and not p.is_footnote}
    if not parents:
        return
    places: dict[int, int] = {}
    counters: defaultdict[int, int] = defaultdict(int)
    rows = (
        Paragraph.objects.filter(parent_id__in=parents)
        .exclude(kind=Paragraph.Kind.FOOTNOTE)
        .order_by("parent_id", "position")
        .values_list("pk", "parent_id")
    )
    for pk, parent_id in rows:
        counters[parent_id] += 1
        places[pk] = counters[parent_id]
    for p in paragraphs:
        if p.pk in places:
            p.item_place = places[p.pk]


def _fill_submission_places(items: Sequence[Paragraph]) -> None:
    if not items:
        return
    wanted = {p.submission_id for p in items if p.submission_id is not None}
    submissions = {s.pk: s for s in Submission.objects.filter(pk__in=wanted).select_related("participant")}
    places: dict[int, int] = {}
    counters: defaultdict[int, int] = defaultdict(int)
    rows = (
        Paragraph.objects.filter(submission_id__in=wanted, parent=None)
        .order_by("submission_id", "position")
        .values_list("pk", "submission_id")
    )
    for pk, submission_id in rows:
        counters[submission_id] += 1
        places[pk] = counters[submission_id]
    for p in items:
        assert p.submission_id is not None  # the items were chosen for it
        p.submission = submissions[p.submission_id]
        p.submission_place = places[p.pk]
