"""What the writes refuse. Each message is written for the person who asked; views show it as it is.

The modules that raise them re-export them (`actions.draft.StaleVersion`, `actions.amendments.
AmendmentError`, …), so callers can name either place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amendments.actions.revisions import Collision
    from amendments.models import Amendment, Paragraph

__all__ = [
    "AmendmentError",
    "DecisionError",
    "DraftingError",
    "ImportRefused",
    "RevisionChanged",
    "RevisionConflict",
    "RevisionError",
    "StaleAmendment",
    "StaleVersion",
]


class StaleVersion(Exception):
    """The paragraph changed since the caller read it; the caller must show the conflict, not overwrite."""

    def __init__(self, current: Paragraph) -> None:
        super().__init__(f"{current.label} was changed by someone else (now version {current.version}).")
        self.current = current


class StaleAmendment(Exception):
    """The amendment changed since the caller read it (`current` is the row as it is now)."""

    def __init__(self, current: Amendment) -> None:
        super().__init__(f"The amendment was changed by someone else (now version {current.version}).")
        self.current = current


class DraftingError(ValueError):
    """The change makes no sense for this text; the message says why."""


class AmendmentError(ValueError):
    """The request makes no sense for this amendment; the message says why."""


class DecisionError(ValueError):
    """The decision cannot be taken; the message says why."""


class RevisionError(ValueError):
    """The revision cannot be issued as asked; the message says why."""


class RevisionChanged(RevisionError):
    """The draft or its amendments changed since the officer's preview: preview the revision again."""

    def __init__(self) -> None:
        super().__init__(
            "The draft or its amendments changed since the preview: nothing was issued. "
            "Look at the new preview, then issue again."
        )


class RevisionConflict(Exception):
    """Accepted amendments collide: `collisions` lists them, paragraph by paragraph, for the officer."""

    def __init__(self, collisions: Sequence[Collision]) -> None:
        super().__init__(f"{len(collisions)} paragraph(s) have accepted amendments that collide.")
        self.collisions = list(collisions)


class ImportRefused(ValueError):
    """The import cannot go on; the message says why."""
