"""Round trips of the WGEC draft through the forms members send it back in: nothing changed, no change.

The draft is exported, made into a PDF by LibreOffice as a member's word processor would, read back by
pdftotext (with and without -layout) or uploaded as the PDF itself, and imported as a revised text:
staged and confirmed as the secretariat does. A round trip without edits creates no draft amendment;
with edits made in the .docx first, exactly those. The PDF is also typeset double-spaced and with
running headers, footers and page numbers, as members' own PDFs are. The conversions take seconds, so
each file is converted once per module.
"""

import io
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from django.db import transaction
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendments import actions
from amendments.core.document import Block, Document
from amendments.exporters import clean_draft
from amendments.importers import plans
from amendments.models import Amendment, Import, Paragraph, Report
from amendments.queries.snapshots import report_document
from tests.importers import generated_report

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


# -- N random edits in an export ---------------------------------------------------------------------

NEW_WORDS = ["strengthened", "multilateral", "comprehensive", "sustained", "regional", "voluntary"]
NEW_PARAGRAPH = "The Working Group further recommends that capacity building be sustained in every region."
NEW_ITEM = "Accountability towards all those concerned:"
EXPORTS = {"txt": clean_draft.to_txt, "md": clean_draft.to_md, "html": clean_draft.to_html}


def _places(text: str) -> list[int]:
    # A lowercase word for a lowercase word: a sentence keeps its capital, as a member's edit would.
    return [k for k, w in enumerate(text.split(" ")) if k and w.isalpha() and w.islower() and len(w) >= 4]


