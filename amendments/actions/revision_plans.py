"""What issuing a revision would do, before it is done: the next revision's text, the accepted
amendments it consolidates and what happens to each pending one.

The preview is the issue itself: `plan_revision` runs the real `revisions.issue_revision` (its
checks, then `_issue`) inside a savepoint, reads what it wrote, and rolls everything back by
raising a private exception inside `transaction.atomic()`. Nothing the preview did stays in the database, its history or the
notifications (on-commit callbacks of a rolled-back savepoint are dropped), and no second
implementation of the revision can drift from the first.

The plan carries the `revision_fingerprint` of the rows it was made from; the officer's
confirmation hands it to `issue_revision`, which refuses once the draft or its amendments changed.
Same locks as the issue (the package's lock order): the report, its paragraphs, then its
amendments, held until the savepoint is rolled back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from amendments.actions.locking import lock_report, retry_on_conflict
from amendments.actions.revisions import _locked_rows, checked_name, issue_revision, revision_fingerprint
from amendments.models import Amendment, Report
from amendments.queries.snapshots import report_snapshot
from amendments.queries.tree import fill_item_places, report_order_key

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["PlannedAmendment", "RevisionPlan", "plan_revision"]


@dataclass(frozen=True)
class PlannedAmendment:
    """One amendment the revision changes, as it stands now (its label is the current one)."""

    amendment: Amendment
    reason: str  # what the revision records in its history: "Rebased onto Rev.1", "Conflicts with …"


@dataclass(frozen=True)
class RevisionPlan:
    """What `issue_revision` would write, read from a rolled-back run of it."""

    report: Report
    name: str
    date: datetime.date
    fingerprint: str  # of the rows the plan was made from: the confirmation must find the same
    current: dict[str, Any]  # the draft now, as a snapshot
    snapshot: dict[str, Any]  # the revision's snapshot, exactly as it would be stored
    consolidated: list[PlannedAmendment] = field(default_factory=list)  # accepted: their text goes in
    rebased: list[PlannedAmendment] = field(default_factory=list)  # pending, moved onto the new text
    conflicting: list[PlannedAmendment] = field(default_factory=list)  # pending, flagged for their delegation
    superseded: list[PlannedAmendment] = field(default_factory=list)  # pending, their change already in the text

    @property
    def amendment_ids(self) -> dict[str, set[int]]:
        """{outcome: amendment ids}, to compare a plan with what the issue did."""
        return {
            "consolidated": {p.amendment.pk for p in self.consolidated},
            "rebased": {p.amendment.pk for p in self.rebased},
            "conflicting": {p.amendment.pk for p in self.conflicting},
            "superseded": {p.amendment.pk for p in self.superseded},
        }


class _Planned(Exception):
    """Raised inside the savepoint to roll the issue back, carrying what it wrote."""

    def __init__(self, outcome: dict[str, Any]) -> None:
        super().__init__("revision planned")
        self.outcome = outcome


def _outcome(revision_id: int, consolidated_reason: str) -> dict[int, tuple[str, str]]:
    """{amendment id: (outcome, reason)} from the rows the issue wrote, before they are rolled back."""
    found: dict[int, tuple[str, str]] = dict.fromkeys(
        Amendment.objects.filter(applied_in_id=revision_id).values_list("pk", flat=True),
        ("consolidated", consolidated_reason),
    )
    reasons = dict(Amendment.history.filter(carried_over_in_id=revision_id).values_list("id", "history_change_reason"))
    carried = Amendment.objects.filter(carried_over_in_id=revision_id).values_list("pk", "status", "carried_over")
    for pk, status, carried_over in carried:
        if status == Amendment.Status.SUPERSEDED:
            outcome = "superseded"
        elif carried_over == Amendment.CarriedOver.CONFLICT:
            outcome = "conflicting"
        else:
            outcome = "rebased"
        found[pk] = (outcome, reasons.get(pk) or "")
    return found


def _as_they_stand(outcome: dict[int, tuple[str, str]]) -> dict[str, list[PlannedAmendment]]:
    """The amendments read again after the rollback, in the order their paragraphs stand in the report."""
    rows = list(
        Amendment.objects.filter(pk__in=outcome).select_related(
            "participant", "paragraph__section", "paragraph__parent__section", "paragraph__parent__parent"
        )
    )
    fill_item_places([a.paragraph for a in rows])
    grouped: dict[str, list[PlannedAmendment]] = {
        "consolidated": [],
        "rebased": [],
        "conflicting": [],
        "superseded": [],
    }
    for amendment in sorted(rows, key=lambda a: (report_order_key(a.paragraph), a.pk)):
        kind, reason = outcome[amendment.pk]
        grouped[kind].append(PlannedAmendment(amendment, reason))
    return grouped


@retry_on_conflict
def plan_revision(report_id: int, *, name: str, date: datetime.date, user: User | None, **options: Any) -> RevisionPlan:
    """What issuing this revision would do, or the refusal it would meet (RevisionConflict,
    RevisionError, PermissionDenied). Writes nothing. `options` go to the issue as they are."""
    name = checked_name(user, name)
    try:
        with transaction.atomic():
            # The locks the issue takes, in its order, taken first so that the fingerprint, the
            # current text and the issue's run all read the same rows.
            report = lock_report(report_id)
            rows, accepted, pending = _locked_rows(report)
            fingerprint = revision_fingerprint(rows, accepted, pending)
            current = report_snapshot(report)
            # Inside this atomic block it joins the transaction (no retry of its own) and writes
            # all it would write; what it refuses, the preview refuses.
            revision = issue_revision(report_id, name=name, date=date, user=user, **options)
            raise _Planned(
                {
                    "report": report,
                    "fingerprint": fingerprint,
                    "current": current,
                    "snapshot": revision.snapshot,
                    "amendments": _outcome(revision.pk, f"Consolidated in {name}"),
                }
            )
    except _Planned as planned:
        outcome = planned.outcome
    return RevisionPlan(
        report=outcome["report"],
        name=name,
        date=date,
        fingerprint=outcome["fingerprint"],
        current=outcome["current"],
        snapshot=outcome["snapshot"],
        **_as_they_stand(outcome["amendments"]),
    )
