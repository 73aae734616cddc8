"""What every Word export is built on: a UN-looking document, its paragraphs, runs and real footnotes.

python-docx writes the package; the styles, the title block and the footnotes part (which python-docx
has no API for) are set up here once, so the clean draft, the Word redline and the compilation look
alike and open the same way in Word and LibreOffice.

Each writer passes its input through `core.texts.xml_safe_values` before building on these: a character
XML cannot hold (stored before the checks, or by a path around them) is written as U+FFFD instead of
making lxml refuse the whole export.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from amendments.core.document import Block, Document, Footnote
from amendments.core.textdiff import normalise
from amendments.exporters.draft_text import masthead, notes_in_mark_order, revision_line

__all__ = [
    "NUMBER_COLUMN",
    "Footnotes",
    "TitleLine",
    "add_empty_section",
    "add_paragraph",
    "add_text",
    "add_masthead",
    "add_title_block",
    "custom_marks_needed",
    "describe",
    "describe_draft",
    "draft_title_block",
    "new_document",
    "reference_run",
    "saved",
    "style_document",
    "style_ids",
    "text_run",
    "word_date",
]

NUMBER_COLUMN = Cm(1.25)  # where the text of a numbered paragraph starts, after "15." and a tab

_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)

# One line of a title block: (text, paragraph style name or None, bold, italic); None leaves it to the style.
TitleLine = tuple[str | None, str | None, bool | None, bool | None]


# The document and its styles ---------------------------------------------------------------------------


def new_document() -> WordDocument:
    """An empty Word document in the house style (`style_document`)."""
    document = docx.Document()
    style_document(document)
    return document


def saved(document: WordDocument) -> bytes:
    """The document's package as bytes."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_and_fonts(document: WordDocument) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    styles = document.styles
    # Theme fonts (Calibri, Cambria) would override the named font: drop them everywhere.
    for fonts in styles.element.iter(qn("w:rFonts")):
        for attribute in _THEME_FONTS:
            fonts.attrib.pop(qn(attribute), None)
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.element.rPr.rFonts.set(qn("w:cs"), "Times New Roman")
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(6)


def _headings(document: WordDocument) -> None:
    styles = document.styles
    for name, size in (("Title", 14), ("Heading 1", 12)):
        style = styles[name]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, RGBColor(0, 0, 0)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(18), Pt(12)
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:
        title_border.getparent().remove(title_border)


def _paragraph_styles(document: WordDocument) -> None:
    styles = document.styles
    numbered = styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = styles["Normal"]
    numbered.paragraph_format.left_indent, numbered.paragraph_format.first_line_indent = NUMBER_COLUMN, -NUMBER_COLUMN
    numbered.paragraph_format.tab_stops.add_tab_stop(NUMBER_COLUMN)
    quote = styles["Quote"]
    quote.font.italic, quote.font.size = False, Pt(11)
    quote.paragraph_format.left_indent, quote.paragraph_format.right_indent = Cm(2), Cm(1)
    # Bullets under the text of the numbered paragraphs; the list's indent lives in its numbering level.
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        marker = level.find(qn("w:pStyle"))
        if marker is not None and marker.get(qn("w:val")) == "ListBullet":
            level.find(qn("w:pPr")).find(qn("w:ind")).set(qn("w:left"), str(NUMBER_COLUMN.twips + 360))
            level.find(qn("w:pPr")).find(qn("w:tabs"))[0].set(qn("w:pos"), str(NUMBER_COLUMN.twips + 360))


def _footnote_styles(document: WordDocument) -> None:
    styles = document.styles
    note_text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    note_text.style_id, note_text.base_style = "FootnoteText", styles["Normal"]
    note_text.font.size, note_text.paragraph_format.space_after = Pt(10), Pt(0)
    note_ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    note_ref.style_id, note_ref.font.superscript = "FootnoteReference", True
    for style in (note_text, note_ref):  # Word's own built-in styles, which it also uses for new footnotes
        style.element.attrib.pop(qn("w:customStyle"), None)


def style_document(document: WordDocument) -> None:
    """A UN-looking document: A4, Times New Roman 12 pt, justified; styles instead of per-paragraph formatting."""
    _page_and_fonts(document)
    _headings(document)
    _paragraph_styles(document)
    _footnote_styles(document)


def style_ids(document: WordDocument, *names: str) -> list[str]:
    """The ids of styles given by name, for `add_paragraph`."""
    return [document.styles[name].style_id for name in names]


# Paragraphs and runs -----------------------------------------------------------------------------------


def add_text(paragraph: Paragraph, text: str) -> Run:
    """A run holding `text`. python-docx's run.text adds text character by character (slow on 1,000
    paragraphs); only a text with line breaks or tabs needs it, to turn them into <w:br/> and <w:tab/>."""
    run = paragraph.add_run()
    if "\n" in text or "\t" in text or "\r" in text:
        run.text = text
    else:
        run._r.add_t(text)
    return run


def add_paragraph(document: WordDocument, style_id: str | None = None) -> Paragraph:
    """A new paragraph at the end of the body, in the style of that id (None: Normal)."""
    # The style by id: python-docx's lookup by name scans every style each time (most of the export's time).
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def add_title_block(document: WordDocument, lines: Iterable[TitleLine]) -> None:
    """The centred lines above the text (body, title, subtitle, revision…); empty lines are left out."""
    for text, style, bold, italic in lines:
        if text:
            line = document.add_paragraph(style=style)
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = line.add_run(text)
            run.bold, run.italic = bold, italic


