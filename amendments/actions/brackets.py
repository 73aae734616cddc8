"""The secretariat's brackets in a paragraph's text: bracket a passage, record alternatives for one,
remove brackets, keep one alternative.

Each write is a new version of the paragraph, against the version the officer saw, with a reason in
its history; no status writes or removes brackets (amendments.core.brackets holds the rules of
where they go). The alternatives' proposers are `Alternative` rows, guarded by the lock on their
paragraph (the lock order of amendments.actions: the paragraph, nothing else).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from amendments.actions.draft import _locked, _save
from amendments.actions.errors import DraftingError, StaleVersion
from amendments.actions.history import delete_with_history, save_with_history
from amendments.core import brackets
from amendments.core.texts import MAX_TEXT_LENGTH, clean_note, clean_text
from amendments.models import Alternative, Paragraph, Participant
from amendments.queries.alternatives import recorded

if TYPE_CHECKING:
    from amendments.models import User

__all__ = [
    "DraftingError",
    "StaleVersion",
    "bracket_passage",
    "keep_alternative",
    "record_alternatives",
    "remove_all_brackets",
    "remove_brackets",
]


def _where(paragraph: Paragraph, passage: str, start: int | None, end: int | None) -> tuple[int, int]:
    """The passage's place: the selection's offsets in this version when given (then the typed or
    selected words must be those there), else the one place the typed words stand."""
    text = paragraph.text
    if start is None or end is None:
        return brackets.locate(text, passage)
    if not 0 <= start < end <= len(text):
        raise brackets.BracketError("That selection is not in the text: select the passage again.")
    if passage.strip() and text[start:end].strip() != passage.strip():
        raise brackets.BracketError("The selection is not the passage given: select it again.")
    return start, end


def bracket_passage(
    paragraph_id: int,
    *,
    passage: str = "",
    expected_version: int | None,
    user: User | None,
    reason: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Paragraph:
    """Put a passage without consensus in [square brackets], the UN convention, in the text itself.

    The passage is the selection `text[start:end]` of the version the officer saw, or typed words
    that occur exactly once."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        try:
            at, to = _where(paragraph, passage, start, end)
            paragraph.text = brackets.bracket(paragraph.text, at, to)
        except brackets.BracketError as error:
            raise DraftingError(str(error)) from None
        return _save(paragraph, user=user, reason=reason or "Passage bracketed")


def _names(participants: Sequence[Participant]) -> str:
    return ", ".join(p.name for p in participants) or "no delegation named"


def record_alternatives(
    paragraph_id: int,
    *,
    alternatives: Sequence[tuple[str, Sequence[Participant]]],
    expected_version: int | None,
    user: User | None,
    passage: str = "",
    start: int | None = None,
    end: int | None = None,
    reason: str = "",
) -> Paragraph:
    """Replace a passage by bracketed alternatives ("[shall][should]"), each with its proposers.

    A new version of the paragraph whose reason names the proposers, and one `Alternative` row per
    alternative."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        texts = [clean_text(text, limit=MAX_TEXT_LENGTH, what="An alternative") for text, _ in alternatives]
        try:
            at, to = _where(paragraph, passage, start, end)
            paragraph.text, _ = brackets.write_alternatives(paragraph.text, at, to, texts)
        except brackets.BracketError as error:
            raise DraftingError(str(error)) from None
        named = "; ".join(f"“{text}” ({_names(list(by))})" for text, (_, by) in zip(texts, alternatives, strict=True))
        paragraph = _save(paragraph, user=user, reason=reason or f"Alternatives recorded: {named}")
        group = uuid.uuid4()
        for position, (text, (_, proposers)) in enumerate(zip(texts, alternatives, strict=True), 1):
            row = save_with_history(
                Alternative(paragraph=paragraph, group=group, position=position, text=text),
                user=user,
                reason=f"Proposed by {_names(list(proposers))}",
            )
            row.proposers.set(proposers)  # the M2M history records its own row
        return paragraph


def _attributed(paragraph: Paragraph, group: brackets.Group) -> list[Alternative]:
    """The rows that name the proposers of these alternatives, if any were recorded."""
    return next((rows for rows in recorded(paragraph) if tuple(a.text for a in rows) == group.texts), [])


def remove_brackets(
    paragraph_id: int, *, start: int, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Take away the brackets of the one bracketed passage that starts at `start` in this version."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        try:
            paragraph.text, inner = brackets.remove_brackets(paragraph.text, start)
        except brackets.BracketError as error:
            raise DraftingError(str(error)) from None
        return _save(paragraph, user=user, reason=reason or f"Brackets removed from “{inner}”")


def remove_all_brackets(
    paragraph_id: int, *, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Take away every bracket of the text (refused while it holds alternatives: one must be kept)."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        try:
            paragraph.text = brackets.remove_all(paragraph.text)
        except brackets.BracketError as error:
            raise DraftingError(str(error)) from None
        return _save(paragraph, user=user, reason=reason or "All brackets removed")


def keep_alternative(
    paragraph_id: int, *, start: int, index: int, expected_version: int | None, user: User | None, reason: str = ""
) -> Paragraph:
    """Keep one of the alternatives that start at `start` (`index` from 0): its text replaces them,
    without brackets, and the rows naming their proposers are deleted with that reason."""
    reason = clean_note(reason)
    with transaction.atomic():
        paragraph = _locked(paragraph_id, expected_version)
        try:
            paragraph.text, group = brackets.keep_alternative(paragraph.text, start, index)
        except brackets.BracketError as error:
            raise DraftingError(str(error)) from None
        rows = _attributed(paragraph, group)
        kept = group.passages[index].text
        by = f" (proposed by {_names(list(rows[index].proposers.all()))})" if rows else ""
        reason = reason or f"Alternative kept: “{kept}”{by}; the others and their brackets removed"
        paragraph = _save(paragraph, user=user, reason=reason)
        for row in rows:
            delete_with_history(row, user=user, reason=reason)
        return paragraph
