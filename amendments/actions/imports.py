"""From members' documents to draft amendments: the writes of an import.

`stage` keeps the plan (`importers.plans`: aligned, for review) on an Import row; `confirm` creates
everything it describes in one transaction, or nothing when the draft changed since the upload;
`cancel` closes an import under review without creating anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from amendments.actions import amendments as _amendments
from amendments.actions import comments as _comments
from amendments.actions.errors import AmendmentError, ImportRefused, StaleVersion
from amendments.actions.form_tokens import create_once, made_by_form
from amendments.actions.history import save_with_history
from amendments.actions.locking import lock_paragraph_ids, retry_on_conflict
from amendments.importers.plans import ChangeKind, PlannedChange, revised_text_plan
from amendments.importers.plans_word import word_changes_plan
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
    form_token: UUID | None = None,
    unrelated_ok: bool = False,
) -> Import:
    """Check and read the upload, align it, and keep the plan for review (``unrelated_ok``: the
    secretariat imports a revised text that hardly matches the draft all the same).

    A form sent twice (same `form_token`) gives back the import the first one staged, unread.
    """
    if (staged := made_by_form(Import, form_token)) is not None:
        return staged
    plan = (
        revised_text_plan(report, data, filename, unrelated_ok=unrelated_ok)
        if kind == Import.Kind.REVISED_TEXT
        else word_changes_plan(report, data, filename)
    )
    return create_once(
        Import,
        form_token,
        lambda: Import.objects.create(
            report=report,
            user=user,
            participant=participant,
            kind=kind,
            filename=filename[:255],
            plan=plan,
            form_token=form_token,
        ),
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


def _written(date: str | None) -> datetime | None:
    """The date Word wrote on a comment; one without a zone is taken as UTC, a malformed one as none."""
    try:
        moment = parse_datetime(date or "")
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def _subject(
    note: Mapping[str, Any],
    parent: Comment | None,
    proposals: Mapping[tuple[str, int], Amendment],
    paragraphs: Mapping[int, Paragraph],
) -> tuple[Amendment | None, Paragraph | None]:
    """What a planned comment is on: its thread's subject, the amendment made from its proposal, or its paragraph."""
    if parent is not None:
        return parent.amendment, parent.paragraph
    amendment = proposals.get(tuple(note.get("amendment") or ("", -1)))
    if amendment is not None:
        return amendment, None
    return None, paragraphs.get(note["draft"]) if note["draft"] is not None else None


def _apply_comments(
    plan: Mapping[str, Any],
    delegations: Mapping[str, Participant],
    proposals: Mapping[tuple[str, int], Amendment],
    *,
    user: User,
) -> list[int]:
    """The mapped authors' comments, as their delegations: on the amendment made from the proposal
    they are on (`proposals`, by author and entry) when there is one, else on their paragraph; a
    reply under its comment, whoever wrote that one. They are drafts, with the words they were
    anchored to and their date in the file: the delegation reads them over and submits them, as it
    does its amendments."""
    notes = [(author, note) for author, found in plan["authors"].items() if author in delegations
             for note in found["comments"]]  # fmt: skip
    ids = {note["id"] for _, note in notes}
    # Paragraphs are never deleted from the database (only marked deleted), so every one is there.
    paragraphs = Paragraph.objects.in_bulk({note["draft"] for _, note in notes if note["draft"] is not None})
    made: dict[Any, Comment] = {}
    waiting = notes
    while waiting:  # replies wait for the comment they answer, which may be another author's
        later = [(a, n) for a, n in waiting if n["parent"] in ids and n["parent"] not in made]
        for author, note in (pair for pair in waiting if pair not in later):
            parent = made.get(note["parent"])
            amendment, paragraph = _subject(note, parent, proposals, paragraphs)
            if amendment is None and paragraph is None:
                continue  # on text not in the draft: listed on the review page, not imported
            made[note["id"]] = _comments.comment(
                user=user, participant=delegations[author], text=note["text"], parent=parent,
                amendment=amendment, paragraph=paragraph, anchor=note.get("anchor") or "",
                written=_written(note.get("date")), draft=True,
            )  # fmt: skip
        if len(later) == len(waiting):  # answers to comments that were not imported: comments of their own
            ids = set()
        waiting = later
    return [row.pk for row in made.values()]


