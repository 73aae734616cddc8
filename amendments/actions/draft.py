"""The one door for writes to the draft's versioned text.

Each function owns its transaction, locks the rows it changes, refuses a stale version and
records who made the change and why in the history. Nothing else saves a Paragraph.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from amendments.core.ordering import key_between
from amendments.core.texts import MAX_TEXT_LENGTH, clean_text
from amendments.models import Paragraph, Report, Section


class StaleVersion(Exception):
    """The row changed since the caller read it; the caller must show the conflict, not overwrite."""

    def __init__(self, current):
        super().__init__(f"{current.label} was changed by someone else (now version {current.version}).")
        self.current = current


class DraftingError(ValueError):
    """The change makes no sense for this text; the message says why."""


def _save(paragraph, *, user, reason):
    paragraph._history_user = user
    paragraph._change_reason = reason or ""
    try:
        paragraph.full_clean()
    except ValidationError as error:
        raise DraftingError(" ".join(error.messages)) from None
    paragraph.save()
    return paragraph


def _locked(paragraph_id, expected_version):
    paragraph = Paragraph.objects.select_for_update().select_related("section").get(pk=paragraph_id)
    # No version given counts as stale: a form that lost its version must not overwrite anything.
    if expected_version is None or paragraph.version != expected_version:
        raise StaleVersion(paragraph)
    return paragraph


def edit_paragraph(paragraph_id, *, text, expected_version, user, reason="", number=None):
    """Replace a paragraph's text (and its printed number), unless someone saved it after expected_version."""
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        paragraph.text = clean_text(text, limit=MAX_TEXT_LENGTH)
        if number is not None:
            paragraph.number = clean_text(number, limit=32, what="The number", allow_empty=True)
        return _save(paragraph, user=user, reason=reason)


def set_status(paragraph_id, *, status, expected_version, user, reason=""):
    if status not in Paragraph.Status.values:
        raise DraftingError(f"Unknown status {status!r}.")
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        paragraph.status = status
        return _save(paragraph, user=user, reason=reason or f"Status: {paragraph.get_status_display()}")


def bracket_passage(paragraph_id, *, passage, expected_version, user, reason=""):
    """Put a passage without consensus in [square brackets], the UN convention, in the text itself."""
    passage = passage.strip()
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        if not passage:
            raise DraftingError("Give the passage to put in brackets.")
        count = paragraph.text.count(passage)
        if count == 0:
            raise DraftingError("That passage is not in the text: copy it exactly as it stands.")
        if count > 1:
            raise DraftingError("That passage occurs more than once: give a longer passage.")
        paragraph.text = paragraph.text.replace(passage, f"[{passage}]")
        return _save(paragraph, user=user, reason=reason or "Passage bracketed")


def insert_paragraph_after(after_id, *, number, text, user, reason="", kind=None):
    """A new row right after another ("2 bis" after 2; a sub-item after a sub-item), touching no other row."""
    with transaction.atomic():
        after = Paragraph.objects.select_for_update().get(pk=after_id)
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
        )
        return _save(paragraph, user=user, reason=reason)


def move_paragraph(paragraph_id, *, direction, expected_version, user, reason=""):
    """Move a paragraph one place up or down among its siblings: only its own order key changes.

    Footnotes follow their mark, not an order, so they do not move; deleted siblings are stepped over.
    """
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


def delete_paragraph(paragraph_id, *, expected_version, user, reason=""):
    """Mark a paragraph deleted: it leaves the consolidated text but stays, with its history and amendments."""
    return set_status(
        paragraph_id,
        status=Paragraph.Status.DELETED,
        expected_version=expected_version,
        user=user,
        reason=reason or "Deleted",
    )


def restore_version(paragraph_id, *, history_id, expected_version, user, reason=""):
    """Bring back the text of an earlier version; the restoring is itself a new version."""
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        record = paragraph.history.filter(history_id=history_id).first()
        if record is None:
            raise DraftingError("That version does not belong to this paragraph.")
        paragraph.text = record.text
        return _save(paragraph, user=user, reason=reason or f"Restored the text of version {record.version}")


def edit_heading(section_id, *, heading, user, reason=""):
    with transaction.atomic():
        section = Section.objects.select_for_update().get(pk=section_id)
        section.heading = clean_text(heading, limit=300, what="The heading")
        section._history_user, section._change_reason = user, reason or "Heading edited"
        section.save()
        return section


def set_deadline(report_id, deadline, *, user):
    """Open or close the submission window of a draft (None: no deadline)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        report.amendment_deadline = deadline
        report._history_user, report._change_reason = user, "Amendment deadline set"
        report.save()
        return report
