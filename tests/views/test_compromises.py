"""The Chair's proposal through the pages: the form on a paragraph, the cards that show what it
supersedes and what supersedes them, and who may use it."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from amendments import actions
from amendments.models import Amendment, Participant
from tests.helpers import COMPROMISE, RUSSIA_TEXT, paragraph, rival_amendments

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec_3():
    return paragraph("recommendations", "3")


@pytest.fixture
def two_amendments(rec_3, russia_delegate, japan_delegate):
    return rival_amendments(rec_3, russia_delegate, japan_delegate)


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def _form(target, amendments, *, text=COMPROMISE, versions=None, **extra):
    data = {
        "proposed_text": text,
        "justification": extra.pop("justification", ""),
        "expected_paragraph_version": target.version,
        "form_token": str(uuid.uuid4()),
        "supersede": [a.pk for a in amendments],
        "action": "submit",
        **extra,
    }
    for a in amendments:
        data[f"version_{a.pk}"] = (versions or {}).get(a.pk, a.version)
    return data


def _compromises():
    return Amendment.objects.filter(participant__role=Participant.Role.CHAIR)


def _statuses(*amendments):
    return [Amendment.objects.get(pk=a.pk).status for a in amendments]


def test_the_chair_proposes_a_compromise_from_the_paragraph_page(chair, rec_3, two_amendments):
    russia, japan = two_amendments
    client = _logged_in(chair)
    url = reverse("propose-compromise", args=[rec_3.pk])

    page = client.get(rec_3.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "Propose a compromise" in page

    form = client.get(url)
    assert form.status_code == 200
    text = form.content.decode()
    assert f">\n{escape(rec_3.text)}</textarea>" in text  # pre-filled with the paragraph as it is
    assert f'name="supersede" value="{russia.pk}"' in text and f'name="supersede" value="{japan.pk}"' in text
    assert "Russian Federation: change" in text and "Japan: change" in text
    assert not _compromises().exists()  # a GET writes nothing

    response = client.post(url, _form(rec_3, two_amendments, justification="Merges both."))
    compromise = _compromises().get()
    assert response.status_code == 302 and response.url == compromise.get_absolute_url()
    assert (compromise.status, compromise.author, compromise.proposed_text) == (
        Amendment.Status.SUBMITTED,
        chair,
        COMPROMISE,
    )
    assert _statuses(russia, japan) == [Amendment.Status.SUPERSEDED] * 2
    assert set(compromise.superseded.all()) == {russia, japan}

    page = client.get(rec_3.get_absolute_url()).content.decode()
    assert 'amendment__who--chair">Chair&#x27;s proposal</span>' in page
    assert "Change by Chair" not in page and "Change to Recommendation 3 by Chair" not in page
    assert page.count("Superseded by the Chair's proposal</a>") == 2
    assert page.count(f'<a href="{compromise.get_absolute_url()}">Superseded by the Chair\'s proposal</a>') == 2
    assert f'<a href="{russia.get_absolute_url()}">the amendment by Russian Federation</a>' in page
    assert f'<a href="{japan.get_absolute_url()}">the amendment by Japan</a>' in page

    detail = client.get(compromise.get_absolute_url()).content.decode()
    assert "<h1>Chair&#x27;s proposal for Recommendation 3</h1>" in detail


def test_the_secretariat_proposes_a_compromise_for_the_chair(secretariat_officer, rec_3, two_amendments):
    client = _logged_in(secretariat_officer)
    response = client.post(reverse("propose-compromise", args=[rec_3.pk]), _form(rec_3, two_amendments[:1]))
    compromise = _compromises().get()
    assert response.status_code == 302 and compromise.author == secretariat_officer
    assert _statuses(*two_amendments) == [Amendment.Status.SUPERSEDED, Amendment.Status.SUBMITTED]


def test_a_delegate_may_not_open_or_send_the_compromise_form(japan_delegate, rec_3, two_amendments):
    client = _logged_in(japan_delegate)
    url = reverse("propose-compromise", args=[rec_3.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(rec_3, two_amendments)).status_code == 403
    assert not _compromises().exists()
    assert _statuses(*two_amendments) == [Amendment.Status.SUBMITTED] * 2
    assert "Propose a compromise" not in client.get(rec_3.get_absolute_url()).content.decode()


def test_a_stale_paragraph_shows_the_form_again_and_writes_nothing(chair, secretariat_officer, rec_3, two_amendments):
    client = _logged_in(chair)
    data = _form(rec_3, two_amendments)
    actions.draft.edit_paragraph(
        rec_3.pk, text=rec_3.text + " Edited.", expected_version=rec_3.version, user=secretariat_officer, reason="Edit"
    )
    response = client.post(reverse("propose-compromise", args=[rec_3.pk]), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "The paragraph changed after you opened this form" in text and "Nothing was saved." in text
    assert f'name="expected_paragraph_version" value="{rec_3.version + 1}"' in text
    assert not _compromises().exists()
    assert _statuses(*two_amendments) == [Amendment.Status.SUBMITTED] * 2


def test_a_stale_amendment_shows_the_form_again_and_writes_nothing(chair, russia_delegate, rec_3, two_amendments):
    russia, japan = two_amendments
    client = _logged_in(chair)
    data = _form(rec_3, two_amendments)
    actions.amendments.revise(
        russia.pk, user=russia_delegate, expected_version=russia.version, proposed_text=RUSSIA_TEXT + " Now.",
        justification="",
    )  # fmt: skip
    response = client.post(reverse("propose-compromise", args=[rec_3.pk]), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "An amendment you chose changed after you opened this form" in text
    assert "Russian Federation changed its amendment (now version 2)" in text
    assert f'name="version_{russia.pk}" value="2"' in text
    assert not _compromises().exists()
    assert _statuses(russia, japan) == [Amendment.Status.SUBMITTED] * 2


def test_an_amendment_decided_since_the_form_opened_is_refused_with_a_message(
    chair, secretariat_officer, rec_3, two_amendments
):
    russia, _ = two_amendments
    client = _logged_in(chair)
    data = _form(rec_3, two_amendments)
    actions.decisions.decide([russia.pk], decision="reject", user=secretariat_officer)
    response = client.post(reverse("propose-compromise", args=[rec_3.pk]), data)
    assert response.status_code == 400
    assert "no longer waiting for a decision: nothing was saved" in response.content.decode()
    assert not _compromises().exists()


def test_the_chair_withdraws_its_proposal_and_the_amendments_are_back(chair, rec_3, two_amendments):
    client = _logged_in(chair)
    client.post(reverse("propose-compromise", args=[rec_3.pk]), _form(rec_3, two_amendments))
    compromise = _compromises().get()
    response = client.post(reverse("amendment-withdraw", args=[compromise.pk]), {"version": compromise.version})
    assert response.status_code == 302
    assert _statuses(compromise, *two_amendments) == [Amendment.Status.WITHDRAWN] + [Amendment.Status.SUBMITTED] * 2
    page = client.get(rec_3.get_absolute_url()).content.decode()
    assert "Superseded by the Chair's proposal" not in page


def test_the_api_says_which_is_the_compromise_and_what_it_supersedes(chair, wgec, rec_3, two_amendments):
    client = _logged_in(chair)
    client.post(reverse("propose-compromise", args=[rec_3.pk]), _form(rec_3, two_amendments))
    compromise = _compromises().get()
    rows = {row["id"]: row for row in client.get(reverse("api-report-amendments", args=[wgec.pk])).json()}
    assert rows[compromise.pk]["is_compromise"] is True and rows[compromise.pk]["superseded_by"] is None
    for amendment in two_amendments:
        assert rows[amendment.pk]["superseded_by"] == compromise.pk and rows[amendment.pk]["is_compromise"] is False


def test_the_secretariat_rejects_the_proposal_and_the_amendments_are_back(
    chair, secretariat_officer, rec_3, two_amendments
):
    _logged_in(chair).post(reverse("propose-compromise", args=[rec_3.pk]), _form(rec_3, two_amendments))
    compromise = _compromises().get()
    officer = _logged_in(secretariat_officer)
    detail = officer.get(compromise.get_absolute_url()).content.decode()
    assert reverse("amendment-decide", args=[compromise.pk]) in detail  # decided like any amendment

    response = officer.post(
        reverse("amendment-decide", args=[compromise.pk]), {"decision": "reject", "note": "", "version": 1}
    )
    assert response.status_code == 302
    assert _statuses(compromise, *two_amendments) == [Amendment.Status.REJECTED] + [Amendment.Status.SUBMITTED] * 2
    assert not Amendment.objects.filter(superseded_by=compromise).exists()


def test_the_chair_revises_its_proposal(chair, rec_3, two_amendments):
    client = _logged_in(chair)
    client.post(reverse("propose-compromise", args=[rec_3.pk]), _form(rec_3, two_amendments))
    compromise = _compromises().get()
    form = client.get(reverse("amendment-revise", args=[compromise.pk]))
    assert form.status_code == 200 and "For the Chair." in form.content.decode()
    response = client.post(
        reverse("amendment-revise", args=[compromise.pk]),
        {
            "proposed_text": COMPROMISE + " Revised.",
            "justification": "",
            "expected_paragraph_version": rec_3.version,
            "expected_version": compromise.version,
            "action": "submit",
        },
    )
    assert response.status_code == 302
    compromise.refresh_from_db()
    assert (compromise.version, compromise.proposed_text) == (2, COMPROMISE + " Revised.")
    assert _statuses(*two_amendments) == [Amendment.Status.SUPERSEDED] * 2
