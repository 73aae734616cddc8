"""Work that a transaction's writes ask for, done once when the transaction commits.

The signals of the models (amendments/warming.py, amendments/live/events.py) record what each
write touched on the transaction's connection; the whole batch is handed over once, after the
commit, so a transaction of a hundred writes renders or announces once, and a rolled-back one
(whose callbacks Django drops with its rows) does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import transaction

T = TypeVar("T")


class AtCommit(Generic[T]):
    def __init__(self, name: str, run: Callable[[list[T]], object]) -> None:
        self._attribute = f"_wgec_at_commit_{name}"
        self._run = run

    def add(self, item: T) -> None:
        """Record `item` for the transaction under way (outside one, it is handed over at once)."""
        connection = transaction.get_connection()
        pending: list[T] | None = getattr(connection, self._attribute, None)
        # A new batch after each commit, and after a rollback (which drops the callback with the rows).
        fresh = pending is None or not any(entry[1] == self._flush for entry in connection.run_on_commit)
        if pending is None or fresh:
            pending = []
            setattr(connection, self._attribute, pending)
        pending.append(item)
        if fresh:
            # robust: what runs after the commit never fails the write that is already saved.
            transaction.on_commit(self._flush, robust=True)

    def _flush(self) -> None:
        connection = transaction.get_connection()
        pending = getattr(connection, self._attribute, None)
        setattr(connection, self._attribute, None)
        if pending:
            self._run(pending)
