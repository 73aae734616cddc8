"""The document model: its JSON is what a revision stores, and reads back as the same document."""

from dataclasses import replace

from amendments.core.document import (
    Block,
    Comment,
    Document,
    Footnote,
    RevisionLabel,
    Section,
    TrackedChange,
    display_text,
    footnote_mark_positions,
)


def _document():
    return Document(
        id=7,
        title="Draft report",
        subtitle="Chair's proposal",
        body="Working group",
        revision=RevisionLabel("Rev.1", "2018-01-15"),
        sections=(
            Section(
                key="recommendations",
                heading="Recommendations",
                paragraph_name="Recommendation",
                blocks=(
                    Block(
                        id=1,
                        kind="paragraph",
                        number="2 bis",
                        text="Cooperation should be enhanced.",
                        status="bracketed",
                        items=(
                            Block(
                                id=2, kind="item", text="Сотрудничество", footnotes=(Footnote("3", "وثيقة", "Сотр"),)
                            ),
                        ),
                        footnotes=(Footnote("1", "See A/70/125.", after="Cooperation", id=9),),
                        changes=(
                            TrackedChange(
                                author="Japan",
                                date="2017-11-20T10:00:00+00:00",
                                segments=(
                                    ("equal", "Cooperation should "),
                                    ("delete", "be"),
                                    ("insert", "continue to be"),
                                ),
                            ),
                            TrackedChange(
                                author="Russian Federation", kind="insert", number="2 ter", segments=(("insert", "新"),)
                            ),
                        ),
                        comments=(
                            Comment("Japan", "Why?", anchor="enhanced", replies=(Comment("Brazil", "Because."),)),
                        ),
                    ),
                ),
            ),
            Section(key="annex-1", heading="Annex I"),
        ),
    )


def _annotated():
    """The document with amendments and comments everywhere the model holds them: on a footnote, on one
    tracked change, and on a row the draft no longer holds."""
    document = _document()
    block = document.sections[0].blocks[0]
    [note] = block.footnotes
    note = replace(
        note,
        changes=(TrackedChange(id=5, author="Egypt", segments=(("equal", "See "), ("delete", "A/70/125."))),),
        comments=(Comment("Secretariat", "Check the symbol.", id=6, replies=(Comment("Egypt", "Checked."),)),),
    )
    first, *others = block.changes
    first = replace(first, comments=(Comment("Mexico", "Agreed.", date="2017-11-21T09:00:00+00:00"),))
    gone = Block(
        id=40,
        kind="paragraph",
        number="3",
        text="Old words",
        status="deleted",
        changes=(TrackedChange(id=41, author="Brazil", kind="delete", segments=(("delete", "Old words"),)),),
        comments=(Comment("India", "Gone.", id=42),),
    )
    block = replace(block, footnotes=(note,), changes=(first, *others))
    section = replace(document.sections[0], blocks=(block,))
    return replace(document, sections=(section, *document.sections[1:]), unplaced=(gone,))


def test_a_document_reads_back_from_its_json_unchanged():
    document = _document()
    assert Document.from_json(document.to_json()) == document


def test_amendments_and_comments_on_footnotes_changes_and_unplaced_rows_read_back_from_the_json():
    document = _annotated()
    data = document.to_json()
    assert Document.from_json(data) == document
    paragraph = data["sections"][0]["paragraphs"][0]
    assert [c["author"] for c in paragraph["footnotes"][0]["changes"]] == ["Egypt"]
    assert [c["text"] for c in paragraph["footnotes"][0]["comments"]] == ["Check the symbol."]
    assert [c["text"] for c in paragraph["changes"][0]["comments"]] == ["Agreed."]
    assert [p["text"] for p in data["unplaced"]] == ["Old words"]
    # Nothing is dropped on the way: every change and comment is still where it was.
    read = Document.from_json(data)
    assert read.sections[0].blocks[0].footnotes[0].comments[0].replies == (Comment("Egypt", "Checked."),)
    assert read.unplaced[0].changes[0].kind == "delete"


