"""Backup and restore: the round trip loses nothing, history included."""

import json

from tests.helpers import manage

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
actions.comments.comment(user=russia, text="Thread.", amendment=a)
actions.decisions.decide([a.pk], decision="accept", user=officer)
actions.revisions.issue_revision(rec_3.section.report_id, name="Rev.1", date=datetime.date(2018, 1, 15), user=officer)
"""


def _dump(db, path):
    result = manage(db, "dumpdata", "--format", "wgecjson", "--natural-foreign", "--natural-primary", "-e", "contenttypes",
                    "-e", "auth.permission", "-e", "sessions", "-o", str(path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(path.read_text())
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_backup_and_restore_round_trip_loses_nothing(wgec_sqlite, tmp_path):
    # The target is a new file: restoring migrates it first.
    source, target = wgec_sqlite, tmp_path / "target.sqlite3"
    assert manage(source, "load_demo").returncode == 0
    result = manage(source, "shell", input_script=SCENARIO)
    assert result.returncode == 0, result.stderr

    backup = tmp_path / "wgec.json.gz"
    result = manage(source, "backup", "-o", str(backup))
    assert result.returncode == 0, result.stderr
    result = manage(target, "restore", str(backup))
    assert result.returncode == 0, result.stderr

    before, after = _dump(source, tmp_path / "a.json"), _dump(target, tmp_path / "b.json")
    assert after == before
    models = {json.loads(row)["model"] for row in before}
    assert {"amendments.historicalparagraph", "amendments.historicalamendment", "amendments.revision"} <= models
    assert len(before) > 200


def test_restore_refuses_a_database_that_is_not_empty(wgec_sqlite, tmp_path):
    db = wgec_sqlite
    backup = tmp_path / "b.json"
    assert manage(db, "backup", "-o", str(backup)).returncode == 0
    result = manage(db, "restore", str(backup))
    assert result.returncode == 2
    assert "The database is not empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_of_a_missing_or_broken_file_fails_cleanly(migrated_sqlite, tmp_path):
    db = migrated_sqlite
    result = manage(db, "restore", str(tmp_path / "nothing.json"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "amendments.paragraph", "fields": {')
    result = manage(db, "restore", str(broken))
    assert result.returncode == 2 and "could not be loaded" in result.stderr and "Traceback" not in result.stderr
