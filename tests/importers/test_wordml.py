"""Reading tracked changes, comments and paragraph numbers from .docx files (no database).

Two kinds of input: the real files in tests/data/docx (the expected strings were checked
against LibreOffice 7.4, which shows the same text with all changes accepted and all rejected), and small
files built here with lxml for the cases the real ones lack.
"""

import io
import json
import zipfile

import pytest

from amendments.importers import uploads
from amendments.importers.wordml import Change, FormattingChange, main, read_docx
from tests.helpers import DATA
from tests.wordfiles import DATE, change, dele, ins, make_docx, mark, p, r

DOCX = DATA / "docx"
MOVED = "Here is the text to be moved."


def real(name: str):
    path = DOCX / name
    return read_docx(path.read_bytes())


def texts(version) -> list[str]:
    return [text for _, text in version]


# ── The real files ─────────────────────────────────────────────────────────────────────────────────────


def test_track_changes_insertion():
    doc = real("track_changes_insertion.docx")
    [paragraph] = doc.paragraphs
    assert paragraph.base_text == "This is a text with insertions."
    assert paragraph.final_text == "This is a text with two exciting insertions."
    assert paragraph.changes == [Change("eng-dept", "2014-06-25T10:40:00Z", "insert", "two exciting ")]
    assert doc.authors() == ["eng-dept"]
    assert doc.version("eng-dept") == doc.final() == [("", "This is a text with two exciting insertions.")]
    assert doc.version("someone else") == doc.base()


def test_track_changes_deletion():
    doc = real("track_changes_deletion.docx")
    [paragraph] = doc.paragraphs
    assert paragraph.base_text == "This is a text with an excessively modified deletion."
    assert paragraph.final_text == "This is a text with a deletion."
    assert "excessively modified" in paragraph.base_text and "excessively" not in paragraph.final_text
    assert paragraph.changes == [Change("eng-dept", "2014-06-25T10:42:00Z", "delete", "n excessively modified")]


def test_track_changes_move():
    doc = real("track_changes_move.docx")
    assert texts(doc.base()) == ["Here is some text.", "", "", "", "Here is some more text.", "", MOVED, "", ""]
    assert texts(doc.final()) == ["Here is some text.", "", MOVED, "", "Here is some more text.", "", "", "", ""]
    assert texts(doc.final()).count(MOVED) == 1 and texts(doc.base()).count(MOVED) == 1
    assert doc.paragraphs[2].changes == [Change("Jesse Rosenthal", "2016-04-16T08:20:00Z", "move-to", MOVED)]
    assert doc.paragraphs[6].changes == [Change("Jesse Rosenthal", "2016-04-16T08:20:00Z", "move-from", MOVED)]


def test_paragraph_insertion_deletion():
    """Three w:p; the first mark inserted, the second deleted: two paragraphs in each version, split differently."""
    doc = real("paragraph_insertion_deletion.docx")
    assert [(p.base_text, p.final_text) for p in doc.paragraphs] == [
        ("This is a", "This is a"),
        (" split", " split"),
        ("Paragraph.", "Paragraph."),
    ]
    assert texts(doc.base()) == ["This is a split", "Paragraph."]
    assert texts(doc.final()) == ["This is a", " splitParagraph."]
    date = "2017-09-17T16:39:00Z"
    assert doc.paragraphs[0].changes == [Change("Seeley, Jason", date, "paragraph-insert", "")]
    assert doc.paragraphs[1].changes == [Change("Seeley, Jason", date, "paragraph-delete", "")]


def test_track_changes_scrubbed_metadata():
    doc = real("track_changes_scrubbed_metadata.docx")
    [paragraph] = doc.paragraphs
    assert paragraph.base_text == "Here is a dummy document."
    assert paragraph.final_text == "Here is a test document."
    assert paragraph.changes == [Change("Author", None, "delete", "dummy"), Change("Author", None, "insert", "test")]
    [comment] = doc.comments
    assert (comment.id, comment.author, comment.date, comment.initials) == ("3", "Author", None, "A")
    assert (comment.text, comment.anchor_text, comment.paragraph_index) == ("With a comment!", "document", 0)


