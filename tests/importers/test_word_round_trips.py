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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from amendments import actions
from amendments.actions import imports
from amendments.exporters.clean_draft import to_docx
from amendments.exporters.word_redline import redline_docx
from amendments.importers import uploads
from amendments.importers.plans import draft_rows
from amendments.models import Amendment, Comment, Import, Paragraph, Participant, Report, User
from amendments.queries.redline_inputs import redline_document
from amendments.queries.snapshots import report_document
from tests.helpers import DATA, PASSWORD, ROOT, paragraph, propose_change
from tests.wordfiles import dele, ins, make_docx, p, r

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


def test_a_footnote_edited_in_the_clean_draft_is_an_amendment_of_that_footnote(wgec, russia_delegate):
    note = paragraph(None, footnote=9)
    word = docx.Document(io.BytesIO(_clean_docx(wgec)))
    [part] = [part for part in word.part.package.iter_parts() if str(part.partname) == "/word/footnotes.xml"]
    notes = etree.fromstring(part.blob)
    [t] = [t for t in notes.iter(qn("w:t")) if note.text.split()[2] in (t.text or "")]
    t.text = t.text.replace(note.text.split()[2], "revisited", 1)
    part._blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    word.save(out)

    _, made = _confirm_revised_text(wgec, russia_delegate, out.getvalue())

    [amendment] = made
    assert (amendment.paragraph, amendment.kind) == (note, "modify")
    assert amendment.proposed_text == note.text.replace(note.text.split()[2], "revisited", 1)


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

    # As a revised text these files, none of which is a version of the WGEC draft, are refused with
    # the share of their words that matched; the secretariat's override takes each through anyway.
    try:
        revised = imports.stage(wgec, user=secretariat_officer, kind=Import.Kind.REVISED_TEXT, data=data,
                                filename=path.name, participant=japan)  # fmt: skip
    except uploads.UploadError as refused:
        assert re.match(r"Only \d+% of the file's words are in paragraphs that match the draft", str(refused))
        revised = imports.stage(wgec, user=secretariat_officer, kind=Import.Kind.REVISED_TEXT, data=data,
                                filename=path.name, participant=japan, unrelated_ok=True)  # fmt: skip
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
    on_note = propose_change(russia_delegate, note, note.text.rstrip(".") + ", as revised.")
    actions.comments.comment(user=japan_delegate, amendment=on_note, text="Japan on the footnote's amendment.")
    first = Comment.objects.get(paragraph=intro_15, participant__name=NAH)
    actions.comments.comment(user=japan_delegate, paragraph=intro_15, parent=first, text="Japan agrees.")
    actions.comments.comment(user=russia_delegate, amendment=new, text="Needed for follow-up.")
    actions.comments.comment(user=japan_delegate, paragraph=note, text="Japan on the footnote.")
    # Japan deletes Recommendation 3, which Ashton-Hart amends (an alternative: delete this text) and
    # amends the sub-item he amends; the Russian Federation proposes 2 ter too, a new last sub-item
    # of Recommendation 1, and deletes another of its sub-items.
    rec_3 = paragraph("recommendations", "3")
    _propose(japan_delegate, rec_3, "delete")
    item_3, item_5 = paragraph("recommendations", "1", item=2), paragraph("recommendations", "1", item=4)
    propose_change(japan_delegate, item_3, "Collaborative and consensual approach:")
    _propose(russia_delegate, rec_2, "insert", "Reports are published online.", "2 ter")
    last_item = paragraph("recommendations", "1", item=6)
    _propose(russia_delegate, last_item, "insert", "Accountability.")
    deletion = _propose(russia_delegate, item_5, "delete")
    actions.comments.comment(user=japan_delegate, amendment=deletion, text="Japan would keep this sub-item.")
    # Comments on amendments shown inline: on a change of some words, and on a deletion.
    his_on_rec_2 = Amendment.objects.get(participant__name=NAH, paragraph=rec_2)
    actions.comments.comment(user=japan_delegate, amendment=his_on_rec_2, text="Japan doubts this change.")
    on_rec_5 = Amendment.objects.get(participant__name="Russian Federation", paragraph=rec_5)
    actions.comments.comment(user=japan_delegate, amendment=on_rec_5, text="Japan would keep it.")
    return wgec


