"""What a reader sees of amendments: each one's redline against the paragraph as it is now, its
versions, and the positions taken on it (in one query for many amendments): each given on one
version of the amendment, shown as current only while that version is.

An amendment whose change is in the text (consolidated in a revision) or no longer on the table
(superseded) is "settled": it is shown against the text it amended, never as a pending change to
the current text, where its redline would be empty."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from amendments.core import textdiff
from amendments.models import Amendment, Paragraph, Position


@dataclass
class AmendmentRedline:
    """What a reader sees of one amendment against the paragraph as it is now."""

    amendment: Amendment
    segments: list[Any]  # the stored diff: base → proposal
    current: bool  # the paragraph has not changed since the amendment was written
    rebased_segments: list[Any] | None = None  # the current text → the merged proposal, when the merge is clean
    conflict: textdiff.Merge | None = None  # the merge with its conflicting chunks, when it is not clean
    # The reader's delegation's stance on an earlier version: per user, so shown beside the
    # (shared, cached) card, never in it.
    to_confirm: PositionToConfirm | None = None

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


@dataclass(frozen=True)
class EarlierPosition:
    """A stance given on an earlier version of the amendment, not (yet) confirmed on the current one."""

    participant: str
    stance: str
    version: int


class AmendmentPositions(NamedTuple):
    """The positions on one amendment: given on its current version, then on earlier ones."""

    supporters: tuple[str, ...] = ()
    opponents: tuple[str, ...] = ()
    earlier: tuple[EarlierPosition, ...] = ()


Positions = dict[int, AmendmentPositions]

_PAST = {Position.Stance.SUPPORT: "supported", Position.Stance.OPPOSE: "opposed"}
_PRESENT = {Position.Stance.SUPPORT: ("supports", "support"), Position.Stance.OPPOSE: ("opposes", "oppose")}


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def position_phrases(
    supporters: Sequence[str], opponents: Sequence[str], earlier: Iterable[EarlierPosition]
) -> list[str]:
    """The positions as they read everywhere: "Japan supports", "Japan and Chile oppose", then
    "Japan supported version 1" (a stance on an earlier text is never counted as a current one)."""
    phrases = []
    for stance, names in ((Position.Stance.SUPPORT, supporters), (Position.Stance.OPPOSE, opponents)):
        if names:
            one, many = _PRESENT[stance]
            phrases.append(f"{_names(names)} {one if len(names) == 1 else many}")
    grouped: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
    for e in earlier:
        grouped[(e.version, e.stance)].append(e.participant)
    for (version, given), names in sorted(grouped.items()):
        phrases.append(f"{_names(names)} {_PAST[Position.Stance(given)]} version {version}")
    return phrases


def positions_of(amendments_filter: Q) -> Positions:
    """{amendment id: AmendmentPositions} by participant name, in one query."""
    found: defaultdict[int, tuple[list[str], list[str], list[EarlierPosition]]] = defaultdict(lambda: ([], [], []))
    rows = (
        Position.objects.filter(amendments_filter)
        .order_by("participant__name")
        .values_list("amendment_id", "participant__name", "stance", "amendment_version", "amendment__version")
    )
    for amendment_id, name, stance, given_on, current in rows:
        supporters, opponents, earlier = found[amendment_id]
        if given_on < current:
            earlier.append(EarlierPosition(name, stance, given_on))
        else:
            (supporters if stance == Position.Stance.SUPPORT else opponents).append(name)
    return {key: AmendmentPositions(tuple(a), tuple(b), tuple(c)) for key, (a, b, c) in found.items()}


def attach_positions(amendments: Iterable[Amendment], positions: Positions | None = None) -> list[Amendment]:
    """Set supported_by, opposed_by (on the current version), earlier_positions and
    position_phrases on each amendment (one query unless positions are given)."""
    amendments = list(amendments)
    if positions is None:
        positions = positions_of(Q(amendment__in=[a.pk for a in amendments]))
    for amendment in amendments:
        amendment.supported_by, amendment.opposed_by, amendment.earlier_positions = positions.get(
            amendment.pk, AmendmentPositions()
        )
        amendment.position_phrases = tuple(
            position_phrases(amendment.supported_by, amendment.opposed_by, amendment.earlier_positions)
        )
    return amendments


@dataclass
class PositionToConfirm:
    """A delegation's stance on an earlier version: what it saw, and what the text is now."""

    position: Position
    version: int  # the version the stance was given on
    current_version: int
    segments: list[Any]  # the proposed text of that version → the proposed text now

    @property
    def notice(self) -> str:
        return f"You {_PAST[Position.Stance(self.position.stance)]} version {self.version}; the text has changed since"

    @property
    def changed(self) -> bool:
        """Whether the proposed words changed (a rebase may change only the text they amend)."""
        return any(op != textdiff.EQUAL for op, _ in self.segments)

    @property
    def confirm_label(self) -> str:
        what = "support" if self.position.stance == Position.Stance.SUPPORT else "opposition"
        return f"Confirm {what} on version {self.current_version}"


def positions_to_confirm(amendments: Sequence[Amendment], participant_id: int | None) -> dict[int, PositionToConfirm]:
    """{amendment id: PositionToConfirm} for the delegation's positions given on an earlier version
    of these amendments still open to positions, with the words it saw from the amendment's
    history (two queries)."""
    # Only where positions are still open: a decided amendment keeps its positions as they were.
    by_id = {a.pk: a for a in amendments if a.status == Amendment.Status.SUBMITTED}
    if participant_id is None or not by_id:
        return {}
    outdated = [
        p
        for p in Position.objects.filter(amendment_id__in=by_id, participant_id=participant_id)
        if p.amendment_id is not None and p.amendment_version < by_id[p.amendment_id].version
    ]
    if not outdated:
        return {}
    seen = Q()
    for p in outdated:
        seen |= Q(id=p.amendment_id, version=p.amendment_version)
    texts: dict[tuple[int, int], str] = {}
    # The last record of each version holds its final words (a version is saved once, then only its status changes).
    for record in Amendment.history.filter(seen).order_by("history_date", "history_id"):
        texts[(record.id, record.version)] = record.proposed_text
    found = {}
    for p in outdated:
        assert p.amendment_id is not None  # filtered on amendment ids above
        amendment = by_id[p.amendment_id]
        old = texts.get((amendment.pk, p.amendment_version), amendment.proposed_text)
        segments = textdiff.diff(old, amendment.proposed_text)
        found[amendment.pk] = PositionToConfirm(p, p.amendment_version, amendment.version, segments)
    return found


def attach_submission_positions(submissions: Iterable[Any], participant_id: int | None) -> list[Any]:
    """Set supported_by, opposed_by, position_phrases ("Japan supports") and own_stance (the
    reader's delegation's, or None) on each submission of a compilation, in one query."""
    submissions = list(submissions)
    found: defaultdict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    own: dict[int, str] = {}
    rows = (
        Position.objects.filter(submission__in=[s.pk for s in submissions])
        .order_by("participant__name")
        .values_list("submission_id", "participant_id", "participant__name", "stance")
    )
    for submission_id, pid, name, stance in rows:
        supporters, opponents = found[submission_id]
        (supporters if stance == Position.Stance.SUPPORT else opponents).append(name)
        if pid == participant_id:
            own[submission_id] = stance
    for submission in submissions:
        supporters, opponents = found.get(submission.pk, ([], []))
        submission.supported_by, submission.opposed_by = tuple(supporters), tuple(opponents)
        submission.position_phrases = tuple(position_phrases(supporters, opponents, ()))
        submission.own_stance = own.get(submission.pk)
    return submissions
