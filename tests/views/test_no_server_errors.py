"""Junk in any field of any form gets a clear answer (4xx or a message), never a server error."""

import pytest
from django.urls import reverse

from amendments import actions
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = pytest.mark.django_db

JUNK = [
    {},
    {"proposed_text": "x", "expected_paragraph_version": "abc", "expected_version": "-3", "action": "submit"},
    {"proposed_text": "\x00", "justification": "\x00", "form_token": "not-a-uuid", "provisional_number": "\x00"},
    {"text": "", "parent": "abc", "version": "9999999999999999999999", "stance": "\x00", "deadline": "yesterday"},
    {"amendment": "abc", "kind": "nonsense", "from": "x", "to": "y", "text": "x" * 100_000},
]


@pytest.fixture
def urls(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text + " More.")
    comment = actions.amendments.comment(user=russia_delegate, text="Comment.", paragraph=rec_6)
    return [
        reverse("propose-change", args=[rec_6.pk]),
        reverse("propose-deletion", args=[rec_6.pk]),
        reverse("propose-insertion", args=[rec_6.pk]),
        reverse("preview", args=[rec_6.pk]),
        reverse("comment-paragraph", args=[rec_6.pk]),
        reverse("amendment", args=[amendment.pk]),
        reverse("amendment-revise", args=[amendment.pk]),
        reverse("amendment-submit", args=[amendment.pk]),
        reverse("amendment-withdraw", args=[amendment.pk]),
        reverse("amendment-position", args=[amendment.pk]),
        reverse("comment-amendment", args=[amendment.pk]),
        reverse("comment-edit", args=[comment.pk]),
        reverse("comment-delete", args=[comment.pk]),
        reverse("deadline", args=[wgec.pk]),
        reverse("paragraph", args=[rec_6.pk]),
        reverse("report", args=[wgec.pk]),
    ]


@pytest.mark.parametrize("who", ["russia", "japan", "officer"])
def test_junk_never_causes_a_server_error(client, urls, who, japan_delegate, secretariat_officer):
    username = {"russia": "delegate-ru", "japan": japan_delegate.username, "officer": secretariat_officer.username}[who]
    client.login(username=username, password=PASSWORD)
    for url in urls:
        for data in JUNK:
            for method in ("get", "post"):
                response = getattr(client, method)(url, data)
                assert response.status_code < 500, (who, method, url, data, response.status_code)