def _changed_word(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    k = rng.choice(_places(text))
    words[k] = rng.choice([w for w in NEW_WORDS if w != words[k]])
    return " ".join(words)


def _editable(block: Block) -> bool:
    return not block.footnotes and len(block.text.split()) >= 8 and block.id is not None and bool(_places(block.text))


class _Edits:
    """Edits made to the draft as a document, and the planned changes they must come back as."""

    def __init__(self, document: Document, rng: random.Random) -> None:
        self.document, self.rng, self.expected = document, rng, set()
        self.touched: set[int] = set()

    def _pick(self, candidates: list[Block]) -> Block:
        block = self.rng.choice([b for b in candidates if b.id not in self.touched])
        self.touched.add(block.id)
        return block

    def _blocks(self) -> list[Block]:
        return [b for s in self.document.sections for b in s.blocks]

    def _map(self, change) -> None:
        self.document = replace(
            self.document, sections=tuple(replace(s, blocks=tuple(change(s.blocks))) for s in self.document.sections)
        )

    def change_words(self) -> None:
        rows = [b for b in self._blocks() if _editable(b)] + [
            i for b in self._blocks() for i in b.items if i.kind == "item" and _editable(i)
        ]
        target = self._pick(rows)
        text = _changed_word(target.text, self.rng)
        self.expected.add(("modified", target.id, None, text))

        def edit(blocks):
            for b in blocks:
                items = tuple(replace(i, text=text) if i.id == target.id else i for i in b.items)
                yield replace(b, text=text if b.id == target.id else b.text, items=items)

        self._map(edit)

    def change_footnote(self) -> None:
        notes = [n for b in self._blocks() for row in (b, *b.items) for n in row.footnotes if n.id not in self.touched]
        target = self.rng.choice([n for n in notes if len(n.text.split()) >= 4 and _places(n.text)])
        self.touched.add(target.id)
        text = _changed_word(target.text, self.rng)
        self.expected.add(("modified", target.id, None, text))

        def edited(row: Block) -> Block:
            return replace(
                row, footnotes=tuple(replace(n, text=text) if n.id == target.id else n for n in row.footnotes)
            )

        self._map(lambda blocks: (replace(edited(b), items=tuple(map(edited, b.items))) for b in blocks))

    def delete_paragraph(self) -> None:
        # Not the first or last paragraph: a text without them is taken to cover only the rest.
        target = self._pick([b for b in self._blocks()[1:-1] if _editable(b) and not b.items])
        self.expected.add(("deleted", target.id, None, None))
        self._map(lambda blocks: (b for b in blocks if b.id != target.id))

    def insert_bis(self) -> None:
        numbers = {b.number for b in self._blocks()}  # after "7" where "7 bis" exists, the new one is "7 ter"
        target = self._pick(
            [
                b
                for b in self._blocks()
                if b.number.isdigit() and f"{b.number} bis" not in numbers and not b.items and b.id
            ]
        )
        self.expected.add(("inserted", target.id, f"{target.number} bis", NEW_PARAGRAPH))
        new = Block(kind="paragraph", text=NEW_PARAGRAPH, number=f"{target.number} bis")

        def insert(blocks):
            for b in blocks:
                yield b
                if b.id == target.id:
                    yield new

        self._map(insert)

    def add_item(self) -> None:
        target = self._pick([b for b in self._blocks() if b.items and b.items[-1].kind == "item"])
        self.expected.add(("inserted", target.items[-1].id, None, NEW_ITEM))
        new = Block(kind="item", text=NEW_ITEM)
        self._map(lambda blocks: (replace(b, items=(*b.items, new)) if b.id == target.id else b for b in blocks))


def _planned(plan: dict) -> set[tuple]:
    out = set()
    for e in plan["entries"]:
        if e["kind"] == "inserted":
            # A new sub-item has no number of its own: only the new paragraph's is checked.
            out.add(("inserted", e["after"], e["number"] if e["text"] == NEW_PARAGRAPH else None, e["text"]))
        elif e["kind"] in ("modified", "deleted"):
            out.add((e["kind"], e["draft"], None, e["text"] if e["kind"] == "modified" else None))
    return out


@pytest.fixture
def generated(db) -> Report:
    return generated_report.build()


@pytest.fixture(params=["wgec", "generated"])
def any_report(request) -> Report:
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("export", EXPORTS)
def test_the_generated_reports_exports_come_back_with_no_change(generated, export):
    data = EXPORTS[export](report_document(generated)).encode()

    assert _planned(plans.revised_text_plan(generated, data, f"revised.{export}")) == set()


@pytest.fixture(scope="module")
def generated_pdf_texts(django_db_blocker) -> dict[str, bytes]:
    """The generated report's .docx export through LibreOffice and pdftotext, with -layout and in its
    default reading order (the report built, then rolled back)."""
    if not TOOLS:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed")
    with django_db_blocker.unblock(), transaction.atomic():
        data = clean_draft.to_docx(report_document(generated_report.build()))
        transaction.set_rollback(True)
    folder = Path(tempfile.mkdtemp(prefix="generated-pdf-"))
    try:
        (folder / "generated.docx").write_bytes(data)
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(folder / "generated.docx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        pdf = (folder / "generated.pdf").read_bytes()
        return {"layout": pdftotext(pdf, "-layout"), "default": pdftotext(pdf)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@needs_tools
@pytest.mark.parametrize("form", ["layout", "default"])
def test_the_generated_report_through_pdf_and_pdftotext_comes_back_with_no_change(generated, generated_pdf_texts, form):
    # Without -layout, pdftotext prints some words of justified lines and beside Arabic quotations
    # lines further on, alone, and others one per line: the reader puts them back.
    assert _planned(plans.revised_text_plan(generated, generated_pdf_texts[form], "generated.txt")) == set()


@pytest.mark.parametrize("export", EXPORTS)
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10**6),
    words=st.integers(1, 4),
    notes=st.integers(0, 2),
    structure=st.sets(st.sampled_from(["delete", "bis", "item"])),
)
def test_an_export_with_random_edits_plans_exactly_those_edits(any_report, export, seed, words, notes, structure):
    edits = _Edits(report_document(any_report), random.Random(seed))
    for _ in range(words):
        edits.change_words()
    for _ in range(notes):
        edits.change_footnote()
    for name in sorted(structure):
        {"delete": edits.delete_paragraph, "bis": edits.insert_bis, "item": edits.add_item}[name]()
    data = EXPORTS[export](edits.document).encode()

    plan = plans.revised_text_plan(any_report, data, f"revised.{export}")

    assert _planned(plan) == edits.expected
