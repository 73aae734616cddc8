"""The compilation of proposals (the secretariat's "rolling document"), as plain data, .html and .docx.

`compile_proposals` reads the database once (a fixed number of queries, whatever the number of
amendments) and returns JSON-serialisable data; `to_html` and `to_docx` are pure functions of that
data, so what is printed is exactly what was compiled. Format:

    {
      "report": {"id": 1, "title": "...", "subtitle": "...", "body": "..."},
      "title": "Compilation of proposals",
      "generated": "2017-11-22",                      # the local date
      "filters": {"participant": "Japan" or None, "statuses": ["submitted"] or None},
      "total": 14,                                    # proposals in the compilation
      "contents": [                                   # the table of contents
        {"heading": "Recommendations", "anchor": "s-recommendations", "count": 11,
         "paragraphs": [{"label": "Recommendation 10", "anchor": "p-40", "count": 2}]}
      ],
      "sections": [                                   # report order; only sections with proposals
        {"key": "recommendations", "heading": "Recommendations", "anchor": "s-recommendations",
         "paragraphs": [                              # report order: paragraph, its sub-items, its footnotes
           {"id": 40, "label": "Recommendation 10", "number": "10", "kind": "paragraph",
            "text": "... the current text ...", "status": "open", "status_label": "Open", "anchor": "p-40",
            "amendments": [                           # in order of submission
              {"id": 14, "participant": "Russian Federation", "observer": false,
               "stakeholder_group": "Member State", "kind": "modify", "kind_label": "Change",
               "provisional_number": "", "status": "submitted", "status_label": "Submitted",
               "submitted": "2017-11-20" or None, "version": 1, "base_version": 1,
               "supported_by": ["Japan"], "opposed_by": [],
               "justification": "...", "decision_note": "...", "final_text": "...",
               "redline": "current" | "rebased" | "conflict" | "original",
               "segments": [["equal", "..."], ["delete", "..."], ["insert", "..."]]}
            ]}
         ]}
      ]
    }

"redline" says what `segments` are drawn against: "current", the paragraph as it is now (nothing
changed since the proposal was written); "rebased", the proposal carried over onto the changed text by
a clean three-way merge; "conflict", the merge was not clean, so the text as it stood when the proposal
was written; "original", the amendment was already consolidated into a revision, so its own redline is
the record (rebasing it onto the text it produced would show nothing).
"""

import html
import io
from datetime import date

from django.db.models import F, Q
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from amendments.core import rendering, textdiff
from amendments.exporters.clean_draft import _add_paragraph, _add_text, _describe, _style_document
from amendments.models import Amendment, Participant
from amendments.queries.redlines import amendment_redline, positions_of
from amendments.queries.tree import report_tree, walk

TITLE = "Compilation of proposals"
NO_PROPOSALS = "No proposal matches this compilation."
# Drafts are private to their delegation: a compilation for no one in particular never shows them.
COMPILED_STATUSES = tuple(s for s in Amendment.Status.values if s != Amendment.Status.DRAFT)


# Reading the database -----------------------------------------------------------------------------------


def _check_statuses(statuses):
    if statuses is None:
        return None
    statuses = list(dict.fromkeys(statuses))  # keep the order given, drop repeats
    unknown = [s for s in statuses if s not in Amendment.Status.values]
    if unknown:
        raise ValueError(f"Unknown status {unknown[0]!r}: use {', '.join(Amendment.Status.values)}.")
    return statuses


def _local_date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else None


def _kind_label(amendment):
    if amendment.kind == Amendment.Kind.INSERT:
        return f"New paragraph {amendment.provisional_number}".rstrip()
    return amendment.get_kind_display()


def _label(paragraph):
    # "Footnote 9" alone does not say where it is; the tree has loaded its parent.
    if paragraph.is_footnote:
        return f"{paragraph.label} to {paragraph.parent.label}"
    return paragraph.label


def _redline(amendment, paragraph):
    """(what the segments are drawn against, segments), as the module docstring describes."""
    if amendment.applied_in_id is not None:
        return "original", amendment.segments
    shown = amendment_redline(amendment, paragraph)
    if shown.current:
        return "current", shown.segments
    if shown.rebased_segments is not None:
        return "rebased", [list(s) for s in shown.rebased_segments]
    return "conflict", shown.segments


