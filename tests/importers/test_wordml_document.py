"""A Word file as the document model (WordDocument.to_document; amendments/importers/wordml_document.py).

No database. The real files are those of tests/data/docx; the rest are built here.
"""

from __future__ import annotations

import pytest

from amendments.core import textdiff
from amendments.core.document import Comment, Document, Footnote, TrackedChange
from amendments.importers.wordml import WordDocument, read_docx
from tests.helpers import DATA
from tests.wordfiles import dele, ins, make_docx, mark, p, r

DOCX = DATA / "docx"


def real(name: str) -> WordDocument:
    path = DOCX / name
    return read_docx(path.read_bytes())


def as_author_left_it(document: Document, author: str) -> list[str]:
    """The texts of the blocks with the author's changes applied: what their version of the file reads."""
    out = []
    for block in document.blocks():
        mine = [c for c in block.changes if c.author == author]
        if not any(c.kind == "delete" for c in mine):
            modified = [c.proposed_text for c in mine if c.kind == "modify"]
            out.append(modified[0] if modified else block.text)
        out += [c.proposed_text for c in mine if c.kind == "insert"]
    return [textdiff.normalise(text) for text in out if text.strip()]


def test_an_insertion_becomes_a_tracked_change_of_the_original_text():
    document = real("track_changes_insertion.docx").to_document(title="Insertions")
    assert document.title == "Insertions"
    [block] = document.blocks()
    assert block.text == "This is a text with insertions."
    assert block.changes == (
        TrackedChange(
            author="eng-dept",
            segments=(("equal", "This is a text with "), ("insert", "two exciting "), ("equal", "insertions.")),
            kind="modify",
            date="2014-06-25T10:40:00Z",
        ),
    )


def test_comments_go_on_the_blocks_they_anchor_to_with_their_replies():
    blocks = list(real("comments.docx").to_document().blocks())
    assert [b.text for b in blocks] == [
        "I want some text to have a comment on it.",
        "This is a new paragraph.",
        "And so is this.",
        "One more. And this is one with a comment in a comment.",
    ]
    assert blocks[0].comments == (
        Comment(
            author="Jesse Rosenthal",
            text="I left a comment.",
            date="2016-05-09T16:13:00Z",
            anchor="some text to have a comment ",
        ),
    )
    assert blocks[2].comments == ()
    [_, threaded] = blocks[3].comments
    assert (threaded.text, threaded.anchor) == ("Do something.", "comment in a comment")
    assert [(reply.text, reply.date) for reply in threaded.replies] == [("Do something else.", "2016-06-22T14:36:00Z")]


def test_a_deleted_paragraph_and_a_paragraph_typed_before_another_land_where_they_stood():
    blocks = list(real("poi_58067.docx").to_document().blocks())
    deleted = next(b for b in blocks if b.text == "This is another Test.")
    assert [(c.kind, c.segments) for c in deleted.changes] == [("delete", (("delete", "This is another Test."),))]
    # "5" was typed as a paragraph of its own before the last one: a new block after the one before it.
    four = next(b for b in blocks if b.text == "4")
    assert [(c.kind, c.proposed_text) for c in four.changes] == [("insert", "5")]


@pytest.mark.parametrize(
    "name",
    sorted(path.name for path in DOCX.glob("*.docx")) if DOCX.exists() else ["track_changes_insertion.docx"],
)
def test_every_real_file_keeps_each_authors_version_and_survives_json(name):
    word = real(name)
    document = word.to_document()
    assert [b.text for b in document.blocks() if b.text.strip()] == [t for _, t in word.base() if t.strip()]
    for author in word.authors():
        assert as_author_left_it(document, author) == [
            textdiff.normalise(t) for _, t in word.version(author) if t.strip()
        ]
    assert Document.from_json(document.to_json()) == document


def test_each_authors_changes_to_one_paragraph_are_their_own_tracked_change():
    body = p(r("The Group "), ins("Ann", "firmly "), r("agreed"), dele("Bob", " on the text"), r("."))
    [block] = read_docx(make_docx(body)).to_document().blocks()
    assert block.text == "The Group agreed on the text."
    assert [(c.author, c.proposed_text) for c in block.changes] == [
        ("Ann", "The Group firmly agreed on the text."),
        ("Bob", "The Group agreed."),
    ]


def test_a_deleted_paragraph_mark_joins_the_next_paragraph_in_its_authors_change():
    body = p(r("First part"), ppr=mark("del", "Ann")) + p(r(" and the rest."))
    first, second = read_docx(make_docx(body)).to_document().blocks()
    assert [(c.kind, c.proposed_text) for c in first.changes] == [("delete", "")]
    assert [(c.kind, c.proposed_text) for c in second.changes] == [("modify", "First part and the rest.")]


def test_footnotes_referenced_in_a_block_are_its_footnotes_in_reading_order():
    footnotes = (
        f'<w:footnote w:id="1">{p(r("See A/72/1."))}</w:footnote>'
        f'<w:footnote w:id="2">{p(r("See A/73/2."))}</w:footnote>'
    )
    note = '<w:r><w:footnoteReference w:id="{}"/></w:r>'.format
    body = p(r("Cooperation"), note(2), r(" matters.")) + p(r("Still"), note(1), r("."))
    first, second = read_docx(make_docx(body, footnotes=footnotes)).to_document().blocks()
    assert first.footnotes == (Footnote(number="1", text="See A/73/2."),)
    assert second.footnotes == (Footnote(number="2", text="See A/72/1."),)
