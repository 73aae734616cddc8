"""The secretariat sets where a submission stands; a member cannot."""

import pytest
from django.urls import reverse

from amendments.models import Submission

pytestmark = pytest.mark.django_db


def _row(compilations) -> Submission:
    return Submission.objects.filter(section__report=compilations["contributions"]).order_by("section__position")[0]


def test_the_secretariat_sets_a_submissions_status_with_a_reason(client, secretariat_officer, compilations):
    row = _row(compilations)
    client.force_login(secretariat_officer)
    url = reverse("submission-status", args=[row.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"shown": "submitted", "status": "under-discussion", "note": "Read at the meeting"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{row.anchor}")
    row.refresh_from_db()
    assert row.status == Submission.Status.UNDER_DISCUSSION
    record = row.history.latest()
    assert record.history_user == secretariat_officer
    assert record.history_change_reason == "Read at the meeting"


def test_the_report_page_links_the_secretariat_to_the_status_form(client, secretariat_officer, compilations):
    row = _row(compilations)
    client.force_login(secretariat_officer)
    html = client.get(reverse("report", args=[compilations["contributions"].pk])).content.decode()
    assert f'href="{reverse("submission-status", args=[row.pk])}"' in html


def test_a_status_changed_meanwhile_is_not_overwritten(client, secretariat_officer, compilations):
    row = _row(compilations)
    Submission.objects.filter(pk=row.pk).update(status=Submission.Status.WITHDRAWN)
    client.force_login(secretariat_officer)
    response = client.post(
        reverse("submission-status", args=[row.pk]), {"shown": "submitted", "status": "taken-up"}, follow=True
    )
    assert "Someone else set the status of this submission meanwhile" in response.content.decode()
    row.refresh_from_db()
    assert row.status == Submission.Status.WITHDRAWN


def test_a_member_cannot_set_a_submissions_status(client, russia_delegate, compilations):
    row = _row(compilations)
    client.force_login(russia_delegate)
    url = reverse("submission-status", args=[row.pk])
    response = client.post(url, {"shown": "submitted", "status": "withdrawn"})
    assert response.status_code == 403
    assert client.get(url).status_code == 403
    row.refresh_from_db()
    assert row.status == Submission.Status.SUBMITTED
    html = client.get(reverse("report", args=[compilations["contributions"].pk])).content.decode()
    assert url not in html
