"""The clean draft printed with line numbers: every paragraph in its fixed lines, each line after its
number, as the report page shows them; and the print read back (pdftotext) as a member's revised text
proposes no change: the importer takes the numbers off and joins the lines again."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.core.line_numbers import wrap
from amendments.exporters import clean_draft
from amendments.models import Amendment, Import, Report
from amendments.queries.snapshots import report_document
from tests.helpers import paragraph

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is needed"),
]


def pdftotext(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def numbered_pdf(django_db_blocker) -> bytes:
    with django_db_blocker.unblock():
        return clean_draft.to_pdf(report_document(Report.objects.get()), line_numbers=True)


def test_each_line_of_a_paragraph_reads_after_its_number(wgec, numbered_pdf):
    text = pdftotext(numbered_pdf).split("\n")
    lines = wrap(paragraph("introduction", "2").text)
    assert len(lines) > 2

    for line in lines:
        assert f"{line.number} {line.text}" in text


def test_every_paragraph_of_the_draft_is_in_the_print_line_by_line(wgec, numbered_pdf):
    printed = set(pdftotext(numbered_pdf).split("\n"))
    missing = [
        (block.number, line.number)
        for section in report_document(wgec).sections
        for block in section.blocks
        if not block.footnotes  # a footnote mark adds its number to the line
        for line in wrap(block.text)
        if f"{line.number} {line.text}" not in printed
    ]
    assert missing == []


def test_the_plain_pdf_has_no_line_numbers(wgec):
    text = pdftotext(clean_draft.to_pdf(report_document(wgec))).split("\n")
    first = wrap(paragraph("introduction", "2").text)[0]
    assert f"1 {first.text}" not in text


def test_the_numbered_pdf_downloads_from_the_report_page(wgec, russia_delegate):
    client = Client()
    client.force_login(russia_delegate)
    page = client.get(reverse("report", args=[wgec.pk])).content.decode()
    url = reverse("export-current", args=[wgec.pk, "pdf"]) + "?lines=on"
    assert f'href="{url}">PDF with line numbers</a>' in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-lines.pdf"')
    first = wrap(paragraph("introduction", "2").text)[0]
    assert f"1 {first.text}" in pdftotext(response.content).split("\n")


def test_the_command_writes_the_numbered_pdf(wgec, tmp_path):
    out = tmp_path / "draft.pdf"
    call_command("export_draft", "--format", "pdf", "--line-numbers", "-o", str(out), stdout=io.StringIO())

    first = wrap(paragraph("introduction", "2").text)[0]
    assert f"1 {first.text}" in pdftotext(out.read_bytes()).split("\n")


def test_the_numbered_print_read_back_as_a_revised_text_proposes_no_change(wgec, russia_delegate, numbered_pdf):
    before = Amendment.objects.count()
    text = pdftotext(numbered_pdf)
    assert "1 " + wrap(paragraph("introduction", "2").text)[0].text in text  # the numbers are there to take off

    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=text.encode(), filename="draft.txt",
        participant=russia_delegate.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=russia_delegate)

    assert done.result["amendments"] == []
    assert Amendment.objects.count() == before


def test_an_edit_in_the_numbered_print_comes_back_as_that_amendment(wgec, russia_delegate, numbered_pdf):
    target = paragraph("introduction", "2")
    line = wrap(target.text)[1]
    edited_line = line.text.replace("the", "THE", 1)
    text = pdftotext(numbered_pdf).replace(f"2 {line.text}\n", f"2 {edited_line}\n", 1)
    assert edited_line in text

    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=text.encode(), filename="draft.txt",
        participant=russia_delegate.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=russia_delegate)

    created = Amendment.objects.filter(pk__in=done.result["amendments"])
    expected = target.text[: line.start] + edited_line + target.text[line.end :]
    assert [(a.paragraph_id, a.proposed_text) for a in created] == [(target.pk, expected)]


def test_the_numbered_pdf_itself_uploaded_as_a_revised_text_proposes_no_change(wgec, russia_delegate, numbered_pdf):
    before = Amendment.objects.count()

    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=numbered_pdf, filename="draft.pdf",
        participant=russia_delegate.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=russia_delegate)

    assert done.result["amendments"] == []
    assert Amendment.objects.count() == before
