"""The clean draft through Word and back, in a real browser: a delegation downloads the .docx, makes
tracked changes in it and uploads it as its revised text; exactly those changes become its drafts."""

import copy

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from amendments.models import Amendment
from tests.browser.driver import force_log_in
from tests.helpers import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATE = "2026-01-05T10:00:00Z"


def _tracked(tag: str, n: int) -> OxmlElement:
    return OxmlElement(f"w:{tag}", {qn("w:id"): str(100 + n), qn("w:author"): "Delegate", qn("w:date"): DATE})


def _run(text: str, *, deleted: bool = False) -> OxmlElement:
    run, t = OxmlElement("w:r"), OxmlElement("w:delText" if deleted else "w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def _find(document, number: str, text: str):
    return next(p for p in document.paragraphs if p.text == f"{number}.\t{text}")


def _replace_word(p, old: str, new: str) -> None:
    """A tracked replacement of one word, as Word writes it: the run split round a w:del and a w:ins."""
    run = next(r for r in p.runs if old in r.text)
    before, after = run.text.split(old, 1)
    run.text = before
    deleted, inserted = _tracked("del", 1), _tracked("ins", 2)
    deleted.append(_run(old, deleted=True))
    inserted.append(_run(new))
    run._r.addnext(deleted)
    deleted.addnext(inserted)
    inserted.addnext(_run(after))


def _delete_paragraph(p) -> None:
    """A tracked deletion of a whole paragraph: its runs in a w:del and its paragraph mark deleted."""
    deleted = _tracked("del", 3)
    for run in list(p._p.iter(qn("w:r"))):
        for t in run.iter(qn("w:t")):
            t.tag = qn("w:delText")
        deleted.append(run)
    p._p.append(deleted)
    ppr = p._p.get_or_add_pPr()
    mark = ppr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        ppr.append(mark)  # the mark's properties come last in w:pPr
    mark.append(_tracked("del", 4))


def _insert_after(p, text: str) -> None:
    """A tracked new paragraph after `p`: its paragraph mark and its text inserted."""
    new = OxmlElement("w:p")
    ppr = copy.deepcopy(p._p.pPr) if p._p.pPr is not None else OxmlElement("w:pPr")
    for old in ppr.findall(qn("w:rPr")):
        ppr.remove(old)
    mark = OxmlElement("w:rPr")
    mark.append(_tracked("ins", 5))
    ppr.append(mark)
    new.append(ppr)
    inserted = _tracked("ins", 6)
    inserted.append(_run(text))
    new.append(inserted)
    p._p.addnext(new)


def test_a_delegation_sends_the_clean_docx_back_with_three_tracked_changes(page, russia_delegate, tmp_path):
    rec_3, rec_6, rec_11 = (paragraph("recommendations", n) for n in ("3", "6", "11"))
    force_log_in(page, russia_delegate)
    page.goto(f"/reports/{rec_3.section.report_id}/")
    with page.expect_download() as download:
        page.get_by_role("link", name=".docx").first.click()
    word = docx.Document(str(download.value.path()))
    word_of_3 = next(w for w in rec_3.text.split() if len(w) > 6 and w.isalpha())
    _replace_word(_find(word, "3", rec_3.text), word_of_3, "reinforced")
    _delete_paragraph(_find(word, "6", rec_6.text))
    _insert_after(_find(word, "11", rec_11.text), "Delegations should report yearly on their progress.")
    upload = tmp_path / "russia-tracked.docx"
    word.save(str(upload))

    page.goto("/")
    page.get_by_role("link", name="Import a document").click()
    page.get_by_label("File (at most 10 MB)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and align").click()
    page.get_by_role("heading", name="Revised text: russia-tracked.docx").wait_for()
    page.get_by_role("button", name="Create the draft amendments").click()
    page.get_by_text("3 draft amendments created").wait_for()

    made = Amendment.objects.filter(participant=russia_delegate.participant, status=Amendment.Status.DRAFT)
    assert sorted((a.paragraph_id, a.kind) for a in made) == sorted(
        [(rec_3.pk, "modify"), (rec_6.pk, "delete"), (rec_11.pk, "insert")]
    )
    modified = made.get(kind="modify")
    assert ["delete", word_of_3] in modified.segments and ["insert", "reinforced"] in modified.segments
    new = made.get(kind="insert")
    assert (new.proposed_text, new.provisional_number) == (
        "Delegations should report yearly on their progress.",
        "11 bis",
    )
