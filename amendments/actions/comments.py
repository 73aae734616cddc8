"""Comments on paragraphs and amendments, with replies. A comment is appended; only its author
edits or deletes it, and the history keeps every wording."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from amendments.actions.errors import AmendmentError
from amendments.actions.form_tokens import create_once
from amendments.actions.history import save_with_history
from amendments.core.texts import MAX_NOTE_LENGTH, clean_text
from amendments.models import Comment

if TYPE_CHECKING:
    from amendments.models import Amendment, Paragraph, Participant, User

__all__ = ["comment", "delete_comment", "edit_comment"]


def comment(
    *,
    user: User | None,
    text: str,
    paragraph: Paragraph | None = None,
    amendment: Amendment | None = None,
    participant: Participant | None = None,
    parent: Comment | None = None,
    form_token: UUID | None = None,
) -> Comment:
    """A comment on a paragraph or an amendment, spoken for the user's delegation unless given.

    A form sent twice (same `form_token`) gives back the comment the first one created.
    """
    if (paragraph is None) == (amendment is None):
        raise AmendmentError("A comment is on a paragraph or on an amendment.")
    if parent is not None and (parent.paragraph_id, parent.amendment_id) != (
        getattr(paragraph, "pk", None),
        getattr(amendment, "pk", None),
    ):
        raise AmendmentError("A reply belongs under a comment on the same text.")
    row = Comment(
        paragraph=paragraph,
        amendment=amendment,
        parent=parent,
        author=user,
        participant=participant if participant is not None else getattr(user, "participant", None),
        text=clean_text(text, limit=MAX_NOTE_LENGTH, what="The comment"),
        form_token=form_token,
    )
    return create_once(Comment, form_token, lambda: save_with_history(row, user=user, reason="Commented"))


def _own_comment(comment_id: int, user: User) -> Comment:
    row = Comment.objects.select_for_update(of=("self",), no_key=True).get(pk=comment_id)
    if row.author_id is None or row.author_id != user.pk:
        raise PermissionDenied("Only its author can change a comment.")
    if row.deleted:
        raise AmendmentError("This comment was deleted.")
    return row


def edit_comment(comment_id: int, *, user: User, text: str) -> Comment:
    """New words for the user's own comment, marked as edited."""
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.text = clean_text(text, limit=MAX_NOTE_LENGTH, what="The comment")
        row.edited = timezone.now()
        return save_with_history(row, user=user, reason="Edited")


def delete_comment(comment_id: int, *, user: User) -> Comment:
    """The comment is shown as deleted; its words stay in the history."""
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.deleted = True
        return save_with_history(row, user=user, reason="Deleted")
