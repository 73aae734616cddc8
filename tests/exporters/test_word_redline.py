"""The Word redline (exporters/word_redline.py): amendments as real tracked changes, comments as Word comments.

The input is the draft as queries/redline_inputs.py reads it from the database, a `Document` whose rows
carry their amendments and comments. Expected texts come from the amendments' own rows, and each
paragraph is read back the way Word shows it with all changes accepted and with all rejected, so a
misplaced run or a lost word fails.
"""

import io
import shutil
import subprocess
import zipfile
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime

import docx
import pytest
from lxml import etree

from amendments import actions
from amendments.core.document import Block, Footnote, TrackedChange
from amendments.core.document import Comment as DocumentComment
from amendments.exporters import clean_draft
from amendments.exporters.word_redline import UNPLACED_HEADING, counts, redline_docx
from amendments.models import Amendment, Comment, Participant
from amendments.queries.redline_inputs import redline_document
from amendments.queries.snapshots import report_document
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
NAH = "Nick Ashton-Hart"
NOV_20 = datetime(2017, 11, 20, tzinfo=UTC)
NOV_24 = datetime(2017, 11, 24, 15, 30, tzinfo=UTC)


# Inputs -------------------------------------------------------------------------------------------


def with_blocks(document, change):
    """The document with every paragraph and sub-item replaced by `change(block)`."""

    def one(block):
        block = change(block)
        return replace(block, items=tuple(one(item) for item in block.items))

    return replace(
        document, sections=tuple(replace(s, blocks=tuple(one(b) for b in s.blocks)) for s in document.sections)
    )


def _block(document, pk):
    return next(block for block in document.blocks() if block.id == pk)


@pytest.fixture
def session(wgec, japan_delegate, russia_delegate):
    """Ashton-Hart's 13 amendments and 4 comments (submitted 20 November), plus: Japan amends Introduction 15
    too and replies to his comment there; the Russian Federation proposes 2 bis and deletes Recommendation 5."""
    Amendment.objects.filter(participant__name=NAH).update(submitted_at=NOV_20)
    intro_15 = paragraph("introduction", "15")
    japan = propose_change(japan_delegate, intro_15, intro_15.text.replace("the Tunis Agenda", "the Geneva Agenda"))
    rec_2, rec_5 = paragraph("recommendations", "2"), paragraph("recommendations", "5")
    new = actions.amendments.propose(
        user=russia_delegate,
        paragraph_id=rec_2.pk,
        kind="insert",
        expected_paragraph_version=rec_2.version,
        proposed_text="The Working Group also recommends regular reporting.",
        provisional_number="2 bis",
        submit=True,
    )
    deletion = actions.amendments.propose(
        user=russia_delegate,
        paragraph_id=rec_5.pk,
        kind="delete",
        expected_paragraph_version=rec_5.version,
        submit=True,
    )
    Amendment.objects.filter(pk__in=[japan.pk, new.pk, deletion.pk]).update(submitted_at=NOV_24)
    first = Comment.objects.get(paragraph=intro_15, participant__name=NAH)
    actions.comments.comment(user=japan_delegate, paragraph=intro_15, parent=first, text="Japan agrees.")
    return {"report": wgec, "japan": japan, "new": new, "deletion": deletion}


def export(report, **kwargs):
    return redline_docx(redline_document(report), **kwargs)


# Reading the .docx ---------------------------------------------------------------------------------


class Docx:
    def __init__(self, data):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        self.body = self.xml("word/document.xml").find(f"{W}body")
        self.notes = self.xml("word/footnotes.xml")
        self.paragraphs = self.body.findall(f"{W}p")

    def xml(self, name):
        return etree.fromstring(self.zip.read(name))

    def changes(self, tag=None):
        """Every w:ins / w:del, text and paragraph marks, in the document and the footnotes."""
        tags = [tag] if tag else ["ins", "del"]
        return [e for root in (self.body, self.notes) for t in tags for e in root.iter(W + t)]

    def by(self, author, tag=None):
        """The w:ins / w:del of one author (see `changes`)."""
        return [e for e in self.changes(tag) if e.get(W + "author") == author]

    def starting(self, prefix, *, view="reject"):
        """The paragraphs whose text, as `view` shows it, starts with `prefix`."""
        return [p for p in self.paragraphs if view_text(p, view).startswith(prefix)]


