"""Exports of the clean consolidated draft: .docx, .html and .txt, each a pure function of a snapshot.

The snapshot (format in amendments/snapshots.py) is the only input, never the database, so a revision
issued years ago exports exactly as it was. Brackets and footnote marks come from `display_text` and
`footnote_mark_positions`, so every export prints them where the app does. Numbers are the snapshot's
("2 bis."), never a word processor's automatic numbering; footnotes keep their printed numbers too.
"""

import html
import io
import itertools
import textwrap
from datetime import UTC, date, datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from amendments.core.document import display_text, footnote_mark_positions

EMPTY_SECTION = "This part has no text in the current draft."
TXT_WIDTH = 80


# Shared reading of a snapshot --------------------------------------------------------------------------


def printed_number(paragraph):
    """The number in front of a paragraph as the app prints it: "15.", "2 bis.", or "" if unnumbered."""
    return f"{paragraph['number']}." if paragraph.get("number") else ""


def revision_line(snapshot):
    """The revision as printed, "Rev.1, 15 January 2018"; "" for the current state."""
    revision = snapshot.get("revision")
    if not revision:
        return ""
    try:
        day = date.fromisoformat(str(revision.get("date")))
    except ValueError:  # a date that is not ISO is printed as stored rather than refused
        return ", ".join(str(v) for v in (revision.get("name"), revision.get("date")) if v)
    return f"{revision['name']}, {day.day} {day:%B %Y}"


def _pieces(paragraph):
    """The printed text cut at its footnote marks: text strings and footnote dicts, in reading order."""
    text, pieces, start = display_text(paragraph), [], 0
    for at, note in footnote_mark_positions(paragraph):
        pieces += [text[start:at], note]
        start = at
    pieces.append(text[start:])
    return [piece for piece in pieces if piece != ""]


def _notes(paragraph):
    """A paragraph's footnotes in mark order, then those of its sub-items: the order of their marks."""
    rows = [paragraph, *paragraph.get("items", [])]
    return [note for row in rows for _, note in footnote_mark_positions(row)]


def _item_groups(paragraph):
    """Sub-items grouped by kind, in order: a run of quotes is one block quote, a run of items one list."""
    return itertools.groupby(paragraph.get("items", []), key=lambda item: item.get("kind") == "quote")


# .docx -------------------------------------------------------------------------------------------------

_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
_NUMBER_COLUMN = Cm(1.25)  # where the text of a numbered paragraph starts, after "15." and a tab


def _style_document(document):
    """A UN-looking document: A4, Times New Roman 12 pt, justified; styles instead of per-paragraph formatting."""
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
    for name, size in (("Title", 14), ("Heading 1", 12)):
        style = styles[name]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, RGBColor(0, 0, 0)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(18), Pt(12)
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:
        title_border.getparent().remove(title_border)
    numbered = styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.paragraph_format.left_indent, numbered.paragraph_format.first_line_indent = _NUMBER_COLUMN, -_NUMBER_COLUMN
    numbered.paragraph_format.tab_stops.add_tab_stop(_NUMBER_COLUMN)
    quote = styles["Quote"]
    quote.font.italic, quote.font.size = False, Pt(11)
    quote.paragraph_format.left_indent, quote.paragraph_format.right_indent = Cm(2), Cm(1)
    # Bullets under the text of the numbered paragraphs; the list's indent lives in its numbering level.
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        marker = level.find(qn("w:pStyle"))
        if marker is not None and marker.get(qn("w:val")) == "ListBullet":
            level.find(qn("w:pPr")).find(qn("w:ind")).set(qn("w:left"), str(_NUMBER_COLUMN.twips + 360))
            level.find(qn("w:pPr")).find(qn("w:tabs"))[0].set(qn("w:pos"), str(_NUMBER_COLUMN.twips + 360))
    note_text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    note_text.style_id, note_text.base_style = "FootnoteText", normal
    note_text.font.size, note_text.paragraph_format.space_after = Pt(10), Pt(0)
    note_ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    note_ref.style_id, note_ref.font.superscript = "FootnoteReference", True
    for style in (note_text, note_ref):  # Word's own built-in styles, which it also uses for new footnotes
        style.element.attrib.pop(qn("w:customStyle"), None)


