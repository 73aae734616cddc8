"""What a reader sees of amendments: each one's redline against the paragraph as it is now, its
versions, and the positions taken on it (in one query for many amendments).

An amendment whose change is in the text (consolidated in a revision) or no longer on the table
(superseded) is "settled": it is shown against the text it amended, never as a pending change to
the current text, where its redline would be empty."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from amendments.core import textdiff
from amendments.models import Amendment, Paragraph, Position

Positions = dict[int, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass
class AmendmentRedline:
    """What a reader sees of one amendment against the paragraph as it is now."""

    amendment: Amendment
    segments: list[Any]  # the stored diff: base → proposal
    current: bool  # the paragraph has not changed since the amendment was written
    rebased_segments: list[Any] | None = None  # the current text → the merged proposal, when the merge is clean
    conflict: textdiff.Merge | None = None  # the merge with its conflicting chunks, when it is not clean

    @property
    def settled(self) -> bool:
        """Consolidated in a revision, or superseded: shown on its own base, not counted as pending."""
        a = self.amendment
        return a.applied_in_id is not None or a.status == Amendment.Status.SUPERSEDED


def with_revisions(amendments: QuerySet[Amendment]) -> QuerySet[Amendment]:
    """The revisions that consolidated or carried over each amendment, by name and date only: a card
    names them, and a revision's snapshot (the whole text) is not read for that."""
    return amendments.select_related("applied_in", "carried_over_in").defer(
        "applied_in__snapshot", "carried_over_in__snapshot"
    )


def amendment_redline(amendment: Amendment, paragraph: Paragraph) -> AmendmentRedline:
    if amendment.applied_in_id is not None:
        # Its change is the text now: the redline is the one that was adopted, on the text it amended.
        segments = amendment.segments
        if amendment.status == Amendment.Status.ACCEPTED_MODIFIED:
            segments = textdiff.diff(amendment.base_text, amendment.adopted_text)
        return AmendmentRedline(amendment, segments, current=False)
    # Compare words, not versions: renumbering a paragraph changes its version but not its text.
    if amendment.kind == amendment.Kind.INSERT or amendment.base_text == paragraph.text:
        return AmendmentRedline(amendment, amendment.segments, current=True)
    if amendment.kind == amendment.Kind.DELETE:
        # Deleting the paragraph still means deleting it, whatever its words are now.
        return AmendmentRedline(
            amendment, amendment.segments, current=False, rebased_segments=textdiff.diff(paragraph.text, "")
        )
    merge = textdiff.merge3(amendment.base_text, paragraph.text, amendment.proposed_text)
    if merge.clean:
        return AmendmentRedline(
            amendment,
            amendment.segments,
            current=False,
            rebased_segments=textdiff.diff(paragraph.text, merge.text or ""),
        )
    return AmendmentRedline(amendment, amendment.segments, current=False, conflict=merge)


def amendment_versions(amendment: Amendment) -> list[dict[str, Any]]:
    """One entry per version of the text (the last record of each), oldest first."""
    latest: dict[int, list[Any]] = {}
    for record in amendment.history.select_related("history_user").order_by("history_date", "history_id"):
        latest.setdefault(record.version, []).append(record)
    return [
        {"version": v, "record": records[-1], "first_saved": records[0].history_date}
        for v, records in sorted(latest.items())
    ]


def positions_of(amendments_filter: Q) -> Positions:
    """{amendment id: (supporters, opponents)} as participant names, in one query."""
    found: defaultdict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    rows = (
        Position.objects.filter(amendments_filter)
        .order_by("participant__name")
        .values_list("amendment_id", "participant__name", "stance")
    )
    for amendment_id, name, stance in rows:
        found[amendment_id][0 if stance == Position.Stance.SUPPORT else 1].append(name)
    return {key: (tuple(a), tuple(b)) for key, (a, b) in found.items()}


def attach_positions(amendments: Iterable[Amendment], positions: Positions | None = None) -> list[Amendment]:
    """Set supported_by and opposed_by on each amendment (one query unless positions are given)."""
    amendments = list(amendments)
    if positions is None:
        positions = positions_of(Q(amendment__in=[a.pk for a in amendments]))
    for amendment in amendments:
        amendment.supported_by, amendment.opposed_by = positions.get(amendment.pk, ((), ()))
    return amendments
