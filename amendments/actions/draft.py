"""The secretariat's edits of the draft: paragraph texts, statuses, order, headings and the deadline
(brackets and alternatives: amendments.actions.brackets).

Each function owns its transaction, locks the rows it changes, refuses a stale version and
records who made the change and why in the history. The other writes to paragraphs are a
revision's consolidation (actions.revisions) and the loading of the fixtures.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from amendments.actions.errors import DraftingError, StaleVersion
from amendments.actions.form_tokens import create_once
from amendments.actions.history import save_with_history
from amendments.core.ordering import key_between
from amendments.core.texts import MAX_TEXT_LENGTH, clean_note, clean_text
from amendments.models import Paragraph, Report, Section

if TYPE_CHECKING:
    from amendments.models import User

__all__ = [
    "DraftingError",
    "StaleVersion",
    "delete_paragraph",
    "edit_heading",
    "edit_paragraph",
    "insert_paragraph_after",
    "move_paragraph",
    "restore_version",
    "set_deadline",
    "set_status",
]


def _save(paragraph: Paragraph, *, user: User | None, reason: str) -> Paragraph:
    try:
        return save_with_history(paragraph, user=user, reason=reason or "", clean=True)
    except ValidationError as error:
        raise DraftingError(" ".join(error.messages)) from None


def _locked(paragraph_id: int, expected_version: int | None) -> Paragraph:
    # Only the paragraph is locked; its section is read with it (a heading is edited on its own).
    paragraph = (
        Paragraph.objects.select_for_update(of=("self",), no_key=True).select_related("section").get(pk=paragraph_id)
    )
    # No version given counts as stale: a form that lost its version must not overwrite anything.
    if expected_version is None or paragraph.version != expected_version:
        raise StaleVersion(paragraph)
    return paragraph


def edit_paragraph(
    paragraph_id: int,
    *,
    text: str,
    expected_version: int | None,
    user: User | None,
    reason: str = "",
    number: str | None = None,
) -> Paragraph:
    """Replace a paragraph's text (and its printed number), unless someone saved it after expected_version."""
    reason = clean_note(reason)  # as the forms check it: a caller without a form cannot store a bad note
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        paragraph.text = clean_text(text, limit=MAX_TEXT_LENGTH)
        if number is not None:
            paragraph.number = clean_text(number, limit=32, what="The number", allow_empty=True)
        return _save(paragraph, user=user, reason=reason)


def set_status(
    paragraph_id: int, *, status: str, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Set a paragraph's negotiation status (open, under discussion, agreed, not agreed, deleted…).

    A status is a label: it never changes the text (brackets are amendments.actions.brackets')."""
    reason = clean_note(reason)
    if status not in Paragraph.Status.values:
        raise DraftingError(f"Unknown status {status!r}.")
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        paragraph.status = status
        return _save(paragraph, user=user, reason=reason or f"Status: {paragraph.get_status_display()}")


def insert_paragraph_after(
    after_id: int,
    *,
    number: str,
    text: str,
    user: User | None,
    reason: str = "",
    kind: str | None = None,
    form_token: UUID | None = None,
) -> Paragraph:
    """A new row right after another ("2 bis" after 2; a sub-item after a sub-item), touching no other row.

    A form sent twice (same `form_token`) gives back the row the first one inserted.
    """
    return create_once(
        Paragraph,
        form_token,
        lambda: _insert_after(
            after_id, number=number, text=text, user=user, reason=reason, kind=kind, token=form_token
        ),
    )


def _insert_after(
    after_id: int, *, number: str, text: str, user: User | None, reason: str, kind: str | None, token: UUID | None
) -> Paragraph:
    reason = clean_note(reason)
    with transaction.atomic():
        after = Paragraph.objects.select_for_update(of=("self",), no_key=True).get(pk=after_id)
        siblings = Paragraph.objects.filter(section_id=after.section_id, parent_id=after.parent_id)
        following = (
            siblings.filter(position__gt=after.position).order_by("position").values_list("position", flat=True).first()
        )
        paragraph = Paragraph(
            section_id=after.section_id,
            parent_id=after.parent_id,
            number=clean_text(number, limit=32, what="The number", allow_empty=True),
            kind=kind or after.kind,
            text=clean_text(text, limit=MAX_TEXT_LENGTH),
            position=key_between(after.position, following),
            form_token=token,
        )
        return _save(paragraph, user=user, reason=reason)


def move_paragraph(
    paragraph_id: int, *, direction: str, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Move a paragraph one place up or down among its siblings: only its own order key changes.

    Footnotes follow their mark, not an order, so they do not move; deleted siblings are stepped over.
    """
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        if paragraph.is_footnote:
            raise DraftingError("A footnote stands where its mark is: edit the text of the paragraph instead.")
        rows = list(
            Paragraph.objects.filter(section_id=paragraph.section_id, parent_id=paragraph.parent_id)
            .order_by("position")
            .values_list("position", "kind", "status")
        )
        everything = [position for position, _, _ in rows]  # every key in use, footnotes included
        movable = [position for position, kind, status in rows
                   if kind != Paragraph.Kind.FOOTNOTE and status != Paragraph.Status.DELETED]  # fmt: skip
        at = movable.index(paragraph.position) if paragraph.position in movable else -1
        if direction == "up" and at > 0:
            upper = movable[at - 1]
            below = everything.index(upper)
            paragraph.position = key_between(everything[below - 1] if below else None, upper)
        elif direction == "down" and 0 <= at < len(movable) - 1:
            lower = movable[at + 1]
            above = everything.index(lower)
            paragraph.position = key_between(lower, everything[above + 1] if above + 1 < len(everything) else None)
        else:
            raise DraftingError(f"{paragraph.label} cannot move further {direction}.")
        return _save(paragraph, user=user, reason=reason or f"Moved {direction}")


def delete_paragraph(
    paragraph_id: int, *, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Mark a paragraph deleted: it leaves the consolidated text but stays, with its history and amendments."""
    return set_status(
        paragraph_id,
        status=Paragraph.Status.DELETED,
        expected_version=expected_version,
        user=user,
        reason=reason or "Deleted",
    )


def restore_version(
    paragraph_id: int, *, history_id: int, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Bring back the text of an earlier version; the restoring is itself a new version."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        record = paragraph.history.filter(history_id=history_id).first()
        if record is None:
            raise DraftingError("That version does not belong to this paragraph.")
        paragraph.text = record.text
        return _save(paragraph, user=user, reason=reason or f"Restored the text of version {record.version}")


def edit_heading(section_id: int, *, heading: str, user: User | None, reason: str = "") -> Section:
    """Rename a section; the history keeps the heading it had."""
    reason = clean_note(reason)
    with transaction.atomic():
        section = Section.objects.select_for_update(of=("self",), no_key=True).get(pk=section_id)
        section.heading = clean_text(heading, limit=300, what="The heading")
        return save_with_history(section, user=user, reason=reason or "Heading edited")


def set_deadline(report_id: int, deadline: datetime.datetime | None, *, user: User | None) -> Report:
    """Open or close the submission window of a draft (None: no deadline)."""
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",), no_key=True).get(pk=report_id)
        report.amendment_deadline = deadline
        return save_with_history(report, user=user, reason="Amendment deadline set")