def view_text(p, view):
    """A paragraph's text as Word shows it with every change accepted ("accept"), every change rejected
    ("reject"), or the changes of a set of authors accepted and all others rejected."""
    accepted = (lambda author: True) if view == "accept" else (lambda author: view != "reject" and author in view)
    out = []
    for element in p.iter(W + "t", W + "delText", W + "tab", W + "br"):
        changes = list(element.iterancestors(W + "ins", W + "del"))
        if any(accepted(c.get(W + "author")) == (c.tag == W + "del") for c in changes):
            continue  # a rejected insertion or an accepted deletion
        if any(a.get(W + "val") == "FootnoteReference" for a in element.getparent().iter(W + "rStyle")):
            continue  # a custom footnote mark is not text
        out.append({W + "tab": "\t", W + "br": "\n"}.get(element.tag, element.text or ""))
    return "".join(out)


def mark_change(p):
    """("ins" | "del", author) when the paragraph mark itself is a tracked change, else None."""
    rpr = p.find(f"{W}pPr/{W}rPr")
    for change in [] if rpr is None else list(rpr):
        if change.tag in (W + "ins", W + "del"):
            return change.tag[len(W) :], change.get(W + "author")
    return None


def document_view(doc, view):
    """The body's paragraphs with every change accepted or rejected: an accepted deleted paragraph mark
    or a rejected inserted one joins its paragraph to the next. Whitespace runs read as one space."""
    paragraphs, current = [], ""
    for p in doc.paragraphs:
        current += view_text(p, view)
        mark = mark_change(p)
        if mark is None or (mark[0] == "del") != (view == "accept"):
            paragraphs.append(" ".join(current.split()))
            current = ""
    return paragraphs


def texts(p, tag, author):
    return [
        "".join(e.itertext())
        for e in p.iter(W + tag)
        if e.get(W + "author") == author and e.getparent().tag != W + "rPr"
    ]


# Tracked changes -----------------------------------------------------------------------------------


def test_ashton_hart_amendments_are_his_tracked_changes(session):
    doc = Docx(export(session["report"]))
    ours = Amendment.objects.filter(participant__name=NAH)
    assert ours.count() == 13
    proposed = [(op, text) for a in ours for op, text in a.segments if op != "equal"]
    written = Counter(e.tag[len(W) :] for e in doc.by(NAH))
    assert written == Counter({"insert": "ins", "delete": "del"}[op] for op, _ in proposed) == {"ins": 34, "del": 17}
    assert {e.get(W + "date") for e in doc.by(NAH)} == {"2017-11-20T00:00:00Z"}
    assert {e.get(W + "date") for e in doc.by("Japan")} == {"2017-11-24T15:30:00Z"}
    ids = [e.get(W + "id") for e in doc.changes()] + [c.get(W + "id") for c in doc.xml("word/comments.xml")]
    assert len(ids) == len(set(ids)), "w:id must be unique among revisions and comments"
    written_text = {tag: "".join(t for e in doc.by(NAH, tag) for t in e.itertext()) for tag in ("ins", "del")}
    for op, text in proposed:
        assert text in written_text["ins" if op == "insert" else "del"], (op, text)


def test_accepting_his_changes_gives_his_text_and_rejecting_them_the_draft(session):
    doc = Docx(export(session["report"]))
    for a in Amendment.objects.filter(participant__name=NAH).exclude(paragraph__kind="footnote"):
        number = f"{a.paragraph.number}.\t" if a.paragraph.number else ""
        [p] = doc.starting(number + a.base_text[:60])
        assert view_text(p, "reject") == number + a.base_text
        assert view_text(p, "accept") == number + a.proposed_text
    [note] = Amendment.objects.filter(participant__name=NAH, paragraph__kind="footnote")
    [body] = [n for n in doc.notes if note.base_text[:40] in view_text(n, "reject")]
    assert (view_text(body, "reject"), view_text(body, "accept")) == (f" {note.base_text}", f" {note.proposed_text}")
    assert texts(body, "ins", NAH) == [" indigenous communities,"]


def test_introduction_15_deleted_words_are_deletions_and_new_words_insertions(session):
    doc = Docx(export(session["report"]))
    [p] = doc.starting("15.\tIt should be further noted")
    assert [t.strip() for t in texts(p, "del", NAH)] == [
        "particular",
        "related to the",
        "as envisioned in the Tunis Agenda",
        "not only",
        "but",
    ]
    assert [t.strip() for t in texts(p, "ins", NAH)] == ["of whether an", "is", "and"]
    assert all(d.find(f".//{W}t") is None and d.find(f".//{W}delText") is not None for d in p.iter(W + "del"))
    assert all(i.find(f".//{W}delText") is None for i in p.iter(W + "ins"))


