"""`manage.py import_members FILE --body NAME`: the members' list in from the command line, shown first with --dry-run."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from amendments.models import Participant, User
from tests.helpers import as_csv, as_xlsx, members_list

pytestmark = pytest.mark.django_db


def _people() -> int:
    return User.objects.filter(username__endswith="@example.org").count()


def test_dry_run_prints_the_plan_and_changes_nothing(wgec, tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(as_csv(members_list()))
    call_command("import_members", str(path), body=wgec.working_group.name, dry_run=True)
    out = capsys.readouterr().out
    assert "New delegation: Delegation 05 (Academic community, Observer)" in out
    assert "New user: Person Number40 <person40@example.org>, Delegation 15" in out
    assert "Nothing was changed (--dry-run)." in out
    assert _people() == 0 and not Participant.objects.filter(name="Delegation 05").exists()


def test_the_command_creates_the_members_and_invites_them_then_changes_only_what_changed(
    wgec, tmp_path, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "members.xlsx"
    path.write_bytes(as_xlsx(members_list()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_members", str(path), body="cstd working group on enhanced cooperation")
    assert "40 users invited." in capsys.readouterr().out
    assert _people() == 40 and len(mail.outbox) == 40
    rows = members_list()
    rows[7][3] = "Person Renamed"
    path.write_bytes(as_xlsx(rows))
    call_command("import_members", str(path), body=wgec.working_group.name)
    out = capsys.readouterr().out
    assert "Changed user: person7@example.org: renamed Person Number7 -> Person Renamed" in out
    assert "Unchanged: 39 person(s)." in out and "0 users invited." in out


@pytest.mark.parametrize(
    ("content", "body", "message"),
    [
        (b"Delegation,Stakeholder group,Role,Name,E-mail\nMars,Martians,Member,Zork,zork@example.org\n", None,
         "1 bad row(s), nothing was changed: Row 2: unknown stakeholder group 'Martians'"),
        (b"Delegation,Name\n", None, "Missing: group, email"),
        (b"Delegation,Stakeholder group,Role,Name,E-mail\n", "No such body", "There is no working group named"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_status_2(wgec, tmp_path, content, body, message):
    path = tmp_path / "members.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)) as refused:
        call_command("import_members", str(path), body=body or wgec.working_group.name)
    assert refused.value.returncode == 2 and "\n" not in str(refused.value)
    assert _people() == 0


def test_a_missing_file_is_refused(wgec, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_members", str(tmp_path / "absent.csv"), body=wgec.working_group.name)