def add_empty_section(document: WordDocument, text: str) -> None:
    """The centred italic line that stands for a section without text."""
    empty = document.add_paragraph()
    empty.alignment = WD_ALIGN_PARAGRAPH.CENTER
    empty.add_run(text).italic = True


def describe_draft(properties: Any, document: Document, comments: str = "") -> None:
    """The core properties of an export of the draft: its title, its body as author, subtitle and revision."""
    subject = ", ".join(part for part in (document.subtitle, revision_line(document)) if part)
    describe(properties, title=document.title, author=document.body, subject=subject, comments=comments)


def add_masthead(document: WordDocument, lines: Iterable[str]) -> None:
    """The masthead (symbol, distribution, date, language) at the top right, as UN documents print it."""
    for n, text in enumerate(lines):
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.space_after = Pt(0)
        line.add_run(text).bold = n == 0 and "/" in text  # the symbol stands out


def draft_title_block(word: WordDocument, document: Document, note: str = "") -> None:
    """The masthead at the top right; the draft's body, title, subtitle and revision, centred;
    `note` in italics under them."""
    add_masthead(word, masthead(document))
    add_title_block(
        word,
        (
            (document.body, None, True, False),
            (document.title, "Title", None, None),
            (document.subtitle, None, None, True),
            (revision_line(document), None, True, False),
            (note, None, None, True),
        ),
    )


def describe(properties: Any, *, title: str, author: str, subject: str = "", comments: str = "") -> None:
    """The package's core properties: python-docx's template says "python-docx", 2013; say what this is."""
    now = datetime.now(UTC)
    properties.title, properties.author, properties.subject = title, author, subject
    properties.comments, properties.language, properties.created, properties.modified = comments, "en", now, now


# Footnotes ---------------------------------------------------------------------------------------------


def custom_marks_needed(document: Document) -> bool:
    """Whether the draft's footnote numbers are not 1, 2, … in reading order (so Word must not number them)."""
    numbers = [note.number for block in _paragraphs(document) for note in notes_in_mark_order(block)]
    return numbers != [str(n) for n in range(1, len(numbers) + 1)]


def _paragraphs(document: Document) -> Iterable[Block]:
    return (block for section in document.sections for block in section.blocks)


def reference_run(paragraph: Paragraph, reference: Any, mark: str) -> None:
    """A run in the FootnoteReference style (superscript) holding a reference and/or a custom mark."""
    run = paragraph.add_run()
    run._r.get_or_add_rPr().append(OxmlElement("w:rStyle", {qn("w:val"): "FootnoteReference"}))
    if reference is not None:
        run._r.append(reference)
    if mark:
        run._r.add_t(mark)


class Footnotes:
    """The word/footnotes.xml part being built (python-docx has no footnote API).

    Word ids run 1, 2, … in document order. When the draft's numbers are 1, 2, … in that order (the
    usual case) the notes are numbered by Word, as any Word user expects; otherwise each mark is the
    draft's number as a custom mark (customMarkFollows), so Word never renumbers the draft's notes.
    """

    def __init__(self, custom_marks: bool) -> None:
        self.root = parse_xml(_SEPARATORS)
        self.custom_marks = custom_marks
        self.count = 0

    def reference(self, paragraph: Paragraph, note: Footnote) -> Any:
        """Put a footnote's mark at the end of a document paragraph and its text in the part; returns
        the footnote's w:footnote element."""
        self.count += 1
        mark = note.number if self.custom_marks else ""
        reference = OxmlElement("w:footnoteReference", {qn("w:id"): str(self.count)})
        reference_run(paragraph, reference, mark)
        if mark:
            reference.set(qn("w:customMarkFollows"), "1")
        body = OxmlElement("w:footnote", {qn("w:id"): str(self.count)})
        # A paragraph of the footnotes part, not of the body: it has no story part to give as parent.
        text = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
        body.append(text._p)
        text._p.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "FootnoteText"}))
        reference_run(text, None if mark else OxmlElement("w:footnoteRef"), mark)
        self.write_text(body, text, note)
        self.root.append(body)
        return body

    def write_text(self, body: Any, paragraph: Paragraph, note: Footnote) -> None:
        """The note's text after its mark (a subclass may write more paragraphs into `body`)."""
        add_text(paragraph, " " + note.text)

    def attach(self, document: WordDocument) -> None:
        """Add the part to the package, related from the document, and declare the separators in settings."""
        if not self.count:
            return
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        document.settings.element.insert_element_before(properties, "w:endnotePr", "w:compat", "w:docVars", "w:rsids")


# Tracked text ------------------------------------------------------------------------------------------


def word_date(value: str | None) -> str | None:
    """An ISO 8601 date or moment as Word writes it, "2017-11-20T00:00:00Z" (UTC; naive is taken as UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:  # not ISO: written as given rather than lost
        return value
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def text_run(text: str, *, deleted: bool = False) -> Any:
    """A w:r element for a text; tabs and line breaks become w:tab and w:br, as Word writes them.
    In a deletion the text is w:delText."""
    run, tag = OxmlElement("w:r"), "w:delText" if deleted else "w:t"
    for piece in re.split(r"(\t|\n)", normalise(text)):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            t = OxmlElement(tag)
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run