def test_rejecting_every_change_gives_the_clean_draft_and_accepting_them_all_changes_it(session):
    clean = docx.Document(io.BytesIO(clean_draft.to_docx(report_document(session["report"])))).paragraphs
    doc = Docx(export(session["report"]))
    assert document_view(doc, "reject") == [" ".join(p.text.split()) for p in clean]
    accepted = document_view(doc, "accept")
    assert len(accepted) == len(clean) + 1  # 2 bis and Japan's alternative in, Recommendation 5 out
    assert " ".join(("2 bis.\t" + session["new"].proposed_text).split()) in accepted


def test_track_changes_is_switched_on(session):
    settings = Docx(export(session["report"])).xml("word/settings.xml")
    assert settings.find(f"{W}trackRevisions") is not None
    tags = [e.tag for e in settings]
    assert tags.index(W + "trackRevisions") < tags.index(W + "defaultTabStop")  # schema order


def test_insertion_is_a_new_inserted_paragraph_after_the_one_it_follows(session):
    doc = Docx(export(session["report"]))
    [new] = doc.starting("2 bis.\t", view="accept")
    assert view_text(new, "accept") == "2 bis.\t" + session["new"].proposed_text
    assert view_text(new, "reject") == ""
    assert mark_change(new) == ("ins", "Russian Federation")
    assert new.find(f"{W}pPr/{W}pStyle").get(W + "val") == "NumberedParagraph"
    at = doc.paragraphs.index(new)
    assert view_text(doc.paragraphs[at - 1], "reject").startswith("2.\tThe Group also recommends")
    assert view_text(doc.paragraphs[at + 1], "reject").startswith("3.\t")


def test_deletion_deletes_the_text_and_the_paragraph_mark(session):
    doc = Docx(export(session["report"]))
    rec_5 = paragraph("recommendations", "5")
    [p] = doc.starting("5.\tThose institutions")
    assert view_text(p, "reject") == "5.\t" + rec_5.text
    assert view_text(p, "accept") == ""
    assert mark_change(p) == ("del", "Russian Federation")
    assert p.find(f".//{W}t") is None


def test_deleting_a_paragraph_takes_its_sub_items_and_their_amendments_become_alternatives(session, russia_delegate):
    rec_1 = paragraph("recommendations", "1")
    actions.amendments.propose(
        user=russia_delegate,
        paragraph_id=rec_1.pk,
        kind="delete",
        expected_paragraph_version=rec_1.version,
        submit=True,
    )
    doc = Docx(export(session["report"]))
    [p] = doc.starting("1.\tThe Working Group recommends")
    at = doc.paragraphs.index(p)
    items = [q for q in doc.paragraphs[at + 1 : at + 10] if q.find(f"{W}pPr/{W}pStyle").get(W + "val") == "ListBullet"]
    deleted = [q for q in items if mark_change(q) == ("del", "Russian Federation")]
    assert len(deleted) == 7 and all(view_text(q, "accept") == "" for q in deleted)
    alternatives = [q for q in items if mark_change(q) == ("ins", f"Alternative by {NAH}")]
    his = [Amendment.objects.get(paragraph=paragraph("recommendations", "1", item=i)) for i in (2, 3)]
    assert [view_text(q, "accept") for q in alternatives] == [f"[Alternative by {NAH}] {a.proposed_text}" for a in his]
    assert [texts(q, "del", NAH) for q in alternatives] == [["approach"], []]
    assert [texts(q, "ins", NAH) for q in alternatives] == [["in nature"], ["in their "]]


def test_two_delegations_on_one_paragraph_are_both_present_and_attributed(session):
    """Japan's "Tunis" → "Geneva" touches words Ashton-Hart deletes: Japan's is an alternative paragraph."""
    doc = Docx(export(session["report"]))
    [p] = doc.starting("15.\tIt should be further noted")
    after = doc.paragraphs[doc.paragraphs.index(p) + 1]
    assert {e.get(W + "author") for e in p.iter(W + "ins", W + "del")} == {NAH}
    # The copy of the text is inserted by "Alternative by Japan", the changes on it are Japan's.
    assert mark_change(after) == ("ins", "Alternative by Japan")
    assert (texts(after, "del", "Japan"), texts(after, "ins", "Japan")) == (["Tunis"], ["Geneva"])
    assert {e.get(W + "author") for e in after.iter(W + "ins", W + "del")} == {"Japan", "Alternative by Japan"}
    [nested] = after.findall(f"{W}ins/{W}del")  # the dropped word is a deletion of the inserted copy
    assert (nested.getparent().get(W + "author"), nested.get(W + "author")) == ("Alternative by Japan", "Japan")
    japan = session["japan"]
    assert view_text(after, "accept") == "15.\t[Alternative by Japan] " + japan.proposed_text
    assert view_text(after, "reject") == ""  # rejecting the alternative leaves nothing behind
    assert view_text(after, {"Alternative by Japan"}) == "15.\t[Alternative by Japan] " + japan.base_text
    assert (
        view_text(p, {NAH})
        == "15.\t" + Amendment.objects.get(paragraph=japan.paragraph, participant__name=NAH).proposed_text
    )


