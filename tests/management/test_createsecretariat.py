"""`manage.py createsecretariat EMAIL --body NAME`: the very first officer of a working group, on a
database that has nothing but its migrations; the link it prints lets the officer choose a
password once, then log in."""

import io
import sqlite3
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from amendments.models import StaffRole, User, WorkingGroup
from tests.helpers import manage

pytestmark = pytest.mark.django_db

BODY = "CSTD Working Group on Enhanced Cooperation"
NEW_PASSWORD = "a-first-officer-password-2026"


def _run(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("createsecretariat", *args, stdout=out)
    return out.getvalue()


def _link(output: str) -> str:
    return next(line for line in output.splitlines() if "/accounts/reset/" in line)


def test_a_freshly_migrated_database_has_the_roles_groups_and_the_first_secretariat_is_made_on_it(migrated_sqlite):
    with sqlite3.connect(migrated_sqlite) as database:
        groups = dict(database.execute("SELECT name, id FROM auth_group").fetchall())
        views = database.execute(
            "SELECT COUNT(*) FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id "
            "JOIN django_content_type c ON c.id = p.content_type_id "
            "WHERE gp.group_id = ? AND c.app_label = 'amendments' AND p.codename = 'view_staffrole'",
            (groups.get("Secretariat"),),
        ).fetchone()[0]
        assert database.execute("SELECT COUNT(*) FROM amendments_user").fetchone()[0] == 0
    assert {"Secretariat", "Chair"} <= set(groups)
    assert views == 1  # the admin's read-only views, for the models of today too

    result = manage(migrated_sqlite, "createsecretariat", "first@example.org", "--body", BODY)
    assert result.returncode == 0, result.stderr
    assert f"first@example.org (created) is secretariat of {BODY} (created)." in result.stdout
    assert "http://127.0.0.1:8000/accounts/reset/" in result.stdout
    with sqlite3.connect(migrated_sqlite) as database:
        [(user_id, username, is_staff)] = database.execute("SELECT id, username, is_staff FROM amendments_user")
        in_groups = database.execute("SELECT group_id FROM amendments_user_groups WHERE user_id = ?", (user_id,))
        roles = database.execute(
            "SELECT w.name, r.role FROM amendments_staffrole r JOIN amendments_workinggroup w ON w.id = r.working_group_id"
        ).fetchall()
    assert (username, is_staff) == ("first@example.org", 1)
    assert [row[0] for row in in_groups] == [groups["Secretariat"]]
    assert roles == [(BODY, "secretariat")]


def test_bad_input_gives_one_line_and_status_2_and_creates_nothing(migrated_sqlite):
    for args, said in (
        (("not-an-address", "--body", BODY), "'not-an-address' is not an e-mail address."),
        (("first@example.org", "--body", "   "), "The working group's name must have 1 to 300 characters."),
    ):
        result = manage(migrated_sqlite, "createsecretariat", *args)
        assert (result.returncode, result.stderr.strip()) == (2, f"CommandError: {said}"), result.stderr
    missing = manage(migrated_sqlite, "createsecretariat", "first@example.org")
    assert missing.returncode == 2 and "--body" in missing.stderr
    empty = manage(migrated_sqlite, "createsecretariat", "first@example.org", "--body", BODY, "--password-stdin")
    assert empty.returncode == 2 and "standard input holds no password" in empty.stderr
    with sqlite3.connect(migrated_sqlite) as database:
        assert database.execute("SELECT COUNT(*) FROM amendments_workinggroup").fetchone()[0] == 0
        assert database.execute("SELECT COUNT(*) FROM amendments_user").fetchone()[0] == 0


def test_the_printed_link_sets_the_password_once_and_the_officer_logs_in():
    output = _run("first@example.org", "--body", BODY)
    path = urlsplit(_link(output)).path
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.status_code == 200
    officer = User.objects.get(username="first@example.org")
    assert officer.check_password(NEW_PASSWORD)
    assert b"This link no longer works" in Client().get(path, follow=True).content

    login = Client()
    response = login.post(reverse("login"), {"username": "first@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert login.session["_auth_user_id"] == str(officer.pk)
    page = login.get(reverse("working-groups"))
    assert page.status_code == 200 and BODY in page.content.decode()
    assert officer.is_secretariat and officer.is_staff


def test_with_password_stdin_the_password_is_set_and_no_link_printed(monkeypatch):
    output = _run(
        "first@example.org", "--body", BODY, "--password-stdin", stdin=NEW_PASSWORD + "\n", monkeypatch=monkeypatch
    )
    assert "/accounts/reset/" not in output
    assert User.objects.get(username="first@example.org").check_password(NEW_PASSWORD)
    with pytest.raises(CommandError, match="too common|too short|similar"):
        _run("second@example.org", "--body", BODY, "--password-stdin", stdin="password\n", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="second@example.org").exists()


def test_run_again_it_changes_nothing_and_an_existing_user_gets_the_role():
    _run("first@example.org", "--body", BODY)
    _run("first@example.org", "--body", BODY)
    existing = User.objects.create_user("sofia", email="sofia@example.org")
    output = _run("sofia@example.org", "--body", BODY)
    assert f"sofia (existing) is secretariat of {BODY} (existing)." in output
    assert WorkingGroup.objects.count() == 1
    assert set(StaffRole.objects.values_list("user__username", "role")) == {
        ("first@example.org", "secretariat"),
        ("sofia", "secretariat"),
    }
    assert set(Group.objects.get(name=User.SECRETARIAT).user_set.all()) == set(User.objects.all())
    assert User.objects.get(pk=existing.pk).is_staff
