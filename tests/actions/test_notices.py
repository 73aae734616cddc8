"""Notifications: a delegation is told about comments, replies, positions and decisions on its work;
everyone of the working group about revisions and deadlines; in the app, and by e-mail unless
switched off; never about a draft, nor about what its own delegation did."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from amendments import actions
from amendments.actions import notices
from amendments.models import Amendment, EmailOptOut, Notification
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db(transaction=False)

Kind = Notification.Kind


@pytest.fixture
def russia(russia_delegate):
    russia_delegate.email = "ru@example.org"
    russia_delegate.save()
    return russia_delegate


@pytest.fixture
def japan(japan_delegate):
    japan_delegate.email = "jp@example.org"
    japan_delegate.save()
    return japan_delegate


@pytest.fixture
def amendment(russia, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia, rec_6, rec_6.text.replace("timely", "prompt"))


def told(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list((rows.filter(kind=kind) if kind else rows).values_list("text", flat=True))


def test_comment_on_an_amendment_tells_its_delegation_in_the_app_and_by_email(
    amendment, russia, japan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.comments.comment(user=japan, amendment=amendment, text="Too vague.", anchor="prompt")
    assert told(russia, Kind.COMMENT) == ["Japan commented on your amendment to Recommendation 6"]
    assert told(japan) == []
    [message] = mail.outbox
    assert message.to == ["ru@example.org"]
    assert message.subject == "[WGEC] Japan commented on your amendment to Recommendation 6"
    assert "on “prompt”" in message.body and "Too vague." in message.body
    assert f"{amendment.get_absolute_url()}#c-" in message.body


def test_a_delegations_own_comment_on_its_amendment_tells_nobody(amendment, russia):
    actions.comments.comment(user=russia, amendment=amendment, text="Our reasons.")
    assert not Notification.objects.exists()


def test_a_draft_comment_tells_only_once_submitted(amendment, russia, japan):
    draft = actions.comments.comment(user=japan, amendment=amendment, text="Imported.", draft=True)
    assert told(russia) == []
    actions.comments.submit_comment(draft.pk, user=japan)
    assert told(russia) == ["Japan commented on your amendment to Recommendation 6"]


def test_a_resent_comment_form_tells_once(amendment, russia, japan):
    import uuid

    token = uuid.uuid4()
    for _ in range(2):
        actions.comments.comment(user=japan, amendment=amendment, text="Once.", form_token=token)
    assert len(told(russia)) == 1


def test_reply_tells_the_author_of_the_comment_it_answers(wgec, russia, japan):
    rec_2 = paragraph("recommendations", "2")
    first = actions.comments.comment(user=russia, paragraph=rec_2, text="Why here?")
    actions.comments.comment(user=japan, paragraph=rec_2, parent=first, text="Because.")
    assert told(russia, Kind.REPLY) == ["Japan replied to your comment on Recommendation 2"]
    assert told(japan) == []


def test_a_reply_on_its_amendment_tells_the_delegation_once(amendment, russia, japan):
    mine = actions.comments.comment(user=russia, amendment=amendment, text="Our reasons.")
    actions.comments.comment(user=japan, amendment=amendment, parent=mine, text="Not convinced.")
    assert told(russia) == ["Japan replied to your comment on Recommendation 6"]


def test_position_tells_the_amendments_delegation_but_a_confirmation_does_not(amendment, russia, japan):
    actions.positions.set_position(amendment.pk, user=japan, stance="oppose")
    assert told(russia, Kind.POSITION) == ["Japan opposes your amendment to Recommendation 6"]
    actions.positions.set_position(amendment.pk, user=japan, stance="support")
    assert told(russia, Kind.POSITION) == [
        "Japan supports your amendment to Recommendation 6",
        "Japan opposes your amendment to Recommendation 6",
    ]
    actions.positions.set_position(amendment.pk, user=japan, stance="support")
    assert len(told(russia)) == 2


def test_decision_tells_the_delegation(amendment, russia, secretariat_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.decisions.decide([amendment.pk], decision=Amendment.Decision.REJECT, user=secretariat_officer)
    assert told(russia, Kind.DECISION) == ["Your amendment to Recommendation 6: rejected"]
    assert [m.subject for m in mail.outbox] == ["[WGEC] Your amendment to Recommendation 6: rejected"]


def test_switched_off_email_kind_is_listed_but_not_mailed(
    amendment, russia, japan, secretariat_officer, django_capture_on_commit_callbacks
):
    notices.set_email_kinds(russia, [k for k in Kind.values if k != Kind.POSITION])
    assert list(EmailOptOut.objects.filter(user=russia).values_list("kind", flat=True)) == [Kind.POSITION]
    with django_capture_on_commit_callbacks(execute=True):
        actions.positions.set_position(amendment.pk, user=japan, stance="support")
        actions.decisions.decide([amendment.pk], decision=Amendment.Decision.NOTE, user=secretariat_officer)
    assert len(told(russia)) == 2
    assert [m.subject for m in mail.outbox] == ["[WGEC] Your amendment to Recommendation 6: noted"]


def test_revision_tells_everyone_of_the_working_group_but_its_issuer(
    amendment, russia, japan, secretariat_officer, wgec
):
    actions.decisions.decide([amendment.pk], decision=Amendment.Decision.ACCEPT, user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer)
    assert told(japan, Kind.REVISION) == [f"Rev.1 of “{wgec.title}” was issued, dated 15 January 2018"]
    assert len(told(russia, Kind.REVISION)) == 1
    assert told(secretariat_officer) == []


def test_revision_preview_tells_nobody(amendment, secretariat_officer, wgec, japan):
    actions.decisions.decide([amendment.pk], decision=Amendment.Decision.ACCEPT, user=secretariat_officer)
    actions.revision_plans.plan_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )
    assert told(japan) == []


def test_deadline_reminder_is_sent_once_per_deadline(
    wgec, russia, japan, secretariat_officer, django_capture_on_commit_callbacks
):
    now = timezone.now()
    actions.draft.set_deadline(wgec.pk, now + datetime.timedelta(hours=30), user=secretariat_officer)
    assert notices.deadline_reminders(now) == []
    actions.draft.set_deadline(wgec.pk, now + datetime.timedelta(hours=20), user=secretariat_officer)
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "Deadline reminders: 2 to delegates of 1 report(s).",
        "Deadline reminders: 0 to delegates of 0 report(s).",
    ]
    assert len(told(russia, Kind.DEADLINE)) == len(told(japan, Kind.DEADLINE)) == 1
    assert told(secretariat_officer) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["jp@example.org", "ru@example.org"]
    # A deadline moved is a new one: reminded again.
    actions.draft.set_deadline(wgec.pk, now + datetime.timedelta(hours=10), user=secretariat_officer)
    notices.deadline_reminders(now)
    assert len(told(russia, Kind.DEADLINE)) == 2
