"""A delegation revises, submits and withdraws its own amendments; each saved edit is a new version."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from amendments import actions
from amendments.actions.draft import set_deadline
from amendments.models import Amendment
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = pytest.mark.django_db


def _textarea_holds(html, text):
    """Whether a form's textarea holds `text` (Django's widget writes a newline after the tag, which
    browsers drop)."""
    return re.search(rf"<textarea[^>]*>\n?{re.escape(text)}</textarea>", html) is not None


@pytest.fixture
def russia(client, russia_delegate):
    client.login(username=russia_delegate.username, password=PASSWORD)
    return client


@pytest.fixture
def amendment(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"), justification="Style.")


def _revision(amendment, text, action="submit", version=None):
    return {
        "proposed_text": text,
        "justification": "Better.",
        "expected_paragraph_version": amendment.paragraph.version,
        "expected_version": version or amendment.version,
        "action": action,
    }


def test_revise_form_opens_with_the_amendment_text(russia, amendment):
    html = russia.get(reverse("amendment-revise", args=[amendment.pk])).content.decode()
    assert _textarea_holds(html, amendment.proposed_text)
    assert "You are editing version 1; saving makes version 2." in html


def test_revision_makes_version_2_and_the_version_diff_is_shown(russia, amendment):
    text = amendment.paragraph.text.replace("timely", "swift")
    response = russia.post(reverse("amendment-revise", args=[amendment.pk]), _revision(amendment, text))
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert (amendment.version, amendment.proposed_text, amendment.justification) == (2, text, "Better.")
    html = russia.get(amendment.get_absolute_url()).content.decode()
    assert "<del>prompt</del><ins>swift</ins>" in html


def test_stale_revision_is_refused_and_keeps_the_typed_text(russia, amendment, russia_delegate):
    actions.amendments.revise(
        amendment.pk, user=russia_delegate, expected_version=1, proposed_text="A colleague's text.", justification=""
    )
    typed = amendment.paragraph.text.replace("timely", "rapid")
    response = russia.post(reverse("amendment-revise", args=[amendment.pk]), _revision(amendment, typed, version=1))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this amendment after you opened this form" in html
    assert _textarea_holds(html, typed)
    assert 'name="expected_version" value="2"' in html
    assert Amendment.objects.get(pk=amendment.pk).proposed_text == "A colleague's text."


def test_draft_is_submitted_from_its_page(russia, russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " Draft.", submit=False)
    russia.post(reverse("amendment-submit", args=[draft.pk]), {"version": 1})
    assert Amendment.objects.get(pk=draft.pk).status == "submitted"


def test_withdraw_asks_first_then_keeps_the_amendment_as_withdrawn(russia, amendment):
    assert "Withdraw this amendment?" in russia.get(reverse("amendment-withdraw", args=[amendment.pk])).content.decode()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"
    russia.post(reverse("amendment-withdraw", args=[amendment.pk]), {"version": 1})
    assert Amendment.objects.get(pk=amendment.pk).status == "withdrawn"
    response = russia.get(reverse("amendment-revise", args=[amendment.pk]), follow=True)
    assert "it can no longer be revised" in response.content.decode()


def test_after_the_deadline_submitting_and_revising_are_refused_but_drafts_are_saved(
    russia, amendment, russia_delegate, secretariat_officer
):
    set_deadline(
        amendment.paragraph.section.report_id, timezone.now() - datetime.timedelta(minutes=1), user=secretariat_officer
    )
    rec_7 = paragraph("recommendations", "7")
    form = {
        "proposed_text": rec_7.text + " Late.",
        "justification": "",
        "expected_paragraph_version": rec_7.version,
        "action": "submit",
    }
    response = russia.post(reverse("propose-change", args=[rec_7.pk]), form)
    assert response.status_code == 400
    assert "The deadline for amendments" in response.content.decode() and "has passed" in response.content.decode()
    assert f"{rec_7.text} Late.</textarea>" in response.content.decode()

    russia.post(reverse("propose-change", args=[rec_7.pk]), {**form, "action": "draft"})
    assert Amendment.objects.get(paragraph=rec_7, participant__name="Russian Federation").status == "draft"

    response = russia.post(reverse("amendment-revise", args=[amendment.pk]), _revision(amendment, "Late revision."))
    assert response.status_code == 400
    assert Amendment.objects.get(pk=amendment.pk).version == 1


def test_pages_show_the_deadline_and_the_time_left(russia, amendment, secretariat_officer):
    set_deadline(
        amendment.paragraph.section.report_id, timezone.now() + datetime.timedelta(days=3), user=secretariat_officer
    )
    html = russia.get(reverse("report", args=[amendment.paragraph.section.report_id])).content.decode()
    assert "Amendments close on" in html and "left" in html
    assert "Amendments close on" in russia.get(reverse("amendment-revise", args=[amendment.pk])).content.decode()


def test_secretariat_sets_the_deadline_and_members_cannot(client, russia, secretariat_officer, wgec):
    url = reverse("deadline", args=[wgec.pk])
    assert russia.get(url).status_code == 403
    assert russia.post(url, {"deadline": "2018-01-15T18:00"}).status_code == 403
    client.login(username=secretariat_officer.username, password=PASSWORD)
    client.post(url, {"deadline": "2018-01-15T18:00"})
    wgec.refresh_from_db()
    assert timezone.localtime(wgec.amendment_deadline).strftime("%Y-%m-%d %H:%M") == "2018-01-15 18:00"
    assert wgec.history.latest().history_user == secretariat_officer


def test_secretariat_is_mailed_on_submission_revision_and_withdrawal(
    russia_delegate, secretariat_officer, wgec, django_capture_on_commit_callbacks
):
    secretariat_officer.email = "officer@wgec.example"
    secretariat_officer.save()
    rec_6 = paragraph("recommendations", "6")
    with django_capture_on_commit_callbacks(execute=True):
        amendment = propose_change(russia_delegate, rec_6, rec_6.text + " Added.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.amendments.revise(
            amendment.pk, user=russia_delegate, expected_version=1, proposed_text="Shorter.", justification=""
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.amendments.withdraw(amendment.pk, user=russia_delegate, expected_version=2)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "[WGEC] Russian Federation submitted an amendment: Recommendation 6",
        "[WGEC] Russian Federation revised a submitted amendment: Recommendation 6",
        "[WGEC] Russian Federation withdrew an amendment: Recommendation 6",
    ]
    assert all(m.to == ["officer@wgec.example"] for m in mail.outbox)


def test_saving_a_draft_mails_nobody(russia_delegate, secretariat_officer, wgec, django_capture_on_commit_callbacks):
    secretariat_officer.email = "officer@wgec.example"
    secretariat_officer.save()
    rec_6 = paragraph("recommendations", "6")
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(russia_delegate, rec_6, rec_6.text + " Added.", submit=False)
    assert mail.outbox == []


@pytest.mark.parametrize("version", ["", "abc", "-1"])
def test_withdraw_with_a_broken_form_is_a_message_not_an_error(russia, amendment, version):
    response = russia.post(reverse("amendment-withdraw", args=[amendment.pk]), {"version": version}, follow=True)
    assert response.status_code == 200
    assert "The form was incomplete" in response.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"


def test_stale_withdraw_is_refused_with_a_message(russia, amendment, russia_delegate):
    actions.amendments.revise(
        amendment.pk, user=russia_delegate, expected_version=1, proposed_text="Newer.", justification=""
    )
    response = russia.post(reverse("amendment-withdraw", args=[amendment.pk]), {"version": 1}, follow=True)
    assert "changed since you opened the page" in response.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"