def test_comments():
    doc = real("comments.docx")
    by_id = {comment.id: comment for comment in doc.comments}
    assert list(by_id) == ["0", "1", "2", "3", "4"]
    assert {c.author for c in doc.comments} == {"Jesse Rosenthal"} and {c.initials for c in doc.comments} == {"jkr"}
    assert doc.authors() == ["Jesse Rosenthal"]
    assert by_id["0"].text == "I left a comment."
    assert (by_id["0"].anchor_text, by_id["0"].paragraph_index) == ("some text to have a comment ", 0)
    # spanning two paragraphs
    assert by_id["1"].text == "A comment across paragraphs."
    assert by_id["1"].paragraph_indexes == (1, 2)
    assert by_id["1"].anchor_text == "a new paragraph.\nAnd so"
    # several paragraphs of comment text, one of them empty
    assert by_id["2"].text == "This one has multiple paragraphs.\n\nSee?"
    assert by_id["2"].anchor_text == "more"
    # a reply, matched through commentsExtended and the comments' w14:paraId
    assert (by_id["3"].text, by_id["3"].parent_id) == ("Do something.", None)
    assert (by_id["4"].text, by_id["4"].parent_id) == ("Do something else.", "3")
    assert by_id["3"].anchor_text == by_id["4"].anchor_text == "comment in a comment"
    assert by_id["4"].date == "2016-06-22T14:36:00Z"
    assert [c.parent_id for c in doc.comments].count(None) == 4
    assert texts(doc.final())[3] == "One more. And this is one with a comment in a comment."


def test_poi_delins():
    doc = real("poi_delins.docx")
    assert doc.authors() == ["pavel"]
    kinds = [change.kind for paragraph in doc.paragraphs for change in paragraph.changes]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "insert": 13,
        "delete": 2,
        "paragraph-insert": 13,
        "paragraph-delete": 2,
    }
    assert doc.paragraphs[4].changes == [Change("pavel", "2009-07-24T15:05:00Z", "insert", " ")]
    deleted = doc.paragraphs[9]
    assert deleted.base_text == "Tika Waylan, a major character in the DragonLance series of fantasy novels"
    assert deleted.final_text == ""  # the HYPERLINK field codes (w:delInstrText) are not text
    assert doc.paragraphs[13].final_text == (
        "Lucene will be extremely well represented at ApacheCon EU 2009 in Amsterdam, Netherlands this March 23-27, 2009:"
    )
    assert doc.paragraphs[14].changes[0] == Change(
        "pavel", "2009-07-24T15:06:00Z", "insert", "Lucene Boot Camp - A two day training session, March 23 & 24th"
    )
    base, final = texts(doc.base()), texts(doc.final())
    assert (len(doc.paragraphs), len(base), len(final)) == (25, 12, 23)
    assert "Apache Tika 0.3 has been released. Please see the download page for more details." in final
    assert not any("Apache Tika 0.3" in text for text in base)
    assert base[8].startswith("A pendant worn in place of the red spot (tilaka or 'tika') on the foreheads")
    assert not any("A pendant worn" in text for text in final)
    # formatting-only changes: reported, with author, one per paragraph and kind; the text is untouched
    assert len(doc.formatting_changes) == 14
    assert {change.author for change in doc.formatting_changes} == {"pavel"}
    assert FormattingChange("pavel", "2009-07-24T15:05:00Z", 23, "run") in doc.formatting_changes
    # bullets, not numbers
    assert [p.bullet for p in doc.paragraphs[1:10]] == [True] * 9 and not doc.paragraphs[0].bullet
    assert {p.number for p in doc.paragraphs} == {""}


