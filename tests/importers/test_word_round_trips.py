"""The app's own Word files come back as they went out: a clean draft sent back unchanged changes
nothing, and with some edits gives exactly those amendments; the Word redline gives back its
amendments and comments. Every import goes through `stage` and `confirm`, and the test reads the
rows they create."""

from __future__ import annotations

import io
import random
import re

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from amendments.actions import imports
from amendments.exporters.clean_draft import to_docx
from amendments.importers.plans import draft_rows
from amendments.models import Amendment, Import, Paragraph, Report, User
from amendments.queries.snapshots import report_document

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
