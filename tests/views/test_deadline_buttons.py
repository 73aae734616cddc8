"""After the amendment deadline the Submit and Revise buttons are disabled, with the reason shown
beside them; the writes still refuse them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from amendments.actions.draft import set_deadline
from amendments.models import Amendment
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

REASON = "The deadline for amendments passed on"


@pytest.fixture
def russia(russia_delegate):
    client = Client()
    client.force_login(russia_delegate)
    return client


def _deadline(wgec, officer, *, days):
    set_deadline(wgec.pk, timezone.now() + datetime.timedelta(days=days), user=officer)


def _disabled(html, label):
    return f'disabled aria-describedby="deadline-reason">{label}</button>' in html


def test_after_the_deadline_a_drafts_submit_button_is_disabled_with_the_reason(
    russia, russia_delegate, wgec, secretariat_officer
):
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " Late.", submit=False)
    _deadline(wgec, secretariat_officer, days=-1)
    html = russia.get(draft.get_absolute_url()).content.decode()
    assert _disabled(html, "Submit") and REASON in html
    assert reverse("amendment-submit", args=[draft.pk]) not in html
    assert reverse("amendment-revise", args=[draft.pk]) in html  # a draft can still be saved
    confirm = russia.get(reverse("amendment-submit", args=[draft.pk])).content.decode()
    assert 'disabled aria-describedby="deadline-reason">Submit</button>' in confirm and REASON in confirm
    form = russia.get(reverse("amendment-revise", args=[draft.pk])).content.decode()
    assert 'value="submit" class="button" disabled' in form and REASON in form
    assert 'value="draft" class="button button--secondary">Save as draft' in form

    russia.post(reverse("amendment-submit", args=[draft.pk]), {"version": draft.version})  # refused all the same
    assert Amendment.objects.get(pk=draft.pk).status == Amendment.Status.DRAFT


def test_after_the_deadline_revise_is_disabled_for_a_submitted_amendment(
    russia, russia_delegate, wgec, secretariat_officer
):
    rec_6 = paragraph("recommendations", "6")
    submitted = propose_change(russia_delegate, rec_6, rec_6.text + " Early.")
    _deadline(wgec, secretariat_officer, days=-1)
    html = russia.get(submitted.get_absolute_url()).content.decode()
    assert _disabled(html, "Revise") and REASON in html
    assert reverse("amendment-revise", args=[submitted.pk]) not in html
    form = russia.get(reverse("amendment-revise", args=[submitted.pk])).content.decode()
    assert 'value="submit" class="button" disabled aria-describedby="deadline-reason">Save the new version' in form
    assert Amendment.objects.get(pk=submitted.pk).version == submitted.version


def test_after_the_deadline_a_new_amendment_cannot_be_submitted_from_its_form(russia, wgec, secretariat_officer):
    _deadline(wgec, secretariat_officer, days=-1)
    rec_6 = paragraph("recommendations", "6")
    form = russia.get(reverse("propose-change", args=[rec_6.pk])).content.decode()
    assert 'value="submit" class="button" disabled aria-describedby="deadline-reason">Submit' in form
    assert REASON in form
    assert not Amendment.objects.filter(paragraph=rec_6).exists()


def test_before_the_deadline_the_buttons_work(russia, russia_delegate, wgec, secretariat_officer):
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, rec_6, rec_6.text + " In time.", submit=False)
    _deadline(wgec, secretariat_officer, days=3)
    html = russia.get(draft.get_absolute_url()).content.decode()
    assert "disabled" not in html and REASON not in html
    assert reverse("amendment-submit", args=[draft.pk]) in html
    russia.post(reverse("amendment-submit", args=[draft.pk]), {"version": draft.version})
    assert Amendment.objects.get(pk=draft.pk).status == Amendment.Status.SUBMITTED
