"""Starting a report from a document: what is read from a Chair's draft in Word, text or PDF."""

import io
import zipfile
from dataclasses import replace

import pytest

from amendments.core.document import Document, Footnote, footnote_mark_positions
from amendments.exporters.clean_draft import to_docx
from amendments.importers import uploads
from amendments.importers.report import (
    NO_PARAGRAPHS,
    NOT_A_DRAFT,
    PDF_WITHOUT_TEXT,
    TRACKED_CHANGES,
    UNTITLED,
    notes,
    read_report,
)
from amendments.queries.snapshots import report_document
from tests.wordfiles import dele, ins, make_docx, numpr, p, r

STYLES = "".join(
    f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/></w:style>'
    for sid, name in (("Title", "Title"), ("Subtitle", "Subtitle"), ("Heading1", "heading 1"), ("Quote", "Quote"),
                      ("ListBullet", "List Bullet"), ("Ueberschrift2", "heading 2"))
)  # fmt: skip
NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
)


def styled(style: str, *content: str, extra: str = "") -> str:
    return p(*content, ppr=f'<w:pStyle w:val="{style}"/>{extra}')


def note_ref(note_id: int, custom: str = "") -> str:
    attrs = ' w:customMarkFollows="1"' if custom else ""
    mark = f"<w:t>{custom}</w:t>" if custom else ""
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference{attrs} w:id="{note_id}"/>{mark}</w:r>'


def footnotes(*notes: tuple[int, str]) -> str:
    return "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r>{r(" " + text)}</w:p></w:footnote>'
        for i, text in notes
    )


def docx(*paragraphs: str, notes: str = "") -> bytes:
    parts = {"styles": STYLES, "numbering": NUMBERING}
    if notes:
        parts["footnotes"] = notes
    return make_docx("".join(paragraphs), **parts)


def rows(document: Document) -> list[tuple[str, str, str, str]]:
    """(section heading, kind, number, text) of every paragraph and sub-item, in order."""
    return [
        (section.heading, row.kind, row.number, row.text)
        for section in document.sections
        for block in section.blocks
        for row in (block, *block.items)
    ]


def test_title_block_headings_and_word_numbering_make_the_report():
    document = read_report(
        docx(
            p(r("Working Group on Enhanced Cooperation")),
            styled("Title", r("Draft report")),
            styled("Subtitle", r("Chair's proposal of 11 November 2017")),
            styled("Heading1", r("Introduction")),
            p(r("The group met five times."), ppr=numpr(1)),
            p(r("It agreed on the following:"), ppr=numpr(1)),
            p(r("transparency;"), ppr=numpr(1, 1)),
            styled("ListBullet", r("openness."), extra=numpr(2)),
            styled("Quote", r("Enhanced cooperation is needed.")),
            styled("Ueberschrift2", r("Recommendations")),
            p(r("The group recommends more meetings."), ppr=numpr(1)),
        )
    )
    assert (document.body, document.title, document.subtitle) == (
        "Working Group on Enhanced Cooperation",
        "Draft report",
        "Chair's proposal of 11 November 2017",
    )
    assert [(s.key, s.heading) for s in document.sections] == [
        ("introduction", "Introduction"),
        ("recommendations", "Recommendations"),
    ]
    assert rows(document) == [
        ("Introduction", "paragraph", "1", "The group met five times."),
        ("Introduction", "paragraph", "2", "It agreed on the following:"),
        ("Introduction", "item", "(a)", "transparency;"),
        ("Introduction", "item", "", "openness."),
        ("Introduction", "quote", "", "Enhanced cooperation is needed."),
        ("Recommendations", "paragraph", "3", "The group recommends more meetings."),
    ]


