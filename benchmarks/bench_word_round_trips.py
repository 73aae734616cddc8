"""Word files the app writes, read back: spurious changes of each round trip of the WGEC draft.

1. The clean .docx export, unchanged, imported as a delegation's revised text; goal: 0 changes.
2. The same file opened and saved again by LibreOffice (as a member without Word sends it); goal: 0.
3. The Word redline of the submitted amendments, imported as tracked changes with each author mapped
   to the delegation of that name: the amendments it gives against those it was written from, counted
   both ways (made but not there, there but not made); goal: 0.
4. The Word redline saved again by LibreOffice, the same way; goal: 0.
Every import goes through `stage` and `confirm`, as the review page does, and is rolled back after.

Run: python benchmarks/bench_word_round_trips.py (a temporary SQLite database; DATABASE_URL picks
another). Needs soffice for 2 and 4; without it those fail.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from amendments import actions  # noqa: E402
from amendments.exporters.clean_draft import to_docx  # noqa: E402
from amendments.exporters.word_redline import redline_docx  # noqa: E402
from amendments.models import Amendment, Import, Participant, Report, User  # noqa: E402
from amendments.queries.redline_inputs import redline_document  # noqa: E402
from amendments.queries.snapshots import report_document  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


class _Rollback(Exception):
    pass


def _saved_by_libreoffice(data: bytes) -> bytes | None:
    if SOFFICE is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder, "in", "draft.docx"), Path(folder, "out")
        source.parent.mkdir()
        source.write_bytes(data)
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (out / "draft.docx").read_bytes()


def _submitted() -> list[tuple]:
    rows = Amendment.objects.filter(status=Amendment.Status.SUBMITTED).select_related("participant")
    return sorted((a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number) for a in rows)


def _revised_text_changes(report: Report, user: User, data: bytes) -> int:
    """The draft amendments a delegation's unchanged file would create."""
    try:
        with transaction.atomic():
            staged = actions.imports.stage(
                report, user=user, kind=Import.Kind.REVISED_TEXT, data=data, filename="draft.docx",
                participant=user.participant,
            )  # fmt: skip
            done = actions.imports.confirm(staged.pk, user=user)
            count = len(done.result["amendments"])
            raise _Rollback
    except _Rollback:
        return count


def _redline_differences(report: Report, officer: User, data: bytes) -> int:
    """Amendments made from the redline that were not there, plus those there that were not made."""
    expected = _submitted()
    try:
        with transaction.atomic():
            staged = actions.imports.stage(
                report, user=officer, kind=Import.Kind.WORD_CHANGES, data=data, filename="redline.docx"
            )
            names = dict(Participant.objects.values_list("name", "pk"))
            mapping = {author: names[author] for author in staged.plan["authors"] if author in names}
            done = actions.imports.confirm(staged.pk, user=officer, mapping=mapping)
            made = sorted(
                (a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number)
                for a in Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("participant")
            )
            raise _Rollback
    except _Rollback:
        pass
    extra = [row for row in made if row not in expected]
    missing = [row for row in expected if row not in made]
    return len(extra) + len(missing)


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("load_wgec", verbosity=0)
    report = Report.objects.current()
    delegate = User.objects.create_user("bench-delegate", participant=Participant.objects.get(name="Japan"))
    officer = User.objects.create_user("bench-officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=User.SECRETARIAT))  # the group exists from a migration
    clean = to_docx(report_document(report))
    redline = redline_docx(redline_document(report))
    print(f"WGEC draft: {len(_submitted())} submitted amendments in the redline")
    failed = False
    trips = [
        ("clean .docx, unchanged", lambda: _revised_text_changes(report, delegate, clean)),
        ("clean .docx saved by LibreOffice", lambda: _revised_text_changes(report, delegate, _need(clean))),
        ("Word redline", lambda: _redline_differences(report, officer, redline)),
        ("Word redline saved by LibreOffice", lambda: _redline_differences(report, officer, _need(redline))),
    ]
    for name, run in trips:
        start = time.perf_counter()
        try:
            spurious = run()
        except RuntimeError as error:
            print(f"  {name}: {error}")
            failed = True
            continue
        ok = spurious == 0
        failed |= not ok
        print(
            f"  {name}: {spurious} spurious changes (goal 0) in {time.perf_counter() - start:.2f} s {'ok' if ok else 'MISSED'}"
        )
    return 1 if failed else 0


def _need(data: bytes) -> bytes:
    saved = _saved_by_libreoffice(data)
    if saved is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: not measured")
    return saved


if __name__ == "__main__":
    sys.exit(main())