def test_changes_to_different_words_of_one_paragraph_are_all_inline(session, japan_delegate):
    """Ashton-Hart changes "towards" and "fora" in Recommendation 3; Japan's change at its end touches neither."""
    rec_3 = paragraph("recommendations", "3")
    japan = propose_change(japan_delegate, rec_3, rec_3.text.replace("duplication of efforts", "duplicated efforts"))
    [his] = Amendment.objects.filter(paragraph=rec_3, participant__name=NAH)
    doc = Docx(export(session["report"]))
    [p] = doc.starting("3.\tThe process")
    assert not view_text(doc.paragraphs[doc.paragraphs.index(p) + 1], "reject").startswith("3.")  # no alternative
    assert (texts(p, "del", NAH), texts(p, "ins", NAH)) == (
        ["towards", "fora"],
        ["of further implementation of", "forums"],
    )
    assert texts(p, "del", "Japan") and texts(p, "ins", "Japan")
    assert view_text(p, "reject") == "3.\t" + rec_3.text
    assert view_text(p, {NAH}) == "3.\t" + his.proposed_text
    assert view_text(p, {"Japan"}) == "3.\t" + japan.proposed_text
    both = his.proposed_text.replace("duplication of efforts", "duplicated efforts")
    assert view_text(p, "accept") == "3.\t" + both


def test_the_earliest_amendment_is_inline_whatever_the_order_given(session):
    japan = session["japan"]
    Amendment.objects.filter(pk=japan.pk).update(submitted_at=datetime(2017, 11, 1, tzinfo=UTC))
    document = with_blocks(
        redline_document(session["report"]), lambda block: replace(block, changes=tuple(reversed(block.changes)))
    )
    assert [c.author for c in _block(document, japan.paragraph_id).changes] == [NAH, "Japan"]
    doc = Docx(redline_docx(document))
    [p] = doc.starting("15.\tIt should be further noted")
    assert view_text(p, "accept") == "15.\t" + japan.proposed_text
    assert {e.get(W + "author") for e in p.iter(W + "ins", W + "del")} == {"Japan"}
    alternative = doc.paragraphs[doc.paragraphs.index(p) + 1]
    assert view_text(alternative, "accept").startswith(f"15.\t[Alternative by {NAH}]")


def test_footnote_mark_stays_after_its_anchor_in_an_amended_paragraph(session, japan_delegate):
    rec_8 = paragraph("recommendations", "8")
    note = paragraph(None, footnote=9)
    anchor = note.footnote_anchor
    proposal = rec_8.text.replace(anchor, anchor + " (including indigenous communities)")
    propose_change(japan_delegate, rec_8, proposal)
    doc = Docx(export(session["report"]))
    [p] = doc.starting("8.\tIn order to promote")
    children = list(p)
    [mark] = [c for c in children if c.find(f"{W}footnoteReference") is not None]
    before = "".join(view_text(c, "reject") for c in children[: children.index(mark)] if c.tag == W + "r")
    assert before.endswith(anchor)
    assert children[children.index(mark) + 1].tag == W + "ins"
    assert view_text(p, "accept") == f"8.\t{proposal}"


def test_a_not_agreed_status_adds_no_bracket_around_the_changes(session):
    # The status is a label: only brackets written into the text by the secretariat print.
    rec_2 = paragraph("recommendations", "2")
    document = with_blocks(
        redline_document(session["report"]),
        lambda block: replace(block, status="bracketed") if block.id == rec_2.pk else block,
    )
    doc = Docx(redline_docx(document))
    [p] = doc.starting("2.\tThe Group also recommends")
    [his] = Amendment.objects.filter(paragraph=rec_2, participant__name=NAH)
    assert view_text(p, "accept") == f"2.\t{his.proposed_text}"
    assert texts(p, "del", NAH) == ["implement", "respect", "diversity", "growing"]