def _planned_paragraphs(kind: str, plan: Mapping[str, Any]) -> set[int]:
    """The paragraphs the plan's amendments are made on (or follow)."""
    if kind == Import.Kind.REVISED_TEXT:
        changes = _made(plan["entries"])
    else:
        changes = [change for found in plan["authors"].values() for change in _made(found["entries"])]
    targets = (change.after if change.kind == ChangeKind.INSERTED else change.draft for change in changes)
    return {target for target in targets if target is not None}


def apply_plan(
    kind: str,
    plan: Mapping[str, Any],
    *,
    user: User,
    participant: Participant | None = None,
    mapping: Mapping[str, int] | None = None,
    reason: str,
    working_group_id: int | None = None,
) -> tuple[list[int], list[int]]:
    """Create what a plan describes (inside the caller's transaction): (amendment ids, comment ids).
    Authors are mapped to delegations of `working_group_id`, the report's working group."""
    created: list[int] = []
    comments: list[int] = []
    # Each amendment locks its paragraph; taken first, all in id order, they are locked in the
    # order every other write takes them, whatever the order of the document.
    lock_paragraph_ids(_planned_paragraphs(kind, plan))
    try:
        if kind == Import.Kind.REVISED_TEXT:
            for change in _made(plan["entries"]):
                created.append(_create(change, user=user, participant=participant, reason=reason).pk)
            return created, comments
        # An author not mapped to a delegation is left out, as the reviewer chose.
        chosen = {author: pk for author, pk in (mapping or {}).items() if pk}
        found = Participant.objects.delegations(working_group_id).in_bulk(chosen.values())
        if set(chosen.values()) - set(found):
            raise ImportRefused("Map each author to one of the delegations listed.")
        delegations = {author: found[pk] for author, pk in chosen.items()}
        proposals: dict[tuple[str, int], Amendment] = {}
        for author, found in plan["authors"].items():
            if author in delegations:
                for index, change in enumerate(_made(found["entries"])):
                    proposals[author, index] = _create(
                        change, user=user, participant=delegations[author], reason=reason
                    )
        created = [amendment.pk for amendment in proposals.values()]
        comments = _apply_comments(plan, delegations, proposals, user=user)
    except StaleVersion as stale:
        raise ImportRefused(f"{stale.current.label} changed since the upload: upload the file again.") from None
    except (AmendmentError, ValueError) as error:
        raise ImportRefused(str(error)) from None
    return created, comments


def _under_review(import_id: int) -> Import:
    """The Import row, locked until the end of the transaction; refused unless it is under review."""
    staged = Import.objects.select_for_update(of=("self",), no_key=True).get(pk=import_id)
    if staged.status != Import.Status.REVIEW:
        raise ImportRefused(f"This import is already {staged.get_status_display().lower()}.")
    return staged


@retry_on_conflict
def confirm(import_id: int, *, user: User, mapping: Mapping[str, int] | None = None) -> Import:
    """Create the planned draft amendments (and comments): all, or none when the draft changed since."""
    with transaction.atomic():
        staged = _under_review(import_id)
        created, comments = apply_plan(
            staged.kind, staged.plan, user=user, participant=staged.participant, mapping=mapping,
            reason=f"Imported from {staged.filename}", working_group_id=staged.report.working_group_id,
        )  # fmt: skip
        staged.status, staged.result = Import.Status.DONE, {"amendments": created, "comments": comments}
        return save_with_history(staged, user=user, reason="Confirmed")


def cancel(import_id: int, *, user: User) -> Import:
    """Close an import under review without creating anything."""
    with transaction.atomic():
        staged = _under_review(import_id)
        staged.status = Import.Status.CANCELLED
        return save_with_history(staged, user=user, reason="Cancelled")
