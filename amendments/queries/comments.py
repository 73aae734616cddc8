"""Comments as threads: each first comment with its replies."""

from dataclasses import dataclass


@dataclass
class Thread:
    comment: object
    replies: list


def comment_threads(comments):
    """Comments in threads: each first comment with its replies, both in the order written."""
    threads, by_id = [], {}
    for comment in comments:
        if comment.parent_id and comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
        else:
            by_id[comment.pk] = Thread(comment, [])
            threads.append(by_id[comment.pk])
    return threads