def _amendment(amendment, paragraph, positions):
    against, segments = _redline(amendment, paragraph)
    supported_by, opposed_by = positions.get(amendment.pk, ((), ()))
    participant = amendment.participant
    return {
        "id": amendment.pk,
        "participant": participant.name,
        "observer": participant.is_observer,
        "stakeholder_group": participant.get_stakeholder_group_display(),
        "kind": amendment.kind,
        "kind_label": _kind_label(amendment),
        "provisional_number": amendment.provisional_number,
        "status": amendment.status,
        "status_label": amendment.get_status_display(),
        "submitted": _local_date(amendment.submitted_at),
        "version": amendment.version,
        "base_version": amendment.base_version,
        "supported_by": list(supported_by),
        "opposed_by": list(opposed_by),
        "justification": amendment.justification,
        "decision_note": amendment.decision_note,
        "final_text": amendment.final_text if amendment.status == Amendment.Status.ACCEPTED_MODIFIED else "",
        "redline": against,
        "segments": [list(s) for s in segments],
    }


def compile_proposals(report, *, participant=None, statuses=None, user=None):
    """The proposals on `report`, by section and paragraph, in the format of the module docstring.

    user: only the amendments this user may see (their own delegation's drafts included); None (the
    command line) means every amendment except drafts. participant: a Participant or a name. statuses:
    Amendment.Status values to keep (ValueError for an unknown one). Five queries at most: the tree
    (2), the amendments with their participants (1), the positions (1), the user's groups (1).
    """
    statuses = _check_statuses(statuses)
    if user is not None:
        amendments = Amendment.objects.visible_to(user)
    else:
        amendments = Amendment.objects.exclude(status=Amendment.Status.DRAFT)
    amendments = amendments.filter(paragraph__section__report=report)
    if participant is not None:
        name = participant.name if isinstance(participant, Participant) else str(participant)
        amendments = amendments.filter(participant__name=name)
    if statuses is not None:
        amendments = amendments.filter(status__in=statuses)
    amendments = (
        amendments.select_related("participant")
        .defer("patch", "final_segments")
        .order_by(F("submitted_at").asc(nulls_last=True), "created", "id")  # drafts last
    )

    sections = report_tree(report)
    by_paragraph = {}
    for amendment in amendments:
        by_paragraph.setdefault(amendment.paragraph_id, []).append(amendment)
    # Positions of every amendment on the report in one query, rather than an IN list of ids.
    positions = positions_of(Q(amendment__paragraph__section__report=report)) if by_paragraph else {}

    compiled, contents, total = [], [], 0
    for view in sections:
        section, rows = view.section, []
        for node in walk(view.nodes):
            p = node.paragraph
            found = by_paragraph.get(p.pk)
            if not found:
                continue
            for amendment in found:
                amendment.paragraph = p  # the tree's row: labels and the redline cost no query
            rows.append(
                {
                    "id": p.pk,
                    "label": _label(p),
                    "number": p.number,
                    "kind": p.kind,
                    "text": p.text,
                    "status": p.status,
                    "status_label": p.get_status_display(),
                    "anchor": f"p-{p.pk}",
                    "amendments": [_amendment(a, p, positions) for a in found],
                }
            )
        if not rows:
            continue
        anchor = f"s-{section.key}"
        count = sum(len(row["amendments"]) for row in rows)
        total += count
        compiled.append({"key": section.key, "heading": section.heading, "anchor": anchor, "paragraphs": rows})
        contents.append(
            {
                "heading": section.heading,
                "anchor": anchor,
                "count": count,
                "paragraphs": [
                    {"label": row["label"], "anchor": row["anchor"], "count": len(row["amendments"])} for row in rows
                ],
            }
        )
    return {
        "report": {"id": report.pk, "title": report.title, "subtitle": report.subtitle, "body": report.body},
        "title": TITLE,
        "generated": timezone.localdate().isoformat(),
        "filters": {
            "participant": (participant.name if isinstance(participant, Participant) else participant),
            "statuses": statuses,
        },
        "total": total,
        "contents": contents,
        "sections": compiled,
    }


