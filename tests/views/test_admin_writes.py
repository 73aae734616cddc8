"""The admin writes nothing an officer sends: no old version restored, no account changed; accounts keep a history."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse

from amendments.actions.history import save_with_history
from amendments.models import Paragraph, User
from tests.helpers import PASSWORD, make_user, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, secretariat_officer):
    client.login(username=secretariat_officer.username, password=PASSWORD)
    return secretariat_officer


def _revert_url(model, obj, record):
    return reverse(f"admin:amendments_{model._meta.model_name}_simple_history", args=[obj.pk, record.history_id])


def _user_form(user: User, **changes: object) -> dict[str, object]:
    """What the admin's change form of `user` posts back, with `changes` made."""
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": list(user.groups.values_list("pk", flat=True)),
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "participant": user.participant_id or "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize(
    "change",
    [{"text": "Rewritten\x07 in the admin"}, {"parent": "itself"}],
    ids=["control character in the text", "its own parent"],
)
def test_officer_posting_an_old_version_of_a_paragraph_gets_403_and_nothing_changes(client, officer, change):
    item = paragraph("recommendations", "6")
    before = model_to_dict(item)
    records = item.history.count()
    posted = {key: value for key, value in before.items() if value is not None}
    posted.update(change)
    if posted.get("parent") == "itself":
        posted["parent"] = item.pk
    response = client.post(_revert_url(Paragraph, item, item.history.earliest()), posted)
    assert response.status_code == 403
    item.refresh_from_db()
    assert model_to_dict(item) == before
    assert item.history.count() == records


def test_officer_sees_an_old_version_of_an_account_without_a_revert_button(client, officer, russia_delegate):
    russia_delegate.first_name = "Renamed"
    save_with_history(russia_delegate, user=None, reason="Renamed")
    page = client.get(_revert_url(User, russia_delegate, russia_delegate.history.earliest()))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_officer_posting_an_old_version_of_an_account_gets_403_and_nothing_changes(client, officer, russia_delegate):
    russia_delegate.first_name = "Renamed"
    save_with_history(russia_delegate, user=None, reason="Renamed")
    old = russia_delegate.history.earliest()
    response = client.post(_revert_url(User, russia_delegate, old), _user_form(russia_delegate, first_name=""))
    assert response.status_code == 403
    russia_delegate.refresh_from_db()
    assert russia_delegate.first_name == "Renamed"
    assert russia_delegate.check_password(PASSWORD)


def test_officer_cannot_make_themself_superuser_in_the_admin(client, officer):
    url = reverse("admin:amendments_user_change", args=[officer.pk])
    response = client.post(url, _user_form(officer, is_superuser="on"))
    assert response.status_code == 403
    officer.refresh_from_db()
    assert not officer.is_superuser
    assert not officer.history.filter(is_superuser=True).exists()


def test_officer_cannot_set_a_delegates_password_in_the_admin(client, officer, russia_delegate):
    url = reverse("admin:auth_user_password_change", args=[russia_delegate.pk])
    new = "a-new-password-the-officer-knows"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 403
    russia_delegate.refresh_from_db()
    assert russia_delegate.check_password(PASSWORD)


def test_officer_cannot_add_a_login_in_the_admin(client, officer):
    new = "a-new-password-the-officer-knows"
    response = client.post(
        reverse("admin:amendments_user_add"),
        {"username": "intruder", "password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="intruder").exists()


def test_the_secretariat_group_holds_view_permissions_only():
    granted = Group.objects.get(name=User.SECRETARIAT).permissions.all()
    assert granted.exists()
    assert set(granted.values_list("content_type__app_label", flat=True)) == {"amendments"}
    assert {codename.split("_")[0] for codename in granted.values_list("codename", flat=True)} == {"view"}


def test_the_migration_takes_every_write_permission_from_an_existing_secretariat_group():
    secretariat = Group.objects.get(name=User.SECRETARIAT)
    secretariat.permissions.set(Permission.objects.all())  # as migration 0008 and the demo data left it

    migration = importlib.import_module("amendments.migrations.0009_account_history")
    migration.secretariat_views_only(apps, SimpleNamespace(connection=connection))

    codenames = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"view_user", "view_paragraph", "view_amendment"} <= codenames
    assert not {"change_user", "add_user", "change_group", "change_paragraph", "delete_amendment"} & codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_a_change_to_an_account_is_recorded_with_its_user_and_reason(russia_delegate, secretariat_officer):
    russia_delegate.is_staff = True
    save_with_history(russia_delegate, user=secretariat_officer, reason="Made staff for the session")
    record = russia_delegate.history.latest()
    assert record.history_type == "~"
    assert record.is_staff
    assert record.history_user == secretariat_officer
    assert record.history_change_reason == "Made staff for the session"


def test_the_history_of_an_account_keeps_no_password_hash(russia_delegate):
    russia_delegate.set_password("another-password-for-russia")
    save_with_history(russia_delegate, user=None, reason="Password changed")
    assert russia_delegate.history.latest().history_change_reason == "Password changed"
    assert "password" not in {field.name for field in User.history.model._meta.fields}


def test_logging_in_adds_no_history_record(client, russia_delegate):
    records = russia_delegate.history.count()
    assert client.login(username=russia_delegate.username, password=PASSWORD)
    russia_delegate.refresh_from_db()
    assert russia_delegate.last_login is not None
    assert russia_delegate.history.count() == records


def test_a_superuser_changing_a_login_in_the_admin_is_recorded(client, russia_delegate):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.login(username="root", password=PASSWORD)
    url = reverse("admin:amendments_user_change", args=[russia_delegate.pk])
    response = client.post(url, _user_form(russia_delegate, is_staff="on"))
    assert response.status_code == 302
    record = russia_delegate.history.latest()
    assert record.is_staff
    assert record.history_user == root
    assert record.history_change_reason.startswith("Changed in the admin: is_staff")
