"""The admin manages logins; every other row is shown with its history but changed only through the app."""

import datetime

import pytest
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Import, Participant, Position, Revision, User
from tests.helpers import PASSWORD, make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

READ_ONLY = [Participant, Amendment, Comment, Position, Revision, Import]


@pytest.fixture
def officer(client, secretariat_officer):
    client.login(username=secretariat_officer.username, password=PASSWORD)
    return secretariat_officer


@pytest.fixture
def one_of_each(wgec, officer, russia_delegate, japan_delegate):
    """An amendment with a comment and a position, a revision and an import to look at."""
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"))
    actions.comments.comment(user=japan_delegate, text="Japan's view.", amendment=amendment)
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=officer)
    Import.objects.create(report=wgec, user=officer, kind=Import.Kind.REVISED_TEXT, filename="a.txt", plan={})
    return amendment


def _url(model, view, *args):
    return reverse(f"admin:amendments_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_officer_sees_every_row_in_the_admin_but_cannot_add_change_or_delete_it(client, one_of_each, model):
    row = model.objects.first()
    assert client.get(_url(model, "changelist")).status_code == 200
    page = client.get(_url(model, "change", row.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(_url(model, "add")).status_code == 403
    assert client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_amendment_history_is_shown_in_the_admin(client, one_of_each):
    assert one_of_each.history.get().history_change_reason == "Submitted"
    page = client.get(_url(Amendment, "history", one_of_each.pk))
    assert page.status_code == 200 and "Submitted" in page.content.decode()


def test_participant_change_posted_to_the_admin_changes_nothing(client, one_of_each):
    japan = Participant.objects.get(name="Japan")
    client.post(_url(Participant, "change", japan.pk), {"name": "Renamed", "stakeholder_group": "academic"})
    assert Participant.objects.get(pk=japan.pk).name == "Japan"


def test_officer_sees_a_login_in_the_admin_but_cannot_save_it(client, officer, russia_delegate):
    page = client.get(_url(User, "change", russia_delegate.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_a_superuser_edits_a_login_in_the_admin(client, russia_delegate):
    make_user("root", is_staff=True, is_superuser=True)
    client.login(username="root", password=PASSWORD)
    page = client.get(_url(User, "change", russia_delegate.pk))
    assert page.status_code == 200 and 'name="_save"' in page.content.decode()
