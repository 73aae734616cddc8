"""Comments as threads: each first comment with its replies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from amendments.models import Comment


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
