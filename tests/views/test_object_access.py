"""Object-level access: another delegation can never see drafts, nor revise, submit, withdraw or
edit what is not its own. Every URL is requested as the other delegation, and the database must be
unchanged afterwards."""

import pytest
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Paragraph, Position
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


def _snapshot():
    """Every row and history record a request could touch."""
    rows = []
    for model in (Amendment, Comment, Position, Paragraph):
        rows.append(sorted(model.objects.values_list()))
        rows.append(model.history.count())
    return rows


@pytest.fixture
def russian_objects(russia_delegate, wgec):
    rec_6, rec_7 = paragraph("recommendations", "6"), paragraph("recommendations", "7")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " Draft.", submit=False)
    submitted = propose_change(russia_delegate, rec_7, rec_7.text + " Submitted.")
    on_paragraph = actions.comments.comment(user=russia_delegate, text="Russian comment.", paragraph=rec_6)
    on_draft = actions.comments.comment(user=russia_delegate, text="Note on our draft.", amendment=draft)
    return draft, submitted, on_paragraph, on_draft


@pytest.fixture
def japan(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def _requests(draft, submitted, on_paragraph, on_draft):
    post = {"proposed_text": "Taken over.", "justification": "", "expected_paragraph_version": 1,
            "expected_version": 1, "version": 1, "action": "submit", "text": "Taken over.", "stance": "support"}  # fmt: skip
    yield from (("get", reverse(name, args=[draft.pk]), None, 404) for name in
                ("amendment", "amendment-revise", "amendment-withdraw"))  # fmt: skip
    yield from (("post", reverse(name, args=[draft.pk]), post, 404) for name in
                ("amendment-revise", "amendment-submit", "amendment-withdraw", "amendment-position", "comment-amendment"))  # fmt: skip
    yield ("post", reverse("preview", args=[draft.paragraph_id]), {"amendment": draft.pk, "proposed_text": "x"}, 404)
    yield from (("get", reverse(name, args=[submitted.pk]), None, 403) for name in
                ("amendment-revise", "amendment-withdraw"))  # fmt: skip
    yield from (("post", reverse(name, args=[submitted.pk]), post, 403) for name in
                ("amendment-revise", "amendment-submit", "amendment-withdraw"))  # fmt: skip
    yield (
        "post",
        reverse("preview", args=[submitted.paragraph_id]),
        {"amendment": submitted.pk, "proposed_text": "x"},
        403,
    )
    yield ("get", reverse("comment-edit", args=[on_paragraph.pk]), None, 403)
    yield ("post", reverse("comment-edit", args=[on_paragraph.pk]), post, 403)
    yield ("get", reverse("comment-edit", args=[on_draft.pk]), None, 404)
    yield ("post", reverse("comment-edit", args=[on_draft.pk]), post, 404)
    yield ("post", reverse("comment-delete", args=[on_draft.pk]), None, 404)


def test_other_delegation_is_refused_everywhere_and_nothing_changes(japan, russian_objects):
    before = _snapshot()
    for method, url, data, expected in _requests(*russian_objects):
        response = getattr(japan, method)(url, data or {})
        assert response.status_code == expected, (method, url, response.status_code)
    assert _snapshot() == before


def test_deleting_another_delegations_comment_changes_nothing(japan, russian_objects):
    _, _, on_paragraph, _ = russian_objects
    before = _snapshot()
    japan.post(reverse("comment-delete", args=[on_paragraph.pk]))
    assert _snapshot() == before


def test_the_owner_gets_through_the_same_doors(client, russia_delegate, russian_objects):
    draft, submitted, on_paragraph, _ = russian_objects
    client.force_login(russia_delegate)
    for url in (
        reverse("amendment", args=[draft.pk]),
        reverse("amendment-revise", args=[draft.pk]),
        reverse("amendment-withdraw", args=[submitted.pk]),
        reverse("comment-edit", args=[on_paragraph.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitor_is_sent_to_login_from_every_member_url(client, russian_objects):
    before = _snapshot()
    for method, url, data, _ in _requests(*russian_objects):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert _snapshot() == before
