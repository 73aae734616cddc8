"""Which edition of a document that goes out: the circulated one, or the secretariat's internal one.

A circulated document (compilation, Word redline, clean draft) holds only what every member may see,
whoever downloads it: submitted amendments and published comments, never a delegation's draft, not
even for that delegation. The secretariat may ask for the internal edition, which adds the drafts it
holds for delegations (`held_by_secretariat`: made by its imports, not yet taken over) and says so
on its first page and in its file name.
"""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from amendments.models import Amendment, Comment

__all__ = ["INTERNAL_MARK", "Edition", "amendments", "comments", "file_suffix", "mark"]

INTERNAL_MARK = "Internal: includes unsubmitted drafts"


class Edition(models.TextChoices):
    CIRCULATED = "circulated", "Circulated"
    INTERNAL = "internal", INTERNAL_MARK


def amendments(edition: Edition) -> QuerySet[Amendment]:
    """The amendments the edition holds (before any filter by report, delegation or status)."""
    return Amendment.objects.internal() if edition == Edition.INTERNAL else Amendment.objects.circulated()


def comments(edition: Edition) -> QuerySet[Comment]:
    """The comments the edition holds (deleted ones included: the exports leave them out)."""
    return Comment.objects.internal() if edition == Edition.INTERNAL else Comment.objects.published()


def mark(edition: Edition) -> str:
    """What the first page says of the edition: nothing for the circulated one."""
    return INTERNAL_MARK if edition == Edition.INTERNAL else ""


def file_suffix(edition: Edition) -> str:
    """What the file name carries before its extension: "-internal", or nothing."""
    return "-internal" if edition == Edition.INTERNAL else ""