def test_typed_numbers_number_the_paragraphs_and_leave_the_text():
    document = read_report(
        docx(
            styled("Title", r("Draft report")),
            styled("Heading1", r("Recommendations")),
            p(r("1.\tThe first."), ppr=""),
            p(r("2 bis. A new one after the second.")),
            p(r("2017 was a year of meetings.")),
            p(r("Option 1 – a new body")),
        )
    )
    assert rows(document) == [
        ("Recommendations", "paragraph", "1", "The first."),
        ("Recommendations", "paragraph", "2 bis", "A new one after the second."),
        ("Recommendations", "paragraph", "", "2017 was a year of meetings."),
        ("Recommendations", "paragraph", "", "Option 1 – a new body"),
    ]


def test_footnotes_are_attached_where_their_marks_stand():
    document = read_report(
        docx(
            styled("Title", r("Draft report")),
            styled("Heading1", r("Introduction")),
            p(r("3.\tThe group met in Geneva"), note_ref(1), r(" and in New York."), note_ref(2)),
            p(r("It heard the marginalized groups"), note_ref(3, custom="9"), r(", as asked.")),
            notes=footnotes((1, "In Palais des Nations."), (2, "At UN Headquarters."), (3, "9 Women and youth.")),
        )
    )
    first, second = document.sections[0].blocks
    assert first.text == "The group met in Geneva and in New York."
    assert first.footnotes == (
        Footnote(number="1", text="In Palais des Nations.", after="met in Geneva"),
        Footnote(number="2", text="At UN Headquarters.", after=""),
    )
    assert second.text == "It heard the marginalized groups, as asked."
    assert second.footnotes == (Footnote(number="9", text="Women and youth.", after="the marginalized groups"),)


def test_without_a_title_style_the_first_lines_are_title_and_subtitle():
    document = read_report(
        docx(p(r("Draft report")), p(r("Second draft, 2018")), p(r("1.\tThe text.")), p(r("2.\tMore text.")))
    )
    assert (document.title, document.subtitle) == ("Draft report", "Second draft, 2018")
    assert [s.heading for s in document.sections] == [UNTITLED]
    assert [(b.number, b.text) for b in document.sections[0].blocks] == [("1", "The text."), ("2", "More text.")]


