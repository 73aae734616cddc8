"""From members' documents to draft amendments: the writes of an import.

`stage` keeps the plan (`importers.plans`: aligned, for review) on an Import row; `confirm` creates
everything it describes in one transaction, or nothing when the draft changed since the upload;
`cancel` closes an import under review without creating anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from amendments.actions import amendments as _amendments
from amendments.actions import comments as _comments
from amendments.actions.errors import AmendmentError, ImportRefused, StaleVersion
from amendments.actions.history import save_with_history
from amendments.importers.plans import ChangeKind, PlannedChange, revised_text_plan, word_changes_plan
from amendments.models import Amendment, Comment, Import, Paragraph, Participant, Report, User

__all__ = ["ImportRefused", "apply_plan", "cancel", "confirm", "stage"]


def stage(
    report: Report,
    *,
    user: User,
    kind: str,
    data: bytes,
    filename: str,
    participant: Participant | None = None,
    unrelated_ok: bool = False,
) -> Import:
    """Check and read the upload, align it, and keep the plan for review (``unrelated_ok``: the
    secretariat imports a revised text that hardly matches the draft all the same)."""
    plan = (
        revised_text_plan(report, data, filename, unrelated_ok=unrelated_ok)
        if kind == Import.Kind.REVISED_TEXT
        else word_changes_plan(report, data, filename)
    )
    return Import.objects.create(
        report=report, user=user, participant=participant, kind=kind, filename=filename[:255], plan=plan
    )


def _required(value: int | None, what: str) -> int:
    # Plans are written by importers.plans, which always sets these for a change it plans; a plan
    # without them was not made by it, and nothing is created from it.
    if value is None:
        raise ImportRefused(f"The import plan has no {what}: upload the file again.")
    return value


def _create(change: PlannedChange, *, user: User, participant: Participant | None, reason: str) -> Amendment:
    if change.kind == ChangeKind.INSERTED:
        return _amendments.propose(
            user=user, participant=participant, paragraph_id=_required(change.after, "paragraph to follow"),
            kind=Amendment.Kind.INSERT, expected_paragraph_version=_required(change.after_version, "version"),
            proposed_text=change.text or "", provisional_number=change.number or "", reason=reason,
        )  # fmt: skip
    kind = Amendment.Kind.DELETE if change.kind == ChangeKind.DELETED else Amendment.Kind.MODIFY
    return _amendments.propose(
        user=user, participant=participant, paragraph_id=_required(change.draft, "paragraph"), kind=kind,
        expected_paragraph_version=_required(change.version, "version"), proposed_text=change.text or "",
        reason=reason,
    )  # fmt: skip


def _made(entries: list[dict[str, Any]]) -> list[PlannedChange]:
    """The planned changes that become draft amendments."""
    changes = [PlannedChange.from_json(entry) for entry in entries]
    return [change for change in changes if change.is_made]


def _apply_author(
    found: Mapping[str, Any], delegation: Participant, *, user: User, reason: str
) -> tuple[list[int], list[int]]:
    """One Word author's changes and comments, as the delegation the author is mapped to."""
    created = [_create(c, user=user, participant=delegation, reason=reason).pk for c in _made(found["entries"])]
    comments: list[int] = []
    made: dict[Any, Comment] = {}
    # Paragraphs are never deleted from the database (only marked deleted), so every one is there.
    paragraphs = Paragraph.objects.in_bulk({note["draft"] for note in found["comments"] if note["draft"] is not None})
    for note in found["comments"]:
        if note["draft"] is None:
            continue
        row = _comments.comment(
            user=user, participant=delegation, text=note["text"],
            paragraph=paragraphs[note["draft"]], parent=made.get(note["parent"]),
        )  # fmt: skip
        made[note["id"]] = row
        comments.append(row.pk)
    return created, comments


def apply_plan(
    kind: str,
    plan: Mapping[str, Any],
    *,
    user: User,
    participant: Participant | None = None,
    mapping: Mapping[str, int] | None = None,
    reason: str,
) -> tuple[list[int], list[int]]:
    """Create what a plan describes (inside the caller's transaction): (amendment ids, comment ids)."""
    created: list[int] = []
    comments: list[int] = []
    try:
        if kind == Import.Kind.REVISED_TEXT:
            for change in _made(plan["entries"]):
                created.append(_create(change, user=user, participant=participant, reason=reason).pk)
            return created, comments
        for author, found in plan["authors"].items():
            participant_id = (mapping or {}).get(author)
            if not participant_id:
                continue  # an author not mapped to a delegation is left out, as the reviewer chose
            delegation = Participant.objects.get(pk=participant_id)
            made, noted = _apply_author(found, delegation, user=user, reason=reason)
            created += made
            comments += noted
    except StaleVersion as stale:
        raise ImportRefused(f"{stale.current.label} changed since the upload: upload the file again.") from None
    except (AmendmentError, ValueError) as error:
        raise ImportRefused(str(error)) from None
    return created, comments


def _under_review(import_id: int) -> Import:
    """The Import row, locked until the end of the transaction; refused unless it is under review."""
    staged = Import.objects.select_for_update().get(pk=import_id)
    if staged.status != Import.Status.REVIEW:
        raise ImportRefused(f"This import is already {staged.get_status_display().lower()}.")
    return staged


def confirm(import_id: int, *, user: User, mapping: Mapping[str, int] | None = None) -> Import:
    """Create the planned draft amendments (and comments): all, or none when the draft changed since."""
    with transaction.atomic():
        staged = _under_review(import_id)
        created, comments = apply_plan(
            staged.kind, staged.plan, user=user, participant=staged.participant, mapping=mapping,
            reason=f"Imported from {staged.filename}",
        )  # fmt: skip
        staged.status, staged.result = Import.Status.DONE, {"amendments": created, "comments": comments}
        return save_with_history(staged, user=user, reason="Confirmed")


def cancel(import_id: int, *, user: User) -> Import:
    """Close an import under review without creating anything."""
    with transaction.atomic():
        staged = _under_review(import_id)
        staged.status = Import.Status.CANCELLED
        return save_with_history(staged, user=user, reason="Cancelled")
