"""PDF from the print HTML the app already renders (templates/exports/*.html), by WeasyPrint.

The HTML exports stay what they are (a standalone page, notes gathered at the end of each section);
for the PDF, `html_to_pdf` moves each footnote next to its mark so WeasyPrint sets it at the foot of
the page the mark falls on, and adds a stylesheet in the style of UN documents: A4, Liberation Serif
(the Times-like face), the report title at the head of every page but the first, the page number at
its foot, insertions underlined and deletions struck through (no colour is needed to read them).

Nothing is fetched: the exports have no images or stylesheets of their own, and a document made from
members' texts must not make the server call out, so every URL is refused.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import lxml.html
from lxml import etree

# WeasyPrint logs a line per step and page at INFO, some of them while it is imported (its own
# style sheets): quiet before the import, so a command writing a PDF prints nothing but its result.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML, URLFetcher  # noqa: E402

__all__ = ["PDF_CONTENT_TYPE", "PRINT_CSS", "html_to_pdf"]

PDF_CONTENT_TYPE = "application/pdf"

# On top of each template's own styles (which set A4 and the serif face already for the browser's
# print). The first page has the masthead (the symbol, the distribution, the date of the text, the
# language) at its top; the later pages' running head repeats the symbol, as a UN document's do,
# and the report's title. The date is not repeated: a date alone on a line would be read back into
# the text by the revised-text import, where the symbol, a running header, is dropped.
PRINT_CSS = """
@page {
  size: A4;
  margin: 2.5cm 2.5cm 2.5cm 2.5cm;
  @top-left {
    content: string(doc-symbol);
    font-family: "Liberation Serif", "Times New Roman", serif;
    font-size: 9pt;
    font-weight: bold;
    vertical-align: bottom;
    padding-bottom: 6mm;
  }
  @top-center {
    content: string(report-title);
    font-family: "Liberation Serif", "Times New Roman", serif;
    font-size: 9pt;
    font-style: italic;
    vertical-align: bottom;
    padding-bottom: 6mm;
  }
  @bottom-center {
    content: counter(page);
    font-family: "Liberation Serif", "Times New Roman", serif;
    font-size: 10pt;
    vertical-align: top;
    padding-top: 6mm;
  }
  /* No padding here: WeasyPrint 70 then finds no room for any note and defers each to a later page. */
  @footnote {
    border-top: .5pt solid #000;
    margin-top: 4mm;
  }
}
@page :first {
  @top-left { content: none; }
  @top-center { content: none; }
}
html, body {
  font-family: "Liberation Serif", "Times New Roman", serif;
  font-size: 12pt;
}
body { max-width: none; margin: 0; padding: 0; line-height: 1.3; }
a { color: inherit; text-decoration: none; }
.doc-title { string-set: report-title content(text); }
.masthead__symbol { string-set: doc-symbol content(text); }
h2, h3 { break-after: avoid; }
p { orphans: 2; widows: 2; }
/* Ragged right and no word broken at a line's end. A justified line's stretched spaces make a PDF
   reader (pypdf's layout mode, which the importer uses) see a gap before a footnote mark, which
   then reads as a number of the text ("the group   4,"), and a hyphenated word reads as two. */
.para, .items li, .quote p, .current, .redline, .note, .pdf-footnote, .proposal p {
  text-align: left !important;
  hyphens: manual !important;
}
.pdf-footnote {
  float: footnote;
  footnote-display: block;
  font-size: 10pt;
  line-height: 1.2;
  text-align: left;
  text-indent: 0;
  margin: 1.5mm 0 0;
}
.pdf-footnote::footnote-call { content: none; }
.pdf-footnote::footnote-marker { content: none; }
.pdf-footnote .note__number { display: inline; width: auto; vertical-align: super; font-size: .75em; }
.pdf-footnote .note__number::after { content: " "; }
.notes:empty { display: none; }
del { text-decoration: line-through; text-decoration-style: solid; color: inherit; background: none; }
ins { text-decoration: underline; text-decoration-style: solid; color: inherit; background: none; }
.toc { break-after: page; }
"""


def _fetcher() -> URLFetcher:
    """WeasyPrint's fetcher for data: URLs only (inline images); http(s), file and the rest are refused."""
    return URLFetcher(allowed_protocols=("data",), timeout=1, allow_redirects=False)


def _print_ready(html: str) -> str:
    """The export's page as WeasyPrint is to lay it out: footnotes next to their marks, no line
    broken after the slash of "new/revised"."""
    root = lxml.html.document_fromstring(html)
    _footnotes_in_place(root)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in ("style", "script"):
            element.text = _joined_slashes(element.text)
        element.tail = _joined_slashes(element.tail)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


# A word joiner after the slash: Pango would break "new/revised" there, and a text read out of the
# PDF would have "new/ revised". The joiner has no glyph and is not in the PDF's text. A long token
# (a URL) may still break at its slashes.
_SLASHED_RE = re.compile(r"(?<![^\s])[^\s/]{1,30}(?:/[^\s/]{1,30}){1,3}(?!\S)")
WORD_JOINER = "\u2060"


def _joined_slashes(text: str | None) -> str | None:
    if not text or "/" not in text:
        return text
    return _SLASHED_RE.sub(lambda m: m.group(0).replace("/", "/" + WORD_JOINER), text)


def _footnotes_in_place(root: Any) -> None:
    """The page with each note (`<p class="note" id="fn-N">`) moved to just after its mark
    (`<a href="#fn-N">`), as a span WeasyPrint floats to the foot of the page. A note without a mark
    stays where it was, in its section's notes."""
    notes = {element.get("id"): element for element in root.xpath('//*[contains(@class, "note")][@id]')}
    for link in root.xpath('//sup[contains(@class, "fn-mark")]/a[starts-with(@href, "#fn-")]'):
        note = notes.pop(link.get("href")[1:], None)
        if note is None:
            continue
        mark = link.getparent()
        _remove_keeping_tail(note)
        note.tag = "span"  # a paragraph cannot stand inside the paragraph that holds the mark
        note.set("class", "pdf-footnote")
        note.tail, mark.tail = mark.tail, None
        mark.addnext(note)
    for aside in root.xpath('//aside[contains(@class, "notes")]'):
        if not any(child.tag != etree.Comment for child in aside):
            aside.getparent().remove(aside)


def _remove_keeping_tail(element: Any) -> None:
    """Take `element` out of its parent; the text after it stays where it stood."""
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail
    element.tail = None
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The print HTML of an export (a whole page, str) as a PDF (bytes), in the PDF print style."""
    document = HTML(string=_print_ready(html), base_url=base_url, url_fetcher=_fetcher())
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
    return pdf
