"""The alternatives recorded for a paragraph's passages, and who proposed each (amendments.core.brackets)."""

from __future__ import annotations

import uuid

from amendments.core import brackets
from amendments.models import Alternative, Paragraph

__all__ = ["attributions", "recorded"]


def recorded(paragraph: Paragraph) -> list[list[Alternative]]:
    """The paragraph's alternatives, one list per passage, in their order, proposers prefetched."""
    groups: dict[uuid.UUID, list[Alternative]] = {}
    for row in paragraph.alternatives.prefetch_related("proposers").order_by("group", "position"):
        groups.setdefault(row.group, []).append(row)
    return list(groups.values())


def attributions(paragraph: Paragraph) -> list[brackets.Attribution]:
    """Who proposed each recorded alternative of the paragraph, as its page names them."""
    return [
        brackets.Attribution(
            texts=tuple(a.text for a in group),
            proposers=tuple(tuple(p.name for p in a.proposers.all()) for a in group),
        )
        for group in recorded(paragraph)
    ]