def test_poi_58067_deleted_heading():
    doc = real("poi_58067.docx")
    heading = doc.paragraphs[2]
    assert heading.style == "Heading2"
    assert (heading.base_text, heading.final_text) == ("This is another Test.", "")
    date = "2015-06-19T16:58:00Z"
    assert heading.changes == [
        Change("Henning Femmer", date, "delete", "This is another Test."),
        Change("Henning Femmer", date, "paragraph-delete", ""),
    ]
    assert texts(doc.base()) == [
        "This is a test.",
        "",
        "This is another Test.",
        "",
        "3",
        "4",
        "5This is a whole paragraph where only one word is deleted.",  # four paragraph marks inserted after "5"
    ]
    assert texts(doc.final()) == [
        "This is a test.",
        "",
        "",
        "3",
        "4",
        "5",
        "",
        "",
        "",
        "This is a whole paragraph where one word is deleted.",
    ]
    assert doc.paragraphs[10].changes == [Change("Henning Femmer", "2015-06-19T17:00:00Z", "delete", "only ")]


def test_poi_numbering():
    doc = real("poi_Numbering.docx")
    numbered = [(p.number, p.bullet, p.final_text) for p in doc.paragraphs if p.number or p.bullet]
    assert numbered == [
        ("", True, "Level 1"),
        ("", True, "Level 2"),
        ("", True, "Level 3"),
        ("", True, "Level 4"),
        ("1.", False, "Level1"),
        ("a.", False, "Level2"),
        ("i.", False, "Level3"),
        ("1.", False, "Level1"),
        ("1.1.", False, "Level2"),
        ("1.1.1.", False, "  Level3"),
        ("NEW-1-FORMAT", False, "Level1"),
        ("a)", False, "Level2"),
        ("i)", False, "Level3"),
        # a w14 custom format (α, β, γ) whose mc:Fallback is decimal: read as LibreOffice does
        ("1.", False, "One"),
        ("2.", False, "Two"),
        ("3.", False, "Three"),
    ]


def test_docx2python_example_numbering_matches_what_word_displays():
    """Each paragraph's text says which number Word shows for it."""
    doc = real("docx2python_example_numbering.docx")
    numbered = [p for p in doc.paragraphs if p.final_text.startswith("expect ")]
    assert [p.number for p in numbered] == ["II.", "C.", "D.", "4.", "e.", "f.", "6)", "f)", "(viii)", "(ix)"]
    for paragraph in numbered:
        assert paragraph.number.strip("().") == paragraph.final_text.removeprefix("expect ")


@pytest.mark.parametrize(
    "name",
    sorted(path.name for path in DOCX.glob("*.docx")) if DOCX.exists() else ["track_changes_insertion.docx"],
)
def test_every_real_file_passes_the_upload_checks_and_reads(name):
    path = DOCX / name
    data = path.read_bytes()
    assert uploads.sniff(data, name) == "docx"
    doc = read_docx(data)
    assert doc.paragraphs and doc.base() and doc.final()
    assert len(doc.base()) <= len(doc.paragraphs) and len(doc.final()) <= len(doc.paragraphs)
    for author in doc.authors():
        assert doc.version(author)


