"""The notices of the live layer, sent when the transaction that wrote the rows commits.

Each write of a row a page shows (a paragraph, an amendment, a comment, a position, an alternative,
a submission, a section's heading, a revision, the screen) goes through its model's save or
delete, so the signals connected here see every action. What changed is gathered per transaction
and sent once it commits, a notice per group (amendments.live.groups): a rolled-back write sends
nothing, and no page refetches text that is not yet committed.

A notice holds ids and flags only: `paragraphs` (the paragraphs touched, with the top-level
paragraph whose block shows each), `structure` (a paragraph was added, moved or deleted),
`report` (the report's own data: its identity, a section, a submission, a revision) and `screen`
(what the projector shows). Sending never fails the write (`robust`): a page that misses a notice
still shows the change on its next load, and reloads its text when it reconnects.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db.models.signals import post_delete, post_save

from amendments.at_commit import AtCommit
from amendments.live.groups import EVERYONE, Audience, private
from amendments.models import (
    Alternative,
    Amendment,
    Comment,
    Paragraph,
    Position,
    Report,
    Revision,
    Screen,
    Section,
    Submission,
)

logger = logging.getLogger(__name__)


@dataclass
class Touch:
    """One row written: the paragraph it shows in (or the report, for a row of the report's own),
    and who may see it."""

    audience: Audience
    paragraph_id: int | None = None
    report_id: int | None = None
    structure: bool = False
    report: bool = False
    screen: bool = False


@dataclass
class Notice:
    paragraphs: set[int] = field(default_factory=set)
    structure: bool = False
    report: bool = False
    screen: bool = False

    def as_message(self) -> dict[str, Any]:
        return {
            "paragraphs": sorted(self.paragraphs),
            "structure": self.structure,
            "report": self.report,
            "screen": self.screen,
        }


def _send_touched(touches: list[Touch]) -> None:
    send(notices(touches))


# What the transaction under way touched: announced once, when it commits.
_touched: AtCommit[Touch] = AtCommit("live", _send_touched)
_record = _touched.add


def notices(touches: list[Touch]) -> dict[str, Notice]:
    """The notice each group is to hear about these writes (one query for their paragraphs)."""
    ids = {t.paragraph_id for t in touches if t.paragraph_id is not None}
    places = {
        pk: (top, report_id)
        for pk, top, report_id in (
            (pk, grandparent or parent or pk, report_id)
            for pk, parent, grandparent, report_id in Paragraph.objects.filter(pk__in=ids).values_list(
                "pk", "parent_id", "parent__parent_id", "section__report_id"
            )
        )
    }
    by_group: dict[str, Notice] = {}
    for touch in touches:
        report_id = touch.report_id
        shown: set[int] = set()
        if touch.paragraph_id is not None:
            top, found_in = places.get(touch.paragraph_id, (None, None))
            report_id = found_in or report_id
            shown = {touch.paragraph_id} | ({top} if top else set())
        if report_id is None:
            continue  # a row already gone with its report
        for group in touch.audience.groups(report_id):
            notice = by_group.setdefault(group, Notice())
            notice.paragraphs |= shown
            notice.structure |= touch.structure
            notice.report |= touch.report
            notice.screen |= touch.screen
    return by_group


def send(by_group: dict[str, Notice]) -> None:
    layer = get_channel_layer()
    if layer is None or not by_group:
        return
    for group, notice in by_group.items():
        async_to_sync(layer.group_send)(group, {"type": "live.notice", "notice": notice.as_message()})


def amendment_audience(amendment: Amendment) -> Audience:
    return EVERYONE if amendment.submitted_at is not None else private(amendment)


def comment_audience(comment: Comment) -> Audience:
    if comment.draft:
        return private(comment)
    if comment.amendment is not None:  # a note on a draft is published with the draft
        return amendment_audience(comment.amendment)
    return EVERYONE


def _on_paragraph(sender: Any, instance: Paragraph, created: bool = False, **kwargs: Any) -> None:
    _record(Touch(EVERYONE, paragraph_id=instance.pk, structure=created))


def _on_paragraph_deleted(sender: Any, instance: Paragraph, **kwargs: Any) -> None:
    # Gone when the notice is made: its report is read now.
    report_id = Section.objects.filter(pk=instance.section_id).values_list("report_id", flat=True).first()
    _record(Touch(EVERYONE, paragraph_id=instance.pk, report_id=report_id, structure=True))


def _on_amendment(sender: Any, instance: Amendment, **kwargs: Any) -> None:
    _record(Touch(amendment_audience(instance), paragraph_id=instance.paragraph_id))


def _on_comment(sender: Any, instance: Comment, **kwargs: Any) -> None:
    paragraph_id = instance.paragraph_id
    if paragraph_id is None and instance.amendment is not None:
        paragraph_id = instance.amendment.paragraph_id
    _record(Touch(comment_audience(instance), paragraph_id=paragraph_id))


def _on_position(sender: Any, instance: Position, **kwargs: Any) -> None:
    amendment = instance.amendment
    if amendment is not None:
        _record(Touch(amendment_audience(amendment), paragraph_id=amendment.paragraph_id))
    elif instance.submission is not None:
        _record(Touch(EVERYONE, report_id=instance.submission.section.report_id, report=True))


def _on_alternative(sender: Any, instance: Alternative, **kwargs: Any) -> None:
    _record(Touch(EVERYONE, paragraph_id=instance.paragraph_id))


def _on_report_row(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A row of the report's own: its identity, a section, a submission, a revision."""
    if isinstance(instance, Report):
        report_id = instance.pk
    elif isinstance(instance, Submission):
        report_id = instance.section.report_id
    else:
        report_id = instance.report_id
    _record(Touch(EVERYONE, report_id=report_id, report=True))


def _on_screen(sender: Any, instance: Screen, **kwargs: Any) -> None:
    _record(Touch(EVERYONE, report_id=instance.report_id, screen=True))


def connect() -> None:
    """The notices follow every save and delete of the rows the pages show."""
    post_delete.connect(_on_paragraph_deleted, sender=Paragraph, dispatch_uid="live-Paragraph-delete")
    post_save.connect(_on_paragraph, sender=Paragraph, dispatch_uid="live-Paragraph-save")
    receivers = (
        (Amendment, _on_amendment),
        (Comment, _on_comment),
        (Position, _on_position),
        (Alternative, _on_alternative),
        (Report, _on_report_row),
        (Section, _on_report_row),
        (Submission, _on_report_row),
        (Revision, _on_report_row),
        (Screen, _on_screen),
    )
    for model, receiver in receivers:
        post_save.connect(receiver, sender=model, dispatch_uid=f"live-{model.__name__}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"live-{model.__name__}-delete")
