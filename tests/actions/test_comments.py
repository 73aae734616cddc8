"""Comments on paragraphs and amendments, with replies; authors edit or delete their own (history kept)."""

import pytest
from django.test import Client
from django.urls import reverse

from amendments.models import Comment
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def russia(client, russia_delegate):
    client.login(username=russia_delegate.username, password=PASSWORD)
    return client


def test_member_comments_on_a_paragraph_and_another_replies(russia, russia_delegate, japan_delegate, wgec):
    rec_2 = paragraph("recommendations", "2")
    russia.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": "Too long a list."})
    first = Comment.objects.get(paragraph=rec_2)
    assert (first.participant.name, first.author) == ("Russian Federation", russia_delegate)

    japan = Client()
    japan.login(username=japan_delegate.username, password=PASSWORD)
    japan.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": "We agree.", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert (reply.participant.name, reply.paragraph) == ("Japan", rec_2)
    html = japan.get(rec_2.get_absolute_url()).content.decode()
    assert html.index("Too long a list.") < html.index('aria-label="Replies"') < html.index("We agree.")


def test_reply_to_a_reply_joins_the_thread(russia, wgec):
    rec_2 = paragraph("recommendations", "2")
    url = reverse("comment-paragraph", args=[rec_2.pk])
    russia.post(url, {"text": "First."})
    first = Comment.objects.get(text="First.")
    russia.post(url, {"text": "Second.", "parent": first.pk})
    russia.post(url, {"text": "Third.", "parent": Comment.objects.get(text="Second.").pk})
    assert Comment.objects.get(text="Third.").parent == first


def test_comment_on_an_amendment(russia, japan_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(japan_delegate, rec_6, rec_6.text + " Japanese.")
    russia.post(reverse("comment-amendment", args=[amendment.pk]), {"text": "Why?"})
    assert Comment.objects.get(amendment=amendment).text == "Why?"
    assert "Why?" in russia.get(amendment.get_absolute_url()).content.decode()


def test_author_edits_and_deletes_a_comment_and_the_history_keeps_the_words(russia, wgec):
    rec_2 = paragraph("recommendations", "2")
    russia.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": "Frist."})
    comment = Comment.objects.get(author__username="delegate-ru")
    russia.post(reverse("comment-edit", args=[comment.pk]), {"text": "First."})
    russia.post(reverse("comment-delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert (comment.text, comment.deleted) == ("First.", True)
    assert [h.text for h in comment.history.order_by("history_id")] == ["Frist.", "First.", "First."]
    html = russia.get(rec_2.get_absolute_url()).content.decode()
    assert "This comment was deleted by its author." in html and ">First.<" not in html


def test_member_cannot_edit_or_delete_another_delegations_comment(russia, japan_delegate, wgec):
    rec_2 = paragraph("recommendations", "2")
    japan = Client()
    japan.login(username=japan_delegate.username, password=PASSWORD)
    japan.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": "Japanese view."})
    comment = Comment.objects.get(author=japan_delegate)
    assert russia.get(reverse("comment-edit", args=[comment.pk])).status_code == 403
    assert russia.post(reverse("comment-edit", args=[comment.pk]), {"text": "Hijacked."}).status_code == 403
    russia.post(reverse("comment-delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert (comment.text, comment.deleted, comment.history.count()) == ("Japanese view.", False, 1)


@pytest.mark.parametrize(("text", "message"), [("", "The comment is empty."), ("a\x07b", "cannot be saved (U+0007)")])
def test_bad_comment_gets_a_message_and_keeps_the_text(russia, wgec, text, message):
    rec_2 = paragraph("recommendations", "2")
    response = russia.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": text}, follow=True)
    html = response.content.decode()
    assert message in html
    assert not Comment.objects.filter(author__username="delegate-ru").exists()


def test_comment_text_is_shown_as_text(russia, wgec):
    rec_2 = paragraph("recommendations", "2")
    russia.post(reverse("comment-paragraph", args=[rec_2.pk]), {"text": "<img src=x onerror=alert(1)>"})
    html = russia.get(rec_2.get_absolute_url()).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