def _propose(user: User, row: Paragraph, kind: str, text: str = "", number: str = "") -> Amendment:
    return actions.amendments.propose(
        user=user, paragraph_id=row.pk, kind=kind, expected_paragraph_version=row.version, proposed_text=text,
        provisional_number=number, submit=True,
    )  # fmt: skip


def _submitted() -> list[tuple]:
    return sorted(
        (a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number)
        for a in Amendment.objects.filter(status=Amendment.Status.SUBMITTED).select_related("participant")
    )


def _comments(rows) -> list[tuple]:
    """Who said what on which paragraph or amendment, and which comment it answers."""

    def subject(c: Comment) -> tuple:
        if c.amendment is not None:
            return ("amendment", c.amendment.participant.name, c.amendment.paragraph_id, c.amendment.kind)
        return ("paragraph", "", c.paragraph_id, "")

    return sorted(
        (c.participant.name if c.participant else "", subject(c), c.text, c.parent.text if c.parent else "")
        for c in rows.select_related("amendment__participant", "parent", "participant")
    )


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


def test_a_comment_on_a_footnotes_amendment_comes_back_on_it_when_its_paragraph_is_amended_too(
    wgec, secretariat_officer, japan_delegate, russia_delegate
):
    note = paragraph(None, footnote=9)
    row = Paragraph.objects.get(pk=note.parent_id)
    on_row = propose_change(russia_delegate, row, row.text.rstrip(".") + ", as the group agreed.")
    on_note = propose_change(russia_delegate, note, note.text.rstrip(".") + ", as revised.")
    actions.comments.comment(user=japan_delegate, amendment=on_row, text="Japan on the paragraph's amendment.")
    actions.comments.comment(user=japan_delegate, amendment=on_note, text="Japan on the footnote's amendment.")
    comments_before = _comments(Comment.objects.all())

    done = _import_redline(wgec, secretariat_officer, redline_docx(redline_document(wgec)))

    back = Comment.objects.filter(pk__in=done.result["comments"]).select_related("amendment")
    assert {c.text: c.amendment.paragraph_id for c in back if c.participant.name == "Japan"} == {
        "Japan on the paragraph's amendment.": row.pk,
        "Japan on the footnote's amendment.": note.pk,
    }
    assert _comments(back) == comments_before


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
    assert (
        sorted((a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number) for a in made)
        == expected
    )
    assert _comments(Comment.objects.filter(pk__in=done.result["comments"])) == comments_before


# Changes with no author -----------------------------------------------------------------------------


def _anonymous_docx() -> bytes:
    """Recommendation 2 with a word deleted and one inserted by no one (a file whose authors were scrubbed)."""
    rec_2 = paragraph("recommendations", "2")
    before, after = rec_2.text.split("growing", 1)
    return make_docx(p(r(before), dele("", "growing"), ins("", "expanding"), r(after)))


def test_changes_without_an_author_are_mapped_on_the_review_page(wgec, client, secretariat_officer):
    client.login(username=secretariat_officer.username, password=PASSWORD)
    client.post(reverse("import-upload", args=[wgec.pk]),
                {"kind": "word-changes", "file": SimpleUploadedFile("anonymous.docx", _anonymous_docx())})  # fmt: skip
    staged = Import.objects.get()
    assert list(staged.plan["authors"]) == [""]
    assert "(no name)" in client.get(staged.get_absolute_url()).content.decode()
    japan = Participant.objects.get(name="Japan")

    client.post(staged.get_absolute_url(), {"action": "confirm", "author-0": japan.pk})

    [amendment] = Amendment.objects.filter(participant=japan)
    assert amendment.paragraph == paragraph("recommendations", "2")
    assert ["insert", "expanding"] in amendment.segments


