"""Comments from a Word file: each keeps the words it was anchored to and its date in the file, on
the paragraph it was written on, and stays a draft that only its delegation sees until the
delegation submits it, as it does its amendments; the secretariat whose import made it sees it
too, until the delegation edits or submits it."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from amendments.actions import comments
from amendments.actions.errors import AmendmentError
from amendments.models import Comment, User
from tests.helpers import import_word_comments, make_user, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(secretariat_officer, japan_delegate):
    first, reply = import_word_comments(secretariat_officer, japan_delegate.participant)
    return Comment.objects.get(pk=first), Comment.objects.get(pk=reply)


def test_an_imported_word_comment_is_a_draft_with_its_anchor_and_file_date(imported, japan_delegate):
    first, reply = imported
    rec_12 = paragraph("recommendations", "12")
    assert (first.paragraph, first.participant, first.text) == (
        rec_12,
        japan_delegate.participant,
        "Too vague: which Goals?",
    )
    assert first.anchor == " ".join(rec_12.text.split(" ")[3:7])
    assert first.written == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert first.draft and reply.draft
    # The reply Word anchored nowhere is in the same thread, on the same paragraph.
    assert (reply.parent, reply.paragraph, reply.written) == (first, rec_12, datetime(2024, 3, 2, 16, tzinfo=UTC))


def test_a_draft_comment_is_seen_by_its_delegation_and_the_secretariat_that_imported_it_only(
    imported, japan_delegate, russia_delegate, secretariat_officer
):
    first, reply = imported
    assert first.held_by_secretariat and reply.held_by_secretariat
    chair = make_user("chair", groups=[User.CHAIR])
    assert set(Comment.objects.visible_to(japan_delegate)) >= {first, reply}
    assert set(Comment.objects.visible_to(secretariat_officer)) >= {first, reply}
    for user in (russia_delegate, chair, None):
        assert first not in Comment.objects.visible_to(user) and reply not in Comment.objects.visible_to(user)
    assert first not in Comment.objects.published()


def test_a_draft_the_delegation_edited_or_wrote_is_no_longer_the_secretariats_to_see(
    imported, japan_delegate, secretariat_officer
):
    first, _ = imported
    comments.edit_comment(first.pk, user=japan_delegate, text="Which Goals?")
    edited = Comment.objects.get(pk=first.pk)
    assert edited.draft and not edited.held_by_secretariat
    assert edited.history.latest().history_change_reason == "Edited; taken over by the delegation from the secretariat"
    own = comments.comment(user=japan_delegate, text="Ours alone.", paragraph=first.paragraph, parent=first)
    assert own.draft and not own.held_by_secretariat
    seen = Comment.objects.visible_to(secretariat_officer)
    assert edited not in seen and own not in seen


def test_the_delegation_submits_its_draft_and_then_everyone_sees_it(imported, japan_delegate, russia_delegate):
    first, reply = imported
    with pytest.raises(AmendmentError, match="Submit the comment it answers first"):
        comments.submit_comment(reply.pk, user=japan_delegate)
    submitted = comments.submit_comment(first.pk, user=japan_delegate)
    assert not Comment.objects.get(pk=first.pk).draft
    assert submitted.history.latest().history_change_reason == (
        "Submitted; taken over by the delegation from the secretariat"
    )
    assert not Comment.objects.get(pk=first.pk).held_by_secretariat
    assert first in Comment.objects.visible_to(russia_delegate)
    assert reply not in Comment.objects.visible_to(russia_delegate)  # each draft is submitted on its own
    with pytest.raises(AmendmentError, match="already submitted"):
        comments.submit_comment(first.pk, user=japan_delegate)


def test_another_delegation_or_the_secretariat_cannot_submit_a_draft_comment(
    imported, russia_delegate, secretariat_officer
):
    first, _ = imported
    for user in (russia_delegate, secretariat_officer):
        with pytest.raises(PermissionDenied):
            comments.submit_comment(first.pk, user=user)
    assert Comment.objects.get(pk=first.pk).draft
    assert Comment.objects.get(pk=first.pk).history.count() == 1


def test_a_draft_comment_is_its_delegations_to_edit_and_delete(imported, japan_delegate, secretariat_officer):
    first, reply = imported
    # The officer who imported it sees it but does not speak for the delegation.
    with pytest.raises(PermissionDenied):
        comments.edit_comment(first.pk, user=secretariat_officer, text="Rewritten.")
    comments.edit_comment(first.pk, user=japan_delegate, text="Which Goals?")
    comments.delete_comment(reply.pk, user=japan_delegate)
    assert Comment.objects.get(pk=first.pk).text == "Which Goals?" and Comment.objects.get(pk=reply.pk).deleted


def test_a_reply_to_a_draft_is_a_draft_and_a_typed_comment_is_not(imported, japan_delegate):
    first, _ = imported
    reply = comments.comment(user=japan_delegate, text="Also the targets.", paragraph=first.paragraph, parent=first)
    typed = comments.comment(user=japan_delegate, text="Typed.", paragraph=first.paragraph)
    assert reply.draft and not typed.draft and (typed.anchor, typed.written) == ("", None)
