"""The secretariat drives a report's screen (its projector view): which paragraph it shows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from amendments.actions.errors import DraftingError
from amendments.models import Paragraph, Report, Screen, User

__all__ = ["negotiated_paragraphs", "show", "step"]


def negotiated_paragraphs(report_id: int) -> list[int]:
    """The ids of the paragraphs a screen can show, in the report's order (deleted ones left out)."""
    rows = (
        Paragraph.objects.filter(section__report_id=report_id, parent=None)
        .exclude(status=Paragraph.Status.DELETED)
        .order_by("section__position", "position")
    )
    return list(rows.values_list("pk", flat=True))


def _locked_screen(report_id: int, user: User) -> Screen:
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat drives the screen.")
    Report.objects.select_for_update().get(pk=report_id)  # one screen row, made once
    screen, _ = Screen.objects.get_or_create(report_id=report_id)
    return screen


def show(report_id: int, *, user: User, paragraph_id: int) -> Screen:
    """The screen shows that paragraph of the report."""
    with transaction.atomic():
        screen = _locked_screen(report_id, user)
        if paragraph_id not in negotiated_paragraphs(report_id):
            raise DraftingError("That paragraph is not in this report's text.")
        screen.paragraph_id, screen.updated_by = paragraph_id, user
        screen.save()
        return screen


def step(report_id: int, *, user: User, by: int) -> Screen:
    """The screen moves `by` paragraphs (1: the next, -1: the previous), staying within the text;
    a screen showing nothing starts at the first paragraph."""
    with transaction.atomic():
        screen = _locked_screen(report_id, user)
        order = negotiated_paragraphs(report_id)
        if not order:
            raise DraftingError("This report has no text to show.")
        if screen.paragraph_id in order:
            at = min(max(order.index(screen.paragraph_id) + by, 0), len(order) - 1)
        else:
            at = 0
        screen.paragraph_id, screen.updated_by = order[at], user
        screen.save()
        return screen
