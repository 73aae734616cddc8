"""The form for a new paragraph offers a number without revealing other delegations' drafts, and
says so when submitting gave the paragraph another number."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _new_paragraph_form(after, number, action="submit"):
    return {
        "proposed_text": f"New paragraph {number}.",
        "justification": "",
        "provisional_number": number,
        "expected_paragraph_version": after.version,
        "form_token": str(uuid.uuid4()),
        "action": action,
    }


def test_new_paragraph_form_does_not_reveal_another_delegations_private_draft(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    _client(russia_delegate).post(
        reverse("propose-insertion", args=[two.pk]), _new_paragraph_form(two, "2 bis", "draft")
    )
    assert Amendment.objects.get(participant=russia_delegate.participant).status == "draft"
    page = _client(japan_delegate).get(reverse("propose-insertion", args=[two.pk])).content.decode()
    assert 'value="2 bis"' in page
    assert "2 ter" not in page


def test_submitting_a_draft_whose_number_was_taken_meanwhile_says_the_new_number(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    russia = _client(russia_delegate)
    russia.post(reverse("propose-insertion", args=[two.pk]), _new_paragraph_form(two, "2 bis", "draft"))
    draft = Amendment.objects.get(participant=russia_delegate.participant)
    _client(japan_delegate).post(reverse("propose-insertion", args=[two.pk]), _new_paragraph_form(two, "2 bis"))
    response = russia.post(reverse("amendment-submit", args=[draft.pk]), {"version": draft.version}, follow=True)
    page = response.content.decode()
    assert "Amendment submitted." in page
    assert "had already been submitted: yours is now 2 ter." in page
    assert Amendment.objects.get(pk=draft.pk).provisional_number == "2 ter"


def test_proposing_under_a_submitted_number_says_the_new_number(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    actions.amendments.propose(
        user=japan_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="Japan's new paragraph.", submit=True,
    )  # fmt: skip
    response = _client(russia_delegate).post(
        reverse("propose-insertion", args=[two.pk]), _new_paragraph_form(two, "2 bis"), follow=True
    )
    assert "yours is now 2 ter." in response.content.decode()
    assert Amendment.objects.get(participant=russia_delegate.participant).provisional_number == "2 ter"