# Shared wording of the printed forms --------------------------------------------------------------------


def long_date(iso):
    """ "2017-11-20" → "20 November 2017", as UN documents print dates."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def scope_line(compilation):
    """What the compilation holds, e.g. "Proposals by Japan · Status: Submitted" ("" when unfiltered)."""
    filters, parts = compilation.get("filters") or {}, []
    if filters.get("participant"):
        parts.append(f"Proposals by {filters['participant']}")
    if filters.get("statuses"):
        labels = dict(Amendment.Status.choices)
        parts.append("Status: " + ", ".join(labels.get(s, s) for s in filters["statuses"]))
    return " · ".join(parts)


def generated_line(compilation):
    total = compilation.get("total", 0)
    return f"Generated on {long_date(compilation['generated'])} · {total} proposal{'' if total == 1 else 's'}"


def proposer_about(amendment):
    """What follows the proposer's name in brackets: "Member State", "Civil society, observer"."""
    return amendment["stakeholder_group"] + (", observer" if amendment["observer"] else "")


def header_parts(amendment, paragraph_label):
    """The parts of a proposal's header line, after "Proposed by …": kind, submission, status, positions."""
    kind = amendment["kind_label"]
    if amendment["kind"] == Amendment.Kind.INSERT:
        kind += f" after {paragraph_label}"
    parts = [kind]
    parts.append(f"Submitted {long_date(amendment['submitted'])}" if amendment["submitted"] else "Not submitted")
    if amendment["status"] != Amendment.Status.SUBMITTED:
        parts.append(amendment["status_label"])
    if amendment["version"] > 1:
        parts.append(f"version {amendment['version']}")
    if amendment["supported_by"]:
        parts.append("Supported by " + ", ".join(amendment["supported_by"]))
    if amendment["opposed_by"]:
        parts.append("Opposed by " + ", ".join(amendment["opposed_by"]))
    return parts


def redline_note(amendment):
    """Why a redline is not drawn against the current text ("" when it is)."""
    return {
        "rebased": f"Written on an earlier text (version {amendment['base_version']}); "
        "carried over to the current text without conflict.",
        "conflict": f"Written on an earlier text (version {amendment['base_version']}) that has changed "
        "since in the same words; shown against that earlier text.",
        "original": "Consolidated into a revision; shown against the text it amended.",
    }.get(amendment["redline"], "")


# .html --------------------------------------------------------------------------------------------------

# Deletions and insertions read without colour (strike-through, double underline), on paper too.
_CSS = """
@page { size: A4; margin: 2.5cm; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", Georgia, serif; font-size: 12pt;
  line-height: 1.4; color: #000; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; text-decoration: none; }
  .toc { break-after: page; } }
a { color: inherit; }
.doc-head { text-align: center; border-bottom: 1.5pt solid #000; padding-bottom: 1em; margin-bottom: 1.5em; }
.doc-head p { margin: .3em 0; }
.doc-head__body, .doc-head__kind { font-weight: bold; }
.doc-head__kind { font-size: 14pt; margin-top: .8em; }
.doc-title { font-size: 14pt; text-transform: uppercase; letter-spacing: .03em; margin: .8em 0 .3em; }
.doc-subtitle { font-style: italic; }
.toc h2 { text-align: center; }
.toc ol { list-style: none; padding-left: 0; }
.toc ol ol { padding-left: 2em; }
.toc li { margin: .15em 0; }
.toc__count { white-space: nowrap; }
h2 { font-size: 12pt; text-align: center; margin: 2em 0 1em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1.5em 0 .5em; break-after: avoid; page-break-after: avoid; }
.current__label { font-style: italic; margin: 0 0 .2em; break-after: avoid; }
.current { margin: 0 0 1em 2em; font-size: 11pt; text-align: justify; }
.proposal { margin: 0 0 1em 2em; padding-left: .8em; border-left: .75pt solid #000; break-inside: avoid; }
.proposal p { margin: .2em 0; }
.proposal__head { font-size: 11pt; }
.proposal__note, .proposal__justification { font-style: italic; font-size: 11pt; }
.redline { text-align: justify; }
del { text-decoration: line-through; color: inherit; background: none; }
ins { text-decoration: underline double; text-decoration-line: underline; text-decoration-style: double;
  color: inherit; background: none; }
.empty { font-style: italic; text-align: center; }
"""


