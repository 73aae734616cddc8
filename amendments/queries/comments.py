"""Comments as threads: each first comment with its replies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from amendments.core.anchors import locate
from amendments.models import Comment, Report, User


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]


def comment_threads(comments: Iterable[Comment]) -> list[Thread]:
    """Comments in threads: each first comment with its replies, both in the order written."""
    threads: list[Thread] = []
    by_id: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
        else:
            by_id[comment.pk] = Thread(comment, [])
            threads.append(by_id[comment.pk])
    return threads


def find_anchors(comments: Iterable[Comment], text: str) -> list[Comment]:
    """The comments, each told whether the words it is on are in the text (`anchor_found`): the
    quote above a comment links to their highlight only when they are; the paragraph may have been
    edited since, or the Word file's words may differ."""
    rows = list(comments)
    for comment in rows:
        comment.anchor_found = bool(comment.anchor) and not comment.deleted and locate(text, comment.anchor) is not None
    return rows


def comment_counts(user: User, report: Report) -> dict[int, int]:
    """For each paragraph of the report, how many comments the user may read on it and on its
    amendments, deleted ones left out: one query for the whole report."""
    rows = (
        Comment.objects.visible_with_their_amendments(user)
        .filter(deleted=False)
        .filter(Q(paragraph__section__report=report) | Q(amendment__paragraph__section__report=report))
        .annotate(on=Coalesce("paragraph_id", "amendment__paragraph_id"))
        .values("on")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["on"]: row["n"] for row in rows}
