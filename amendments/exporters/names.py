"""The file name of every export, from the identity the document prints: its symbol (or the app's
prefix when it has none), its label and its date, then what the file holds.

    E-CN.16-2018-CRP.3-Rev.1-2018-01-15.docx           a revision with a symbol
    wgec-draft-Original-2017-11-11.docx                the original of a report without one
    wgec-draft-current-2026-12-03-redline-pending-internal.docx
"""

from __future__ import annotations

import re

from amendments.core.document import Document
from amendments.exporters.draft_text import printed_symbol

__all__ = ["file_stem"]

PREFIX = "wgec-draft"  # for a report without a symbol
CURRENT = "current"  # the label of the current draft, which is no revision

# Characters no file system or browser download mangles; the rest become hyphens.
_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-.")


def file_stem(document: Document, *parts: str, label: str = "") -> str:
    """The file name without its extension: symbol, label, date, then `parts` ("redline", "pending",
    "internal"). `label` names a text that is no issued revision ("Original"); the current draft
    is "current"."""
    symbol = printed_symbol(document)
    name = document.revision.name if document.revision else (label or CURRENT)
    pieces = [_safe(symbol) or PREFIX]
    if not (symbol and document.revision and symbol.endswith("/" + name)):  # the symbol names it already
        pieces.append(_safe(name))
    pieces += [_safe(document.identity.date), *(_safe(p) for p in parts)]
    return "-".join(piece for piece in pieces if piece)
