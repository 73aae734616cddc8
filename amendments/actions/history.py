"""Saving a history-tracked row with the user who acted and the reason, as django-simple-history reads them.

simple_history takes the user and the reason of a history record from two attributes of the
instance being saved (`_history_user`, `_change_reason`); the actions set them through these helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["delete_with_history", "save_with_history"]

M = TypeVar("M", bound=Model)


def _attribute(obj: Model, *, user: User | None, reason: str | None) -> None:
    tracked: Any = obj  # the two attributes are simple_history's, not fields of the model
    tracked._history_user = user
    tracked._change_reason = reason


def save_with_history(
    obj: M, *, user: User | None, reason: str | None, clean: bool = False, update_fields: Sequence[str] | None = None
) -> M:
    """Save `obj` (only `update_fields`, when given), its history record naming `user` and `reason`;
    with `clean`, validate it first (a ValidationError leaves the row unsaved)."""
    _attribute(obj, user=user, reason=reason)
    if clean:
        obj.full_clean()
    obj.save(update_fields=update_fields)
    return obj


def delete_with_history(obj: Model, *, user: User | None, reason: str | None) -> None:
    """Delete `obj`; its last history record (type "-") names `user` and `reason`."""
    _attribute(obj, user=user, reason=reason)
    obj.delete()