def test_amendments_and_comments_on_text_not_in_the_draft_are_kept_at_the_end(session):
    document = redline_document(session["report"])
    gone = Block(
        id=10**6,
        kind="paragraph",
        text="Old words",
        changes=(
            TrackedChange(
                id=999,
                author="Brazil",
                segments=(("equal", "Old "), ("delete", "words"), ("insert", "text")),
            ),
        ),
        comments=(DocumentComment(id=999, author="Secretariat", text="Gone."),),
    )
    doc = Docx(redline_docx(replace(document, unplaced=(gone,))))
    [heading] = doc.starting(UNPLACED_HEADING)
    tail = doc.paragraphs[doc.paragraphs.index(heading) + 1 :]
    assert view_text(tail[0], "accept") == "[Amendment by Brazil to a text not in this draft] Old text"
    assert texts(tail[0], "del", "Brazil") == ["words"]
    assert "date" not in {k.split("}")[1] for e in tail[0].iter(W + "ins") for k in e.attrib}
    assert view_text(tail[1], "accept") == "Comment on a text not in this draft."
    comments_xml = doc.xml("word/comments.xml")
    assert [c.get(W + "author") for c in comments_xml if "Gone." in "".join(c.itertext())] == ["Secretariat"]


def test_comments_on_amendments_and_footnotes_of_text_not_in_the_draft_are_kept_at_the_end(session):
    on_change = DocumentComment(id=997, author="India", text="On Brazil's proposal.")
    change = TrackedChange(
        id=998, author="Brazil", segments=(("delete", "Old"), ("insert", "New")), comments=(on_change,)
    )
    note_change = TrackedChange(id=996, author="Egypt", segments=(("equal", "See "), ("insert", "also ")))
    note = Footnote(
        "12", "See", id=10**6 + 1, changes=(note_change,), comments=(DocumentComment(author="Chile", text="Note."),)
    )
    gone = Block(id=10**6, kind="paragraph", text="Old", footnotes=(note,), changes=(change,))
    document = redline_document(session["report"])
    before = counts(document)
    document = replace(document, unplaced=(gone,))
    assert counts(document) == (before[0] + 2, before[1] + 2)
    doc = Docx(redline_docx(document))
    [heading] = doc.starting(UNPLACED_HEADING)
    tail = [view_text(p, "accept") for p in doc.paragraphs[doc.paragraphs.index(heading) + 1 :]]
    assert tail == [
        "[Amendment by Brazil to a text not in this draft] New",
        "[Amendment by Egypt to a text not in this draft] See also ",
        "Comment on a text not in this draft.",
        "Comment on a text not in this draft.",
    ]
    authors = {"".join(c.itertext()): c.get(W + "author") for c in doc.xml("word/comments.xml")}
    assert (authors["On Brazil's proposal."], authors["Note."]) == ("India", "Chile")


def test_a_deleted_paragraph_takes_its_amendments_and_comments_to_the_end(session, secretariat_officer):
    rec_3 = paragraph("recommendations", "3")
    [his] = Amendment.objects.filter(paragraph=rec_3, participant__name=NAH)
    actions.comments.comment(user=secretariat_officer, paragraph=rec_3, text="Deleted in the room.")
    actions.draft.delete_paragraph(rec_3.pk, expected_version=rec_3.version, user=secretariat_officer)
    document = redline_document(session["report"])
    assert rec_3.pk not in {block.id for block in document.blocks()}
    [gone] = document.unplaced
    assert (gone.id, gone.text, [c.author for c in gone.changes]) == (rec_3.pk, rec_3.text, [NAH])
    assert [c.text for c in gone.comments] == ["Deleted in the room."]
    doc = Docx(redline_docx(document))
    assert not doc.starting("3.\tThe process")
    [heading] = doc.starting(UNPLACED_HEADING)
    tail = doc.paragraphs[doc.paragraphs.index(heading) + 1 :]
    assert view_text(tail[0], "accept") == f"[Amendment by {NAH} to a text not in this draft] {his.proposed_text}"
    assert view_text(tail[1], "accept") == "Comment on a text not in this draft."


# The document read from the database -------------------------------------------------------------


