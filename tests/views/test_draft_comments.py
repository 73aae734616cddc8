"""Draft comments on the pages and in the exports: the delegation sees its imported comment with its
anchor words and file date, and a Submit button; the secretariat whose import made it sees it on the
pages and in its internal edition until the delegation edits or submits it; nobody else sees it
anywhere, and no circulated export holds it, until it is submitted."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from amendments.actions import comments
from amendments.models import Comment, User
from tests.helpers import PASSWORD, import_word_comments, make_user, paragraph

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _client(user):
    from django.test import Client

    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def imported(secretariat_officer, japan_delegate):
    first, reply = import_word_comments(secretariat_officer, japan_delegate.participant)
    return Comment.objects.get(pk=first), Comment.objects.get(pk=reply)


def _pages(comment):
    rec_12 = comment.paragraph
    return [
        rec_12.get_absolute_url(),
        reverse("participant", args=[comment.participant_id]),
        reverse("report", args=[rec_12.section.report_id]) + "?redlines=on",
    ]


def _redline_comments(client, report, query=""):
    response = client.get(reverse("export-redline", args=[report.pk]) + query)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.read("word/comments.xml").decode() if "word/comments.xml" in archive.namelist() else ""


def test_the_delegation_sees_its_draft_with_anchor_date_and_a_submit_button(imported, japan_delegate):
    first, _ = imported
    html = _client(japan_delegate).get(first.paragraph.get_absolute_url()).content.decode()
    assert "Too vague: which Goals?" in html and "The ones of the 2030 Agenda." in html
    assert f"“{first.anchor}”" in html
    assert "written <time" in html and "1 March 2024, 10:30 CET</time>" in html
    assert "Draft — only your delegation and the secretariat, whose import made it, sees it" in html
    assert reverse("comment-submit", args=[first.pk]) in html


def test_a_draft_comment_is_nowhere_for_another_delegation_or_the_chair(
    imported, russia_delegate, secretariat_officer, wgec, tmp_path
):
    first, reply = imported
    chair = make_user("chair", groups=[User.CHAIR])
    for user in (russia_delegate, chair, secretariat_officer):
        assert "Too vague" not in _redline_comments(_client(user), wgec)  # the circulated edition
    for user in (russia_delegate, chair):
        client = _client(user)
        for url in _pages(first):
            html = client.get(url).content.decode()
            assert "Too vague" not in html and "2030 Agenda" not in html, (user, url)
        for url in (reverse("comment-edit", args=[first.pk]), reverse("comment-delete", args=[reply.pk])):
            assert client.post(url, {"text": "Changed."}).status_code == 404
    target = tmp_path / "redline.docx"
    call_command("export_redline", "-o", str(target))  # the export for everyone
    assert b"Too vague" not in target.read_bytes()
    assert (
        Comment.objects.get(pk=first.pk).text == "Too vague: which Goals?"
        and not Comment.objects.get(pk=reply.pk).deleted
    )


def test_another_delegation_cannot_submit_or_answer_a_draft_comment(imported, russia_delegate):
    first, _ = imported
    russia = _client(russia_delegate)
    assert russia.post(reverse("comment-submit", args=[first.pk])).status_code == 404
    url = reverse("comment-paragraph", args=[first.paragraph_id])
    assert russia.post(url, {"text": "Answer.", "parent": first.pk}).status_code == 404
    assert Comment.objects.get(pk=first.pk).draft and not Comment.objects.filter(text="Answer.").exists()


def test_once_submitted_everyone_sees_the_comment_with_its_anchor_and_date(
    imported, japan_delegate, russia_delegate, wgec
):
    first, reply = imported
    response = _client(japan_delegate).post(reverse("comment-submit", args=[first.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{first.pk}")
    assert not Comment.objects.get(pk=first.pk).draft and Comment.objects.get(pk=reply.pk).draft
    russia = _client(russia_delegate)
    html = russia.get(first.paragraph.get_absolute_url()).content.decode()
    assert (
        "Too vague: which Goals?" in html and f"“{first.anchor}”" in html and "1 March 2024, 10:30 CET</time>" in html
    )
    assert "2030 Agenda" not in html and "Draft — only your delegation" not in html
    exported = _redline_comments(russia, wgec)
    assert "Too vague: which Goals?" in exported and 'w:date="2024-03-01T09:30:00Z"' in exported
    assert paragraph("recommendations", "12") == first.paragraph


def test_the_secretariat_sees_the_draft_its_import_made_until_the_delegation_edits_it(
    imported, japan_delegate, secretariat_officer, wgec
):
    first, reply = imported
    officer = _client(secretariat_officer)
    html = officer.get(first.paragraph.get_absolute_url()).content.decode()
    assert "Too vague: which Goals?" in html
    assert "Draft made by the secretariat's import — not yet submitted by Japan" in html
    assert (
        reverse("comment-submit", args=[first.pk]) not in html and reverse("comment-edit", args=[first.pk]) not in html
    )
    assert "Too vague" in _redline_comments(officer, wgec, "?edition=internal")
    assert officer.post(reverse("comment-edit", args=[first.pk]), {"text": "Changed."}).status_code == 403

    comments.edit_comment(first.pk, user=japan_delegate, text="Too vague still.")
    for url in _pages(first):
        assert "Too vague" not in officer.get(url).content.decode(), url
    assert "Too vague" not in _redline_comments(officer, wgec, "?edition=internal")
    assert officer.post(reverse("comment-edit", args=[first.pk]), {"text": "Changed."}).status_code == 404
    assert Comment.objects.get(pk=first.pk).text == "Too vague still."
