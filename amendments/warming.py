"""Rendered paragraph blocks stored when they change, so no reader waits for a cold render.

The report page caches each top-level paragraph's block under a key made of everything it shows
(amendments.queries.tree.stamp_blocks). A key depends on what the reader may see: a delegation
with a draft on a paragraph has a key of its own there. What is stored here is only the public
variant, the one every member sees (submitted amendments, published comments): never a draft, so
nothing private reaches a key another viewer could read.

Two ways in: with a shared cache (REDIS_URL, settings.WARM_BLOCKS_ON_WRITE), after a transaction that changed a paragraph, an amendment, a comment or a position
commits, the blocks of the paragraphs it touched are rendered (`paragraphs_changed`, connected to
the models' save and delete signals, so every action goes through it); and `warm_report` renders
a whole report (`python manage.py warm_cache`, after a deploy or a restart of the cache).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from amendments.at_commit import AtCommit
from amendments.models import Amendment, Comment, Paragraph, Position, Report
from amendments.queries.comments import comment_counts
from amendments.queries.redlines import attach_positions, positions_of, with_revisions
from amendments.queries.tree import STAMP_FIELDS, attach_amendments, report_tree, stamp_blocks, walk
from amendments.templatetags.redlines import paragraph_block

logger = logging.getLogger(__name__)

# The views of the report page that are stored ahead: (redlines shown, numbered lines). warm_cache
# renders the page as it opens and with every redline; a write only the first, the one everyone
# sees: the redlines of a busy paragraph (every amendment rebased onto its text) would make each
# write to it cost more than the write. The numbered lines are rendered when first asked for.
VARIANTS: tuple[tuple[bool, bool], ...] = ((False, False), (True, False))
ON_WRITE: tuple[tuple[bool, bool], ...] = ((False, False),)


class _Member:
    """A reader who sees what every member sees: submitted amendments and published comments,
    no delegation's drafts (the Chair's view, and a delegate's where it has no draft)."""

    participant_id = None
    is_secretariat = False


MEMBER: Any = _Member()


def warm_report(
    report: Report, paragraph_ids: Iterable[int] | None = None, variants: tuple[tuple[bool, bool], ...] = VARIANTS
) -> int:
    """Render into the cache the blocks of the report's top-level paragraphs (only those of
    `paragraph_ids` when given) that are not there yet, in each variant; the number rendered."""
    wanted = None if paragraph_ids is None else set(paragraph_ids)
    counts = comment_counts(MEMBER, report)
    rendered = 0
    for redlines, lines in variants:
        sections = report_tree(report)  # afresh for each variant: stamps and amendments are hung on it
        tops = [n for s in sections for n in s.nodes if wanted is None or n.paragraph.pk in wanted]
        if not tops:
            return 0
        ids = [n.paragraph.pk for top in tops for n in walk([top])]
        visible = Amendment.objects.visible_to(MEMBER).filter(paragraph__section__report=report)
        if wanted is not None:
            visible = visible.filter(paragraph_id__in=ids)
        # The same rows in the same order as the report page reads them: the same keys.
        stamps = list(visible.values_list(*STAMP_FIELDS).order_by("created", "id"))
        scope = Q(amendment__paragraph__section__report=report)
        positions = positions_of(scope if wanted is None else scope & Q(amendment__paragraph_id__in=ids))
        stamp_blocks(sections, stamps, redlines=redlines, positions=positions, lines=lines, comment_counts=counts)
        stored = cache.get_many([top.block_key for top in tops])
        missing = [top for top in tops if top.block_key not in stored]
        if not missing:
            continue
        missing_ids = [n.paragraph.pk for top in missing for n in walk([top])]
        amendments = with_revisions(
            visible.filter(paragraph_id__in=missing_ids).select_related("participant").defer("patch")
        )
        attach_amendments(sections, attach_positions(amendments, positions), redlines=redlines)
        for top in missing:
            paragraph_block(top, lines)  # renders and stores it
        rendered += len(missing)
    return rendered


def _render_touched(touched: list[tuple[int | None, int | None]]) -> None:
    paragraphs_changed({p for p, _ in touched if p is not None}, {a for _, a in touched if a is not None})


# Paragraphs and amendments touched by the transaction under way: rendered once, when it commits.
_touched: AtCommit[tuple[int | None, int | None]] = AtCommit("blocks", _render_touched)


def _record(paragraph_id: int | None = None, amendment_id: int | None = None) -> None:
    if settings.WARM_BLOCKS_ON_WRITE:
        _touched.add((paragraph_id, amendment_id))


def paragraphs_changed(paragraph_ids: Iterable[int], amendment_ids: Iterable[int] = ()) -> int:
    """Render the public blocks of the top-level paragraphs these rows belong to (a sub-item or
    footnote is shown in its top paragraph's block); the number rendered."""
    ids = set(paragraph_ids) | set(
        Amendment.objects.filter(pk__in=set(amendment_ids)).values_list("paragraph_id", flat=True)
    )
    rows = Paragraph.objects.filter(pk__in=ids).values_list(
        "pk", "parent_id", "parent__parent_id", "section__report_id"
    )
    tops: dict[int, set[int]] = {}
    for pk, parent, grandparent, report_id in rows:
        tops.setdefault(report_id, set()).add(grandparent or parent or pk)
    rendered = 0
    for report in Report.objects.filter(pk__in=tops):
        rendered += warm_report(report, tops[report.pk], ON_WRITE)
    return rendered


def _on_paragraph(sender: Any, instance: Paragraph, **kwargs: Any) -> None:
    _record(paragraph_id=instance.pk)


def _on_amendment(sender: Any, instance: Amendment, **kwargs: Any) -> None:
    _record(paragraph_id=instance.paragraph_id)


def _on_comment(sender: Any, instance: Comment, **kwargs: Any) -> None:
    _record(paragraph_id=instance.paragraph_id, amendment_id=instance.amendment_id)


def _on_position(sender: Any, instance: Position, **kwargs: Any) -> None:
    _record(amendment_id=instance.amendment_id)


def connect() -> None:
    """Every write of these rows goes through their save or delete (the actions' only writes)."""
    from django.db.models.signals import post_delete, post_save

    for model, receiver in (
        (Paragraph, _on_paragraph),
        (Amendment, _on_amendment),
        (Comment, _on_comment),
        (Position, _on_position),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"warm-{model.__name__}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"warm-{model.__name__}-delete")