def test_changes_without_an_author_are_mapped_on_the_command_line(wgec, tmp_path, capsys):
    source = tmp_path / "anonymous.docx"
    source.write_bytes(_anonymous_docx())
    call_command("import_docx", str(source), dry_run=True)
    assert "(no name): 1 amendment(s), 0 comment(s)" in capsys.readouterr().out
    assert not Amendment.objects.filter(participant__name="Japan").exists()

    call_command("import_docx", str(source), map=["(no name)=Japan"])

    [amendment] = Amendment.objects.filter(participant__name="Japan")
    assert amendment.paragraph == paragraph("recommendations", "2")


def test_what_the_import_does_not_bring_in_is_listed_on_the_review_page(wgec, client, secretariat_officer):
    rec_2 = paragraph("recommendations", "2")
    formatted = '<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="Carol" w:date="2024-03-01T10:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>x</w:t></w:r>'  # noqa: E501
    body = p(r(rec_2.text), formatted) + p(
        '<w:commentRangeStart w:id="7"/>', r("A sentence that no draft holds."), '<w:commentRangeEnd w:id="7"/>',
        '<w:r><w:commentReference w:id="7"/></w:r>',
    )  # fmt: skip
    comments = '<w:comment w:id="7" w:author="Dave"><w:p><w:r><w:t>Where is this from?</w:t></w:r></w:p></w:comment>'
    client.login(username=secretariat_officer.username, password=PASSWORD)
    client.post(reverse("import-upload", args=[wgec.pk]), {"kind": "word-changes",
                "file": SimpleUploadedFile("loose.docx", make_docx(body, comments=comments))})  # fmt: skip
    staged = Import.objects.get()

    html = client.get(staged.get_absolute_url()).content.decode()

    assert "Formatting-only changes by Carol" in html
    assert "Where is this from?" in html and "text not in the current draft (not imported)" in html
    client.post(staged.get_absolute_url(), {"action": "confirm", "author-0": Participant.objects.get(name="Japan").pk})
    assert not Comment.objects.filter(text="Where is this from?").exists()


@pytest.mark.parametrize("seed", range(1, 16))
def test_random_amendments_come_back_from_the_word_redline(wgec, secretariat_officer, japan_delegate,
                                                           russia_delegate, seed):  # fmt: skip
    rng = random.Random(seed)
    rows = [p for p in Paragraph.objects.filter(section__report=wgec).exclude(status=Paragraph.Status.DELETED)
            if len(p.text.split()) > 3]  # fmt: skip
    numbers = iter(["bis", "ter", "quater", "quinquies"])
    for row in rng.sample(rows, 8):
        user = rng.choice([japan_delegate, russia_delegate])
        row.refresh_from_db()
        kind = rng.choice(["modify", "modify", "delete", "insert"] if row.kind != "footnote" else ["modify"])
        if kind == "modify":
            words = row.text.split(" ")
            at = rng.randrange(len(words))
            words[at] = f"{words[at]} (seed {seed})"
            propose_change(user, row, " ".join(words))
        elif kind == "delete":
            _propose(user, row, "delete")
        else:
            number = f"{row.number} {next(numbers)}" if row.number else ""
            _propose(user, row, "insert", f"A new text {rng.randrange(1000)} for the group.", number)
        amendment = Amendment.objects.filter(participant=user.participant).latest("pk")
        if rng.random() < 0.5:
            actions.comments.comment(user=japan_delegate, amendment=amendment, text=f"Japan on {amendment.pk}.")
    expected = _submitted()
    comments_before = _comments(Comment.objects.all())

    done = _import_redline(wgec, secretariat_officer, redline_docx(redline_document(wgec)))

    made = Amendment.objects.filter(pk__in=done.result["amendments"]).select_related("participant")
    assert (
        sorted((a.participant.name, a.paragraph_id, a.kind, a.proposed_text, a.provisional_number) for a in made)
        == expected
    )
    assert _comments(Comment.objects.filter(pk__in=done.result["comments"])) == comments_before


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice or libreoffice) is not on PATH")
def test_the_clean_draft_saved_by_libreoffice_changes_nothing(wgec, russia_delegate, tmp_path):
    done, made = _confirm_revised_text(wgec, russia_delegate, _saved_by_libreoffice(_clean_docx(wgec), tmp_path))
    assert made == []
    assert done.plan["dropped"] == []
