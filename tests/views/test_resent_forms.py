"""A form sent twice (a reload of the answer, a double click) creates one row, and the copy is sent to it.

Each form carries a token of its own, as the amendment forms do: comments, replies, the secretariat's
paragraph insert and uploads.
"""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from amendments import actions
from amendments.models import Comment, Import, Paragraph
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


def _tokens(html):
    return re.findall(r'<input type="hidden" name="form_token" value="([0-9a-f-]{36})"', html)


@pytest.fixture
def russia(client, russia_delegate):
    client.force_login(russia_delegate)
    return client


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


def _twice(client, url, data):
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    return first


def test_every_comment_and_reply_form_carries_a_token_of_its_own(russia, russia_delegate, wgec):
    rec_10 = paragraph("recommendations", "10")
    Comment.objects.create(paragraph=rec_10, author=russia_delegate, text="A thread to reply to.")
    html = russia.get(reverse("paragraph", args=[rec_10.pk])).content.decode()
    tokens = _tokens(html)
    assert len(tokens) == 2  # the reply form and the new comment form
    assert len(set(tokens)) == 2


def test_a_comment_sent_twice_is_made_once(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    url = reverse("comment-paragraph", args=[rec_10.pk])
    response = _twice(russia, url, {"text": "We support this.", "form_token": str(uuid.uuid4())})
    [comment] = Comment.objects.filter(paragraph=rec_10)
    assert response["Location"].endswith(f"#c-{comment.pk}")
    # Another form (another token) with the same words is another comment.
    russia.post(url, {"text": "We support this.", "form_token": str(uuid.uuid4())})
    assert Comment.objects.filter(paragraph=rec_10).count() == 2


def test_a_reply_and_a_comment_on_an_amendment_sent_twice_are_made_once(russia, russia_delegate, wgec):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "10"), "A shorter text.")
    url = reverse("comment-amendment", args=[amendment.pk])
    _twice(russia, url, {"text": "Why shorter?", "form_token": str(uuid.uuid4())})
    [thread] = Comment.objects.filter(amendment=amendment)
    _twice(russia, url, {"text": "Because.", "parent": thread.pk, "form_token": str(uuid.uuid4())})
    assert list(Comment.objects.filter(amendment=amendment).values_list("text", "parent")) == [
        ("Why shorter?", None),
        ("Because.", thread.pk),
    ]


def test_the_insert_form_sent_twice_inserts_one_paragraph(officer, wgec):
    rec_10 = paragraph("recommendations", "10")
    url = reverse("paragraph-insert", args=[rec_10.pk])
    [token] = _tokens(officer.get(url).content.decode())
    before = Paragraph.objects.count()
    response = _twice(
        officer, url, {"number": "10 bis", "text": "A new recommendation.", "note": "", "form_token": token}
    )
    inserted = Paragraph.objects.get(number="10 bis")
    assert Paragraph.objects.count() == before + 1
    assert response["Location"] == inserted.get_absolute_url()
    assert inserted.history.count() == 1


def test_an_upload_sent_twice_is_staged_once(russia, wgec):
    url = reverse("import-upload", args=[wgec.pk])
    [token] = _tokens(russia.get(url).content.decode())
    rec_10 = paragraph("recommendations", "10")
    text = f"10. {rec_10.text} And more.".encode()

    def send():
        return russia.post(
            url, {"kind": "revised-text", "file": SimpleUploadedFile("revised.txt", text), "form_token": token}
        )

    first, second = send(), send()
    staged = Import.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == staged.get_absolute_url()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL (DATABASE_URL)")
def test_copies_of_one_form_sent_at_the_same_instant_make_one_row(russia_delegate, secretariat_officer, wgec):
    """The first check finds nothing for any copy; the unique token lets one insert and sends the others to it."""
    rec_10 = paragraph("recommendations", "10")
    comment_token, insert_token = uuid.uuid4(), uuid.uuid4()
    barrier = threading.Barrier(4)

    def send(call):
        try:
            barrier.wait()
            return call()
        finally:
            connection.close()

    calls = [
        lambda: actions.comments.comment(
            user=russia_delegate, text="Once.", paragraph=rec_10, form_token=comment_token
        ),
        lambda: actions.draft.insert_paragraph_after(
            rec_10.pk, number="10 bis", text="Once.", user=secretariat_officer, form_token=insert_token
        ),
    ] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(send, calls))
    assert made[0].pk == made[2].pk and made[1].pk == made[3].pk
    assert Comment.objects.filter(paragraph=rec_10).count() == 1
    assert Paragraph.objects.filter(number="10 bis").count() == 1
