"""Issuing a revision: consolidate the accepted amendments into the draft, renumber, freeze a
snapshot and carry every pending amendment over, all in one transaction.

Two accepted amendments that change the same words of one paragraph stop the revision: they are
returned as collisions for the officer to resolve. Nothing is written unless everything succeeds.

The officer sees what a revision would do before it is issued (`revision_plans.plan_revision`,
which runs `_issue` and rolls it back); the confirmation carries the `revision_fingerprint` of
what the preview was made from, and `_issue` refuses (`RevisionChanged`) once it differs.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from amendments import notifications
from amendments.actions import holds, notices
from amendments.actions.errors import RevisionChanged, RevisionConflict, RevisionError
from amendments.actions.history import save_with_history
from amendments.actions.locking import lock_amendments, lock_paragraphs, lock_report, retry_on_conflict
from amendments.core import textdiff
from amendments.core.numbering import provisional_order
from amendments.core.ordering import key_between
from amendments.core.texts import clean_text
from amendments.models import Amendment, Paragraph, Report, Revision
from amendments.queries.snapshots import report_snapshot
from amendments.queries.tree import position_path

if TYPE_CHECKING:
    from amendments.models import User

__all__ = [
    "Collision",
    "RevisionChanged",
    "RevisionConflict",
    "RevisionError",
    "issue_revision",
    "revision_fingerprint",
]


@dataclass
class Collision:
    paragraph: Paragraph
    amendments: list[Amendment]  # the accepted amendments that cannot all apply
    merge: textdiff.Merge | None  # the conflicting chunks, when it is a clash of words


# The fields a revision changes: written with bulk_update_with_history, which records each row's history.
_PARAGRAPH_FIELDS = ["text", "status", "number", "version"]
_CARRIED_FIELDS = [
    "status", "base_version", "base_text", "proposed_text", "segments", "patch", "version", "carried_over",
    "carried_over_in",
]  # fmt: skip


def _consolidate(
    paragraphs: dict[int, Paragraph], accepted: Iterable[Amendment]
) -> tuple[dict[int, str], set[int], list[Collision]]:
    """{paragraph id: new text}, the ids to delete, and the collisions."""
    texts: dict[int, str] = {}
    deletions: set[int] = set()
    collisions: list[Collision] = []
    by_paragraph: defaultdict[int, list[Amendment]] = defaultdict(list)
    for amendment in accepted:
        if amendment.kind != Amendment.Kind.INSERT:
            by_paragraph[amendment.paragraph_id].append(amendment)
    for paragraph_id, group in by_paragraph.items():
        paragraph = paragraphs[paragraph_id]
        deleting = [a for a in group if a.kind == Amendment.Kind.DELETE]
        changing = [a for a in group if a.kind == Amendment.Kind.MODIFY]
        if deleting and changing:
            collisions.append(Collision(paragraph, deleting + changing, None))
            continue
        if deleting:
            deletions.add(paragraph_id)
            continue
        text = paragraph.text
        applied: list[Amendment] = []
        for amendment in changing:
            merge = textdiff.merge3(amendment.base_text, text, amendment.adopted_text)
            if merge.text is None:
                collisions.append(Collision(paragraph, [*applied, amendment], merge))
                break
            text = merge.text
            applied.append(amendment)
        else:
            if text != paragraph.text:
                texts[paragraph_id] = text
    return texts, deletions, collisions


def _insert_rows(paragraphs: dict[int, Paragraph], inserts: Iterable[Amendment]) -> list[Paragraph]:
    """New rows for accepted insertions, each chained after the one before it at the same place."""
    created: list[Paragraph] = []
    by_place: defaultdict[int, list[Amendment]] = defaultdict(list)
    for amendment in inserts:
        by_place[amendment.paragraph_id].append(amendment)
    for after_id, group in by_place.items():
        after = paragraphs[after_id]
        siblings = sorted(
            (p for p in paragraphs.values() if p.section_id == after.section_id and p.parent_id == after.parent_id),
            key=lambda p: p.position,
        )
        following = next((p.position for p in siblings if p.position > after.position), None)
        lower = after.position
        for amendment in sorted(group, key=lambda a: (provisional_order(a.provisional_number), a.pk)):
            row = Paragraph(
                section_id=after.section_id,
                parent_id=after.parent_id,
                number=amendment.provisional_number,
                kind=after.kind,
                text=amendment.adopted_text,
                position=key_between(lower, following),
                footnote_anchor="",
            )
            lower = row.position
            created.append(row)
    return created


def _document_order(rows: list[Paragraph]) -> list[Paragraph]:
    by_id = {p.pk: p for p in rows}

    def key(p: Paragraph) -> tuple[str, ...]:
        return (p.section.position, *position_path(p, lambda row: by_id.get(row.parent_id)))

    return sorted(rows, key=key)


def _gone(rows: list[Paragraph]) -> set[int]:
    """Deleted rows and everything under them (sub-items, their footnotes)."""
    by_id = {p.pk: p for p in rows}
    gone: set[int] = set()
    for p in rows:
        row: Paragraph | None = p
        while row is not None:
            if row.status == Paragraph.Status.DELETED:
                gone.add(p.pk)
                break
            row = by_id.get(row.parent_id) if row.parent_id is not None else None
    return gone


def _renumber(rows: list[Paragraph]) -> list[Paragraph]:
    """Numbered paragraphs 1…N per section in order ("2 bis" becomes 3); footnotes 1…N in the report."""
    changed: list[Paragraph] = []
    gone = _gone(rows)  # a deleted paragraph takes its sub-items and footnotes with it
    live = [p for p in rows if p.pk not in gone]
    by_section: defaultdict[int, list[Paragraph]] = defaultdict(list)
    for p in live:
        if p.parent_id is None and p.number:
            by_section[p.section_id].append(p)
    for numbered in by_section.values():
        for n, p in enumerate(sorted(numbered, key=lambda p: p.position), 1):
            if p.number != str(n):
                p.number = str(n)
                changed.append(p)
    footnotes = [p for p in _document_order(live) if p.kind == Paragraph.Kind.FOOTNOTE]
    for n, p in enumerate(footnotes, 1):
        if p.number != str(n):
            p.number = str(n)
            changed.append(p)
    return changed


def _carry_over(amendment: Amendment, paragraph: Paragraph, revision: Revision, gone: set[int]) -> str | None:
    """Rebase a pending amendment onto the revised text, or flag it for its delegation. Never lost."""
    if paragraph.pk in gone:
        amendment.carried_over_in, amendment.carried_over = revision, Amendment.CarriedOver.CONFLICT
        if amendment.kind == Amendment.Kind.INSERT:
            return "The paragraph it follows was deleted"
        return "The paragraph it amends was deleted"
    if amendment.kind == Amendment.Kind.INSERT or amendment.base_text == paragraph.text:
        return None
    amendment.carried_over_in = revision
    if amendment.kind == Amendment.Kind.DELETE:
        # Deleting the paragraph still means deleting it: only the text it deletes moves on.
        proposal = ""
    else:
        merged = textdiff.merge3(amendment.base_text, paragraph.text, amendment.proposed_text).text
        if merged is None:
            amendment.carried_over = Amendment.CarriedOver.CONFLICT
            return "Conflicts with the revised text"
        if merged == paragraph.text:
            amendment.status = Amendment.Status.SUPERSEDED
            amendment.carried_over = Amendment.CarriedOver.REBASED
            return f"Its change is already in {revision.name}"
        proposal = merged
    amendment.base_version, amendment.base_text = paragraph.version, paragraph.text
    amendment.proposed_text = proposal
    amendment.segments = [list(s) for s in textdiff.diff(paragraph.text, proposal)]
    amendment.patch = textdiff.make_patch(paragraph.text, proposal)
    amendment.version += 1
    amendment.carried_over = Amendment.CarriedOver.REBASED
    return f"Rebased onto {revision.name}"


def _locked_rows(report: Report) -> tuple[list[Paragraph], list[Amendment], list[Amendment]]:
    """The report's paragraphs, then in one statement its amendments a revision changes: accepted
    ones not yet consolidated (returned in the order they were decided) and pending ones.

    Each kind in id order, as every write takes them (the package's lock order): a decision or a
    delegation's write that waits for one of these rows holds none that comes later. The sections
    are read, not locked (a revision does not change them).
    """
    rows = lock_paragraphs(Paragraph.objects.filter(section__report=report).select_related("section"))
    changed = lock_amendments(
        Amendment.objects.filter(paragraph__section__report=report).filter(
            Q(status__in=Amendment.ACCEPTED_STATUSES, applied_in=None) | Q(status__in=Amendment.OPEN_STATUSES)
        )
    )
    accepted = sorted((a for a in changed if a.status in Amendment.ACCEPTED_STATUSES), key=_decision_order)
    pending = [a for a in changed if a.status in Amendment.OPEN_STATUSES]
    return rows, accepted, pending


def revision_fingerprint(rows: list[Paragraph], accepted: list[Amendment], pending: list[Amendment]) -> str:
    """A digest of everything a revision reads: each paragraph's id, version and status, and each
    amendment it changes with its version, status and the text it would adopt (a decision does
    not raise an amendment's version, so a changed modification is told by its text)."""
    material = repr(
        (
            sorted((p.pk, p.version, p.status) for p in rows),
            sorted(
                (a.pk, a.version, a.status, hashlib.sha256(a.adopted_text.encode()).hexdigest())
                for a in [*accepted, *pending]
            ),
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _decision_order(amendment: Amendment) -> tuple[datetime.datetime, int]:
    decided = amendment.decided_at or datetime.datetime.max.replace(tzinfo=datetime.UTC)  # as PostgreSQL sorts NULL
    return decided, amendment.pk


def _write_paragraphs(
    rows: list[Paragraph], accepted: list[Amendment], *, name: str, user: User | None, now: datetime.datetime
) -> dict[int, Paragraph]:
    """Consolidate the accepted amendments into the rows and renumber; every paragraph, new ones included."""
    paragraphs = {p.pk: p for p in rows}
    texts, deletions, collisions = _consolidate(paragraphs, accepted)
    if collisions:
        raise RevisionConflict(collisions)
    touched: dict[int, Paragraph] = {}
    for paragraph_id, text in texts.items():
        paragraphs[paragraph_id].text = text
        touched[paragraph_id] = paragraphs[paragraph_id]
    for paragraph_id in deletions:
        paragraphs[paragraph_id].status = Paragraph.Status.DELETED
        touched[paragraph_id] = paragraphs[paragraph_id]
    sections = {p.section_id: p.section for p in rows}
    for row in _insert_rows(paragraphs, [a for a in accepted if a.kind == Amendment.Kind.INSERT]):
        dated: Any = row  # simple_history dates the record from this attribute when it is set
        dated._history_date = now  # the revision's moment, as for its other rows: one point in the history
        save_with_history(row, user=user, reason=f"{name}: accepted amendments consolidated")
        row.section = sections[row.section_id]
        paragraphs[row.pk] = row
    for p in _renumber(list(paragraphs.values())):
        touched.setdefault(p.pk, p)
    # Paragraph.save raises the version; bulk updates do not, so it is raised here.
    for p in touched.values():
        p.version += 1
    if touched:
        bulk_update_with_history(
            list(touched.values()),
            Paragraph,
            _PARAGRAPH_FIELDS,
            default_user=user,
            default_change_reason=f"{name}: consolidated and renumbered",
            default_date=now,
        )
    return paragraphs


def _carry_over_pending(
    pending: list[Amendment],
    paragraphs: dict[int, Paragraph],
    revision: Revision,
    *,
    user: User | None,
    now: datetime.datetime,
) -> None:
    """Every draft or submitted amendment of the report moves onto the revised text, or is flagged."""
    gone = _gone(list(paragraphs.values()))
    by_reason: defaultdict[str, list[Amendment]] = defaultdict(list)
    rebased: list[Amendment] = []
    for amendment in pending:
        version = amendment.version
        note = _carry_over(amendment, paragraphs[amendment.paragraph_id], revision, gone)
        if note is not None:
            by_reason[note].append(amendment)
        if amendment.version > version and amendment.status == Amendment.Status.SUBMITTED:
            rebased.append(amendment)
    for reason, same in by_reason.items():
        bulk_update_with_history(
            same, Amendment, _CARRIED_FIELDS, default_user=user, default_change_reason=reason, default_date=now
        )
    # A rebased amendment is a new version: positions taken on its old text are asked again.
    notifications.positions_to_confirm(rebased, why=f"{revision.name} carried it over onto its text")


def _name_taken(report: Report, name: str) -> RevisionError:
    return RevisionError(f"{report} already has a revision named “{name}”.")


def _check_name_free(report: Report, name: str) -> None:
    if Revision.objects.filter(report=report, name=name).exists():
        raise _name_taken(report, name)


def checked_name(user: User | None, name: str) -> str:
    """The revision's name as it is stored, once the user may issue one (the preview asks the same)."""
    if user is not None and not user.is_secretariat:
        raise PermissionDenied("Only the secretariat issues revisions.")
    return clean_text(name, limit=100, what="The name of the revision")


@retry_on_conflict
def issue_revision(
    report_id: int,
    *,
    name: str,
    date: datetime.date,
    user: User | None,
    subtitle: str = "",
    expected_fingerprint: str | None = None,
) -> Revision:
    """Consolidate, renumber, freeze and carry over, or raise RevisionConflict / RevisionError.

    subtitle: the revision's own, printed under the title in place of the one before.

    expected_fingerprint: the `revision_fingerprint` the officer's preview was made from; a draft
    or amendment changed since then is refused with RevisionChanged, and nothing is written.
    """
    name = checked_name(user, name)
    try:
        return _issue(
            report_id, name=name, date=date, subtitle=subtitle, user=user, expected_fingerprint=expected_fingerprint
        )
    except IntegrityError:
        # Two officers gave the same name at once and the other one's revision came first
        # (revision_name_unique): the same refusal as for a name already taken.
        report = Report.objects.get(pk=report_id)
        if Revision.objects.filter(report=report, name=name).exists():
            raise _name_taken(report, name) from None
        raise


def _issue(
    report_id: int,
    *,
    name: str,
    date: datetime.date,
    subtitle: str,
    user: User | None,
    expected_fingerprint: str | None = None,
) -> Revision:
    """The revision's writes, in one transaction; `revision_plans` runs the same to preview it."""
    with transaction.atomic():
        # Locking the report serialises two officers issuing at once: the second waits, then
        # finds the first one's revision (same name refused) and no accepted amendment left.
        report = lock_report(report_id)
        _check_name_free(report, name)
        rows, accepted, pending = _locked_rows(report)
        if expected_fingerprint is not None and revision_fingerprint(rows, accepted, pending) != expected_fingerprint:
            raise RevisionChanged()
        # Taken once every lock is held, so the revision's history records come after those of
        # every write it waited for (an acceptance, a delegation's revision), as they were committed.
        now = timezone.now()
        paragraphs = _write_paragraphs(rows, accepted, name=name, user=user, now=now)

        revision = Revision(report=report, name=name, date=date, subtitle=subtitle, issued_by=user)
        label = {"name": name, "date": date.isoformat(), "subtitle": subtitle}
        revision.snapshot = report_snapshot(report, label)
        revision.save()

        for amendment in accepted:
            amendment.applied_in = revision
        if accepted:
            bulk_update_with_history(
                accepted,
                Amendment,
                ["applied_in"],
                default_user=user,
                default_change_reason=f"Consolidated in {name}",
                default_date=now,
            )
        _carry_over_pending(pending, paragraphs, revision, user=user, now=now)
        # In the transaction: a preview (revision_plans) rolls this back with the rest, mails included.
        notices.revision_issued(revision)
        holds.end_hold(report.pk)
        return revision