def test_command_line_listing(capsys):
    path = DOCX / "comments.docx"
    assert main([str(path), "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["authors"] == ["Jesse Rosenthal"]
    assert len(listing["by_author"]["Jesse Rosenthal"]["comments"]) == 5
    assert main([str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "I want some text to have a comment on it."


# ── Built files: authors, versions and joins ───────────────────────────────────────────────────────────


def test_two_authors_in_one_paragraph():
    body = p(r("The process "), dele("Japan", "towards"), ins("Japan", "of"), r(" further "), ins("Russia", "full "))
    body += p(r("implementation should take account of existing "), dele("Russia", "fora"), ins("Russia", "forums"))
    doc = read_docx(make_docx(body))
    assert doc.authors() == ["Japan", "Russia"]
    assert texts(doc.base()) == [
        "The process towards further ",
        "implementation should take account of existing fora",
    ]
    assert texts(doc.version("Japan")) == [
        "The process of further ",
        "implementation should take account of existing fora",
    ]
    assert texts(doc.version("Russia")) == [
        "The process towards further full ",
        "implementation should take account of existing forums",
    ]
    assert texts(doc.final()) == [
        "The process of further full ",
        "implementation should take account of existing forums",
    ]


def test_deleted_paragraph_mark_joins_only_in_its_authors_version():
    body = p(r("First."), ppr=mark("del", "Japan")) + p(r(" Second.")) + p(r("Third."), ppr=mark("del", "Russia"))
    body += p(r(" Fourth."))
    doc = read_docx(make_docx(body))
    assert texts(doc.base()) == ["First.", " Second.", "Third.", " Fourth."]
    assert texts(doc.version("Japan")) == ["First. Second.", "Third.", " Fourth."]
    assert texts(doc.version("Russia")) == ["First.", " Second.", "Third. Fourth."]
    assert texts(doc.final()) == ["First. Second.", "Third. Fourth."]
    assert doc.paragraphs[0].changes == [Change("Japan", DATE, "paragraph-delete", "")]


def test_inserted_paragraph_is_in_its_authors_version_only():
    """Enter at the end of a paragraph and typing: the old paragraph's mark is the inserted one."""
    body = p(r("Existing paragraph."), ppr=mark("ins", "Japan")) + p(ins("Japan", "A new paragraph."))
    body += p(r("Last."))
    doc = read_docx(make_docx(body))
    assert texts(doc.base()) == ["Existing paragraph.", "Last."]
    assert texts(doc.version("Japan")) == ["Existing paragraph.", "A new paragraph.", "Last."]
    assert texts(doc.version("Russia")) == texts(doc.base())
    assert doc.paragraphs[1].changes == [Change("Japan", DATE, "insert", "A new paragraph.")]


def test_text_inserted_by_one_and_deleted_by_another():
    nested = change(
        "ins", "Japan", change("del", "Russia", '<w:r><w:delText xml:space="preserve">new </w:delText></w:r>')
    )
    doc = read_docx(make_docx(p(r("A "), nested, r("text."))))
    assert texts(doc.base()) == ["A text."]
    assert texts(doc.version("Japan")) == ["A new text."]
    assert texts(doc.version("Russia")) == ["A text."]
    assert texts(doc.final()) == ["A text."]
    assert doc.paragraphs[0].changes == [
        Change("Japan", DATE, "insert", "new "),
        Change("Russia", DATE, "delete", "new "),
    ]


def test_adjacent_pieces_of_one_insertion_make_onechange():
    """Word splits an insertion wherever the formatting changes; it is still one change."""
    body = p(r("Keep "), ins("Japan", "one "), '<w:bookmarkStart w:id="0" w:name="x"/>', ins("Japan", "insertion"))
    doc = read_docx(make_docx(body))
    assert doc.paragraphs[0].changes == [Change("Japan", DATE, "insert", "one insertion")]


def test_moves_by_author():
    move_from = change("moveFrom", "Japan", r("Moved sentence. "))
    move_to = change("moveTo", "Japan", r(" Moved sentence."))
    doc = read_docx(make_docx(p(move_from, r("Stays.")) + p(r("Ends here."), move_to)))
    assert texts(doc.base()) == ["Moved sentence. Stays.", "Ends here."]
    assert texts(doc.version("Japan")) == ["Stays.", "Ends here. Moved sentence."]
    assert texts(doc.version("Russia")) == texts(doc.base())
    assert [c.kind for p in doc.paragraphs for c in p.changes] == ["move-from", "move-to"]


# ── Built files: what counts as text ───────────────────────────────────────────────────────────────────


def test_tabs_breaks_hyphens_and_fields():
    run = (
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t>"
        "<w:softHyphen/><w:t>e</w:t></w:r>"
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = f'<w:fldSimple w:instr=" DATE ">{r("1 May")}</w:fldSimple>'
    doc = read_docx(make_docx(p(run) + p(r("page "), field, r(", "), simple)))
    assert texts(doc.final()) == ["a\tb\nc\u2011de", "page 7, 1 May"]


def test_hyperlinks_smart_tags_content_controls_and_alternate_content():
    hyperlink = f'<w:hyperlink r:id="rId9">{r("link")}</w:hyperlink>'
    smart = f'<w:smartTag w:uri="urn:x" w:element="place">{r("Geneva")}</w:smartTag>'
    sdt = f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{r(' control')}</w:sdtContent></w:sdt>"
    alternate = (
        f'<mc:AlternateContent><mc:Choice Requires="w14">{r(" CHOICE")}</mc:Choice>'
        f"<mc:Fallback>{r(' fallback')}</mc:Fallback></mc:AlternateContent>"
    )
    block_sdt = f"<w:sdt><w:sdtContent>{p(r('In a block control.'))}</w:sdtContent></w:sdt>"
    doc = read_docx(make_docx(p(hyperlink, r(" in "), smart, sdt, alternate) + block_sdt))
    assert texts(doc.final()) == ["link in Geneva control fallback", "In a block control."]


def test_tables_are_read_cell_by_cell_in_order():
    def cell(text: str) -> str:
        return f"<w:tc>{p(r(text))}</w:tc>"

    table = f"<w:tbl><w:tr>{cell('A1')}{cell('B1')}</w:tr><w:tr>{cell('A2')}<w:tc>{p(r('B2'))}{p(r('B2b'))}</w:tc></w:tr></w:tbl>"
    doc = read_docx(make_docx(p(r("Before.")) + table + p(r("After."))))
    assert texts(doc.final()) == ["Before.", "A1", "B1", "A2", "B2", "B2b", "After."]


def test_deleted_table_row_disappears_in_the_final_version():
    deleted_row = (
        f'<w:tr><w:trPr><w:del w:id="5" w:author="Japan" w:date="{DATE}"/></w:trPr>'
        f"<w:tc>{p(dele('Japan', 'Gone'))}</w:tc></w:tr>"
    )
    table = f"<w:tbl><w:tr><w:tc>{p(r('Kept'))}</w:tc></w:tr>{deleted_row}</w:tbl>"
    doc = read_docx(make_docx(table + p(r("After."))))
    assert texts(doc.base()) == ["Kept", "Gone", "After."]
    assert texts(doc.final()) == ["Kept", "After."]


def test_footnote_references_are_noted():
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1">{p(r("See A/72/1."))}</w:footnote>'
    )
    body = p(r("Cooperation"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" matters."))
    doc = read_docx(make_docx(body, footnotes=footnotes))
    assert doc.paragraphs[0].final_text == "Cooperation matters."
    assert doc.paragraphs[0].footnotes == ["1"]
    assert doc.footnotes == {"1": "See A/72/1."}


def test_formatting_changes_are_reported_not_applied_to_the_text():
    rpr_change = f'<w:rPrChange w:id="3" w:author="Russia" w:date="{DATE}"><w:rPr/></w:rPrChange>'
    run = f"<w:r><w:rPr><w:b/>{rpr_change}</w:rPr><w:t>bold now</w:t></w:r>"
    doc = read_docx(make_docx(p(run)))
    assert texts(doc.base()) == texts(doc.final()) == ["bold now"]
    assert doc.formatting_changes == [FormattingChange("Russia", DATE, 0, "run")]
    assert doc.paragraphs[0].changes == []
    assert doc.authors() == []  # formatting alone is not an amendment of the text…
    assert doc.summary()["by_author"]["Russia"]["formatting_changes"] == [  # …but it is listed
        {"kind": "run", "paragraph_index": 0, "number": "", "date": DATE}
    ]


# ── Built files: comments ──────────────────────────────────────────────────────────────────────────────


def _comment(comment_id: str, author: str, para_id: str, *paragraphs: str) -> str:
    body = "".join(f'<w:p w14:paraId="{para_id}{i}">{r(text)}</w:p>' for i, text in enumerate(paragraphs))
    return f'<w:comment w:id="{comment_id}" w:author="{author}" w:date="{DATE}" w:initials="X">{body}</w:comment>'


def _anchored(comment_id: str, text: str) -> str:
    return (
        f'<w:commentRangeStart w:id="{comment_id}"/>{r(text)}<w:commentRangeEnd w:id="{comment_id}"/>'
        f'<w:r><w:commentReference w:id="{comment_id}"/></w:r>'
    )


def test_replies_and_their_parents():
    comments = (
        _comment("10", "Japan", "AAAA000", "Why delete this?")
        + _comment("11", "Russia", "BBBB000", "Because it repeats", "paragraph 12.")
        + _comment("12", "Japan", "CCCC000", "Noted.")
    )
    extended = (
        '<w15:commentEx w15:paraId="AAAA0000" w15:done="0"/>'
        '<w15:commentEx w15:paraId="BBBB0001" w15:paraIdParent="AAAA0000" w15:done="0"/>'
        '<w15:commentEx w15:paraId="CCCC0000" w15:paraIdParent="AAAA0000" w15:done="0"/>'
    )
    body = p(r("Keep "), _anchored("10", "this text"), r(".")) + p(r("Other."))
    doc = read_docx(make_docx(body, comments=comments, commentsExtended=extended))
    assert [(c.id, c.parent_id) for c in doc.comments] == [("10", None), ("11", "10"), ("12", "10")]
    assert doc.comments[1].text == "Because it repeats\nparagraph 12."
    assert doc.comments[0].anchor_text == "this text" and doc.comments[0].paragraph_index == 0
    assert doc.comments[1].paragraph_index is None  # a reply Word anchored nowhere
    assert doc.authors() == ["Japan", "Russia"]
    # without commentsExtended every comment is top-level
    doc = read_docx(make_docx(body, comments=comments))
    assert [c.parent_id for c in doc.comments] == [None, None, None]


def test_comment_on_deleted_text_anchors_the_deleted_text():
    comments = _comment("1", "Japan", "DDDD000", "Please keep.")
    body = p(r("Keep "), '<w:commentRangeStart w:id="1"/>', dele("Russia", "this"), '<w:commentRangeEnd w:id="1"/>')
    doc = read_docx(make_docx(body, comments=comments))
    assert doc.comments[0].anchor_text == "this"


def test_summary_is_json_ready_and_by_author():
    comments = _comment("1", "Japan", "EEEE000", "See my change.")
    body = p(r("Text "), ins("Japan", "added"), _anchored("1", " here")) + p(dele("Russia", "Gone."))
    summary = read_docx(make_docx(body, comments=comments)).summary()
    json.dumps(summary)
    assert summary["authors"] == ["Japan", "Russia"]
    assert summary["by_author"]["Japan"]["changes"] == [
        {"kind": "insert", "paragraph_index": 0, "number": "", "final_number": "", "text": "added", "date": DATE}
    ]
    assert summary["by_author"]["Japan"]["comments"][0]["text"] == "See my change."
    assert summary["by_author"]["Russia"]["changes"][0]["text"] == "Gone."


def test_a_reply_written_as_reply_to_finds_its_comment_without_word_threads():
    # As LibreOffice saves the app's redline: no commentsExtended, the reply says whom it answers.
    comments = (
        _comment("1", "Japan", "AAAA000", "On the words.")
        + _comment("2", "Nick Ashton-Hart", "BBBB000", "Mine.")
        + _comment("3", "Japan", "CCCC000", "[Reply to Nick Ashton-Hart] Japan agrees.")
    )
    body = p(
        '<w:commentRangeStart w:id="1"/><w:commentRangeStart w:id="2"/><w:commentRangeStart w:id="3"/>',
        r("Keep this text."),
        *(f'<w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r>' for i in "123"),
    )
    doc = read_docx(make_docx(body, comments=comments))
    assert [(c.id, c.parent_id, c.text) for c in doc.comments] == [
        ("1", None, "On the words."),
        ("2", None, "Mine."),
        ("3", "2", "Japan agrees."),
    ]


def test_a_comment_around_one_authors_change_is_on_that_change():
    comments = _comment("1", "Japan", "AAAA000", "On Russia's words.") + _comment("2", "Japan", "BBBB000", "On all.")
    body = p(
        '<w:commentRangeStart w:id="2"/>',
        r("Keep "),
        '<w:commentRangeStart w:id="1"/>',
        dele("Russia", "this"),
        ins("Russia", "that"),
        '<w:commentRangeEnd w:id="1"/>',
        r(" text."),
        '<w:commentRangeEnd w:id="2"/>',
    )
    doc = read_docx(make_docx(body, comments=comments))
    assert [c.change_author for c in doc.comments] == ["Russia", None]


# ── Numbers typed in the text, and the app's own redline ───────────────────────────────────────────────


def test_a_number_typed_before_a_tab_is_the_paragraphs_number():
    doc = read_docx(
        make_docx(
            p(r("15.\tThe text of fifteen."))
            + p(r("2 bis.\tA new paragraph."))
            + p(r("64. We acknowledge, as quoted."))
            + p(r("No number here."))
        )
    )
    assert doc.final() == [
        ("15.", "The text of fifteen."),
        ("2 bis.", "A new paragraph."),
        ("", "64. We acknowledge, as quoted."),
        ("", "No number here."),
    ]


def test_the_redlines_alternatives_are_their_delegations_changes():
    copy = "Alternative by Japan, on an earlier text"
    body = p(r("15.\tThe text.")) + p(
        ins(copy, "15.\t[Alternative by Japan, on an earlier text] The "),
        f'<w:ins w:id="5" w:author="{copy}" w:date="{DATE}"><w:del w:id="6" w:author="Japan" w:date="{DATE}">'
        "<w:r><w:delText>old</w:delText></w:r></w:del></w:ins>",
        ins("Japan", "new"),
        ins(copy, " text."),
        ppr=mark("ins", copy),
    )
    doc = read_docx(make_docx(body))
    assert doc.authors() == ["Japan"]
    assert doc.version("Japan") == [
        ("15.", "The text."),
        ("15.", "[Alternative by Japan, on an earlier text] The new text."),
    ]
    assert [pair for pair in doc.base() if pair[1]] == [("15.", "The text.")]  # the copy is all inserted


# ── Built files: refusals go through the upload checks ─────────────────────────────────────────────────


def rewrite_document(data: bytes, old: bytes, new: bytes) -> bytes:
    """The same .docx with one replacement made in word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content.replace(old, new) if info.filename == "word/document.xml" else content)
    return buffer.getvalue()


def test_read_docx_refuses_a_dtd_in_the_document():
    data = rewrite_document(make_docx(p(r("x"))), b"<w:document", b'<!DOCTYPE w:document [<!ENTITY x "y">]><w:document')
    with pytest.raises(uploads.UploadError, match="a DTD"):
        read_docx(data)


def test_strict_open_xml_is_sent_back():
    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    data = rewrite_document(make_docx(""), transitional, b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    with pytest.raises(uploads.UploadError, match="Strict Open XML"):
        read_docx(data)


def test_a_zip_without_a_word_document_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
    with pytest.raises(uploads.UploadError, match=r"Not a \.docx file nor UTF-8 text\."):
        read_docx(buffer.getvalue())
