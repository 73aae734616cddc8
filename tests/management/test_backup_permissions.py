"""A backup holds password hashes, e-mail addresses and private drafts: only its owner may read it."""

import gzip
import io
import json
import os
import stat

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

FORMATS = ["wgec.json", "wgec.json.gz"]


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most servers run with (files 0644 unless the program says otherwise)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _rows(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        return json.load(file)


@pytest.mark.parametrize("name", FORMATS)
def test_a_new_backup_is_readable_by_its_owner_only(tmp_path, russia_delegate, name):
    target = tmp_path / name
    call_command("backup", output=str(target), stdout=io.StringIO())
    assert _mode(target) == 0o600
    users = [row for row in _rows(target) if row["model"] == "amendments.user"]
    assert any(row["fields"]["username"] == russia_delegate.username for row in users)
    assert [path.name for path in tmp_path.iterdir()] == [name]  # no temporary file left behind


@pytest.mark.parametrize("name", FORMATS)
def test_a_backup_written_over_a_readable_file_is_readable_by_its_owner_only(tmp_path, russia_delegate, name):
    target = tmp_path / name
    target.write_bytes(b"an older backup")
    target.chmod(0o644)
    call_command("backup", output=str(target), stdout=io.StringIO())
    assert _mode(target) == 0o600
    assert _rows(target)  # the new backup, not the old bytes
