"""A delegation's drafts are its own. The secretariat sees a draft only when it made it for the
delegation (an import on its behalf, or a proposal in the delegation's name): it holds that draft
until the delegation revises it, submits it or takes it over. The Chair sees submitted amendments only."""

import pytest
from django.core.exceptions import PermissionDenied

from amendments import actions
from amendments.actions.errors import AmendmentError
from amendments.models import Amendment, Participant, User
from tests.helpers import make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

TAKEN_OVER = "taken over by the delegation from the secretariat"


@pytest.fixture
def chair(wgec):
    return make_user("chair", groups=[User.CHAIR])


@pytest.fixture
def japan(wgec):
    return Participant.objects.get(name="Japan")


def _held(officer, japan, number="4", submit=False):
    """A draft the secretariat makes in Japan's name."""
    target = paragraph("recommendations", number)
    return actions.amendments.propose(
        user=officer, participant=japan, paragraph_id=target.pk, kind="modify",
        expected_paragraph_version=target.version, proposed_text=target.text + " Held words.", submit=submit,
    )  # fmt: skip


def _seen_by(user):
    return set(Amendment.objects.visible_to(user).values_list("pk", flat=True))


def test_the_secretariat_does_not_see_a_delegations_own_draft(secretariat_officer, russia_delegate, chair):
    own = propose_change(russia_delegate, paragraph("recommendations", "3"), "Russia's own words.", submit=False)
    assert not own.held_by_secretariat
    assert own.pk in _seen_by(russia_delegate)
    assert own.pk not in _seen_by(secretariat_officer) and own.pk not in _seen_by(chair)


def test_a_draft_the_secretariat_makes_for_a_delegation_is_held_and_seen_by_both(
    secretariat_officer, japan_delegate, russia_delegate, chair, japan
):
    held = _held(secretariat_officer, japan)
    assert Amendment.objects.get(pk=held.pk).held_by_secretariat
    assert held.pk in _seen_by(secretariat_officer) and held.pk in _seen_by(japan_delegate)
    assert held.pk not in _seen_by(russia_delegate) and held.pk not in _seen_by(chair)
    submitted = _held(secretariat_officer, japan, number="5", submit=True)
    assert not Amendment.objects.get(pk=submitted.pk).held_by_secretariat  # public: nobody holds it


def test_the_chair_sees_submitted_amendments_only(chair, russia_delegate, secretariat_officer, japan):
    own = propose_change(russia_delegate, paragraph("recommendations", "3"), "Russia's own words.", submit=False)
    held = _held(secretariat_officer, japan)
    submitted = propose_change(russia_delegate, paragraph("recommendations", "6"), "Russia's submitted words.")
    seen = _seen_by(chair)
    assert submitted.pk in seen and own.pk not in seen and held.pk not in seen
    assert seen == set(Amendment.objects.filter(submitted_at__isnull=False).values_list("pk", flat=True))


def test_the_secretariat_keeps_holding_the_draft_it_revises(secretariat_officer, japan):
    held = _held(secretariat_officer, japan)
    revised = actions.amendments.revise(
        held.pk, user=secretariat_officer, expected_version=1, proposed_text=held.proposed_text + " More.",
        justification="",
    )  # fmt: skip
    assert Amendment.objects.get(pk=revised.pk).held_by_secretariat
    assert revised.history.latest().history_change_reason == "Revised"


def test_the_delegation_revising_the_draft_takes_it_over(secretariat_officer, japan_delegate, japan):
    held = _held(secretariat_officer, japan)
    actions.amendments.revise(
        held.pk, user=japan_delegate, expected_version=1, proposed_text=held.proposed_text + " Ours.",
        justification="",
    )  # fmt: skip
    row = Amendment.objects.get(pk=held.pk)
    assert not row.held_by_secretariat and row.status == Amendment.Status.DRAFT
    assert row.history.latest().history_change_reason == f"Revised; {TAKEN_OVER}"
    assert held.pk not in _seen_by(secretariat_officer)


def test_the_delegation_submitting_the_draft_releases_it(secretariat_officer, japan_delegate, russia_delegate, japan):
    held = _held(secretariat_officer, japan)
    actions.amendments.submit(held.pk, user=japan_delegate, expected_version=1)
    row = Amendment.objects.get(pk=held.pk)
    assert not row.held_by_secretariat and row.status == Amendment.Status.SUBMITTED
    assert row.history.latest().history_change_reason == f"Submitted; {TAKEN_OVER}"
    assert held.pk in _seen_by(secretariat_officer) and held.pk in _seen_by(russia_delegate)  # public now