def _esc(text):
    # Line breaks inside a text are part of it, as in the app.
    return "<br>".join(html.escape(line) for line in str(text).split("\n"))


def _html_proposal(amendment, paragraph_label):
    parts = " · ".join(_esc(part) for part in header_parts(amendment, paragraph_label))
    out = [
        f'<article class="proposal proposal--{html.escape(amendment["status"])}" id="a-{amendment["id"]}">',
        f'<p class="proposal__head">Proposed by <strong>{_esc(amendment["participant"])}</strong> '
        f"({_esc(proposer_about(amendment))}) · {parts}</p>",
    ]
    note = redline_note(amendment)
    if note:
        out.append(f'<p class="proposal__note">{_esc(note)}</p>')
    out.append(f'<p class="redline">{rendering.inline_html(amendment["segments"])}</p>')
    if amendment["final_text"]:
        out.append(f'<p class="proposal__final"><strong>Adopted as:</strong> {_esc(amendment["final_text"])}</p>')
    if amendment["justification"]:
        out.append(f'<p class="proposal__justification">Justification: {_esc(amendment["justification"])}</p>')
    if amendment["decision_note"]:
        out.append(f'<p class="proposal__decision">Decision of the secretariat: {_esc(amendment["decision_note"])}</p>')
    out.append("</article>")
    return "\n".join(out)


def to_html(compilation):
    """The compilation as a standalone, print-ready HTML document (str); every text is escaped."""
    report = compilation["report"]
    title = " – ".join(part for part in (compilation["title"], report.get("title")) if part)
    out = [
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{_esc(title)}</title>',
        f'<style>{_CSS}</style>\n</head>\n<body>\n<header class="doc-head">',
    ]
    for text, css, tag in (
        (report.get("body"), "doc-head__body", "p"),
        (report.get("title"), "doc-title", "h1"),
        (report.get("subtitle"), "doc-subtitle", "p"),
        (compilation["title"], "doc-head__kind", "p"),
        (scope_line(compilation), "doc-head__scope", "p"),
        (generated_line(compilation), "doc-head__generated", "p"),
    ):
        if text:
            out.append(f'<{tag} class="{css}">{_esc(text)}</{tag}>')
    out.append("</header>")
    if not compilation["sections"]:
        out += [f'<p class="empty">{NO_PROPOSALS}</p>', "</body>\n</html>\n"]
        return "\n".join(out)
    out.append('<nav class="toc" aria-labelledby="toc-heading">\n<h2 id="toc-heading">Contents</h2>\n<ol>')
    for entry in compilation["contents"]:
        out.append(
            f'<li><a href="#{html.escape(entry["anchor"])}">{_esc(entry["heading"])}</a> '
            f'<span class="toc__count">({entry["count"]})</span>\n<ol>'
        )
        for row in entry["paragraphs"]:
            out.append(
                f'<li><a href="#{html.escape(row["anchor"])}">{_esc(row["label"])}</a> '
                f'<span class="toc__count">({row["count"]})</span></li>'
            )
        out.append("</ol></li>")
    out.append("</ol>\n</nav>\n<main>")
    for section in compilation["sections"]:
        out.append(f'<section id="{html.escape(section["anchor"])}">\n<h2>{_esc(section["heading"])}</h2>')
        for paragraph in section["paragraphs"]:
            status = "" if paragraph["status"] == "open" else f" ({_esc(paragraph['status_label'])})"
            out += [
                f'<section class="paragraph" id="{html.escape(paragraph["anchor"])}">',
                f"<h3>{_esc(paragraph['label'])}</h3>",
                f'<p class="current__label">Current text{status}:</p>',
                f'<p class="current">{_esc(paragraph["text"])}</p>',
                *(_html_proposal(a, paragraph["label"]) for a in paragraph["amendments"]),
                "</section>",
            ]
        out.append("</section>")
    out.append("</main>\n</body>\n</html>\n")
    return "\n".join(out)


