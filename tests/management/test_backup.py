"""Backup and restore: the round trip loses nothing, history included."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = """
import datetime
from amendments import actions
from amendments.models import Paragraph, User
rec_3 = Paragraph.objects.get(section__key="recommendations", number="3", parent=None)
officer, russia = User.objects.get(username="secretariat"), User.objects.get(username="russia")
actions.draft.edit_paragraph(rec_3.pk, text=rec_3.text + " Edited.", expected_version=rec_3.version, user=officer, reason="Test")
rec_3.refresh_from_db()
a = actions.amendments.propose(user=russia, paragraph_id=rec_3.pk, kind="modify", expected_paragraph_version=rec_3.version,
                     proposed_text=rec_3.text + " Russian.", submit=True)
actions.amendments.comment(user=russia, text="Thread.", amendment=a)
actions.decisions.decide([a.pk], decision="accept", user=officer)
actions.revisions.issue_revision(rec_3.section.report_id, name="Rev.1", date=datetime.date(2018, 1, 15), user=officer)
"""


def _manage(db, *args, input_script=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{db}", SECRET_KEY="backup-test", STATIC_MANIFEST="0", HTTPS="0")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        input=input_script,
    )  # fmt: skip


def _dump(db, path):
    result = _manage(db, "dumpdata", "--format", "wgecjson", "--natural-foreign", "--natural-primary", "-e", "contenttypes",
                     "-e", "auth.permission", "-e", "sessions", "-o", str(path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(path.read_text())
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_backup_and_restore_round_trip_loses_nothing(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    for step in (("migrate", "-v0"), ("load_wgec",), ("load_demo",)):
        assert _manage(source, *step).returncode == 0
    result = _manage(source, "shell", input_script=SCENARIO)
    assert result.returncode == 0, result.stderr

    backup = tmp_path / "wgec.json.gz"
    result = _manage(source, "backup", "-o", str(backup))
    assert result.returncode == 0, result.stderr
    result = _manage(target, "restore", str(backup))
    assert result.returncode == 0, result.stderr

    before, after = _dump(source, tmp_path / "a.json"), _dump(target, tmp_path / "b.json")
    assert after == before
    models = {json.loads(row)["model"] for row in before}
    assert {"amendments.historicalparagraph", "amendments.historicalamendment", "amendments.revision"} <= models
    assert len(before) > 200


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    db = tmp_path / "db.sqlite3"
    assert _manage(db, "migrate", "-v0").returncode == 0
    assert _manage(db, "load_wgec").returncode == 0
    backup = tmp_path / "b.json"
    assert _manage(db, "backup", "-o", str(backup)).returncode == 0
    result = _manage(db, "restore", str(backup))
    assert result.returncode == 2
    assert "The database is not empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_of_a_missing_or_broken_file_fails_cleanly(tmp_path):
    db = tmp_path / "db.sqlite3"
    result = _manage(db, "restore", str(tmp_path / "nothing.json"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "amendments.paragraph", "fields": {')
    result = _manage(db, "restore", str(broken))
    assert result.returncode == 2 and "could not be loaded" in result.stderr and "Traceback" not in result.stderr
