"""Minimal .docx files built in tests: tracked changes, comments, numbering, written as raw WordprocessingML."""

import io
import zipfile
from xml.sax.saxutils import escape

from lxml import etree

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_TYPES = {
    "styles": REL + "styles",
    "numbering": REL + "numbering",
    "comments": REL + "comments",
    "footnotes": REL + "footnotes",
    "commentsExtended": "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
}
ROOTS = {
    "styles": "w:styles",
    "numbering": "w:numbering",
    "comments": "w:comments",
    "footnotes": "w:footnotes",
    "commentsExtended": "w15:commentsEx",
}
DATE = "2024-03-01T10:00:00Z"


def _xml(text: str) -> bytes:
    """Well-formed XML, serialised by lxml (a typo in a test fails here, not as a puzzling reading)."""
    return etree.tostring(etree.fromstring(text.encode()), xml_declaration=True, encoding="UTF-8", standalone=True)


def make_docx(body: str, **parts: str) -> bytes:
    """A minimal .docx: `body` is the content of w:body; keyword parts (styles=…, comments=…) the content
    of those parts' root elements."""
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_TYPES[kind]}" Target="{kind}.xml"/>' for i, kind in enumerate(parts, 1)
    )
    members = {
        "[Content_Types].xml": _xml(
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": _xml(
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": _xml(
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ),
        "word/document.xml": _xml(f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"),
    }
    for kind, content in parts.items():
        members[f"word/{kind}.xml"] = _xml(f"<{ROOTS[kind]} {NS}>{content}</{ROOTS[kind]}>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def p(*content: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(content)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def change(tag: str, author: str, content: str) -> str:
    return f'<w:{tag} w:id="1" w:author="{author}" w:date="{DATE}">{content}</w:{tag}>'


def ins(author: str, text: str) -> str:
    return change("ins", author, r(text))


def dele(author: str, text: str) -> str:
    return change("del", author, f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r>')


def mark(tag: str, author: str) -> str:
    """pPr content: the paragraph mark inserted ("ins") or deleted ("del") by `author`."""
    return f'<w:rPr><w:{tag} w:id="9" w:author="{author}" w:date="{DATE}"/></w:rPr>'


def numpr(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
