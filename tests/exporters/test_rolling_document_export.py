"""The compilation export reproduces the rolling document (seed 004), and reads back as what it wrote.

The seed-004 report is the one `load_wgec` stores from fixtures/seeds/seed_004_rolling_document.txt;
its .docx and PDF are downloaded as a member downloads them, their text extracted (python-docx;
`pdftotext`) and compared word by word with the seed. What the comparison sets aside as layout is
in `core.rolling_document_text.compare_export`; the figures and judgements are in
fixtures/seeds/seed_004_NOTES.md.
"""

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from amendments.core.rolling_document import read_rolling_document
from amendments.core.rolling_document_text import compare_export
from amendments.exporters import rolling_document
from amendments.importers.compilation import read_rolling_text
from amendments.importers.report import read_report
from amendments.queries.snapshots import report_document

SEED_TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_004_rolling_document.txt").read_text(
    encoding="utf-8"
)
SEED = read_rolling_document(SEED_TEXT)
FOOTNOTES = [(n.mark, n.text) for n in SEED.abstract.footnotes] + [
    (n.mark, n.text) for group in SEED.groups for source in group.sources for n in source.footnotes
]
# The one difference: the seed's table of contents lost annex 1's final "." to its dot leaders (its
# heading has it); the export's contents print the heading as it is.
KNOWN = ("'recommendations' -> 'recommendations.'",)


@pytest.fixture(scope="module")
def document():
    return read_rolling_text(SEED_TEXT)


def _docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)


def _pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    ).stdout.decode()


def _compared(text: str, what: str):
    result = compare_export(SEED_TEXT, text, FOOTNOTES, SEED.groups[0].heading)
    words = result.words
    print(f"{what}: {words.compared} words compared, {words.differing} differing {words.differences}; "
          f"set aside as layout: {result.layout}; footnotes {result.footnotes_found} of {len(FOOTNOTES)}")  # fmt: skip
    return result


def test_the_text_export_reads_back_as_the_compilation(document):
    assert read_rolling_text(rolling_document.to_text(document)) == document


def test_the_docx_export_reads_back_as_the_compilation(document):
    data = rolling_document.to_docx(document)
    assert read_report(data, "compilation.docx") == document


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_docx_resaved_by_libreoffice_reads_back_as_the_compilation(document, tmp_path):
    source = tmp_path / "compilation.docx"
    source.write_bytes(rolling_document.to_docx(document))
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert read_report((tmp_path / "out" / "compilation.docx").read_bytes(), "compilation.docx") == document


@pytest.mark.django_db
def test_the_downloaded_docx_and_pdf_reproduce_the_rolling_document_word_for_word(client, compilations, japan_delegate):
    client.force_login(japan_delegate)
    report = compilations["rolling"]
    downloads = {fmt: client.get(f"/reports/{report.pk}/compilation.{fmt}") for fmt in ("docx", "pdf")}
    assert all(response.status_code == 200 for response in downloads.values())
    for what, text in (("docx", _docx_text(downloads["docx"].content)), ("pdf", _pdftotext(downloads["pdf"].content))):
        result = _compared(text, what)
        assert result.words.compared > 6000
        assert result.words.differences == KNOWN, what
        assert result.footnotes_found == len(FOOTNOTES) == 4 and result.footnotes_missing == ()
        assert result.layout["page numbers"] > 0  # the contents' pages were there, and set aside


def test_the_comparison_finds_a_changed_word_and_a_lost_footnote(document):
    text = rolling_document.to_text(document).replace("equal footing", "unequal footing", 1)
    text = text.replace("⁴ Submitted on 25 November 2013", "Submitted on 25 November 2013", 1)
    result = compare_export(SEED_TEXT, text, FOOTNOTES, SEED.groups[0].heading)
    assert "'equal' -> 'unequal'" in result.words.differences
    assert result.footnotes_found == 3 and result.footnotes_missing[0].startswith("⁴ Submitted on 25 November")


@pytest.mark.django_db
def test_the_current_text_of_a_compilation_downloads_as_the_rolling_document(client, compilations, japan_delegate):
    client.force_login(japan_delegate)
    report = compilations["rolling"]
    text = client.get(f"/reports/{report.pk}/export.txt").content
    stored = report_document(report)
    back = read_report(text, "current.txt")
    assert back.kind == "compilation"
    assert [s.submissions for s in back.sections] == [
        tuple(sub.__class__(**{**vars(sub), "id": None}) for sub in s.submissions) for s in stored.sections
    ]


@pytest.mark.django_db
def test_the_command_exports_the_compilation_as_the_rolling_document(compilations, tmp_path):
    report = compilations["rolling"]
    target = tmp_path / "rolling.docx"
    call_command("export_compilation", "--report", str(report.pk), "-o", str(target))
    assert read_report(target.read_bytes(), "rolling.docx").title == "Proposals of Draft Recommendations"
    assert "GROUP E: Barriers for participation" in _docx_text(target.read_bytes())
