"""The secretariat accepts, accepts with modifications, rejects or notes submitted amendments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from amendments import actions
from amendments.actions.errors import DecisionError
from amendments.models import Amendment
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"))


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Amendment.Decision.ACCEPT, Amendment.Status.ACCEPTED),
        (Amendment.Decision.REJECT, Amendment.Status.REJECTED),
        (Amendment.Decision.NOTE, Amendment.Status.NOTED),
    ],
)
def test_each_decision_gives_its_status_and_records_the_note(secretariat_officer, submitted, decision, status):
    [decided] = actions.decisions.decide([submitted.pk], decision=decision, user=secretariat_officer, note=" Why. ")
    decided.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.decision_note) == (status, secretariat_officer, "Why.")
    assert decided.history.latest().history_change_reason == f"{decided.get_status_display()}: Why."


def test_the_decision_values_are_the_ones_forms_post():
    assert dict(Amendment.Decision.choices) == {
        "accept": "Accept",
        "accept-modified": "Accept with modifications",
        "reject": "Reject",
        "note": "Note",
    }
    assert Amendment.Decision("accept-modified").status == Amendment.Status.ACCEPTED_MODIFIED


def test_accepting_with_modifications_keeps_the_secretariats_text_and_its_diff(secretariat_officer, submitted):
    final = submitted.proposed_text.replace("prompt", "swift")
    actions.decisions.decide([submitted.pk], decision="accept-modified", user=secretariat_officer, final_text=final)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.final_text, submitted.adopted_text) == (
        Amendment.Status.ACCEPTED_MODIFIED,
        final,
        final,
    )
    assert ["delete", "prompt"] in submitted.final_segments and ["insert", "swift"] in submitted.final_segments


def test_accepted_amendments_are_the_accepted_ones_whatever_the_modification(secretariat_officer, submitted, wgec):
    before = set(Amendment.objects.accepted().values_list("pk", flat=True))
    actions.decisions.decide([submitted.pk], decision="accept", user=secretariat_officer)
    assert set(Amendment.objects.accepted().values_list("pk", flat=True)) == before | {submitted.pk}
    actions.decisions.decide([submitted.pk], decision="reject", user=secretariat_officer)
    assert set(Amendment.objects.accepted().values_list("pk", flat=True)) == before


def test_unknown_decision_is_refused(secretariat_officer, submitted):
    with pytest.raises(DecisionError, match="Unknown decision"):
        actions.decisions.decide([submitted.pk], decision="approve", user=secretariat_officer)


def test_member_cannot_decide_on_an_amendment(japan_delegate, submitted):
    with pytest.raises(PermissionDenied):
        actions.decisions.decide([submitted.pk], decision="accept", user=japan_delegate)


def test_draft_amendment_cannot_be_decided_on(secretariat_officer, russia_delegate, wgec):
    rec_7 = paragraph("recommendations", "7")
    draft = propose_change(russia_delegate, rec_7, rec_7.text + " Draft.", submit=False)
    with pytest.raises(DecisionError, match="a draft amendment cannot be decided on"):
        actions.decisions.decide([draft.pk], decision="accept", user=secretariat_officer)


def test_consolidated_amendment_cannot_be_decided_again(secretariat_officer, submitted, wgec):
    actions.decisions.decide([submitted.pk], decision="accept", user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer)
    with pytest.raises(DecisionError, match="already consolidated in Rev.1"):
        actions.decisions.decide([submitted.pk], decision="reject", user=secretariat_officer)


def test_a_revision_the_officer_did_not_see_is_not_decided_on(secretariat_officer, russia_delegate, submitted):
    actions.amendments.revise(
        submitted.pk, user=russia_delegate, expected_version=1, proposed_text="Newer.", justification=""
    )
    with pytest.raises(DecisionError, match="revised since you opened the page"):
        actions.decisions.decide(
            [submitted.pk], decision="accept", user=secretariat_officer, versions={submitted.pk: 1}
        )
    assert Amendment.objects.get(pk=submitted.pk).status == Amendment.Status.SUBMITTED
