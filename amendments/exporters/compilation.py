"""The compilation of proposals (the secretariat's "rolling document") as .html, .pdf and .docx.

Both are pure functions of the data queries/compilation.py compiles (its format is described there),
so what is printed is exactly what was compiled: `to_html(data)`, `to_pdf(data)` and `to_docx(data)`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from amendments.core import textdiff
from amendments.core.document import Document, Identity
from amendments.core.texts import xml_safe_values
from amendments.exporters.docx_base import add_masthead, add_paragraph, add_text, describe, new_document, saved
from amendments.exporters.draft_text import masthead
from amendments.exporters.pdf import html_to_pdf

__all__ = [
    "NO_PROPOSALS",
    "generated_line",
    "header_parts",
    "long_date",
    "proposer_about",
    "redline_note",
    "scope_line",
    "to_docx",
    "to_html",
    "to_pdf",
]

NO_PROPOSALS = "No proposal matches this compilation."
Compilation = dict[str, Any]


# Shared wording of the printed forms --------------------------------------------------------------------


def long_date(iso: str) -> str:
    """ "2017-11-20" → "20 November 2017", as UN documents print dates."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def scope_line(compilation: Compilation) -> str:
    """What the compilation holds, e.g. "Proposals by Japan · Status: Submitted" ("" when unfiltered)."""
    filters, parts = compilation.get("filters") or {}, []
    if filters.get("participant"):
        parts.append(f"Proposals by {filters['participant']}")
    if filters.get("statuses"):
        parts.append("Status: " + ", ".join(filters.get("status_labels") or filters["statuses"]))
    return " · ".join(parts)


def generated_line(compilation: Compilation) -> str:
    total = compilation.get("total", 0)
    return f"Generated on {long_date(compilation['generated'])} · {total} proposal{'' if total == 1 else 's'}"


def proposer_about(amendment: dict[str, Any]) -> str:
    """What follows the proposer's name in brackets: "Member State", "Civil society, observer"."""
    return amendment["stakeholder_group"] + (", observer" if amendment["observer"] else "")


def header_parts(amendment: dict[str, Any], paragraph_label: str) -> list[str]:
    """The parts of a proposal's header line, after "Proposed by …": kind, submission, status, positions."""
    kind = amendment["kind_label"]
    if amendment["kind"] == "insert":
        kind += f" after {paragraph_label}"
    parts = [kind]
    parts.append(f"Submitted {long_date(amendment['submitted'])}" if amendment["submitted"] else "Not submitted")
    if amendment["status"] != "submitted":
        parts.append(amendment["status_label"])
    if amendment["version"] > 1:
        parts.append(f"version {amendment['version']}")
    parts.extend(amendment["positions"])
    return parts


def redline_note(amendment: dict[str, Any]) -> str:
    """Why a redline is not drawn against the current text ("" when it is)."""
    return {
        "rebased": f"Written on an earlier text (version {amendment['base_version']}); "
        "carried over to the current text without conflict.",
        "conflict": f"Written on an earlier text (version {amendment['base_version']}) that has changed "
        "since in the same words; shown against that earlier text.",
        "original": "Consolidated into a revision; shown against the text it amended.",
    }.get(amendment["redline"], "")


# .html --------------------------------------------------------------------------------------------------


def to_html(compilation: Compilation) -> str:
    """The compilation as a standalone, print-ready HTML document (str); every text is escaped."""
    compilation = xml_safe_values(compilation)
    report = compilation["report"]
    sections = [
        {
            **section,
            "paragraphs": [
                {
                    **paragraph,
                    "proposals": [
                        {
                            **amendment,
                            "header": " · ".join(header_parts(amendment, paragraph["label"])),
                            "about": proposer_about(amendment),
                            "note": redline_note(amendment),
                        }
                        for amendment in paragraph["amendments"]
                    ],
                }
                for paragraph in section["paragraphs"]
            ],
        }
        for section in compilation["sections"]
    ]
    context = {
        "compilation": compilation,
        "report": report,
        "page_title": " – ".join(
            part for part in (compilation.get("mark"), compilation["title"], report.get("title")) if part
        ),
        "scope": scope_line(compilation),
        "generated": generated_line(compilation),
        "masthead": compilation_masthead(compilation),
        "sections": sections,
        "no_proposals": NO_PROPOSALS,
    }
    return render_to_string("exports/compilation.html", context)


def to_pdf(compilation: Compilation) -> bytes:
    """The compilation as a PDF (bytes): the print HTML typeset on A4, redlines legible in black and white."""
    return html_to_pdf(to_html(compilation))


# .docx --------------------------------------------------------------------------------------------------

_INDENT = Cm(1)


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Make the whole paragraph the target `name` of the contents' links."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    properties = paragraph._p.pPr
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)}))


def _link(paragraph: Paragraph, text: str, name: str) -> Run:
    """A run of `text` that jumps to the bookmark `name` (an internal hyperlink: no URL, no colour)."""
    run = add_text(paragraph, text)
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): name, qn("w:history"): "1"})
    paragraph._p.append(link)
    link.append(run._r)  # lxml moves the run into the link
    return run


def _bookmark_name(anchor: str) -> str:
    # Word wants bookmark names of at most 40 characters, starting with a letter: "s-annex-3" → "c_s_annex_3".
    return ("c_" + "".join(c if c.isalnum() else "_" for c in anchor))[:40]


