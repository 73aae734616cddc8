"""The app's own Word files come back as they went out: a clean draft sent back unchanged changes
nothing, and with some edits gives exactly those amendments; the Word redline gives back its
amendments and comments. Every import goes through `stage` and `confirm`, and the test reads the
rows they create."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from amendments import actions
from amendments.actions import imports
from amendments.exporters.clean_draft import to_docx
from amendments.exporters.word_redline import redline_docx
from amendments.importers.plans import draft_rows
from amendments.models import Amendment, Comment, Import, Paragraph, Participant, Report, User
from amendments.queries.redline_inputs import redline_document
from amendments.queries.snapshots import report_document
from tests.helpers import DATA, ROOT, paragraph, propose_change

pytestmark = pytest.mark.django_db


def _clean_docx(report: Report) -> bytes:
    return to_docx(report_document(report))


def _confirm_revised_text(report: Report, user: User, data: bytes) -> tuple[Import, list[Amendment]]:
    staged = imports.stage(report, user=user, kind=Import.Kind.REVISED_TEXT, data=data, filename="back.docx",
                           participant=user.participant)  # fmt: skip
    done = imports.confirm(staged.pk, user=user)
    made = list(Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("paragraph"))
    return done, made


def _word_paragraph(word: docx.document.Document, row: Paragraph):
    """The paragraph of the Word file that holds a draft row (its number typed in front, for a numbered one)."""
    wanted = f"{row.number}.\t{row.text}" if row.number else row.text
    found = [p for p in word.paragraphs if p.text == wanted]
    assert len(found) == 1, (row.label, len(found))
    return found[0]


def _edit(word: docx.document.Document, row: Paragraph, kind: str, n: int) -> str:
    """One edit of a row in the Word file, as a delegate makes it by hand; returns the text proposed."""
    target = _word_paragraph(word, row)
    if kind == "delete":
        target._p.getparent().remove(target._p)
        return ""
    if kind == "insert":
        new = OxmlElement("w:p")
        after = target._p
        # A new paragraph after a paragraph goes after its sub-items, where the draft's next row starts.
        following = after.getnext()
        while following is not None and following.tag == qn("w:p") and _is_sub_item(following):
            after, following = following, following.getnext()
        after.addnext(new)
        text = f"Delegations also consider new matter number {n} for the working group."
        paragraph = docx.text.paragraph.Paragraph(new, target._parent)
        paragraph.add_run(text)
        return text
    run = next(r for r in target.runs if re.search(r"\b\w{6,}\b", r.text))
    run.text = re.sub(r"\b(\w{6,})\b", rf"\1 (edit {n})", run.text, count=1)
    return re.sub(r"^\d+(?: \w+)?\.\t", "", target.text)


def _is_sub_item(p) -> bool:
    style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style is not None and style.get(qn("w:val")) in ("Quote", "ListBullet")


def test_the_clean_draft_sent_back_unchanged_changes_nothing(wgec, russia_delegate):
    done, made = _confirm_revised_text(wgec, russia_delegate, _clean_docx(wgec))
    assert made == []
    assert [e for e in done.plan["entries"] if e["kind"] not in ("unchanged",)] == []
    assert done.plan["dropped"] == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_clean_draft_with_edits_gives_exactly_those_amendments(wgec, russia_delegate, seed):
    rows = [p for p in draft_rows(wgec) if p.parent_id is None and p.number and len(p.text) > 80]
    chosen = random.Random(seed).sample(rows, 6)
    kinds = ["modify", "modify", "delete", "insert", "modify", "insert"]
    word = docx.Document(io.BytesIO(_clean_docx(wgec)))
    expected = {}
    for n, (row, kind) in enumerate(zip(chosen, kinds, strict=True)):
        expected[row.pk, kind] = _edit(word, row, kind, n)
    out = io.BytesIO()
    word.save(out)

    _, made = _confirm_revised_text(wgec, russia_delegate, out.getvalue())

    found = {(a.paragraph_id, a.kind): a for a in made}
    assert sorted(found) == sorted(expected)
    for (pk, kind), text in expected.items():
        amendment = found[pk, kind]
        assert amendment.participant == russia_delegate.participant
        assert amendment.status == Amendment.Status.DRAFT
        assert amendment.proposed_text == text
        if kind == "insert":
            assert amendment.provisional_number == f"{amendment.paragraph.number} bis"


# Every real Word file through the whole import -----------------------------------------------------

SHARED = ROOT.parent / "shared" / "docx"
REAL_FILES = sorted({*DATA.joinpath("docx").glob("*.docx"), *(SHARED.glob("*.docx") if SHARED.is_dir() else ())})


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_real_word_file_goes_through_the_whole_import(wgec, secretariat_officer, path):
    data = path.read_bytes()
    staged = imports.stage(wgec, user=secretariat_officer, kind=Import.Kind.WORD_CHANGES, data=data,
                           filename=path.name)  # fmt: skip
    japan = Participant.objects.get(name="Japan")
    done = imports.confirm(staged.pk, user=secretariat_officer, mapping=dict.fromkeys(staged.plan["authors"], japan.pk))
    assert done.status == Import.Status.DONE
    planned = sum(
        1 for found in staged.plan["authors"].values() for entry in found["entries"] if entry["kind"] != "unchanged"
    )
    assert Amendment.objects.filter(participant=japan).count() == len(done.result["amendments"]) == planned

    revised = imports.stage(wgec, user=secretariat_officer, kind=Import.Kind.REVISED_TEXT, data=data,
                            filename=path.name, participant=japan)  # fmt: skip
    assert imports.confirm(revised.pk, user=secretariat_officer).status == Import.Status.DONE


# The Word redline -----------------------------------------------------------------------------------

NAH = "Nick Ashton-Hart"


@pytest.fixture
def negotiation(wgec, japan_delegate, russia_delegate):
    """Ashton-Hart's 12 amendments and 4 comments as loaded (one on a footnote), and: Japan amends
    Introduction 15 too (an alternative to his) and replies to his comment there; the Russian Federation
    proposes 2 bis, comments on it, deletes Recommendation 5 and amends footnote 9."""
    intro_15 = paragraph("introduction", "15")
    propose_change(japan_delegate, intro_15, intro_15.text.replace("the Tunis Agenda", "the Geneva Agenda"))
    rec_2, rec_5 = paragraph("recommendations", "2"), paragraph("recommendations", "5")
    new = actions.amendments.propose(
        user=russia_delegate, paragraph_id=rec_2.pk, kind="insert", expected_paragraph_version=rec_2.version,
        proposed_text="The Working Group also recommends regular reporting.", provisional_number="2 bis", submit=True,
    )  # fmt: skip
    actions.amendments.propose(
        user=russia_delegate, paragraph_id=rec_5.pk, kind="delete", expected_paragraph_version=rec_5.version,
        submit=True,
    )  # fmt: skip
    note = paragraph(None, footnote=9)
    propose_change(russia_delegate, note, note.text.rstrip(".") + ", as revised.")
    first = Comment.objects.get(paragraph=intro_15, participant__name=NAH)
    actions.comments.comment(user=japan_delegate, paragraph=intro_15, parent=first, text="Japan agrees.")
    actions.comments.comment(user=russia_delegate, amendment=new, text="Needed for follow-up.")
    return wgec


def _submitted() -> list[tuple]:
    return sorted(
        (a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number)
        for a in Amendment.objects.filter(status=Amendment.Status.SUBMITTED).select_related("participant")
    )


def _comments(rows) -> list[tuple]:
    return sorted(
        (c.participant.name if c.participant else "", c.paragraph_id, c.amendment_id is not None, c.text,
         c.parent.text if c.parent else None)
        for c in rows
    )  # fmt: skip


def _import_redline(report: Report, officer: User, data: bytes) -> Import:
    staged = imports.stage(report, user=officer, kind=Import.Kind.WORD_CHANGES, data=data, filename="redline.docx")
    names = dict(Participant.objects.values_list("name", "pk"))
    mapping = {author: names[author] for author in staged.plan["authors"] if author in names}
    return imports.confirm(staged.pk, user=officer, mapping=mapping)


def test_the_word_redline_comes_back_as_the_same_amendments_and_comments(negotiation, secretariat_officer):
    expected = _submitted()
    comments_before = _comments(Comment.objects.all())
    data = redline_docx(redline_document(negotiation))

    done = _import_redline(negotiation, secretariat_officer, data)

    made = Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("participant")
    assert (
        sorted((a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number) for a in made)
        == expected
    )
    assert _comments(Comment.objects.filter(pk__in=done.result["comments"])) == comments_before


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _saved_by_libreoffice(data: bytes, folder: Path) -> bytes:
    """The file opened in LibreOffice and saved again as .docx, as a member using it would send it back."""
    source, out = folder / "redline.docx", folder / "saved"
    source.write_bytes(data)
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "docx",
         "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    saved = out / "redline.docx"
    assert saved.exists(), f"LibreOffice could not save the redline: {result.stdout} {result.stderr}"
    return saved.read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice or libreoffice) is not on PATH")
def test_the_word_redline_saved_by_libreoffice_comes_back_the_same(negotiation, secretariat_officer, tmp_path):
    expected = _submitted()
    comments_before = _comments(Comment.objects.all())
    data = _saved_by_libreoffice(redline_docx(redline_document(negotiation)), tmp_path)

    done = _import_redline(negotiation, secretariat_officer, data)

    made = Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("participant")
    assert sorted(
        (a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number) for a in made
    ) == expected
    assert _comments(Comment.objects.filter(pk__in=done.result["comments"])) == comments_before