def test_the_delegation_takes_over_a_held_draft(secretariat_officer, japan_delegate, japan):
    held = _held(secretariat_officer, japan)
    with pytest.raises(PermissionDenied):
        actions.amendments.take_over(held.pk, user=secretariat_officer, expected_version=1)
    assert Amendment.objects.get(pk=held.pk).held_by_secretariat
    actions.amendments.take_over(held.pk, user=japan_delegate, expected_version=1)
    row = Amendment.objects.get(pk=held.pk)
    assert not row.held_by_secretariat and row.version == 1  # no new version: the text is unchanged
    assert row.history.latest().history_change_reason == "Taken over by the delegation from the secretariat"
    assert held.pk not in _seen_by(secretariat_officer)
    with pytest.raises(AmendmentError, match="not a draft held by the secretariat"):
        actions.amendments.take_over(held.pk, user=japan_delegate, expected_version=1)


def test_the_secretariat_cannot_act_on_a_delegations_own_draft(secretariat_officer, russia_delegate):
    own = propose_change(russia_delegate, paragraph("recommendations", "3"), "Russia's own words.", submit=False)
    writes = [
        lambda: actions.amendments.revise(
            own.pk, user=secretariat_officer, expected_version=1, proposed_text="Rewritten.", justification=""
        ),
        lambda: actions.amendments.submit(own.pk, user=secretariat_officer, expected_version=1),
        lambda: actions.amendments.withdraw(own.pk, user=secretariat_officer, expected_version=1),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    row = Amendment.objects.get(pk=own.pk)
    assert (row.status, row.version, row.proposed_text, row.history.count()) == ("draft", 1, "Russia's own words.", 1)


def test_the_secretariat_still_revises_and_decides_what_is_submitted(secretariat_officer, russia_delegate):
    submitted = propose_change(russia_delegate, paragraph("recommendations", "3"), "Russia's submitted words.")
    actions.amendments.revise(
        submitted.pk, user=secretariat_officer, expected_version=1, proposed_text="Tidied words.", justification=""
    )
    actions.decisions.decide([submitted.pk], decision="accept", user=secretariat_officer, versions={submitted.pk: 2})
    row = Amendment.objects.get(pk=submitted.pk)
    assert (row.proposed_text, row.status) == ("Tidied words.", Amendment.Status.ACCEPTED)


def test_an_import_by_the_secretariat_is_held_and_a_delegations_own_is_not(
    secretariat_officer, russia_delegate, japan, wgec
):
    from amendments.actions import imports

    rec_10 = paragraph("recommendations", "10")
    changed = rec_10.text.replace("language barriers", "language barriers and multilingualism")
    text = f"10. {changed}".encode()
    russia = russia_delegate.participant
    made = {}
    for user, participant in ((secretariat_officer, japan), (russia_delegate, russia)):
        staged = imports.stage(
            wgec, user=user, kind="revised-text", data=text, filename="revised.txt", participant=participant,
            unrelated_ok=True,
        )  # fmt: skip
        [made[user.username]] = imports.confirm(staged.pk, user=user).result["amendments"]
    assert Amendment.objects.get(pk=made[secretariat_officer.username]).held_by_secretariat
    assert not Amendment.objects.get(pk=made[russia_delegate.username]).held_by_secretariat
    seen = _seen_by(secretariat_officer)
    assert made[secretariat_officer.username] in seen and made[russia_delegate.username] not in seen


def test_the_migration_marks_the_secretariats_earlier_drafts_held_in_the_row_and_its_history(
    secretariat_officer, russia_delegate, japan
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("amendments.migrations.0013_amendment_secretariat_draft")
    officers = _held(secretariat_officer, japan)
    own = propose_change(russia_delegate, paragraph("recommendations", "10"), "Russia's own words.", submit=False)
    Amendment.objects.update(held_by_secretariat=False)  # as before the flag existed
    Amendment.history.update(held_by_secretariat=False)

    migration.mark_held(apps, None)

    held = dict(Amendment.objects.values_list("pk", "held_by_secretariat"))
    assert (held[officers.pk], held[own.pk]) == (True, False)
    assert set(Amendment.history.filter(id=officers.pk).values_list("held_by_secretariat", flat=True)) == {True}
    assert set(Amendment.history.filter(id=own.pk).values_list("held_by_secretariat", flat=True)) == {False}
