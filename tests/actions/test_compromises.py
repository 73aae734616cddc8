"""The Chair's proposals: a compromise text for a paragraph, merging amendments it supersedes,
decided on and consolidated like any amendment (actions.compromises)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from amendments import actions
from amendments.actions.compromises import propose_compromise
from amendments.actions.errors import AmendmentError, ImportRefused, StaleAmendment, StaleVersion
from amendments.models import Amendment, Comment, Participant, Position
from tests.helpers import COMPROMISE, RUSSIA_TEXT, import_word_comments, paragraph, propose_change, rival_amendments

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec_3():
    return paragraph("recommendations", "3")


@pytest.fixture
def two_amendments(rec_3, russia_delegate, japan_delegate):
    return rival_amendments(rec_3, russia_delegate, japan_delegate)


def _propose(user, target, amendments, text=COMPROMISE, **kwargs):
    return propose_compromise(
        target.pk,
        user=user,
        expected_version=target.version,
        proposed_text=text,
        supersedes={a.pk: a.version for a in amendments},
        **kwargs,
    )


def _statuses(*amendments):
    return [Amendment.objects.get(pk=a.pk).status for a in amendments]


def test_chair_proposes_a_compromise_superseding_two_amendments(chair, rec_3, two_amendments):
    russia, japan = two_amendments
    compromise = _propose(chair, rec_3, two_amendments, justification="Merges both.")

    compromise.refresh_from_db()
    assert compromise.is_compromise
    assert (compromise.participant.role, compromise.author, compromise.kind, compromise.status) == (
        Participant.Role.CHAIR,
        chair,
        Amendment.Kind.MODIFY,
        Amendment.Status.SUBMITTED,
    )
    assert (compromise.base_version, compromise.base_text, compromise.proposed_text) == (
        rec_3.version,
        rec_3.text,
        COMPROMISE,
    )
    assert compromise.justification == "Merges both."
    assert compromise.submitted_at is not None
    assert str(compromise) == "Chair's proposal for Recommendation 3"
    assert (
        compromise.history.get().history_change_reason == "Submitted as the Chair's proposal, superseding 2 amendments"
    )
    for amendment in (russia, japan):
        amendment.refresh_from_db()
        assert (amendment.status, amendment.superseded_by) == (Amendment.Status.SUPERSEDED, compromise)
        assert amendment.history.latest().history_change_reason == "Superseded by the Chair's proposal"
    assert set(compromise.superseded.all()) == {russia, japan}


def test_the_delegations_whose_amendments_are_superseded_are_told(
    chair, rec_3, two_amendments, russia_delegate, django_capture_on_commit_callbacks
):
    russia_delegate.email = "ru@example.org"
    russia_delegate.save()
    with django_capture_on_commit_callbacks(execute=True):
        _propose(chair, rec_3, two_amendments)
    told = [m for m in mail.outbox if m.to == ["ru@example.org"]]
    assert len(told) == 1
    assert "superseded by the Chair's proposal" in told[0].subject
    assert COMPROMISE in told[0].body


def test_the_secretariat_proposes_a_compromise_for_the_chair(secretariat_officer, rec_3, two_amendments):
    compromise = _propose(secretariat_officer, rec_3, two_amendments)
    assert compromise.is_compromise and compromise.author == secretariat_officer
    assert _statuses(*two_amendments) == [Amendment.Status.SUPERSEDED] * 2


def test_a_compromise_may_supersede_no_amendment(chair, rec_3):
    compromise = _propose(chair, rec_3, [])
    assert compromise.is_compromise and not compromise.superseded.exists()
    assert compromise.history.get().history_change_reason == "Submitted as the Chair's proposal"


def test_a_delegate_cannot_propose_a_compromise(japan_delegate, rec_3, two_amendments):
    with pytest.raises(PermissionDenied):
        _propose(japan_delegate, rec_3, two_amendments)
    assert not Amendment.objects.filter(participant__role=Participant.Role.CHAIR).exists()
    assert _statuses(*two_amendments) == [Amendment.Status.SUBMITTED] * 2


def test_a_draft_cannot_be_superseded(chair, rec_3, russia_delegate):
    draft = propose_change(russia_delegate, rec_3, RUSSIA_TEXT, submit=False)
    with pytest.raises(AmendmentError, match="do not exist, or are not submitted"):
        _propose(chair, rec_3, [draft])
    assert _statuses(draft) == [Amendment.Status.DRAFT]
    assert not Amendment.objects.filter(participant__role=Participant.Role.CHAIR).exists()


def test_a_decided_amendment_cannot_be_superseded(chair, secretariat_officer, rec_3, two_amendments):
    russia, japan = two_amendments
    actions.decisions.decide([russia.pk], decision="reject", user=secretariat_officer)
    with pytest.raises(AmendmentError, match="rejected: only a submitted amendment not yet decided on"):
        _propose(chair, rec_3, two_amendments)
    assert _statuses(russia, japan) == [Amendment.Status.REJECTED, Amendment.Status.SUBMITTED]
    assert not Amendment.objects.filter(participant__role=Participant.Role.CHAIR).exists()


def test_a_withdrawn_amendment_cannot_be_superseded(chair, russia_delegate, rec_3, two_amendments):
    russia, _ = two_amendments
    actions.amendments.withdraw(russia.pk, user=russia_delegate, expected_version=russia.version)
    with pytest.raises(AmendmentError, match="withdrawn"):
        _propose(chair, rec_3, two_amendments)


def test_another_paragraphs_amendment_cannot_be_superseded(chair, rec_3, russia_delegate):
    elsewhere = propose_change(russia_delegate, paragraph("recommendations", "4"), "Another text altogether.")
    with pytest.raises(AmendmentError, match="is not an amendment to Recommendation 3"):
        _propose(chair, rec_3, [elsewhere])
    assert _statuses(elsewhere) == [Amendment.Status.SUBMITTED]


def test_a_stale_paragraph_is_refused_and_nothing_is_written(chair, secretariat_officer, rec_3, two_amendments):
    actions.draft.edit_paragraph(
        rec_3.pk, text=rec_3.text + " Edited.", expected_version=rec_3.version, user=secretariat_officer, reason="Edit"
    )
    with pytest.raises(StaleVersion):
        _propose(chair, rec_3, two_amendments)
    assert not Amendment.objects.filter(participant__role=Participant.Role.CHAIR).exists()
    assert _statuses(*two_amendments) == [Amendment.Status.SUBMITTED] * 2


def test_a_stale_amendment_is_refused_and_nothing_is_written(chair, russia_delegate, rec_3, two_amendments):
    russia, japan = two_amendments
    seen = {russia.pk: russia.version, japan.pk: japan.version}
    actions.amendments.revise(
        russia.pk, user=russia_delegate, expected_version=russia.version, proposed_text=RUSSIA_TEXT + " Now.",
        justification="",
    )  # fmt: skip
    with pytest.raises(StaleAmendment):
        propose_compromise(
            rec_3.pk, user=chair, expected_version=rec_3.version, proposed_text=COMPROMISE, supersedes=seen
        )
    assert not Amendment.objects.filter(participant__role=Participant.Role.CHAIR).exists()
    assert _statuses(russia, japan) == [Amendment.Status.SUBMITTED] * 2
    assert not Amendment.history.filter(history_change_reason="Superseded by the Chair's proposal").exists()


def test_a_superseded_amendment_cannot_be_decided_on_or_withdrawn(
    chair, secretariat_officer, russia_delegate, rec_3, two_amendments
):
    russia, _ = two_amendments
    _propose(chair, rec_3, two_amendments)
    with pytest.raises(actions.decisions.DecisionError, match="superseded"):
        actions.decisions.decide([russia.pk], decision="accept", user=secretariat_officer)
    with pytest.raises(AmendmentError, match="superseded"):
        actions.amendments.withdraw(russia.pk, user=russia_delegate, expected_version=russia.version)


def test_withdrawing_the_compromise_puts_the_superseded_amendments_back(chair, rec_3, two_amendments):
    compromise = _propose(chair, rec_3, two_amendments)
    actions.amendments.withdraw(compromise.pk, user=chair, expected_version=compromise.version)

    assert _statuses(compromise) == [Amendment.Status.WITHDRAWN]
    for amendment in two_amendments:
        amendment.refresh_from_db()
        assert (amendment.status, amendment.superseded_by) == (Amendment.Status.SUBMITTED, None)
        assert amendment.history.latest().history_change_reason == (
            "Back on the table: the Chair's proposal that superseded it was withdrawn"
        )


def test_rejecting_the_compromise_puts_the_superseded_amendments_back(
    chair, secretariat_officer, rec_3, two_amendments
):
    compromise = _propose(chair, rec_3, two_amendments)
    actions.decisions.decide(
        [compromise.pk], decision="reject", user=secretariat_officer, versions={compromise.pk: compromise.version}
    )

    assert _statuses(compromise, *two_amendments) == [Amendment.Status.REJECTED] + [Amendment.Status.SUBMITTED] * 2
    reasons = {a.history.latest().history_change_reason for a in two_amendments}
    assert reasons == {"Back on the table: the Chair's proposal that superseded it was rejected"}
    assert not Amendment.objects.filter(superseded_by=compromise).exists()


def test_a_delegate_cannot_withdraw_the_chairs_proposal(chair, japan_delegate, rec_3, two_amendments):
    compromise = _propose(chair, rec_3, two_amendments)
    with pytest.raises(PermissionDenied):
        actions.amendments.withdraw(compromise.pk, user=japan_delegate, expected_version=compromise.version)
    assert _statuses(compromise, *two_amendments) == [Amendment.Status.SUBMITTED] + [Amendment.Status.SUPERSEDED] * 2


def test_accepting_the_compromise_then_issuing_a_revision_consolidates_it_not_the_superseded(
    chair, secretariat_officer, wgec, rec_3, two_amendments
):
    compromise = _propose(chair, rec_3, two_amendments)
    actions.decisions.decide([compromise.pk], decision="accept", user=secretariat_officer)
    assert _statuses(compromise, *two_amendments) == [Amendment.Status.ACCEPTED] + [Amendment.Status.SUPERSEDED] * 2

    revision = actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )

    assert paragraph("recommendations", "3").text == COMPROMISE
    compromise.refresh_from_db()
    assert compromise.applied_in == revision
    for amendment in two_amendments:
        amendment.refresh_from_db()
        assert (amendment.status, amendment.applied_in, amendment.superseded_by) == (
            Amendment.Status.SUPERSEDED,
            None,
            compromise,
        )


def test_the_chair_sees_every_submitted_amendment_position_and_note_but_no_draft(
    chair, japan_delegate, russia_delegate, secretariat_officer, rec_3, two_amendments
):
    russia, japan = two_amendments
    draft = propose_change(russia_delegate, paragraph("recommendations", "4"), RUSSIA_TEXT, submit=False)
    actions.positions.set_position(
        japan.pk, user=russia_delegate, stance=Position.Stance.SUPPORT, expected_version=japan.version
    )
    actions.decisions.decide([russia.pk], decision="note", user=secretariat_officer, note="Noted for the record.")
    note = actions.comments.comment(user=japan_delegate, paragraph=rec_3, text="We can live with it.")

    seen = Amendment.objects.visible_to(chair)
    assert set(seen) == set(Amendment.objects.filter(submitted_at__isnull=False))
    assert {russia, japan} <= set(seen) and draft not in seen
    assert seen.get(pk=russia.pk).decision_note == "Noted for the record."
    assert Position.objects.filter(amendment__in=seen, participant__name="Russian Federation").exists()
    assert note in Comment.objects.visible_to(chair)


def test_the_chair_is_not_among_the_delegations(chair, rec_3):
    _propose(chair, rec_3, [])
    names = set(Participant.objects.delegations().values_list("name", flat=True))
    assert "Chair" not in names and "Japan" in names
    assert Participant.objects.chair().name == "Chair"


def test_the_delegations_are_told_when_their_amendments_are_back_on_the_table(
    chair, rec_3, two_amendments, japan_delegate, django_capture_on_commit_callbacks
):
    japan_delegate.email = "jp@example.org"
    japan_delegate.save()
    compromise = _propose(chair, rec_3, two_amendments)
    with django_capture_on_commit_callbacks(execute=True):
        actions.amendments.withdraw(compromise.pk, user=chair, expected_version=compromise.version)
    told = [m for m in mail.outbox if m.to == ["jp@example.org"]]
    assert [m.subject for m in told] == ["[WGEC] Your amendment to Recommendation 3 is back on the table"]
    assert "The Chair's proposal that superseded your amendment was withdrawn" in told[0].body


def test_nothing_is_imported_on_behalf_of_the_chair(chair, secretariat_officer, rec_3):
    _propose(chair, rec_3, [])
    with pytest.raises(ImportRefused, match="one of the delegations listed"):
        import_word_comments(secretariat_officer, Participant.objects.chair())
    assert not Comment.objects.filter(participant__role=Participant.Role.CHAIR).exists()