class _Footnotes:
    """The word/footnotes.xml part being built (python-docx has no footnote API).

    Word ids run 1, 2, … in document order. When the snapshot's numbers are 1, 2, … in that order (the
    usual case) the notes are numbered by Word, as any Word user expects; otherwise each mark is the
    snapshot's number as a custom mark (customMarkFollows), so Word never renumbers the draft's notes.
    """

    def __init__(self, custom_marks):
        self.root = parse_xml(_SEPARATORS)
        self.custom_marks = custom_marks
        self.count = 0

    def reference(self, paragraph, note):
        """Put a footnote's mark at the end of a document paragraph and its text in the part."""
        self.count += 1
        mark = str(note.get("number") or "") if self.custom_marks else ""
        reference = OxmlElement("w:footnoteReference", {qn("w:id"): str(self.count)})
        _reference_run(paragraph, reference, mark)
        if mark:
            reference.set(qn("w:customMarkFollows"), "1")
        body = OxmlElement("w:footnote", {qn("w:id"): str(self.count)})
        text = DocxParagraph(OxmlElement("w:p"), None)
        body.append(text._p)
        text._p.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "FootnoteText"}))
        _reference_run(text, None if mark else OxmlElement("w:footnoteRef"), mark)
        _add_text(text, " " + note["text"])
        self.root.append(body)

    def attach(self, document):
        """Add the part to the package, related from the document, and declare the separators in settings."""
        if not self.count:
            return
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        document.settings.element.insert_element_before(properties, "w:endnotePr", "w:compat", "w:docVars", "w:rsids")


def _reference_run(paragraph, reference, mark):
    """A run in the FootnoteReference style (superscript) holding a reference and/or a custom mark."""
    run = paragraph.add_run()
    run._r.get_or_add_rPr().append(OxmlElement("w:rStyle", {qn("w:val"): "FootnoteReference"}))
    if reference is not None:
        run._r.append(reference)
    if mark:
        run._r.add_t(mark)


def _add_text(paragraph, text):
    """A run holding `text`. python-docx's run.text adds text character by character (slow on 1,000
    paragraphs); only a text with line breaks or tabs needs it, to turn them into <w:br/> and <w:tab/>."""
    run = paragraph.add_run()
    if "\n" in text or "\t" in text or "\r" in text:
        run.text = text
    else:
        run._r.add_t(text)
    return run


def _docx_text(paragraph, row, notes):
    for piece in _pieces(row):
        if isinstance(piece, str):
            _add_text(paragraph, piece)
        else:
            notes.reference(paragraph, piece)


def _add_paragraph(document, style_id=None):
    # The style by id: python-docx's lookup by name scans every style each time (most of the export's time).
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def _describe(properties, snapshot):
    # The template's own metadata says "python-docx", 2013: replace it with the draft's.
    report, now = snapshot["report"], datetime.now(UTC)
    properties.title, properties.author = report.get("title", ""), report.get("body", "")
    properties.subject = ", ".join(part for part in (report.get("subtitle"), revision_line(snapshot)) if part)
    properties.comments, properties.language, properties.created, properties.modified = "", "en", now, now


