"""The document's identity: the original text kept as the first revision, and the secretariat's
corrections of the masthead (symbol, distribution, language, date) and of each revision's label,
date and subtitle.

A revision's text never changes; its label may be corrected (a misspelt subtitle, a date given
wrong), each correction a history record with its reason. Like headings and the deadline, the
identity has no version: the last correction saved is the one printed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from amendments.actions.errors import RevisionError
from amendments.actions.history import save_with_history
from amendments.actions.locking import lock_report
from amendments.models import Report, Revision, User
from amendments.queries.snapshots import report_snapshot

__all__ = ["ORIGINAL", "ReportIdentity", "RevisionIdentity", "edit_identity", "keep_original"]

ORIGINAL = "Original"  # the name the original text is kept under


@dataclass(frozen=True)
class ReportIdentity:
    title: str
    body: str
    symbol: str
    distribution: str
    language: str
    date: datetime.date | None


@dataclass(frozen=True)
class RevisionIdentity:
    name: str
    date: datetime.date
    subtitle: str


def keep_original(report: Report, *, user: User | None, reason: str) -> Revision:
    """Keep the report's text as it stands as its original (call it when the report is loaded).
    A report that already keeps one gets no second."""
    existing = report.revisions.filter(is_original=True).first()
    if existing is not None:
        return existing
    revision = Revision(
        report=report,
        name=ORIGINAL,
        date=report.date or timezone.localdate(),
        subtitle=report.subtitle,
        is_original=True,
        issued_by=user,
        snapshot=report_snapshot(report),
    )
    return save_with_history(revision, user=user, reason=reason)


def edit_identity(
    report_id: int,
    *,
    user: User,
    report: ReportIdentity,
    revisions: Mapping[int, RevisionIdentity],
) -> list[str]:
    """Save the report's identity and its revisions' labels; the list of what changed, for the officer.

    Raises PermissionDenied for anyone but the secretariat, RevisionError (saving nothing) for a
    revision of another report or two revisions given one name."""
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat edits the document's identity.")
    names = [entry.name for entry in revisions.values()]
    if len(set(names)) != len(names):
        raise RevisionError("Two revisions cannot have the same name.")
    try:
        return _save(report_id, user, report, revisions)
    except IntegrityError:  # a new name another revision of the report still had
        raise RevisionError("Two revisions cannot have the same name.") from None


def _save(report_id: int, user: User, report: ReportIdentity, revisions: Mapping[int, RevisionIdentity]) -> list[str]:
    with transaction.atomic():
        row = lock_report(report_id)
        changed = [_label(field) for field, value in vars(report).items() if getattr(row, field) != value]
        if changed:
            for field, value in vars(report).items():
                setattr(row, field, value)
            save_with_history(row, user=user, reason="Identity edited: " + ", ".join(changed), clean=True)
        rows = {r.pk: r for r in Revision.objects.filter(report=row)}
        unknown = set(revisions) - set(rows)
        if unknown:
            raise RevisionError("A revision given is not one of this report's.")
        for pk, entry in revisions.items():
            changed += _relabel(rows[pk], entry, user)
    return changed


def _relabel(revision: Revision, entry: RevisionIdentity, user: User) -> list[str]:
    fields = [field for field, value in vars(entry).items() if getattr(revision, field) != value]
    if not fields:
        return []
    before = str(revision)
    for field in fields:
        setattr(revision, field, getattr(entry, field))
    reason = f"{before}: {', '.join(_label(f) for f in fields)} corrected"
    save_with_history(revision, user=user, reason=reason, update_fields=fields)
    return [f"{before}: {_label(field)}" for field in fields]


def _label(field: str) -> str:
    return {"name": "label"}.get(field, field)
