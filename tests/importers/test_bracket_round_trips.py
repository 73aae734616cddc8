"""Brackets and alternatives go out in every clean export as the text's own characters ("[shall][should]",
"[Option 1: …] [Option 2: …]") and come back as the same text: the draft sent back unchanged changes
nothing, and a new report read from the export is the same report."""

import pytest

from amendments import actions
from amendments.exporters import clean_draft
from amendments.importers.report import read_report
from amendments.models import Amendment, Import, Participant
from amendments.queries.snapshots import report_document
from tests.helpers import paragraph
from tests.importers.test_report_import import _comparable

pytestmark = pytest.mark.django_db

LONG = "establish a dedicated intergovernmental mechanism within the United Nations"


@pytest.fixture
def bracketed(wgec, secretariat_officer):
    """The draft with a lone bracketed passage, a whole paragraph in brackets, short alternatives
    and numbered options, each written by the secretariat's actions."""
    officer, japan, brazil = (
        secretariat_officer,
        Participant.objects.get(name="Japan"),
        Participant.objects.get(name="Brazil"),
    )
    rec_19 = paragraph("recommendations", "19")
    actions.brackets.bracket_passage(
        rec_19.pk, passage="further consideration", expected_version=rec_19.version, user=officer
    )
    rec_4 = paragraph("recommendations", "4")
    actions.brackets.bracket_passage(
        rec_4.pk, start=0, end=len(rec_4.text), expected_version=rec_4.version, user=officer
    )
    rec_5 = paragraph("recommendations", "5")
    at = rec_5.text.index("should", rec_5.text.index("should") + 1)
    actions.brackets.record_alternatives(
        rec_5.pk, alternatives=[("should", [japan]), ("shall", [brazil])], start=at, end=at + 6,
        expected_version=rec_5.version, user=officer,
    )  # fmt: skip
    rec_3 = paragraph("recommendations", "3")
    actions.brackets.record_alternatives(
        rec_3.pk, alternatives=[("support existing international fora", [japan]), (LONG, [brazil])],
        passage="support existing international fora", expected_version=rec_3.version, user=officer,
    )  # fmt: skip
    texts = {p: paragraph("recommendations", p).text for p in ("3", "4", "5", "19")}
    assert "[should][shall]" in texts["5"]
    assert f"[Option 1: support existing international fora] [Option 2: {LONG}]" in texts["3"]
    assert texts["4"].startswith("[Institutions") and texts["4"].endswith("benefit.]")
    return wgec


EXPORTS = {
    "docx": (clean_draft.to_docx, "back.docx"),
    "txt": (lambda d: clean_draft.to_txt(d).encode(), "back.txt"),
    "md": (lambda d: clean_draft.to_md(d).encode(), "back.md"),
    "html": (lambda d: clean_draft.to_html(d).encode(), "back.html"),
}


@pytest.mark.parametrize("form", sorted(EXPORTS))
def test_the_clean_draft_with_brackets_and_alternatives_sent_back_changes_nothing(bracketed, russia_delegate, form):
    export, filename = EXPORTS[form]
    data = export(report_document(bracketed))
    staged = actions.imports.stage(
        bracketed, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=data, filename=filename,
        participant=russia_delegate.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=russia_delegate)
    assert done.result["amendments"] == []
    assert len(done.plan["entries"]) > 50  # every paragraph was read, and matched its own text
    assert [e for e in done.plan["entries"] if e["kind"] != "unchanged"] == []
    assert not Amendment.objects.filter(participant=russia_delegate.participant).exists()


@pytest.mark.parametrize("form", ["txt", "md", "html"])
def test_the_text_exports_print_the_brackets_as_written(bracketed, form):
    text = EXPORTS[form][0](report_document(bracketed)).decode()
    flat = " ".join(text.split())
    if form == "md":
        flat = flat.replace("\\[", "[").replace("\\]", "]")
    assert "[should][shall]" in flat
    assert f"[Option 1: support existing international fora] [Option 2: {LONG}]" in flat
    assert "that [further consideration] be given" in flat


def test_a_new_report_read_from_the_export_with_alternatives_is_the_same_report(bracketed):
    original = report_document(bracketed)
    read = read_report(clean_draft.to_docx(original), "wgec.docx")
    assert _comparable(read) == _comparable(original)