def test_each_amendment_is_a_tracked_change_on_the_row_it_amends(session, russia_delegate):
    actions.comments.comment(user=russia_delegate, amendment=session["japan"], text="On Japan's proposal.")
    document = redline_document(session["report"])
    rows = [row for block in document.blocks() for row in (block, *block.footnotes)]
    on_rows = {change.id: row.id for row in rows for change in row.changes}
    submitted = Amendment.objects.filter(status=Amendment.Status.SUBMITTED)
    assert on_rows == {amendment.pk: amendment.paragraph_id for amendment in submitted}
    assert submitted.filter(paragraph__kind="footnote").exists()  # a footnote's amendment is on the footnote
    new = session["new"]
    [inserted] = [c for c in _block(document, new.paragraph_id).changes if c.id == new.pk]
    assert (inserted.kind, inserted.number, inserted.author) == ("insert", "2 bis", "Russian Federation")
    assert inserted.proposed_text == new.proposed_text and inserted.date == NOV_24.isoformat()
    # A reply is with the comment it answers; a comment on an amendment is with that amendment.
    [thread] = _block(document, paragraph("introduction", "15").pk).comments
    assert (thread.author, [r.text for r in thread.replies]) == (NAH, ["Japan agrees."])
    [on_japans] = [c for c in _block(document, session["japan"].paragraph_id).changes if c.id == session["japan"].pk]
    assert [c.text for c in on_japans.comments] == ["On Japan's proposal."]
    assert document.unplaced == ()


def test_a_delegations_redline_holds_only_its_amendments_and_comments(session):
    japan = Participant.objects.get(name="Japan")
    document = redline_document(session["report"], participant=japan)
    assert {c.author for block in document.blocks() for c in block.changes} == {"Japan"}
    assert [c.text for block in document.blocks() for c in block.comments] == ["Japan agrees."]
    assert counts(document) == (1, 1)
    assert counts(redline_document(session["report"])) == (16, 5)


# Comments ------------------------------------------------------------------------------------------


def test_comments_are_word_comments_around_their_paragraphs(session):
    doc = Docx(export(session["report"]))
    content_types = doc.zip.read("[Content_Types].xml").decode()
    assert (
        'PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"'
        in content_types
    )
    rels = doc.zip.read("word/_rels/document.xml.rels").decode()
    assert (
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"'
        in rels
    )
    comments = doc.xml("word/comments.xml").findall(f"{W}comment")
    his = [c for c in comments if c.get(W + "author") == NAH]
    assert len(his) == 4
    assert {c.get(W + "initials") for c in his} == {"NAH"}
    for comment in Comment.objects.filter(participant__name=NAH):
        [written] = [c for c in his if "".join(c.itertext()) == comment.text]
        assert written.get(W + "date") == comment.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        cid = written.get(W + "id")
        [p] = [p for p in doc.paragraphs if p.find(f"{W}commentRangeStart[@{W}id='{cid}']") is not None]
        for tag in ("commentRangeEnd", "commentReference"):
            assert p.find(f".//{W}{tag}[@{W}id='{cid}']") is not None
        assert comment.paragraph.text in view_text(p, "reject")


def test_reply_is_a_threaded_word_reply_on_the_same_text(session):
    doc = Docx(export(session["report"]))
    comments = doc.xml("word/comments.xml").findall(f"{W}comment")
    [first] = [c for c in comments if "".join(c.itertext()).startswith("Could suggest")]
    [reply] = [c for c in comments if c.get(W + "author") == "Japan"]
    assert "".join(reply.itertext()) == f"[Reply to {NAH}] Japan agrees."
    extended = {e.get(W15 + "paraId"): e for e in doc.xml("word/commentsExtended.xml")}
    reply_thread = extended[reply.findall(f"{W}p")[-1].get(W14 + "paraId")]
    assert reply_thread.get(W15 + "paraIdParent") == first.findall(f"{W}p")[-1].get(W14 + "paraId")
    assert extended[first.findall(f"{W}p")[-1].get(W14 + "paraId")].get(W15 + "paraIdParent") is None
    [p] = doc.starting("15.\tIt should be further noted")
    starts = [e.get(W + "id") for e in p.iter(W + "commentRangeStart")]
    assert starts == [first.get(W + "id"), reply.get(W + "id")]
    assert "commentsExtended.xml" in doc.zip.read("word/_rels/document.xml.rels").decode()


