"""Junk in any field of any form gets a clear answer (4xx or a message), never a server error."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from amendments import actions
from tests.helpers import paragraph, propose_change

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
    comment = actions.comments.comment(user=russia_delegate, text="Comment.", paragraph=rec_6)
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
        reverse("report-new"),
        reverse("report-new-review", args=["6f1c2d3e-0000-4000-8000-000000000000"]),
    ]


def _says_why(response):
    """A refusal the user can act on: a message on the page, or queued for the page redirected to,
    or (for a method the URL does not take) the methods it does."""
    if response.status_code == 405:
        return bool(response["Allow"])
    if response.status_code == 302:
        return bool(list(get_messages(response.wsgi_request)))
    body = response.content.decode()
    return 'class="error"' in body or 'class="lede"' in body


@pytest.mark.parametrize("who", ["russia", "japan", "officer"])
def test_junk_never_causes_a_server_error(client, urls, who, russia_delegate, japan_delegate, secretariat_officer):
    client.force_login({"russia": russia_delegate, "japan": japan_delegate, "officer": secretariat_officer}[who])
    for url in urls:
        for data in JUNK:
            for method in ("get", "post"):
                response = getattr(client, method)(url, data)
                where = (who, method, url, data, response.status_code)
                assert response.status_code < 500, where
                assert response.status_code == 200 or _says_why(response), where