def _style_compilation(document: WordDocument) -> None:
    """What a compilation needs on top of the draft's styles: plain black headings, indents."""
    styles = document.styles
    heading = styles["Heading 2"]
    heading.font.size, heading.font.bold, heading.font.italic = Pt(12), True, False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12), Pt(6)
    heading.paragraph_format.keep_with_next = True
    for style in ("Heading 1", "Heading 2"):
        styles[style].font.name = "Times New Roman"


def _line(
    document: WordDocument,
    text: str | None = "",
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    size: Length | None = None,
    center: bool = False,
    indent: Length | None = None,
    keep: bool = False,
) -> Paragraph:
    paragraph = add_paragraph(document)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent is not None:
        paragraph.paragraph_format.left_indent = indent
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if text:
        run = add_text(paragraph, text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = size
    return paragraph


def _docx_proposal(document: WordDocument, amendment: dict[str, Any], paragraph_label: str) -> None:
    head = _line(document, indent=_INDENT, keep=True)
    head.paragraph_format.space_before = Pt(6)
    head.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified, a short line of names and dates spreads out
    add_text(head, "Proposed by ")
    add_text(head, amendment["participant"]).bold = True
    add_text(head, f" ({proposer_about(amendment)}) · " + " · ".join(header_parts(amendment, paragraph_label)))
    note = redline_note(amendment)
    if note:
        _line(document, note, italic=True, indent=_INDENT, keep=True, size=Pt(11))
    text = _line(document, indent=_INDENT)
    # Plain formatting, not tracked changes: the redline prints the same in every word processor.
    for op, piece in amendment["segments"]:
        run = add_text(text, piece)
        if op == textdiff.DELETE:
            run.font.strike = True
        elif op == textdiff.INSERT:
            run.font.underline = WD_UNDERLINE.DOUBLE
    if amendment["final_text"]:
        final = _line(document, indent=_INDENT)
        add_text(final, "Adopted as: ").bold = True
        add_text(final, amendment["final_text"])
    if amendment["justification"]:
        _line(document, "Justification: " + amendment["justification"], italic=True, indent=_INDENT)
    if amendment["decision_note"]:
        _line(document, "Decision of the secretariat: " + amendment["decision_note"], indent=_INDENT)


def compilation_masthead(compilation: Compilation) -> list[str]:
    """The report's masthead (symbol, distribution, the compilation's date, language), as the draft prints it."""
    report = compilation["report"]
    return masthead(Document(title=report.get("title", ""), identity=Identity.from_json(report.get("identity") or {})))


def _docx_head(document: WordDocument, compilation: Compilation) -> None:
    report = compilation["report"]
    if compilation.get("mark"):  # the internal edition says so first
        _line(document, compilation["mark"], bold=True, center=True)
    add_masthead(document, compilation_masthead(compilation))
    _line(document, report.get("body"), bold=True, center=True)
    title = document.add_paragraph(report.get("title") or "", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold, italic, size in (
        (report.get("subtitle"), None, True, None),
        (compilation["title"], True, None, Pt(14)),
        (scope_line(compilation), None, None, None),
        (generated_line(compilation), None, None, None),
    ):
        if text:
            _line(document, text, bold=bold, italic=italic, size=size, center=True)


def _docx_contents(document: WordDocument, compilation: Compilation) -> None:
    _line(document, "Contents", bold=True, center=True, keep=True).paragraph_format.space_before = Pt(18)
    for entry in compilation["contents"]:
        line = _line(document, keep=True)
        _link(line, entry["heading"], _bookmark_name(entry["anchor"])).bold = True
        add_text(line, f" ({entry['count']})")
        for row in entry["paragraphs"]:
            line = _line(document, indent=_INDENT)
            line.paragraph_format.space_after = Pt(0)
            _link(line, row["label"], _bookmark_name(row["anchor"]))
            add_text(line, f" ({row['count']})")
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def to_docx(compilation: Compilation) -> bytes:
    """The compilation as a Word document (bytes): title block, contents, Heading 1 per section, Heading 2
    per paragraph, each proposal as a header line and its redline (struck / double-underlined runs)."""
    compilation = xml_safe_values(compilation)  # a character XML cannot hold would fail the whole export
    document = new_document()
    _style_compilation(document)
    report = compilation["report"]
    describe(
        document.core_properties,
        title=" – ".join(p for p in (compilation.get("mark"), compilation["title"], report.get("title")) if p),
        author=report.get("body", ""),
        subject=report.get("subtitle", ""),
    )
    _docx_head(document, compilation)
    if not compilation["sections"]:
        _line(document, NO_PROPOSALS, italic=True, center=True)
    else:
        _docx_contents(document, compilation)
    marks = 0
    for section in compilation["sections"]:
        marks += 1
        _bookmark(document.add_heading(section["heading"], level=1), _bookmark_name(section["anchor"]), marks)
        for paragraph in section["paragraphs"]:
            marks += 1
            heading = document.add_heading(paragraph["label"], level=2)
            _bookmark(heading, _bookmark_name(paragraph["anchor"]), marks)
            status = "" if paragraph["status"] == "open" else f" ({paragraph['status_label']})"
            _line(document, f"Current text{status}:", italic=True, keep=True)
            _line(document, paragraph["text"], indent=_INDENT, size=Pt(11))
            for amendment in paragraph["amendments"]:
                _docx_proposal(document, amendment, paragraph["label"])
    return saved(document)