def test_comments_on_a_footnote_and_on_an_amendment(session, russia_delegate):
    note = paragraph(None, footnote=9)
    actions.comments.comment(user=russia_delegate, paragraph=note, text="On the footnote.")
    actions.comments.comment(user=russia_delegate, amendment=session["japan"], text="On Japan's proposal.")
    document = redline_document(session["report"])
    [on_note] = [n for block in document.blocks() for n in block.footnotes if n.id == note.pk]
    assert [c.text for c in on_note.comments] == ["On the footnote."]
    doc = Docx(redline_docx(document))
    ids = {"".join(c.itertext()): c.get(W + "id") for c in doc.xml("word/comments.xml")}
    # On the footnote's mark in the text: LibreOffice cannot open a comment inside a footnote.
    [p] = doc.starting("8.\tIn order to promote")
    start = p.find(f"{W}commentRangeStart[@{W}id='{ids['On the footnote.']}']")
    assert start.getnext().find(f"{W}footnoteReference") is not None
    assert doc.notes.find(f".//{W}commentReference") is None
    [alternative] = doc.starting("15.\t[Alternative by Japan]", view="accept")
    japan_id = ids["On Japan's proposal."]
    assert alternative.find(f"{W}commentRangeStart[@{W}id='{japan_id}']") is not None


def test_title_note_and_a_draft_without_amendments(session):
    # How fast: benchmarks/bench_redline_docx.py.
    document = redline_document(session["report"])
    data = redline_docx(document, title_note="Amendments submitted by 24 November 2017")
    doc = Docx(data)
    assert doc.starting("Amendments submitted by 24 November 2017")
    assert doc.names >= {"word/comments.xml", "word/commentsExtended.xml", "word/footnotes.xml"}
    clean = Docx(redline_docx(report_document(session["report"])))  # a draft without amendments is a clean document
    assert "word/comments.xml" not in clean.names
    assert not clean.changes()


# LibreOffice ---------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_CONTENT = {W + t for t in ("t", "delText", "tab", "br", "footnoteReference", "footnoteRef", "commentReference")}


def change_regions(doc):
    """Counter of (kind, author) of the changes as a word processor lists them: adjacent changes of one
    kind, author and date (the paragraph mark included) are one, as LibreOffice joins them on import;
    a deletion of inserted text counts as the deletion."""
    stories = [doc.body, *(n for n in doc.notes.iter(W + "footnote") if int(n.get(W + "id")) > 0)]
    regions = Counter()

    def token(change):
        inner = change.find(W + "del")
        change = inner if inner is not None else change
        return change.tag[len(W) :], change.get(W + "author"), change.get(W + "date")

    for story in stories:
        previous = None
        for p in story.iter(W + "p"):
            tokens = []
            for child in p:
                if child.tag in (W + "ins", W + "del"):
                    tokens.append(token(child))
                elif child.tag == W + "r" and any(e.tag in _CONTENT for e in child.iter()):
                    tokens.append(None)  # unchanged text between two changes keeps them apart
            mark = p.find(f"{W}pPr/{W}rPr")
            change = None if mark is None else next((c for c in mark if c.tag in (W + "ins", W + "del")), None)
            tokens.append(None if change is None else token(change))
            for t in tokens:
                if t is not None and t != previous:
                    regions[t[0], t[1]] += 1
                previous = t
    return regions


def odf_change_texts(odt):
    """{change id: text} of the text marked by text:change-start/-end (where LibreOffice keeps deleted
    text too), plus any text held in the region itself; comments and footnote citations left out."""
    out, open_ids = defaultdict(str), set()

    def add(text):
        for change_id in open_ids:
            out[change_id] += text or ""

    def walk(element):
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name in ("annotation", "tracked-changes", "note-citation"):
            return
        if name == "change-start":
            open_ids.add(element.get(f"{{{ODF['text']}}}change-id"))
        elif name == "change-end":
            open_ids.discard(element.get(f"{{{ODF['text']}}}change-id"))
        elif name == "tab":
            add("\t")
        else:
            add(element.text)
        for child in element:
            walk(child)
            add(child.tail)

    walk(odt.getroot())
    for region in odt.iterfind(".//text:tracked-changes/text:changed-region", ODF):
        out[region.get(f"{{{ODF['text']}}}id")] += "".join(
            "".join(p.itertext()) for p in region.iterfind("*/text:p", ODF)
        )
    return out


