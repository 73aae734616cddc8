"""The Word redline's comments: word/comments.xml and word/commentsExtended.xml, and their ranges in the text.

Each comment is a Word comment around the text it is about. Replies are Word 2013 threads: a comment
of their own on the same range, linked to the first comment by ``w15:paraIdParent`` in
word/commentsExtended.xml; each also starts "[Reply to …]", as LibreOffice (7.x) and older Word show
it as a comment of its own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from amendments.core.document import Comment, all_comments
from amendments.core.textdiff import normalise
from amendments.exporters.docx_base import text_run, word_date

__all__ = ["CommentsPart", "initials", "style_comments", "thread"]

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_COMMENTS_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def initials(name: str) -> str:
    """ "Nick Ashton-Hart" → "NAH", "Russian Federation" → "RF": capitals starting its words."""
    letters = [word[0] for word in re.split(r"[\s\-]+", name or "") if word[:1].isupper()]
    return "".join(letters)[:9] or (name or "?")[:2]


def thread(first: Comment) -> Iterator[Comment]:
    """A comment and every reply under it, in order: Word threads them all under the first."""
    return all_comments((first,))


def style_comments(document: WordDocument) -> None:
    """Word's own comment styles, so comments look as in any Word document."""
    styles = document.styles
    text = styles.add_style("annotation text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id, text.base_style = "CommentText", styles["Normal"]
    text.font.size, text.paragraph_format.space_after = Pt(10), Pt(0)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    reference = styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id, reference.font.size = "CommentReference", Pt(8)
    for style in (text, reference):
        style.element.attrib.pop(qn("w:customStyle"), None)


def _reference_style_run() -> Any:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:rPr"))
    run[0].append(OxmlElement("w:rStyle", {qn("w:val"): "CommentReference"}))
    return run


class CommentsPart:
    """word/comments.xml and word/commentsExtended.xml being built. Comment ids are drawn from `ids`,
    which the tracked changes share: both are Word "annotations", whose ids must be unique."""

    def __init__(self, ids: Iterator[int]) -> None:
        self.ids = ids
        self.root = parse_xml(f'<w:comments {nsdecls("w")} xmlns:w14="{W14}" xmlns:mc="{MC}" mc:Ignorable="w14"/>')
        self.extended = parse_xml(f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"/>')
        self.para_ids = itertools.count(1)

    def add(self, comment_id: int, comment: Comment, parent: tuple[str, str] | None = None) -> str:
        """Write one comment (`parent`: (paraId, author) of the comment it replies to); returns its paraId."""
        author = comment.author or "Unknown"
        text = normalise(comment.text or "")
        if parent:
            text = f"[Reply to {parent[1]}] {text}"
        body = OxmlElement(
            "w:comment", {qn("w:id"): str(comment_id), qn("w:author"): author, qn("w:initials"): initials(author)}
        )
        if when := word_date(comment.date):
            body.set(qn("w:date"), when)
        for n, line in enumerate(text.split("\n")):
            p = OxmlElement("w:p")
            para_id = f"{next(self.para_ids):08X}"
            p.set(f"{{{W14}}}paraId", para_id)
            p.set(f"{{{W14}}}textId", "77777777")
            p.get_or_add_pPr().append(OxmlElement("w:pStyle", {qn("w:val"): "CommentText"}))
            if n == 0:  # the comment's own mark, as Word writes it
                mark = _reference_style_run()
                mark.append(OxmlElement("w:annotationRef"))
                p.append(mark)
            if line:
                p.append(text_run(line))
            body.append(p)
        self.root.append(body)
        entry = parse_xml(f'<w15:commentEx xmlns:w15="{W15}" w15:paraId="{para_id}" w15:done="0"/>')
        if parent:
            entry.set(f"{{{W15}}}paraIdParent", parent[0])
        self.extended.append(entry)
        return para_id

    def open(self, p: Any, threads: Iterable[Comment]) -> Callable[[], None]:
        """Start the ranges of these comment threads in paragraph `p` here; returns the function that
        closes them where the text they are about ends."""
        ids = []
        for first in threads:
            parent = None
            for comment in thread(first):
                comment_id = next(self.ids)
                para_id = self.add(comment_id, comment, parent)
                parent = parent or (para_id, comment.author or "Unknown")
                p.append(OxmlElement("w:commentRangeStart", {qn("w:id"): str(comment_id)}))
                ids.append(comment_id)

        def close() -> None:
            for comment_id in ids:
                p.append(OxmlElement("w:commentRangeEnd", {qn("w:id"): str(comment_id)}))
                run = _reference_style_run()
                run.append(OxmlElement("w:commentReference", {qn("w:id"): str(comment_id)}))
                p.append(run)

        return close

    def attach(self, document: WordDocument) -> None:
        """Add both parts to the package, related from the document (nothing when there is no comment)."""
        if not len(self.root):
            return
        package = document.part.package
        part = XmlPart(PackURI("/word/comments.xml"), CT.WML_COMMENTS, self.root, package)
        document.part.relate_to(part, RT.COMMENTS)
        extended = XmlPart(PackURI("/word/commentsExtended.xml"), CT_COMMENTS_EXTENDED, self.extended, package)
        document.part.relate_to(extended, RT_COMMENTS_EXTENDED)
