"""Comments on paragraphs and amendments, with replies. A comment is appended; only its author
edits or deletes it, and the history keeps every wording.

A draft comment (imported from a delegation's Word file) is seen only by its delegation, whose
members edit, delete or submit it; once submitted it is a comment like any other. A draft the
secretariat's import made for a delegation is held by the secretariat too (it sees it) until the
delegation edits or submits it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from amendments.actions.errors import AmendmentError
from amendments.actions.form_tokens import create_once
from amendments.actions.history import save_with_history
from amendments.actions.notices import commented
from amendments.core import anchors
from amendments.core.texts import MAX_NOTE_LENGTH, clean_text
from amendments.models import Comment

if TYPE_CHECKING:
    from amendments.models import Amendment, Paragraph, Participant, User

__all__ = ["comment", "delete_comment", "edit_comment", "submit_comment"]

# An imported anchor is the file's words, shown as a reminder: a longer one is cut, never refused
# (the comment form refuses one, with its words shown).
ANCHOR_LENGTH = anchors.MAX_ANCHOR_LENGTH


def comment(
    *,
    user: User | None,
    text: str,
    paragraph: Paragraph | None = None,
    amendment: Amendment | None = None,
    participant: Participant | None = None,
    parent: Comment | None = None,
    form_token: UUID | None = None,
    anchor: str = "",
    written: datetime | None = None,
    draft: bool = False,
) -> Comment:
    """A comment on a paragraph or an amendment, spoken for the user's delegation unless given.

    `anchor` and `written`: the words it was anchored to and its date, in the file it came from;
    `draft`: seen only by its delegation until submitted (a reply to a draft is a draft too: it
    would answer a comment the others cannot read).
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
        anchor=anchors.normalise(anchor)[:ANCHOR_LENGTH],
        written=written,
        draft=draft or (parent is not None and parent.draft),
    )
    if row.draft and row.participant_id is None:
        raise AmendmentError("A draft comment speaks for a delegation.")
    row.held_by_secretariat = row.draft and user is not None and user.is_secretariat
    return create_once(Comment, form_token, lambda: _published(save_with_history(row, user=user, reason="Commented")))


def _published(row: Comment) -> Comment:
    """The comment, once its delegations have been told about it (not while it is a draft)."""
    commented(row)
    return row


def _locked(comment_id: int) -> Comment:
    return Comment.objects.select_for_update(of=("self",), no_key=True).get(pk=comment_id)


def _of_delegation(row: Comment, user: User) -> bool:
    return row.participant_id is not None and row.participant_id == user.participant_id


def _own_comment(comment_id: int, user: User) -> Comment:
    row = _locked(comment_id)
    # A draft is its delegation's, whoever imported it; a submitted comment is its author's.
    if not (_of_delegation(row, user) if row.draft else row.author_id is not None and row.author_id == user.pk):
        raise PermissionDenied("Only its author can change a comment.")
    if row.deleted:
        raise AmendmentError("This comment was deleted.")
    return row


def _release(row: Comment, reason: str) -> str:
    """The delegation acting on a draft the secretariat held makes it the delegation's alone."""
    if not row.held_by_secretariat:
        return reason
    row.held_by_secretariat = False
    return f"{reason}; taken over by the delegation from the secretariat"


def edit_comment(comment_id: int, *, user: User, text: str) -> Comment:
    """New words for the user's own comment, marked as edited."""
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.text = clean_text(text, limit=MAX_NOTE_LENGTH, what="The comment")
        row.edited = timezone.now()
        return save_with_history(row, user=user, reason=_release(row, "Edited"))


def delete_comment(comment_id: int, *, user: User) -> Comment:
    """The comment is shown as deleted; its words stay in the history."""
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.deleted = True
        return save_with_history(row, user=user, reason="Deleted")


def submit_comment(comment_id: int, *, user: User) -> Comment:
    """The delegation's draft comment, now seen by everyone."""
    with transaction.atomic():
        row = _locked(comment_id)
        if not _of_delegation(row, user):
            raise PermissionDenied("Only its delegation can submit a draft comment.")
        if row.deleted:
            raise AmendmentError("This comment was deleted.")
        if not row.draft:
            raise AmendmentError("This comment is already submitted.")
        if row.parent_id is not None and Comment.objects.get(pk=row.parent_id).draft:
            raise AmendmentError("Submit the comment it answers first.")
        row.draft = False
        return _published(save_with_history(row, user=user, reason=_release(row, "Submitted")))
