"""A form sent twice creates one row: the form carries a token, and the row it created keeps it.

A browser resends a form when the member reloads the answer or clicks twice on a slow connection;
the second copy must find what the first one made. The token column is unique, so two copies that
arrive at the same instant cannot both insert: the loser's insert fails and it returns the winner's
row instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, models, transaction

__all__ = ["create_once", "made_by_form"]

T = TypeVar("T", bound=models.Model)


def made_by_form(model: type[T], form_token: UUID | None) -> T | None:
    """The `model` row the form with this token created, if it did."""
    return model._default_manager.filter(form_token=form_token).first() if form_token is not None else None


def create_once(model: type[T], form_token: UUID | None, create: Callable[[], T]) -> T:
    """`create()`, unless the form with this token already created a `model` row: then that row.

    `create` must give the new row `form_token`. Without a token every call creates.
    """
    if (existing := made_by_form(model, form_token)) is not None:
        return existing
    try:
        # A savepoint of its own: a failed insert leaves the caller's transaction usable.
        with transaction.atomic():
            return create()
    except IntegrityError:
        # Two copies of one form raced: the other one created it.
        if (existing := made_by_form(model, form_token)) is None:
            raise
        return existing
