"""Row locks taken in the one order every write follows, and the retry of a write PostgreSQL aborted.

The order (see the package's docstring): an import, the report, paragraphs by id, amendments by
id, participants. Two writes that take their locks in one order can wait for each other but never
deadlock. Each lock names its own table (`of=("self",)`), so a join made to read a related row
does not lock that row too, and takes PostgreSQL's FOR NO KEY UPDATE (`no_key=True`): no write
changes a primary key, and a new comment or amendment that refers to a locked row (a foreign-key
check) does not have to wait for it.

PostgreSQL may still abort one of two transactions that wait on each other for rows no lock here
names (deadlock detected, SQLSTATE 40P01; a serialization failure, 40001): `retry_on_conflict`
runs such a write again, from its start, a few times.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, transaction
from django.db.models import QuerySet

from amendments.models import Amendment, Paragraph, Report

__all__ = ["ATTEMPTS", "lock_amendments", "lock_paragraph_ids", "lock_paragraphs", "lock_report", "retry_on_conflict"]

# Attempts in all, and the longest pause before the last one: a user waits well under a second.
ATTEMPTS = 4
_BACKOFF = 0.05  # seconds; doubled at each attempt, then a random part of it is slept
_CONFLICTS = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure

P = ParamSpec("P")
R = TypeVar("R")


def lock_report(report_id: int) -> Report:
    """The report, locked: first of all the rows a write takes."""
    return Report.objects.select_for_update(of=("self",), no_key=True).get(pk=report_id)


def lock_paragraphs(paragraphs: QuerySet[Paragraph]) -> list[Paragraph]:
    """The paragraphs of `paragraphs`, locked in id order (their related rows are read, not locked)."""
    return list(paragraphs.select_for_update(of=("self",), no_key=True).order_by("id"))


def lock_amendments(amendments: QuerySet[Amendment]) -> list[Amendment]:
    """The amendments of `amendments`, locked in id order, after any paragraph the write locks."""
    return list(amendments.select_for_update(of=("self",), no_key=True).order_by("id"))


def lock_paragraph_ids(ids: Iterable[int]) -> None:
    """Lock these paragraphs, in id order, before a write that goes through them in another order."""
    wanted = sorted(set(ids))
    if wanted:
        lock_paragraphs(Paragraph.objects.filter(pk__in=wanted))


def _is_conflict(error: OperationalError) -> bool:
    cause = error.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in _CONFLICTS


def retry_on_conflict(write: Callable[P, R]) -> Callable[P, R]:
    """Run `write` again when PostgreSQL aborted its transaction for a deadlock or a serialization
    failure, up to ATTEMPTS times with a short random pause.

    Only a write that owns its transaction is retried: inside a caller's atomic block the whole
    transaction is lost, so the error goes to the caller, whose own transaction can be retried.
    """

    @functools.wraps(write)
    def retried(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return write(*args, **kwargs)
        attempt = 1
        while True:
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                if attempt >= ATTEMPTS or not _is_conflict(error):
                    raise
            time.sleep(random.uniform(0, _BACKOFF * 2**attempt))  # noqa: S311 -- jitter, not a secret
            attempt += 1

    return retried
