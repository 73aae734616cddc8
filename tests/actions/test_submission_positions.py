"""Delegations support or oppose other members' submissions to a compilation of proposals."""

import pytest

from amendments import actions
from amendments.actions.errors import AmendmentError
from amendments.models import Notification, Paragraph, Position, Submission
from amendments.queries.redlines import attach_submission_positions
from tests.helpers import propose_change

pytestmark = pytest.mark.django_db


def _submission(compilations, section, participant):
    return Submission.objects.get(
        section__report=compilations["rolling"], section__key=section, participant__name=participant
    )


def test_japan_supports_the_russian_federations_submission_and_russia_is_told(
    compilations, japan_delegate, russia_delegate
):
    russia = _submission(compilations, "group-a", "Russian Federation")
    position = actions.positions.set_submission_position(russia.pk, user=japan_delegate, stance="support")
    stored = Position.objects.get(submission=russia)
    assert (stored.pk, stored.participant.name, stored.stance, stored.amendment) == (
        position.pk, "Japan", Position.Stance.SUPPORT, None,
    )  # fmt: skip
    assert stored.history.get().history_change_reason == "Supports"
    note = Notification.objects.get(recipient=russia_delegate)
    assert (
        note.text == "Japan supports your submission to GROUP A: Implementation of the Tunis Agenda (Questions 2 and 3)"
    )
    (shown,) = attach_submission_positions([russia], japan_delegate.participant_id)
    assert shown.position_phrases == ("Japan supports",) and shown.own_stance == "support"


def test_changing_and_withdrawing_a_position_keeps_its_history(compilations, japan_delegate):
    russia = _submission(compilations, "group-b", "Russian Federation")
    actions.positions.set_submission_position(russia.pk, user=japan_delegate, stance="support")
    actions.positions.set_submission_position(russia.pk, user=japan_delegate, stance="oppose")
    assert Position.objects.get(submission=russia).stance == Position.Stance.OPPOSE
    actions.positions.set_submission_position(russia.pk, user=japan_delegate, stance=None)
    assert not Position.objects.filter(submission=russia).exists()
    reasons = [h.history_change_reason for h in Position.history.filter(submission=russia).order_by("history_id")]
    assert reasons == ["Supports", "Opposes", "Position withdrawn"]


def test_a_delegation_takes_no_position_on_its_own_submission(compilations, russia_delegate):
    russia = _submission(compilations, "group-a", "Russian Federation")
    with pytest.raises(AmendmentError, match="its own submission"):
        actions.positions.set_submission_position(russia.pk, user=russia_delegate, stance="support")
    assert not Position.objects.filter(submission=russia).exists()


def test_a_withdrawn_submission_takes_no_more_positions(compilations, japan_delegate):
    russia = _submission(compilations, "group-c", "Russian Federation")
    russia.status = Submission.Status.WITHDRAWN
    russia.save()
    with pytest.raises(AmendmentError, match="withdrawn: positions are closed"):
        actions.positions.set_submission_position(russia.pk, user=japan_delegate, stance="oppose")


def test_the_member_page_posts_a_position_and_comes_back_to_the_submission(client, compilations, japan_delegate):
    russia = _submission(compilations, "group-d", "Russian Federation")
    client.force_login(japan_delegate)
    response = client.post(f"/submissions/{russia.pk}/position/", {"stance": "oppose"})
    assert response.status_code == 302
    assert response["Location"] == f"{compilations['rolling'].get_absolute_url()}#{russia.anchor}"
    assert Position.objects.get(submission=russia).stance == Position.Stance.OPPOSE


def test_the_secretariat_takes_no_position(client, compilations, secretariat_officer):
    russia = _submission(compilations, "group-d", "Russian Federation")
    client.force_login(secretariat_officer)
    assert client.post(f"/submissions/{russia.pk}/position/", {"stance": "support"}).status_code == 403
    assert not Position.objects.filter(submission=russia).exists()


def test_a_position_on_an_amendment_still_names_no_submission(wgec, japan_delegate, russia_delegate):
    target = Paragraph.objects.filter(section__report=wgec, number="3").first()
    amendment = propose_change(russia_delegate, target, f"{target.text} Revised.")
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    assert Position.objects.get(amendment=amendment).submission is None
