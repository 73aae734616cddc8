"""A compilation of proposals exported as the rolling document it is: the text reads back as the same
document, and the text and the PDF of the seed-004 report loaded in the database reproduce
fixtures/seeds/seed_004_rolling_document.txt word for word, layout apart."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from amendments.core.document import Document
from amendments.core.rolling_document_text import compare_layout
from amendments.exporters import proposals, proposals_docx
from amendments.importers.compilation import read_rolling_text
from amendments.importers.report import read_report
from amendments.queries.snapshots import report_document

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_004_rolling_document.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_DOCUMENT = read_rolling_text(SEED_TEXT)


def _footnotes(document: Document) -> list[str]:
    """Every footnote as printed, "³ This is based …": the layout normalisation takes them out wherever they stand."""
    notes = [note for section in document.sections for block in section.blocks for note in block.footnotes]
    notes += [note for section in document.sections for s in section.submissions for note in s.footnotes]
    return [f"{proposals.mark(note.number)} {note.text}" for note in notes]


def test_the_text_export_reads_back_as_the_same_document():
    assert read_rolling_text(proposals.to_text(SEED_DOCUMENT)) == SEED_DOCUMENT


def test_a_sub_bullet_is_indented_in_the_text_only_where_the_reader_needs_it():
    text = proposals.to_text(SEED_DOCUMENT)
    assert "\n - To make recommendations on how to fully implement" in text
    assert "\n- Introduction of the Report could focus" in text  # depth 1 under "I.", no space in the seed either


def test_the_text_upload_of_the_export_is_read_as_the_compilation():
    assert read_report(proposals.to_text(SEED_DOCUMENT).encode(), "rolling.txt") == SEED_DOCUMENT


@pytest.mark.django_db
def test_the_report_in_the_database_prints_the_seed(compilations):
    document = report_document(compilations["rolling"])
    assert document.kind == "compilation"
    assert read_rolling_text(proposals.to_text(document)) == SEED_DOCUMENT


@pytest.mark.django_db
def test_the_text_and_the_pdf_of_the_seed_report_differ_from_the_seed_only_in_layout(compilations):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text cannot be taken out")
    document = report_document(compilations["rolling"])
    pdf = proposals.to_pdf(document)
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for name, written in (("text", proposals.to_text(document)), ("pdf", pdf_text)):
        comparison = compare_layout(SEED_TEXT, written, _footnotes(document))
        words = comparison.words
        print(f"{name}: {words.compared} words compared, {words.differing} differing; layout {comparison.layout}")
        assert words.differences == ()
        assert words.differing == 0
        assert words.compared > 6000
        assert comparison.layout["footnote texts"] == 4
    assert comparison.layout["page numbers"] == pdf_text.count("\f")


def test_the_pdf_has_the_table_of_contents_with_real_page_numbers():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = proposals.to_pdf(SEED_DOCUMENT)
    pages = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages_text = pages.split("\f")
    annex_page = next(
        n
        for n, page in enumerate(pages_text, start=1)
        if "\nANNEX 2: Questionnaire" in "\n" + page and "....." not in page
    )
    toc = "".join(page for page in pages_text[1:4] if "......" in page)
    assert "Table of Contents" in toc
    entry = toc[toc.index("ANNEX 2: Questionnaire") :].split("\n\n")[0]
    assert entry.rstrip().endswith(f".{annex_page}")
    assert annex_page > 15


@pytest.mark.django_db
def test_the_compilation_route_downloads_a_compilation_report_as_the_rolling_document(
    client, compilations, russia_delegate
):
    client.force_login(russia_delegate)
    report = compilations["rolling"]
    response = client.get(reverse("export-compilation", args=[report.pk, "txt"]))
    assert response.status_code == 200
    assert read_rolling_text(response.content.decode()) == SEED_DOCUMENT
    assert response["Content-Disposition"].endswith('compilation.txt"')
    html = client.get(reverse("export-compilation", args=[report.pk, "html"]))
    assert b"Table of Contents" in html.content and b"GROUP A: Implementation" in html.content


@pytest.mark.django_db
def test_the_command_writes_a_compilation_report_as_the_rolling_document(compilations, tmp_path):
    out = tmp_path / "rolling.txt"
    call_command("export_compilation", "-o", str(out), "--report", str(compilations["rolling"].pk))
    assert read_rolling_text(out.read_text(encoding="utf-8")) == SEED_DOCUMENT


def _docx_text(data: bytes) -> str:
    """The .docx's words as Word shows them: the body's paragraphs (python-docx), then the footnotes."""
    import io

    import docx

    word = docx.Document(io.BytesIO(data))
    body = "\n\n".join(paragraph.text for paragraph in word.paragraphs)
    notes = [part for part in word.part.package.parts if part.partname.endswith("footnotes.xml")]
    texts = []
    for part in notes:
        root = part.element if hasattr(part, "element") else __import__("lxml.etree").etree.fromstring(part.blob)
        for note in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footnote"):
            words = "".join(
                t.text or "" for t in note.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
            )
            if words.strip():
                texts.append(words)
    return body, texts


def test_the_word_export_reads_back_as_the_same_document():
    assert read_report(proposals_docx.to_docx(SEED_DOCUMENT), "rolling.docx") == SEED_DOCUMENT


def test_the_word_export_resaved_by_libreoffice_reads_back_as_the_same_document(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the resave cannot be made")
    source = tmp_path / "in" / "rolling.docx"
    source.parent.mkdir()
    source.write_bytes(proposals_docx.to_docx(SEED_DOCUMENT))
    run = [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "docx"]
    subprocess.run([*run, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    assert read_report((tmp_path / "rolling.docx").read_bytes(), "rolling.docx") == SEED_DOCUMENT


@pytest.mark.django_db
def test_the_word_export_of_the_seed_report_differs_from_the_seed_only_in_layout(compilations):
    document = report_document(compilations["rolling"])
    body, notes = _docx_text(proposals_docx.to_docx(document))
    assert len(notes) == 4  # Word's own footnotes: their marks are Word's numbers, their texts at the page's foot
    numbered = [f"{proposals.mark(str(n))} {text.strip()}" for n, text in enumerate(notes, start=1)]
    marks = {note.split(" ", 1)[1] for note in numbered}
    assert marks == {note.split(" ", 1)[1] for note in _footnotes(document)}
    # Word prints a reference's number, not a character: the seed's marks are put back as the text has them.
    comparison = compare_layout(
        SEED_TEXT, _with_marks(body, document) + "\n\n" + "\n\n".join(numbered), _footnotes(document)
    )
    words = comparison.words
    print(f"docx: {words.compared} words compared, {words.differing} differing; layout {comparison.layout}")
    assert words.differences == ()
    assert comparison.layout["footnote texts"] == 4


def _with_marks(body: str, document: Document) -> str:
    """python-docx's paragraph text leaves out a footnote reference (Word prints its number): each mark is put
    back where the text export has it, so that a mark on the wrong paragraph would still differ."""
    for line in proposals.to_text(document).split("\n\n"):
        if any(char in line for char in "¹²³⁴⁵⁶⁷⁸⁹") and not line.startswith(tuple("¹²³⁴⁵⁶⁷⁸⁹")):
            plain = "".join(char for char in line if char not in "¹²³⁴⁵⁶⁷⁸⁹")
            before, found, after = body.rpartition(plain.strip())  # the last: the table of contents prints none
            body = before + (line.strip() if found else "") + after
    return body


def test_the_pdf_export_reads_back_as_the_same_document():
    assert read_report(proposals.to_pdf(SEED_DOCUMENT), "rolling.pdf") == SEED_DOCUMENT


@pytest.mark.django_db
def test_the_pdf_of_the_seed_report_reads_back_as_the_seed(compilations):
    assert read_report(proposals.to_pdf(report_document(compilations["rolling"])), "rolling.pdf") == SEED_DOCUMENT


@pytest.mark.django_db
def test_the_current_text_of_a_compilation_downloads_as_the_rolling_document(client, compilations, japan_delegate):
    client.force_login(japan_delegate)
    report = compilations["rolling"]
    for fmt in ("txt", "docx"):
        response = client.get(f"/reports/{report.pk}/export.{fmt}")
        assert response.status_code == 200
        back = read_report(response.content, f"current.{fmt}")
        assert back.kind == "compilation"
        assert [len(s.submissions) for s in back.sections] == [0, 3, 3, 4, 4, 3, 3, 0, 0]