def to_docx(snapshot):
    """The draft as a Word document (bytes): title block, headings, numbered paragraphs, real footnotes."""
    document = Document()
    _style_document(document)
    report = snapshot["report"]
    _describe(document.core_properties, snapshot)
    for text, style, bold, italic in (
        (report.get("body"), None, True, False),
        (report.get("title"), "Title", None, None),
        (report.get("subtitle"), None, None, True),
        (revision_line(snapshot), None, True, False),
    ):
        if text:
            line = document.add_paragraph(style=style)
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = line.add_run(text)
            run.bold, run.italic = bold, italic
    numbers = [note.get("number") for s in snapshot["sections"] for p in s["paragraphs"] for note in _notes(p)]
    notes = _Footnotes(custom_marks=numbers != [str(n) for n in range(1, len(numbers) + 1)])
    numbered, quote, bullet = (
        document.styles[name].style_id for name in ("Numbered Paragraph", "Quote", "List Bullet")
    )
    for section in snapshot["sections"]:
        document.add_heading(section["heading"], level=1)
        if not section["paragraphs"]:
            empty = document.add_paragraph()
            empty.alignment = WD_ALIGN_PARAGRAPH.CENTER
            empty.add_run(EMPTY_SECTION).italic = True
        for paragraph in section["paragraphs"]:
            number = printed_number(paragraph)
            block = _add_paragraph(document, numbered if number else None)
            if number:
                block.add_run(f"{number}\t")
            _docx_text(block, paragraph, notes)
            for item in paragraph.get("items", []):
                _docx_text(_add_paragraph(document, quote if item.get("kind") == "quote" else bullet), item, notes)
    notes.attach(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# .html -------------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2.5cm 2.5cm 2.5cm 2.5cm; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", Georgia, serif; font-size: 12pt;
  line-height: 1.4; color: #000; background: #fff; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; text-decoration: none; } }
.doc-head { text-align: center; border-bottom: 1.5pt solid #000; padding-bottom: 1em; margin-bottom: 1.5em; }
.doc-head p { margin: .3em 0; }
.doc-head__body, .doc-head__revision { font-weight: bold; }
.doc-title { font-size: 14pt; text-transform: uppercase; letter-spacing: .03em; margin: .8em 0 .3em; }
.doc-subtitle { font-style: italic; }
h2 { font-size: 12pt; text-align: center; margin: 2em 0 1em; break-after: avoid; page-break-after: avoid; }
.para { margin: 0 0 .7em; padding-left: 3em; text-indent: -3em; text-align: justify; hyphens: auto; }
.para--unnumbered { text-indent: 0; }
.para__number { display: inline-block; width: 3em; text-indent: 0; }
.items { margin: -.3em 0 .7em 3em; padding-left: 1.5em; }
.items li, .quote p { margin: .2em 0; text-align: justify; hyphens: auto; }
.quote { margin: -.3em 2em .7em 4.5em; font-size: 11pt; }
.fn-mark { font-size: .7em; line-height: 0; vertical-align: super; }
.fn-mark a, .note__number a { text-decoration: none; }
.notes { margin-top: 1.5em; font-size: 10pt; break-inside: avoid-page; }
.notes::before { content: ""; display: block; width: 12em; border-top: .5pt solid #000; margin-bottom: .5em; }
.note { margin: 0 0 .3em; padding-left: 2em; text-indent: -2em; }
.note__number { display: inline-block; width: 2em; text-indent: 0; vertical-align: super; font-size: .8em; }
.empty { font-style: italic; text-align: center; }
"""


def _html_escape(text):
    # Line breaks inside a text are part of it, as in the app.
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _html_text(row, marks):
    """A row's printed text, escaped, with its footnote marks as links (their notes collected in `marks`)."""
    out = []
    for piece in _pieces(row):
        if isinstance(piece, str):
            out.append(_html_escape(piece))
        else:
            marks.append(piece)
            n, number = len(marks), html.escape(str(piece.get("number") or ""))
            out.append(
                f'<sup class="fn-mark"><a href="#fn-{n}" id="fnref-{n}" aria-label="Footnote {number}">{number}</a></sup>'
            )
    return "".join(out)


def to_html(snapshot):
    """The draft as a standalone, print-ready HTML document (str); every text is escaped."""
    report, revision = snapshot["report"], revision_line(snapshot)
    title = " – ".join(part for part in (report.get("title", ""), revision) if part)
    out = [
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>',
        f'<style>{_CSS}</style>\n</head>\n<body>\n<header class="doc-head">',
    ]
    for text, css, tag in (
        (report.get("body"), "doc-head__body", "p"),
        (report.get("title"), "doc-title", "h1"),
        (report.get("subtitle"), "doc-subtitle", "p"),
        (revision, "doc-head__revision", "p"),
    ):
        if text:
            out.append(f'<{tag} class="{css}">{html.escape(text)}</{tag}>')
    out.append("</header>")
    marks = []  # every footnote in document order; a note's place in it is its link target
    for section in snapshot["sections"]:
        key = html.escape(str(section.get("key", "")))
        out.append(f'<section id="s-{key}">\n<h2>{html.escape(section["heading"])}</h2>')
        if not section["paragraphs"]:
            out.append(f'<p class="empty">{EMPTY_SECTION}</p>')
        first_note = len(marks)
        for paragraph in section["paragraphs"]:
            number = html.escape(printed_number(paragraph))
            head = (
                f'class="para"><span class="para__number">{number}</span>'
                if number
                else 'class="para para--unnumbered">'
            )
            out.append(f"<p {head}{_html_text(paragraph, marks)}</p>")
            for is_quote, items in _item_groups(paragraph):
                tag, row = ("blockquote", "p") if is_quote else ("ul", "li")
                rows = "".join(f"<{row}>{_html_text(item, marks)}</{row}>" for item in items)
                out.append(f'<{tag} class="{"quote" if is_quote else "items"}">{rows}</{tag}>')
        if len(marks) > first_note:
            out.append('<aside class="notes" aria-label="Footnotes">')
            for n, note in enumerate(marks[first_note:], first_note + 1):
                number = html.escape(str(note.get("number") or ""))
                out.append(
                    f'<p class="note" id="fn-{n}"><span class="note__number"><a href="#fnref-{n}">{number}</a></span>'
                    f"{_html_escape(note['text'])}</p>"
                )
            out.append("</aside>")
        out.append("</section>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


# .txt --------------------------------------------------------------------------------------------------


def _wrap(text, first, rest):
    """Lines of at most TXT_WIDTH columns; a word longer than a line (a URL) stays whole on its own line."""
    lines = []
    for n, line in enumerate(text.split("\n")):
        indent = first if n == 0 else rest
        wrapped = textwrap.wrap(
            line,
            TXT_WIDTH,
            initial_indent=indent,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += wrapped or [indent.rstrip()]
    return lines


def _txt_text(row):
    return "".join(piece if isinstance(piece, str) else f"[{piece.get('number', '')}]" for piece in _pieces(row))


def to_txt(snapshot):
    """The draft as plain text (str, to be written as UTF-8), wrapped at 80 columns, footnotes under their paragraph."""
    report = snapshot["report"]
    lines = []
    for text in (report.get("body"), report.get("title"), report.get("subtitle"), revision_line(snapshot)):
        if text:
            lines += [line.center(TXT_WIDTH).rstrip() for line in textwrap.wrap(text, TXT_WIDTH)]
    lines += ["=" * TXT_WIDTH]
    for section in snapshot["sections"]:
        heading = _wrap(section["heading"], "", "")
        lines += ["", *heading, "-" * max(len(line) for line in heading), ""]
        if not section["paragraphs"]:
            lines += [EMPTY_SECTION, ""]
        for paragraph in section["paragraphs"]:
            number = printed_number(paragraph)
            hang = " " * (len(number) + 1) if number else ""
            lines += _wrap(_txt_text(paragraph), f"{number} " if number else "", hang)
            for item in paragraph.get("items", []):
                if item.get("kind") == "quote":  # a quoted paragraph is a paragraph: a blank line before it
                    lines += ["", *_wrap(_txt_text(item), "    ", "    ")]
                else:
                    lines += _wrap(_txt_text(item), "  • ", "    ")
            notes = _notes(paragraph)
            if notes:
                lines.append("")
            for note in notes:
                mark = f"[{note.get('number', '')}] "
                lines += _wrap(note["text"], hang + mark, hang + " " * len(mark))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
