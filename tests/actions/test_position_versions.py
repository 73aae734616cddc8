"""A position is given on one version of an amendment: when the text changes (its delegation revises
it, a revision rebases it), the position stays on the version it was given on and its delegation is
asked to confirm it on the new text."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import Q

from amendments import actions
from amendments.actions.errors import StaleAmendment
from amendments.models import Amendment, Participant, Position
from amendments.queries.compilation import compile_proposals
from amendments.queries.redlines import EarlierPosition, position_phrases, positions_of
from tests.helpers import make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

DATE = datetime.date(2018, 1, 15)


@pytest.fixture
def amendment(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"))


@pytest.fixture
def japan_supports(amendment, japan_delegate):
    return actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")


def _revise(amendment, user, text):
    return actions.amendments.revise(
        amendment.pk, user=user, expected_version=amendment.version, proposed_text=text, justification=""
    )


def _position():
    return Position.objects.values_list("participant__name", "stance", "amendment_version").get()


def test_a_position_records_the_version_it_was_given_on(amendment, japan_supports):
    assert _position() == ("Japan", "support", 1)
    assert positions_of(Q(amendment=amendment))[amendment.pk] == (("Japan",), (), ())


def test_after_the_proposer_revises_the_position_stays_on_the_version_it_was_given_on(
    amendment, japan_supports, russia_delegate
):
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    assert _position() == ("Japan", "support", 1)
    found = positions_of(Q(amendment=amendment))[amendment.pk]
    assert found == ((), (), (EarlierPosition("Japan", "support", 1),))
    assert position_phrases(*found) == ["Japan supported version 1"]


def test_supporting_again_on_the_new_version_confirms_it(amendment, japan_supports, russia_delegate, japan_delegate):
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support", expected_version=2)
    assert _position() == ("Japan", "support", 2)
    latest = Position.history.latest()
    assert (latest.history_change_reason, latest.amendment_version) == ("Support confirmed on version 2", 2)
    assert positions_of(Q(amendment=amendment))[amendment.pk] == (("Japan",), (), ())


def test_opposing_the_new_version_records_the_opposition_on_it(
    amendment, japan_supports, russia_delegate, japan_delegate
):
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="oppose")
    assert _position() == ("Japan", "oppose", 2)
    assert Position.history.latest().history_change_reason == "Opposes"


def test_the_same_stance_on_the_same_version_writes_nothing(amendment, japan_supports, japan_delegate):
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    assert Position.history.count() == 1


def test_a_delegation_cannot_confirm_a_version_it_has_not_seen(
    amendment, japan_supports, russia_delegate, japan_delegate
):
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    with pytest.raises(StaleAmendment):
        actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support", expected_version=1)
    assert _position() == ("Japan", "support", 1)


def test_withdrawing_a_position_on_an_earlier_version_deletes_it(
    amendment, japan_supports, russia_delegate, japan_delegate
):
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance=None, expected_version=1)
    assert not Position.objects.exists()


def test_phrases_group_delegations_by_stance_and_version():
    earlier = [
        EarlierPosition("Kenya", "support", 1),
        EarlierPosition("Sweden", "support", 1),
        EarlierPosition("Brazil", "oppose", 2),
    ]
    assert position_phrases(["Japan"], ["India", "Mexico", "Peru"], earlier) == [
        "Japan supports",
        "India, Mexico and Peru oppose",
        "Kenya and Sweden supported version 1",
        "Brazil opposed version 2",
    ]


def test_revising_asks_each_delegation_with_a_position_to_confirm_by_mail(
    amendment, japan_supports, russia_delegate, japan_delegate, django_capture_on_commit_callbacks
):
    japan = Participant.objects.get(name="Japan")
    japan_delegate.email = "delegate@japan.example"
    japan_delegate.save()
    make_user("jp-second", participant=japan, email="second@japan.example")
    make_user("jp-nomail", participant=japan)
    make_user("jp-gone", participant=japan, email="gone@japan.example", is_active=False)
    brazil = make_user("cl", participant=Participant.objects.get(name="Brazil"), email="delegate@brazil.example")
    actions.positions.set_position(amendment.pk, user=brazil, stance="oppose")
    russia_delegate.email = "delegate@russia.example"
    russia_delegate.save()

    with django_capture_on_commit_callbacks(execute=True):
        _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))

    asked = [m for m in mail.outbox if "Please confirm your position" in m.subject]
    assert sorted(to for m in asked for to in m.to) == [
        "delegate@brazil.example",
        "delegate@japan.example",
        "second@japan.example",
    ]
    to_japan = next(m for m in asked if m.to == ["delegate@japan.example"])
    assert to_japan.subject == (
        "[WGEC] Please confirm your position: Russian Federation's amendment to Recommendation 6 has changed"
    )
    assert "Japan supported version 1 of the amendment by Russian Federation to Recommendation 6." in to_japan.body
    assert "Russian Federation revised it: it is now version 2" in to_japan.body
    assert f"{settings.SITE_URL}{amendment.get_absolute_url()}" in to_japan.body
    assert "Brazil opposed version 1" in next(m for m in asked if m.to == ["delegate@brazil.example"]).body


def test_a_confirmed_position_is_not_asked_again(
    amendment, japan_supports, russia_delegate, japan_delegate, django_capture_on_commit_callbacks
):
    japan_delegate.email = "delegate@japan.example"
    japan_delegate.save()
    revised = _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support", expected_version=2)
    Position.objects.get().delete()  # Japan withdrew: nothing left to confirm
    with django_capture_on_commit_callbacks(execute=True):
        _revise(revised, russia_delegate, revised.proposed_text.replace("swift", "rapid"))
    assert not [m for m in mail.outbox if "Please confirm your position" in m.subject]


def test_revising_a_draft_or_an_amendment_without_positions_asks_nobody(
    amendment, russia_delegate, japan_delegate, django_capture_on_commit_callbacks
):
    japan_delegate.email = "delegate@japan.example"
    japan_delegate.save()
    with django_capture_on_commit_callbacks(execute=True):
        _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    assert mail.outbox == []


def test_a_revision_that_rebases_the_amendment_leaves_positions_on_the_old_version_and_asks_again(
    wgec, secretariat_officer, russia_delegate, japan_delegate, django_capture_on_commit_callbacks
):
    japan_delegate.email = "delegate@japan.example"
    japan_delegate.save()
    rec_2 = paragraph("recommendations", "2")
    rebased = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    untouched = propose_change(russia_delegate, paragraph("recommendations", "6"), "A new recommendation 6.")
    for supported in (rebased, untouched):
        actions.positions.set_position(supported.pk, user=japan_delegate, stance="support")
    accepted = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=rec_2)
    actions.decisions.decide([accepted.pk], decision="accept", user=secretariat_officer)

    with django_capture_on_commit_callbacks(execute=True):
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)

    rebased.refresh_from_db()
    assert (rebased.carried_over, rebased.version) == ("rebased", 2)
    versions = dict(Position.objects.values_list("amendment_id", "amendment_version"))
    assert versions == {rebased.pk: 1, untouched.pk: 1}
    found = positions_of(Q(amendment__in=[rebased.pk, untouched.pk]))
    assert found[rebased.pk].earlier == (EarlierPosition("Japan", "support", 1),)
    assert found[untouched.pk].supporters == ("Japan",)  # its text did not change: still current
    asked = [m for m in mail.outbox if "Please confirm your position" in m.subject]
    assert [(m.to, "Recommendation 2" in m.subject) for m in asked] == [(["delegate@japan.example"], True)]
    assert "Rev.1 carried it over onto its text: it is now version 2" in asked[0].body


def test_the_compilation_keeps_earlier_positions_apart_from_current_ones(
    wgec, amendment, japan_supports, russia_delegate
):
    brazil = make_user("cl", participant=Participant.objects.get(name="Brazil"))
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    actions.positions.set_position(amendment.pk, user=brazil, stance="support")
    data = compile_proposals(wgec)
    shown = next(
        a for s in data["sections"] for p in s["paragraphs"] for a in p["amendments"] if a["id"] == amendment.pk
    )
    assert (shown["supported_by"], shown["opposed_by"]) == (["Brazil"], [])
    assert shown["earlier_positions"] == [{"participant": "Japan", "stance": "support", "version": 1}]
    assert shown["positions"] == ["Brazil supports", "Japan supported version 1"]


def test_the_migration_puts_existing_positions_on_their_amendments_current_version(
    amendment, japan_supports, russia_delegate
):
    from django.apps import apps

    migration = importlib.import_module("amendments.migrations.0014_position_version")
    _revise(amendment, russia_delegate, amendment.proposed_text.replace("prompt", "swift"))
    Position.objects.update(amendment_version=7)  # a value the migration must replace
    Position.history.update(amendment_version=7)
    migration._current_versions(apps, None)
    assert _position() == ("Japan", "support", 2)
    assert set(Position.history.values_list("amendment_version", flat=True)) == {2}