# .docx --------------------------------------------------------------------------------------------------


def _bookmark(paragraph, name, number):
    """Make the whole paragraph the target `name` of the contents' links."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    properties = paragraph._p.pPr
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)}))


def _link(paragraph, text, name):
    """A run of `text` that jumps to the bookmark `name` (an internal hyperlink: no URL, no colour)."""
    run = _add_text(paragraph, text)
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): name, qn("w:history"): "1"})
    paragraph._p.append(link)
    link.append(run._r)  # lxml moves the run into the link
    return run


def _bookmark_name(anchor):
    # Word wants bookmark names of at most 40 characters, starting with a letter: "s-annex-3" → "c_s_annex_3".
    return ("c_" + "".join(c if c.isalnum() else "_" for c in anchor))[:40]


def _style_compilation(document):
    """The draft's styles (exporting) plus what a compilation needs: plain black headings, indents."""
    _style_document(document)
    styles = document.styles
    heading = styles["Heading 2"]
    heading.font.size, heading.font.bold, heading.font.italic = Pt(12), True, False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12), Pt(6)
    heading.paragraph_format.keep_with_next = True
    for style in ("Heading 1", "Heading 2"):
        styles[style].font.name = "Times New Roman"


def _line(document, text="", *, bold=None, italic=None, size=None, center=False, indent=None, keep=False):
    paragraph = _add_paragraph(document)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent is not None:
        paragraph.paragraph_format.left_indent = indent
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if text:
        run = _add_text(paragraph, text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = size
    return paragraph


_INDENT = Cm(1)


def _docx_proposal(document, amendment, paragraph_label):
    head = _line(document, indent=_INDENT, keep=True)
    head.paragraph_format.space_before = Pt(6)
    head.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified, a short line of names and dates spreads out
    _add_text(head, "Proposed by ")
    _add_text(head, amendment["participant"]).bold = True
    _add_text(head, f" ({proposer_about(amendment)}) · " + " · ".join(header_parts(amendment, paragraph_label)))
    note = redline_note(amendment)
    if note:
        _line(document, note, italic=True, indent=_INDENT, keep=True, size=Pt(11))
    text = _line(document, indent=_INDENT)
    # Plain formatting, not tracked changes: the redline prints the same in every word processor.
    for op, piece in amendment["segments"]:
        run = _add_text(text, piece)
        if op == textdiff.DELETE:
            run.font.strike = True
        elif op == textdiff.INSERT:
            run.font.underline = WD_UNDERLINE.DOUBLE
    if amendment["final_text"]:
        final = _line(document, indent=_INDENT)
        _add_text(final, "Adopted as: ").bold = True
        _add_text(final, amendment["final_text"])
    if amendment["justification"]:
        _line(document, "Justification: " + amendment["justification"], italic=True, indent=_INDENT)
    if amendment["decision_note"]:
        _line(document, "Decision of the secretariat: " + amendment["decision_note"], indent=_INDENT)


def to_docx(compilation):
    """The compilation as a Word document (bytes): title block, contents, Heading 1 per section, Heading 2
    per paragraph, each proposal as a header line and its redline (struck / double-underlined runs)."""
    document = Document()
    _style_compilation(document)
    report = compilation["report"]
    _describe(document.core_properties, {"report": report})
    document.core_properties.title = " – ".join(p for p in (compilation["title"], report.get("title")) if p)
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
    if not compilation["sections"]:
        _line(document, NO_PROPOSALS, italic=True, center=True)
    else:
        _line(document, "Contents", bold=True, center=True, keep=True).paragraph_format.space_before = Pt(18)
        for entry in compilation["contents"]:
            line = _line(document, keep=True)
            _link(line, entry["heading"], _bookmark_name(entry["anchor"])).bold = True
            _add_text(line, f" ({entry['count']})")
            for row in entry["paragraphs"]:
                line = _line(document, indent=_INDENT)
                line.paragraph_format.space_after = Pt(0)
                _link(line, row["label"], _bookmark_name(row["anchor"]))
                _add_text(line, f" ({row['count']})")
        document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
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
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
