"""The one door for writes to the draft's versioned text.

Each function owns its transaction, locks the rows it changes, refuses a stale version and
records who made the change and why in the history. Nothing else saves a Paragraph.
"""

from django.db import transaction

from amendments.models import Paragraph, Report
from amendments.ordering import key_between


class StaleVersion(Exception):
    """The row changed since the caller read it; the caller must show the conflict, not overwrite."""

    def __init__(self, current):
        super().__init__(f"{current.label} was changed by someone else (now version {current.version}).")
        self.current = current


def _save(paragraph, *, user, reason):
    paragraph._history_user = user
    paragraph._change_reason = reason or ""
    paragraph.full_clean()
    paragraph.save()
    return paragraph


def edit_paragraph(paragraph_id, *, text, expected_version, user, reason=""):
    """Replace a paragraph's text, unless someone saved it after expected_version was read."""
    with transaction.atomic():
        paragraph = Paragraph.objects.select_for_update().get(pk=paragraph_id)
        if paragraph.version != expected_version:
            raise StaleVersion(paragraph)
        paragraph.text = text
        return _save(paragraph, user=user, reason=reason)


def insert_paragraph_after(after_id, *, number, text, user, reason=""):
    """A new top-level paragraph right after another ("2 bis" after 2), touching no other row."""
    with transaction.atomic():
        after = Paragraph.objects.select_for_update().get(pk=after_id, parent=None)
        following = (
            Paragraph.objects.filter(section_id=after.section_id, parent=None, position__gt=after.position)
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        paragraph = Paragraph(
            section_id=after.section_id,
            number=number,
            kind=Paragraph.Kind.PARAGRAPH,
            text=text,
            position=key_between(after.position, following),
        )
        return _save(paragraph, user=user, reason=reason)


def set_deadline(report_id, deadline, *, user):
    """Open or close the submission window of a draft (None: no deadline)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        report.amendment_deadline = deadline
        report._history_user, report._change_reason = user, "Amendment deadline set"
        report.save()
        return report