def test_json_written_before_footnote_change_and_unplaced_annotations_existed_still_loads():
    old = {
        "report": {"id": 7, "title": "Draft report", "subtitle": "", "body": ""},
        "revision": None,
        "sections": [
            {
                "key": "recommendations",
                "heading": "Recommendations",
                "paragraph_name": "",
                "paragraphs": [
                    {
                        "id": 1,
                        "number": "1",
                        "kind": "paragraph",
                        "text": "Cooperation.",
                        "status": "open",
                        "items": [],
                        "footnotes": [{"id": 9, "number": "1", "text": "See.", "after": ""}],
                        "changes": [
                            {
                                "id": 3,
                                "author": "Japan",
                                "kind": "modify",
                                "date": None,
                                "number": "",
                                "segments": [["insert", "New."]],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    document = Document.from_json(old)
    [block] = document.sections[0].blocks
    assert block.footnotes == (Footnote("1", "See.", id=9),)
    assert (block.footnotes[0].changes, block.footnotes[0].comments) == ((), ())
    assert block.changes == (TrackedChange(author="Japan", segments=(("insert", "New."),), id=3),)
    assert block.changes[0].comments == ()
    assert document.unplaced == ()
    assert document.to_json() == old  # and writes back as it was, without the new keys


def test_the_json_of_a_document_without_changes_has_the_snapshot_keys_revisions_store():
    data = _document().clean().to_json()
    paragraph = data["sections"][0]["paragraphs"][0]
    assert set(data) == {"report", "revision", "sections"}
    assert set(paragraph) == {"id", "number", "kind", "text", "status", "items", "footnotes"}
    assert set(paragraph["items"][0]) == {"id", "number", "kind", "text", "status", "footnotes"}
    assert set(paragraph["footnotes"][0]) == {"id", "number", "text", "after"}
    assert data["revision"] == {"name": "Rev.1", "date": "2018-01-15"}


def test_the_json_leaves_out_the_comments_of_a_change_that_has_none():
    data = _document().to_json()
    assert all("comments" not in change for change in data["sections"][0]["paragraphs"][0]["changes"])
    assert "unplaced" not in data


def test_clean_drops_tracked_changes_and_comments_but_keeps_the_text():
    clean = _document().clean()
    block = clean.sections[0].blocks[0]
    assert (block.changes, block.comments) == ((), ())
    assert block.text == "Cooperation should be enhanced."
    assert block.footnotes == _document().sections[0].blocks[0].footnotes


def test_clean_drops_the_changes_and_comments_on_footnotes_and_the_unplaced_rows():
    clean = _annotated().clean()
    assert clean == _document().clean()
    assert clean.sections[0].blocks[0].footnotes == (Footnote("1", "See A/70/125.", after="Cooperation", id=9),)
    assert clean.unplaced == ()
    assert set(clean.to_json()) == {"report", "revision", "sections"}


def test_authors_lists_everyone_with_a_change_or_a_comment_in_order_of_appearance():
    assert _document().authors() == ["Japan", "Russian Federation", "Brazil"]


def test_authors_include_those_on_footnotes_on_changes_and_on_unplaced_rows():
    assert _annotated().authors() == [
        "Japan",
        "Mexico",
        "Russian Federation",
        "Brazil",
        "Egypt",
        "Secretariat",
        "India",
    ]


def test_a_tracked_change_knows_its_proposed_text():
    change = _document().sections[0].blocks[0].changes[0]
    assert change.proposed_text == "Cooperation should continue to be"


def test_a_not_agreed_block_prints_its_text_as_it_stands_with_its_marks_after_their_anchors():
    # The status is a label: brackets are characters of the text, written by the bracket actions.
    block = _document().sections[0].blocks[0]
    assert block.status == "bracketed"
    assert display_text(block) == "Cooperation should be enhanced."
    assert [at for at, _ in footnote_mark_positions(block)] == [len("Cooperation")]
    # The same from the stored JSON of the block.
    stored = _document().to_json()["sections"][0]["paragraphs"][0]
    assert footnote_mark_positions(stored)[0][0] == len("Cooperation")
