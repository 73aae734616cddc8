"""Deleting a paragraph, deleting a comment and submitting an amendment each ask first: the button
leads to a confirmation page (no JavaScript needed), and only its form changes anything."""

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Paragraph
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_paragraph_page_leads_to_a_confirmation_before_deleting(secretariat_officer):
    officer = _client(secretariat_officer)
    rec_6 = paragraph("recommendations", "6")
    url = reverse("paragraph-delete", args=[rec_6.pk])
    page = officer.get(rec_6.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and f'action="{url}"' not in page  # a link, not a one-click form

    response = officer.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete Recommendation 6?" in html and f'name="version" value="{rec_6.version}"' in html
    assert Paragraph.objects.get(pk=rec_6.pk).status == Paragraph.Status.OPEN  # asking changes nothing

    officer.post(url, {"version": rec_6.version, "note": "Merged into 5"})
    deleted = Paragraph.objects.get(pk=rec_6.pk)
    assert deleted.status == Paragraph.Status.DELETED
    assert deleted.history.latest().history_change_reason == "Merged into 5"


def test_a_member_cannot_open_the_paragraph_deletion(russia_delegate):
    rec_6 = paragraph("recommendations", "6")
    assert _client(russia_delegate).get(reverse("paragraph-delete", args=[rec_6.pk])).status_code == 403
    assert Paragraph.objects.get(pk=rec_6.pk).status == Paragraph.Status.OPEN


def test_deleting_a_comment_asks_first(russia_delegate):
    russia = _client(russia_delegate)
    rec_6 = paragraph("recommendations", "6")
    comment = actions.comments.comment(user=russia_delegate, text="Please shorten.", paragraph=rec_6)
    url = reverse("comment-delete", args=[comment.pk])
    page = russia.get(rec_6.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and f'action="{url}"' not in page

    response = russia.get(url)
    assert response.status_code == 200 and "Delete this comment?" in response.content.decode()
    assert "Please shorten." in response.content.decode()
    assert not Comment.objects.get(pk=comment.pk).deleted

    assert russia.post(url).status_code == 302
    assert Comment.objects.get(pk=comment.pk).deleted


def test_only_its_author_is_asked_to_delete_a_comment(russia_delegate, japan_delegate):
    comment = actions.comments.comment(
        user=russia_delegate, text="Please shorten.", paragraph=paragraph("recommendations", "6")
    )
    assert _client(japan_delegate).get(reverse("comment-delete", args=[comment.pk])).status_code == 403
    assert not Comment.objects.get(pk=comment.pk).deleted


def test_submitting_a_draft_asks_first_and_shows_its_redline(russia_delegate):
    russia = _client(russia_delegate)
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " Promptly.", submit=False)
    url = reverse("amendment-submit", args=[draft.pk])
    page = russia.get(draft.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and f'action="{url}"' not in page

    response = russia.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Submit this amendment?" in html
    assert "Promptly.</ins>" in html and f'name="version" value="{draft.version}"' in html
    assert Amendment.objects.get(pk=draft.pk).status == Amendment.Status.DRAFT

    russia.post(url, {"version": draft.version})
    assert Amendment.objects.get(pk=draft.pk).status == Amendment.Status.SUBMITTED


def test_the_submission_page_of_a_submitted_amendment_sends_back_with_a_message(russia_delegate):
    russia = _client(russia_delegate)
    rec_6 = paragraph("recommendations", "6")
    submitted = propose_change(russia_delegate, rec_6, rec_6.text + " Promptly.")
    response = russia.get(reverse("amendment-submit", args=[submitted.pk]), follow=True)
    assert "Only a draft can be submitted." in response.content.decode()
    assert Amendment.objects.get(pk=submitted.pk).version == submitted.version


def test_another_delegation_cannot_open_the_submission_of_a_draft(russia_delegate, japan_delegate):
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " Promptly.", submit=False)
    assert _client(japan_delegate).get(reverse("amendment-submit", args=[draft.pk])).status_code == 404
    assert Amendment.objects.get(pk=draft.pk).status == Amendment.Status.DRAFT
