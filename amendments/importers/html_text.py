"""An HTML revised text (the app's own .html export, or a page saved from a word processor) as markdown.

HTML already says where each paragraph, heading and list item starts and ends, so the blocks are written
out one per markdown paragraph for ``splitting.split_revised_text(kind="md")``: headings as "#",
list items as "-", footnote texts as "[^n]:" lines, and footnote reference marks (``<sup>``, or links
to a note) left out. Styles, scripts and the head are not text. No Django here.
"""

from __future__ import annotations

import re

from lxml import etree, html

__all__ = ["looks_like_html", "html_to_markdown"]

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "caption", "div", "pre"}
_NOT_TEXT = {"head", "style", "script", "template", "noscript", "title"}
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"\s+")
_NOTE_NUMBER = re.compile(r"\s*(\d{1,3})\b\.?\s*")
# Markdown would read these at a line start as structure; the text means them as text.
_MD_START = re.compile(r"^([#>*+\-]|\d{1,3}\.(?=\s*$))")


def looks_like_html(text: str) -> bool:
    """Whether a text upload is an HTML document (it opens with a doctype or an <html> tag)."""
    return bool(_HTML_START.match(text[:2000]))


def html_to_markdown(text: str) -> str:
    """The document's blocks as markdown paragraphs, in reading order."""
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter(*_NOT_TEXT):
        element.drop_tree()
    for element in list(root.iter("sup")):
        if _is_footnote_mark(element):
            element.drop_tree()  # a reference mark: the note's own text comes with the notes
    out: list[str] = []
    for block in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in block.iterdescendants()):
            continue  # a container: its own blocks are written out
        line = _block_line(block)
        if line:
            out.append(line)
    return "\n\n".join(out) + "\n"


def _is_footnote_mark(sup: html.HtmlElement) -> bool:
    content = _SPACES.sub("", sup.text_content())
    return bool(re.fullmatch(r"\[?\d{1,3}\]?|[*†‡]", content))


_NUMBER_ONLY = re.compile(r"\s*\(?\d{1,3}(?:\.\d{1,3})*(?:\s+[a-z]{3,12})?[.)]?\s*|\s*\(?[a-z]{1,4}[.)]\s*")


def _block_line(block: html.HtmlElement) -> str:
    for br in block.iter("br"):
        br.tail = " " + (br.tail or "")
    first = next(iter(block), None)
    if first is not None and not (block.text or "").strip() and _NUMBER_ONLY.fullmatch(first.text_content()):
        first.tail = " " + (first.tail or "")  # "<span>2 bis.</span>The Group": the number and its text
    content = _SPACES.sub(" ", block.text_content()).strip()
    if not content:
        return ""
    classes = set((block.get("class") or "").split())
    if "note" in classes or _in_notes(block):
        m = _NOTE_NUMBER.match(content)
        if m:
            return f"[^{m.group(1)}]: {content[m.end() :]}"
    if block.tag.startswith("h") and block.tag[1:].isdigit():
        return f"# {content}"
    if block.tag == "li":
        return f"- {content}"
    return _MD_START.sub(r"\\\1", content)


def _in_notes(block: html.HtmlElement) -> bool:
    """Inside a footnotes container (the export's <aside class="notes">, a word processor's footnotes div)."""
    for ancestor in block.iterancestors():
        classes = set((ancestor.get("class") or "").lower().split())
        if classes & {"notes", "footnotes"} or ancestor.get("id", "").lower().startswith(("footnotes", "ftn")):
            return True
    return False
