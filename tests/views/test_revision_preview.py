"""Issuing a revision is previewed: the first post shows the next revision's text against the
current draft and what happens to every amendment, and writes nothing but the hold on the
delegations' amendments (tests/actions/test_holds.py); the preview's button issues it, unless the
draft or its amendments changed since the preview."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, IssueHold, Paragraph, Revision
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

DATA = {"name": "Rev.1", "date": "2018-01-15"}


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


def _ashton_hart(section, number):
    return Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(section, number))


def _fingerprint(html):
    return re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html).group(1)


def _rows():
    return [
        list(Paragraph.objects.order_by("id").values_list("id", "text", "number", "status", "version")),
        list(Amendment.objects.order_by("id").values_list("id", "status", "version", "applied_in", "carried_over")),
        Paragraph.history.count(),
        Amendment.history.count(),
        Revision.objects.issued().count(),
    ]


@pytest.fixture
def accepted(officer, wgec, russia_delegate, japan_delegate):
    """Ashton-Hart's change to Recommendation 2 accepted; Russia's clean change and Japan's
    clashing one to it pending."""
    rec_2 = paragraph("recommendations", "2")
    amendment = _ashton_hart("recommendations", "2")
    officer.post(reverse("amendment-decide", args=[amendment.pk]), {"decision": "accept", "version": 1})
    assert Amendment.objects.get(pk=amendment.pk).status == "accepted"
    clean = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    clashing = propose_change(
        japan_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    return {"accepted": amendment, "clean": clean, "clashing": clashing}


def test_the_first_post_shows_a_preview_and_writes_nothing(officer, wgec, accepted):
    before = _rows()
    response = officer.post(reverse("revisions", args=[wgec.pk]), DATA)
    html = response.content.decode()
    assert response.status_code == 200
    assert _rows() == before
    assert "Preview of Rev.1, 15 January 2018" in html and "Nothing has been issued yet." in html
    assert ">Issue Rev.1</button>" in html
    assert "<del>growing</del><ins>expanding</ins>" in html  # the new text against the current draft
    consolidated, rebased, conflicting = (
        html.split(f'id="plan-{kind}"')[1].split("</section>")[0] for kind in ("consolidated", "rebased", "conflicting")
    )
    assert accepted["accepted"].get_absolute_url() in consolidated and "Nick Ashton-Hart" in consolidated
    assert accepted["clean"].get_absolute_url() in rebased and "Russian Federation" in rebased
    assert accepted["clashing"].get_absolute_url() in conflicting and "Conflicts with the revised text" in conflicting
    assert "No pending amendment is superseded." in html
    # The name and the date go back hidden, as the officer gave them.
    assert 'type="hidden" name="name" value="Rev.1"' in html and 'type="hidden" name="date" value="2018-01-15"' in html


def test_the_preview_button_issues_what_the_preview_showed(officer, wgec, accepted):
    preview = officer.post(reverse("revisions", args=[wgec.pk]), DATA).content.decode()
    response = officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(preview)})
    revision = Revision.objects.issued().get()
    assert response.status_code == 302 and response["Location"] == revision.get_absolute_url()
    assert Amendment.objects.get(pk=accepted["accepted"].pk).applied_in == revision
    assert Amendment.objects.get(pk=accepted["clean"].pk).carried_over == "rebased"
    assert Amendment.objects.get(pk=accepted["clashing"].pk).carried_over == "conflict"


def test_an_issue_after_the_amendments_changed_is_refused_with_a_fresh_preview(
    officer, wgec, accepted, russia_delegate, secretariat_officer
):
    preview = officer.post(reverse("revisions", args=[wgec.pk]), DATA).content.decode()
    rec_4 = paragraph("recommendations", "4")
    # Delegations wait while the officer confirms (the hold); the secretariat records a proposal from the floor.
    late = actions.amendments.propose(
        user=secretariat_officer, participant=russia_delegate.participant, paragraph_id=rec_4.pk, kind="modify",
        expected_paragraph_version=rec_4.version, proposed_text=rec_4.text + " Late.", submit=True, from_floor=True,
    )  # fmt: skip
    actions.decisions.decide([late.pk], decision="accept", user=secretariat_officer)
    before = _rows()
    response = officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(preview)})
    html = response.content.decode()
    assert response.status_code == 409
    assert _rows() == before
    assert "changed since the preview: nothing was issued" in html
    assert late.get_absolute_url() in html.split('id="plan-consolidated"')[1].split("</section>")[0]
    assert _fingerprint(html) != _fingerprint(preview)
    officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(html)})
    assert Amendment.objects.get(pk=late.pk).applied_in == Revision.objects.issued().get()


def test_an_issue_after_the_draft_changed_is_refused(officer, wgec, accepted):
    preview = officer.post(reverse("revisions", args=[wgec.pk]), DATA).content.decode()
    rec_5 = paragraph("recommendations", "5")
    officer.post(
        reverse("paragraph-edit", args=[rec_5.pk]), {"text": "New fifth.", "number": "5", "version": rec_5.version}
    )
    response = officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(preview)})
    assert response.status_code == 409
    assert not Revision.objects.issued().exists()
    assert "New fifth." in response.content.decode()  # the fresh preview shows the new text


def test_a_damaged_fingerprint_is_refused_and_issues_nothing(officer, wgec, accepted):
    response = officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": "not-a-fingerprint"})
    assert response.status_code == 400
    assert "The form was incomplete" in response.content.decode()
    assert not Revision.objects.issued().exists()


def test_a_member_can_neither_preview_nor_issue(client, russia_delegate, wgec, accepted):
    client.force_login(russia_delegate)
    for data in (DATA, {**DATA, "fingerprint": "0" * 64}):
        assert client.post(reverse("revisions", args=[wgec.pk]), data).status_code == 403
    assert not Revision.objects.issued().exists()


def test_while_the_officer_confirms_a_delegate_cannot_save_and_keeps_the_text(officer, wgec, accepted, russia_delegate):
    preview = officer.post(reverse("revisions", args=[wgec.pk]), DATA).content.decode()
    assert 'id="issue-hold"' in preview
    rec_4 = paragraph("recommendations", "4")
    delegate = Client()
    delegate.force_login(russia_delegate)
    data = {
        "proposed_text": rec_4.text + " Held back.", "justification": "", "expected_paragraph_version": rec_4.version,
        "form_token": "6f1c1b4e-5d1c-4c43-9d57-0c3f1f0e8a11", "action": "submit",
    }  # fmt: skip
    before = Amendment.objects.count()
    refused = delegate.post(reverse("propose-change", args=[rec_4.pk]), data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "is issuing Rev.1 of this report: saving an amendment waits" in page
    assert "Held back." in page  # the form keeps what was typed
    assert Amendment.objects.count() == before
    assert (
        officer.post(reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(preview)}).status_code
        == 302
    )
    data["form_token"] = "0b7e8a44-1d7b-46f5-9f7e-8d2f5b0c4a21"
    assert delegate.post(reverse("propose-change", args=[rec_4.pk]), data).status_code == 302
    assert Amendment.objects.filter(proposed_text=rec_4.text + " Held back.", status="submitted").count() == 1


def test_back_without_issuing_ends_the_hold_at_once(officer, wgec, accepted, russia_delegate):
    preview = officer.post(reverse("revisions", args=[wgec.pk]), DATA).content.decode()
    assert 'name="cancel"' in preview
    response = officer.post(
        reverse("revisions", args=[wgec.pk]), {**DATA, "fingerprint": _fingerprint(preview), "cancel": "1"}
    )
    assert response.status_code == 302
    assert not Revision.objects.issued().exists()
    assert not IssueHold.objects.exists()
    rec_4 = paragraph("recommendations", "4")
    assert propose_change(russia_delegate, rec_4, rec_4.text + " Free again.").status == "submitted"
