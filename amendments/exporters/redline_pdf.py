"""The redline as a PDF: the draft as it stands, each paragraph followed by the amendments proposed
to it (or to its sub-items and footnotes) as redlines, insertions underlined and deletions struck
through, each "Proposed by" its delegation.

It is written from the same `Document` as the Word redline (queries.redline_inputs.redline_document:
the draft whose rows carry their tracked changes), so both hold the same amendments: the circulated
ones, or the internal edition's. Comments stay in the Word redline, where they are Word comments.
The print HTML (templates/exports/redline.html) is typeset by exporters.pdf.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string

from amendments.core.document import Block, Document, Footnote, TrackedChange
from amendments.core.textdiff import DELETE, EQUAL, INSERT, Segment
from amendments.core.texts import xml_safe, xml_safe_values
from amendments.exporters.clean_draft import EMPTY_SECTION, html_sections
from amendments.exporters.draft_text import masthead, printed_date, revision_line
from amendments.exporters.pdf import html_to_pdf

__all__ = ["NO_PROPOSALS", "UNPLACED_HEADING", "proposals", "spaced", "to_html", "to_pdf"]

NO_PROPOSALS = "No amendment is proposed to this draft."
UNPLACED_HEADING = "Amendments to text not in this draft"


def _what(change: TrackedChange) -> str:
    """What the proposal does, as its heading says it."""
    if change.kind == "delete":
        return "Deletion"
    if change.kind == "insert":
        return f"New {change.number or 'paragraph'} after it"
    return "Change"


def spaced(segments: Iterable[Segment]) -> list[Segment]:
    """The segments with a space, unmarked, between a deletion and the insertion that replaces it
    when they touch ("~~sky~~ _sea_", not "~~sky~~_sea_"): on paper, and in the text read out of
    the PDF, two words run together would read as one."""
    out: list[Segment] = []
    for op, text in segments:
        if out and op == INSERT and out[-1][0] == DELETE and text[:1].strip() and out[-1][1][-1:].strip():
            out.append((EQUAL, " "))
        out.append((op, text))
    return out


def _proposal(change: TrackedChange, target: str) -> dict[str, Any]:
    return {
        "target": target,
        "what": _what(change),
        "by": change.author,
        "date": printed_date(change.date[:10]) if change.date else "",
        "segments": spaced(change.segments),
    }


def _note_proposals(notes: tuple[Footnote, ...]) -> list[dict[str, Any]]:
    return [_proposal(change, f"Footnote {note.number}") for note in notes for change in note.changes]


def proposals(block: Block) -> list[dict[str, Any]]:
    """The proposals for a paragraph, then for its footnotes, then for each sub-item and its footnotes,
    each named by what it amends ("" for the paragraph itself)."""
    found = [_proposal(change, "") for change in block.changes]
    found += _note_proposals(block.footnotes)
    sub_items = [item for item in block.items if item.kind != "quote"]
    for item in block.items:
        place = f"Sub-item {sub_items.index(item) + 1}" if item in sub_items else "Quoted text"
        found += [_proposal(change, place) for change in item.changes]
        found += _note_proposals(item.footnotes)
    return found


def _sections(document: Document) -> list[dict[str, Any]]:
    sections = html_sections(document)
    for part in sections:
        for paragraph in part["paragraphs"]:
            paragraph["proposals"] = proposals(paragraph["block"])
    return sections


def to_html(document: Document, *, title_note: str = "", mark: str = "") -> str:
    """The print HTML of the redline (str); every text escaped by the template and its tags.

    `title_note`: a line under the title ("Pending amendments"); `mark`: the internal edition's
    "Internal: includes unsubmitted drafts", in bold at the top."""
    document = xml_safe_values(document)
    revision = revision_line(document)
    sections = _sections(document)
    unplaced = [{"block": block, "proposals": proposals(block)} for block in document.unplaced]
    context = {
        "document": document,
        "revision": revision,
        "masthead": masthead(document),
        "page_title": " – ".join(part for part in (document.title, "Redline", revision) if part),
        "title_note": xml_safe(title_note),
        "mark": xml_safe(mark),
        "sections": sections,
        "unplaced": unplaced,
        "unplaced_heading": UNPLACED_HEADING,
        "empty_section": EMPTY_SECTION,
        "none_proposed": NO_PROPOSALS
        if not unplaced and not any(p["proposals"] for part in sections for p in part["paragraphs"])
        else "",
    }
    return render_to_string("exports/redline.html", context)


def to_pdf(document: Document, *, title_note: str = "", mark: str = "") -> bytes:
    """The redline as a PDF (bytes), in the style of the other PDF exports."""
    return html_to_pdf(to_html(document, title_note=title_note, mark=mark))
