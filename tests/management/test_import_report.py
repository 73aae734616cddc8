"""`manage.py import_report FILE`: a new report from a document, shown first with --dry-run."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from amendments.exporters.clean_draft import to_docx
from amendments.models import Paragraph, Report
from amendments.queries.snapshots import report_document
from tests.helpers import manage
from tests.wordfiles import make_docx, p, r

pytestmark = pytest.mark.django_db


@pytest.fixture
def wgec_docx(wgec, tmp_path):
    path = tmp_path / "wgec.docx"
    path.write_bytes(to_docx(report_document(wgec)))
    return path


def test_dry_run_prints_what_would_be_created_and_creates_nothing(wgec, wgec_docx, capsys):
    call_command("import_report", str(wgec_docx), dry_run=True)
    out = capsys.readouterr().out
    assert "== Recommendations [recommendations]" in out
    assert "15. It should be further noted" in out
    assert "footnote 9:" in out
    assert "6 section(s), 38 paragraph(s), 22 sub-item(s), 9 footnote(s). Nothing was created (--dry-run)." in out
    assert list(Report.objects.all()) == [wgec]


def test_the_command_creates_a_second_report_beside_the_wgec_one(wgec, wgec_docx, capsys):
    call_command("import_report", str(wgec_docx), title="Draft report, second reading")
    new = Report.objects.exclude(pk=wgec.pk).get()
    assert (new.title, new.subtitle, new.body) == ("Draft report, second reading", wgec.subtitle, wgec.body)
    assert f"Created report {new.pk}" in capsys.readouterr().out
    numbers = list(
        Paragraph.objects.filter(section__report=new, section__key="recommendations", parent=None).values_list(
            "number", flat=True
        )
    )
    assert numbers == [str(n) for n in range(1, 20)]
    assert (
        Paragraph.objects.filter(section__report=new).count() == Paragraph.objects.filter(section__report=wgec).count()
    )
    assert new.history.get().history_change_reason == f"Started from {wgec_docx}"
    assert Report.objects.current() == wgec


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Not a .docx, PDF or UTF-8 text file."),
        (make_docx(p(r(" "))), "The file has no paragraphs to start a report from."),
    ],
    ids=["empty", "an-image", "no-paragraphs"],
)
def test_bad_input_exits_with_one_line_and_creates_nothing(tmp_path, content, message):
    path = tmp_path / "draft.docx"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_report", str(path))
    assert refused.value.returncode == 2
    assert str(refused.value) == f"{path}: {message}"
    assert not Report.objects.exists()


def test_a_document_without_a_title_needs_one(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text("1. The only paragraph of the draft, which has no title at all.\n")
    with pytest.raises(CommandError, match="the document has no title; give one with --title"):
        call_command("import_report", str(path))
    call_command("import_report", str(path), dry_run=True)
    assert "Title: (none: give one with --title)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="The report needs the name of the body that writes it."):
        call_command("import_report", str(path), title="A draft")
    call_command("import_report", str(path), title="A draft", body="Working Group on Data")
    assert (Report.objects.get().title, Report.objects.get().body) == ("A draft", "Working Group on Data")


def test_an_operator_runs_it_from_the_shell(migrated_sqlite, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(make_docx(p(r("A draft")) + p(r("1.\tThe first paragraph.")) + p(r("2.\tThe second."))))
    result = manage(migrated_sqlite, "import_report", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "1. The first paragraph." in result.stdout
    missing = manage(migrated_sqlite, "import_report", str(tmp_path / "nothing.docx"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines()[-1].endswith("nothing.docx: no such file.")


def test_the_rolling_document_is_shown_with_its_submissions_then_created_as_a_compilation(wgec, capsys):
    from amendments.models import Submission

    seed = "fixtures/seeds/seed_004_rolling_document.txt"
    call_command("import_report", seed, dry_run=True)
    out = capsys.readouterr().out
    assert "-- 2. Draft recommendations submitted by Japan (7 February 2014)\n   from Japan, 2014-02-07" in out
    assert "9 section(s), 20 submission(s), 171 paragraph(s), 0 sub-item(s), 4 footnote(s). Nothing was created" in out
    assert not Report.objects.filter(kind=Report.Kind.COMPILATION).exists()
    call_command("import_report", seed)
    report = Report.objects.get(kind=Report.Kind.COMPILATION)
    assert Submission.objects.filter(section__report=report).count() == 20
    assert f"Created report {report.pk}" in capsys.readouterr().out
