"""Round trips of the WGEC draft through the forms members send it back in: nothing changed, no change.

The draft is exported, made into a PDF by LibreOffice as a member's word processor would, read back by
pdftotext (with and without -layout) or uploaded as the PDF itself, and imported as a revised text:
staged and confirmed as the secretariat does. A round trip without edits creates no draft amendment;
with edits made in the .docx first, exactly those. The PDF is also typeset double-spaced and with
running headers, footers and page numbers, as members' own PDFs are. The conversions take seconds, so
each file is converted once per module.
"""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from amendments import actions
from amendments.exporters import clean_draft
from amendments.models import Amendment, Import, Paragraph, Report
from amendments.queries.snapshots import report_document

pytestmark = pytest.mark.django_db

TOOLS = shutil.which("soffice") and shutil.which("pdftotext")
needs_tools = pytest.mark.skipif(not TOOLS, reason="LibreOffice (soffice) and pdftotext are needed")

# Edits a member makes in the .docx: (text in the paragraph, replaced by).
EDITS = [
    ("posted the questions through a dedicated", "posted the questions through a special"),
    ("Ambassador Benedicto Fonseca Filho, from Brazil", "Ambassador Benedicto Fonseca Filho of Brazil"),
    ("Responsiveness to innovation", "Openness to innovation"),
]


def _double_spaced(word: docx.document.Document) -> None:
    for paragraph in word.paragraphs:
        paragraph.paragraph_format.line_spacing = 2.0


def _with_page_furniture(word: docx.document.Document) -> None:
    """A running header, a footer with the document's symbol and the page number, as UN documents have."""
    for section in word.sections:
        section.header.paragraphs[0].text = "Working Group on Enhanced Cooperation – Draft report"
        footer = section.footer.paragraphs[0]
        footer.text = "WGEC/2017/DR.1   Page "
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _edited(word: docx.document.Document) -> None:
    """The member's edits, each within one run of text (footnote references are runs of their own)."""
    for old, new in EDITS:
        run = next(r for p in word.paragraphs for r in p.runs if old in r.text)
        run.text = run.text.replace(old, new)


def _rewritten(data: bytes, *changes) -> bytes:
    word = docx.Document(io.BytesIO(data))
    for change in changes:
        change(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


VARIANTS = {
    "plain": (),
    "double-spaced": (_double_spaced,),
    "page-furniture": (_with_page_furniture,),
    "edited": (_edited,),
}


@pytest.fixture(scope="module")
def wgec_docx(django_db_blocker) -> bytes:
    with django_db_blocker.unblock():
        return clean_draft.to_docx(report_document(Report.objects.get()))


@pytest.fixture(scope="module")
def pdfs(wgec_docx) -> dict[str, bytes]:
    """Each variant of the .docx export as LibreOffice makes it into a PDF, in one conversion run."""
    if not TOOLS:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed")
    folder = Path(tempfile.mkdtemp(prefix="wgec-pdf-"))
    try:
        for name, changes in VARIANTS.items():
            (folder / f"{name}.docx").write_bytes(_rewritten(wgec_docx, *changes))
        profile = folder / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in VARIANTS)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return {name: (folder / f"{name}.pdf").read_bytes() for name in VARIANTS}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pdftotext(pdf: bytes, *options: str) -> bytes:
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return result.stdout


def import_revised_text(report: Report, user, data: bytes, filename: str) -> list[Amendment]:
    """Stage the file as the secretariat does and confirm the plan: the draft amendments it creates."""
    staged = actions.imports.stage(
        report, user=user, kind=Import.Kind.REVISED_TEXT, data=data, filename=filename,
        participant=user.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=user)
    return list(Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("paragraph"))


def _reading(variant: str, form: str, pdfs: dict[str, bytes]) -> tuple[bytes, str]:
    pdf = pdfs[variant]
    if form == "pdf":
        return pdf, f"{variant}.pdf"
    return pdftotext(pdf, *(("-layout",) if form == "layout" else ())), f"{variant}.txt"


@needs_tools
@pytest.mark.parametrize("form", ["layout", "default", "pdf"])
@pytest.mark.parametrize("variant", ["plain", "double-spaced", "page-furniture"])
def test_unchanged_draft_through_pdf_creates_no_amendment(wgec, russia_delegate, pdfs, variant, form):
    before = Amendment.objects.count()
    data, filename = _reading(variant, form, pdfs)

    created = import_revised_text(wgec, russia_delegate, data, filename)

    assert [(a.kind, a.paragraph.label, a.proposed_text) for a in created] == []
    assert Amendment.objects.count() == before


@needs_tools
@pytest.mark.parametrize("form", ["layout", "default", "pdf"])
def test_edits_made_in_the_docx_come_back_as_exactly_those_amendments(wgec, russia_delegate, pdfs, form):
    data, filename = _reading("edited", form, pdfs)

    created = import_revised_text(wgec, russia_delegate, data, filename)

    expected = {}
    for old, new in EDITS:
        paragraph = Paragraph.objects.get(text__contains=old)
        expected[paragraph.pk] = paragraph.text.replace(old, new)
    assert {a.paragraph_id: a.proposed_text for a in created} == expected
    assert {a.kind for a in created} == {Amendment.Kind.MODIFY}
    assert all(a.participant == russia_delegate.participant for a in created)


def test_unchanged_txt_export_creates_no_amendment(wgec, russia_delegate):
    text = clean_draft.to_txt(report_document(wgec))

    created = import_revised_text(wgec, russia_delegate, text.encode(), "draft.txt")

    assert [(a.kind, a.paragraph.label) for a in created] == []


def test_txt_export_with_edits_gives_exactly_those_amendments(wgec, russia_delegate):
    text = clean_draft.to_txt(report_document(wgec))
    expected = {}
    for old, new in EDITS:
        paragraph = Paragraph.objects.get(text__contains=old)
        expected[paragraph.pk] = paragraph.text.replace(old, new)
        text = _replace_across_wraps(text, old, new)

    created = import_revised_text(wgec, russia_delegate, text.encode(), "draft.txt")

    assert {a.paragraph_id: a.proposed_text for a in created} == expected


def _replace_across_wraps(text: str, old: str, new: str) -> str:
    """Replace ``old`` in wrapped text, whatever line breaks and indentation fall between its words."""
    pattern = r"\s+".join(re.escape(word) for word in old.split())
    edited, count = re.subn(pattern, new, text, count=1)
    assert count == 1, old
    return edited


def test_unchanged_html_export_creates_no_amendment(wgec, russia_delegate):
    page = clean_draft.to_html(report_document(wgec))

    created = import_revised_text(wgec, russia_delegate, page.encode(), "draft.html")

    assert [(a.kind, a.paragraph.label) for a in created] == []


def test_html_export_with_edits_gives_exactly_those_amendments(wgec, russia_delegate):
    page = clean_draft.to_html(report_document(wgec))
    expected = {}
    for old, new in EDITS:
        paragraph = Paragraph.objects.get(text__contains=old)
        expected[paragraph.pk] = paragraph.text.replace(old, new)
        page = _replace_across_wraps(page, old, new)

    created = import_revised_text(wgec, russia_delegate, page.encode(), "draft.html")

    assert {a.paragraph_id: a.proposed_text for a in created} == expected