def odf_view(odt, view):
    """The paragraphs of LibreOffice's reading with every change accepted or rejected, as document_view.

    LibreOffice marks inserted and (7.4) deleted text in the body between text:change-start and -end;
    standard ODF keeps deleted text in its region, marked by text:change. A paragraph end inside a
    change belongs to it. Comments and footnotes are left out, as in document_view."""
    text_ns = f"{{{ODF['text']}}}"
    regions = {r.get(text_ns + "id"): r for r in odt.iterfind(".//text:tracked-changes/text:changed-region", ODF)}
    kinds = {key: {etree.QName(c).localname for c in region} for key, region in regions.items()}
    paragraphs, current, open_ids = [], [""], set()

    def hidden():
        open_kinds = set().union(*(kinds[i] for i in open_ids))
        return ("deletion" if view == "accept" else "insertion") in open_kinds

    def add(text):
        if text and not hidden():
            current[0] += text

    def end_paragraph():
        if not hidden():
            paragraphs.append(" ".join(current[0].split()))
            current[0] = ""

    def walk(element):
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name in ("annotation", "note", "tracked-changes"):
            return
        if name == "change-start":
            open_ids.add(element.get(text_ns + "change-id"))
        elif name == "change-end":
            open_ids.discard(element.get(text_ns + "change-id"))
        elif name == "change" and view == "reject":  # deleted text kept in its region
            for n, p in enumerate(regions[element.get(text_ns + "change-id")].iterfind("text:deletion/text:p", ODF)):
                if n:
                    end_paragraph()
                add("".join(p.itertext()))
        elif name == "tab":
            add("\t")
        elif name == "s":
            add(" " * int(element.get(text_ns + "c", "1")))
        elif name == "line-break":
            add("\n")
        else:
            add(element.text)
        for child in element:
            walk(child)
            add(child.tail)
        if name in ("p", "h"):
            end_paragraph()

    walk(odt.find(".//office:body/office:text", ODF))
    return paragraphs


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice or libreoffice) is not on PATH")
def test_libreoffice_sees_the_tracked_changes_and_comments_by_author(session, tmp_path):
    data = export(session["report"])
    source = tmp_path / "redline.docx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # never the user's own profile
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    converted = tmp_path / "redline.fodt"
    # LibreOffice exits 0 even when it cannot load the document: the missing output is the failure.
    assert converted.exists(), f"LibreOffice could not read the redline: {result.stdout} {result.stderr}"
    odt = etree.parse(str(converted))

    seen, words = Counter(), defaultdict(Counter)
    texts_by_id = odf_change_texts(odt)
    for region in odt.iterfind(".//text:tracked-changes/text:changed-region", ODF):
        top = region[0]  # a deletion of inserted text lists the deletion first
        kind = {"insertion": "ins", "deletion": "del"}[etree.QName(top).localname]
        author = top.findtext("office:change-info/dc:creator", namespaces=ODF)
        seen[kind, author] += 1
        words[kind, author] += Counter(texts_by_id[region.get(f"{{{ODF['text']}}}id")].split())
    assert seen == change_regions(Docx(data))
    assert seen == {
        ("ins", NAH): 34,
        ("del", NAH): 17,
        ("ins", "Alternative by Japan"): 2,  # the copy of Introduction 15, before and after "Tunis"
        ("del", "Japan"): 1,  # "Tunis"
        ("ins", "Japan"): 1,  # "Geneva"
        ("ins", "Russian Federation"): 1,  # 2 bis, text and paragraph mark
        ("del", "Russian Federation"): 1,  # Recommendation 5, number, text and paragraph mark
    }
    his = Amendment.objects.filter(participant__name=NAH)
    for kind, op in (("ins", "insert"), ("del", "delete")):
        assert words[kind, NAH] == Counter(w for a in his for o, t in a.segments if o == op for w in t.split())
    assert (words["del", "Japan"], words["ins", "Japan"]) == ({"Tunis": 1}, {"Geneva": 1})
    rec_5 = paragraph("recommendations", "5")
    assert words["del", "Russian Federation"] == Counter(f"5. {rec_5.text}".split())
    assert words["ins", "Russian Federation"] == Counter(f"2 bis. {session['new'].proposed_text}".split())

    # What members get when they accept or reject everything in LibreOffice is what the .docx says.
    doc = Docx(data)
    assert odf_view(odt, "reject") == document_view(doc, "reject")
    assert odf_view(odt, "accept") == document_view(doc, "accept")
    [intro_15] = [p for p in odf_view(odt, "accept") if p.startswith("15. It should be further noted")]
    his_15 = his.get(paragraph__section__key="introduction", paragraph__number="15")
    assert intro_15 == " ".join(f"15. {his_15.proposed_text}".split())

    annotations = odt.findall(".//office:annotation", ODF)
    assert Counter(a.findtext("dc:creator", namespaces=ODF) for a in annotations) == {NAH: 4, "Japan": 1}
    bodies = {"\n".join("".join(p.itertext()) for p in a.findall("text:p", ODF)) for a in annotations}
    expected = {c.text for c in Comment.objects.filter(participant__name=NAH)} | {f"[Reply to {NAH}] Japan agrees."}
    assert bodies == expected
