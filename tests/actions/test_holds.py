"""While the secretariat confirms a revision it has previewed, the delegations' amendments to the
report wait: each write is refused with a message saying why and until when, and writes nothing.
Issuing the revision ends the hold; an abandoned preview holds no longer than `holds.HOLD`."""

import datetime

import pytest
from django.utils import timezone

from amendments import actions
from amendments.actions.errors import AmendmentError, DecisionError
from amendments.management.commands.load_demo import ensure_groups
from amendments.models import Amendment, IssueHold, Revision, User
from tests.helpers import make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

DATE = datetime.date(2018, 1, 15)


@pytest.fixture
def held(wgec, secretariat_officer):
    return actions.holds.hold_for_issue(wgec.pk, name="Rev.1", user=secretariat_officer)


def test_a_delegations_new_amendment_waits_while_a_revision_is_being_issued(held, russia_delegate):
    rec_10 = paragraph("recommendations", "10")
    before = Amendment.objects.count()
    with pytest.raises(AmendmentError, match=r"issuing Rev\.1 of this report: saving an amendment waits"):
        propose_change(russia_delegate, rec_10, rec_10.text + " Held.")
    with pytest.raises(AmendmentError, match="Nothing was saved"):
        propose_change(russia_delegate, rec_10, rec_10.text + " Held.", submit=False)  # a draft too
    assert Amendment.objects.count() == before


@pytest.mark.parametrize("write", ["revise", "submit", "withdraw"])
def test_a_delegations_revision_submission_or_withdrawal_waits_too(wgec, secretariat_officer, russia_delegate, write):
    rec_10 = paragraph("recommendations", "10")
    draft = propose_change(russia_delegate, rec_10, rec_10.text + " Draft.", submit=False)
    actions.holds.hold_for_issue(wgec.pk, name="Rev.1", user=secretariat_officer)
    with pytest.raises(AmendmentError, match=r"issuing Rev\.1"):
        if write == "revise":
            actions.amendments.revise(
                draft.pk,
                user=russia_delegate,
                expected_version=1,
                proposed_text=rec_10.text + " More.",
                justification="",
            )
        elif write == "submit":
            actions.amendments.submit(draft.pk, user=russia_delegate, expected_version=1)
        else:
            actions.amendments.withdraw(draft.pk, user=russia_delegate, expected_version=1)
    stored = Amendment.objects.get(pk=draft.pk)
    assert (stored.status, stored.version, stored.proposed_text) == ("draft", 1, rec_10.text + " Draft.")


def test_the_officer_issuing_is_not_held(held, secretariat_officer, russia_delegate):
    rec_10 = paragraph("recommendations", "10")
    made = actions.amendments.propose(
        user=secretariat_officer, participant=russia_delegate.participant, paragraph_id=rec_10.pk, kind="modify",
        expected_paragraph_version=rec_10.version, proposed_text=rec_10.text + " From the floor.", submit=True,
    )  # fmt: skip
    actions.decisions.decide([made.pk], decision="accept", user=secretariat_officer)
    assert Amendment.objects.get(pk=made.pk).status == "accepted"


def test_another_officers_decision_waits_too(held, wgec, russia_delegate):
    rec_10 = paragraph("recommendations", "10")
    IssueHold.objects.filter(pk=held.pk).delete()
    submitted = propose_change(russia_delegate, rec_10, rec_10.text + " Decide me.")
    actions.holds.hold_for_issue(wgec.pk, name="Rev.1", user=held.by)
    ensure_groups()
    other = make_user("officer-2", groups=[User.SECRETARIAT])
    with pytest.raises(DecisionError, match=r"The secretariat \(Sofia Officer\) is issuing Rev\.1"):
        actions.decisions.decide([submitted.pk], decision="reject", user=other)
    assert Amendment.objects.get(pk=submitted.pk).status == "submitted"


def test_issuing_the_revision_ends_the_hold(held, wgec, secretariat_officer, russia_delegate):
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert not IssueHold.objects.exists()
    rec_10 = paragraph("recommendations", "10")
    assert propose_change(russia_delegate, rec_10, rec_10.text + " After.").status == "submitted"


def test_a_preview_of_the_revision_leaves_the_hold_in_place(held, wgec, secretariat_officer, russia_delegate):
    # The preview runs the issue and rolls it back: the end of the hold with it.
    actions.revision_plans.plan_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert IssueHold.objects.get(report=wgec).name == "Rev.1"
    assert not Revision.objects.issued().exists()


def test_an_abandoned_preview_holds_no_longer_than_its_time(held, russia_delegate):
    assert held.until - timezone.now() <= actions.holds.HOLD
    IssueHold.objects.filter(pk=held.pk).update(until=timezone.now() - datetime.timedelta(seconds=1))
    rec_10 = paragraph("recommendations", "10")
    assert propose_change(russia_delegate, rec_10, rec_10.text + " Later.").status == "submitted"


def test_a_second_preview_renews_the_hold(held, wgec, secretariat_officer):
    IssueHold.objects.filter(pk=held.pk).update(until=timezone.now() + datetime.timedelta(seconds=5))
    renewed = actions.holds.hold_for_issue(wgec.pk, name="Rev.1", user=secretariat_officer)
    assert IssueHold.objects.count() == 1
    assert renewed.until > timezone.now() + datetime.timedelta(seconds=60)