def test_a_plain_text_draft_gives_sections_numbers_and_bullets():
    text = (
        "Working Group on Enhanced Cooperation\n\nDraft report\n\nChair's proposal\n\n"
        "Introduction\n\n1. The group met five times in Geneva.\n\n2. It agreed on the following points:\n\n"
        "• transparency;\n\n• openness.\n\nRecommendations\n\n3. The group recommends more meetings.\n"
    )
    document = read_report(text.encode(), "draft.txt")
    assert (document.body, document.title, document.subtitle) == (
        "Working Group on Enhanced Cooperation",
        "Draft report",
        "Chair's proposal",
    )
    assert rows(document) == [
        ("Introduction", "paragraph", "1", "The group met five times in Geneva."),
        ("Introduction", "paragraph", "2", "It agreed on the following points:"),
        ("Introduction", "item", "", "transparency;"),
        ("Introduction", "item", "", "openness."),
        ("Recommendations", "paragraph", "3", "The group recommends more meetings."),
    ]


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is `lines`, written by hand (Helvetica, one line after another)."""
    content = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_pdf_draft_is_read_from_its_text():
    data = _pdf(["Introduction", "1. The group met five times.", "2. It agreed."])
    document = read_report(data, "draft.pdf")
    assert [s.heading for s in document.sections] == ["Introduction"]
    assert [(b.number, b.text) for b in document.sections[0].blocks] == [
        ("1", "The group met five times."),
        ("2", "It agreed."),
    ]


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", uploads.EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", NOT_A_DRAFT),
        (_zip(**{"mimetype": b"application/vnd.oasis.opendocument.text"}), NOT_A_DRAFT),
        (docx(p(r("   ")), p()), NO_PARAGRAPHS),
        (docx(styled("Title", r("Only a title")), styled("Heading1", r("Introduction"))), NO_PARAGRAPHS),
        (b"\n\n  \n", NO_PARAGRAPHS),
        (_pdf([]), PDF_WITHOUT_TEXT),
    ],
    ids=["empty", "an-image", "another-zip", "no-paragraphs", "headings-only", "blank-text", "pdf-without-text"],
)
def test_a_file_that_is_no_draft_is_refused_with_one_sentence(data, message):
    with pytest.raises(uploads.UploadError) as refused:
        read_report(data, "draft.docx")
    assert str(refused.value) == message


# The app's own export, read back ------------------------------------------------------------------------


def _comparable(document: Document) -> Document:
    """The document without what a .docx cannot hold: row ids, section keys and paragraph names, and
    the words a footnote's mark is anchored to (compared as the mark's place instead)."""

    def block(b):
        return replace(
            b,
            id=None,
            items=tuple(block(i) for i in b.items),
            footnotes=tuple(replace(n, id=None, after=str(at)) for at, n in footnote_mark_positions(b)),
        )

    return replace(
        document,
        id=None,
        sections=tuple(
            replace(s, key="", paragraph_name="", blocks=tuple(block(b) for b in s.blocks)) for s in document.sections
        ),
    )


@pytest.mark.django_db
def test_the_wgec_report_exported_to_word_and_read_back_is_the_same_report(wgec):
    original = report_document(wgec)
    read = read_report(to_docx(original), "wgec.docx")
    assert _comparable(read) == _comparable(original)
    assert [s.heading for s in read.sections] == [s.heading for s in original.sections]
    assert sum(len(b.footnotes) for b in read.blocks()) == 9
    # Where the keys were slugs of the headings they come back as they were.
    assert [s.key for s in read.sections][:3] == ["executive-summary", "introduction", "recommendations"]


def test_a_draft_of_plain_lines_keeps_them_as_paragraphs_under_its_title():
    document = read_report(
        docx(p(r("Draft report")), p(r("The group met in Geneva.")), p(r("It agreed on many points.")))
    )
    assert (document.title, document.subtitle) == ("Draft report", "")
    assert [b.text for b in document.sections[0].blocks] == ["The group met in Geneva.", "It agreed on many points."]


def test_a_long_line_after_the_title_is_a_paragraph_not_the_subtitle():
    long_line = "The group, which met five times, agreed on the following recommendations to the Commission."
    document = read_report(docx(styled("Title", r("Draft report")), p(r(long_line)), styled("Heading1", r("Annex"))))
    assert (document.title, document.subtitle) == ("Draft report", "")
    assert [(s.heading, [b.text for b in s.blocks]) for s in document.sections] == [
        (UNTITLED, [long_line]),
        ("Annex", []),
    ]


def test_the_line_an_export_prints_for_an_empty_section_is_no_paragraph():
    text = "Introduction\n\n1. The group met five times in Geneva.\n\nAnnex I\n\nThis part has no text in the current draft.\n"
    document = read_report(text.encode(), "draft.txt")
    assert [(s.heading, len(s.blocks)) for s in document.sections] == [("Introduction", 1), ("Annex I", 0)]


def test_a_heading_numbered_by_word_keeps_its_number():
    document = read_report(
        docx(
            styled("Title", r("Draft report")),
            styled("Heading1", r("Background"), extra=numpr(1)),
            p(r("The group met.")),
        )
    )
    assert [(s.key, s.heading) for s in document.sections] == [("1-background", "1. Background")]


def test_a_draft_with_tracked_changes_is_read_without_them_and_says_so():
    document = read_report(
        docx(
            styled("Title", r("Draft report")),
            p(r("1.\tThe group met "), ins("Alice", "twice "), dele("Bob", "in Geneva "), r("this year.")),
        )
    )
    assert document.sections[0].blocks[0].text == "The group met in Geneva this year."
    assert notes(document) == [TRACKED_CHANGES]
    assert notes(read_report(docx(styled("Title", r("Draft report")), p(r("1.\tThe text."))))) == []
