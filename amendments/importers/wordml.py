"""Read the tracked changes, comments and paragraph numbers of a .docx, straight from its WordprocessingML.

No Django here, and no python-docx/mammoth/docx2python: each of them drops or duplicates tracked text in
some real files, so this reads the XML itself with lxml, through `uploads.open_docx`/`uploads.parse_xml`.

The model: every `w:p` becomes a `WordParagraph`; its content is a list of text segments, each tagged
with the insertion (`w:ins`, `w:moveTo`) and the deletion (`w:del`, `w:moveFrom`) it belongs to, if any,
and its paragraph mark can itself be inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`). A *version* of the
document accepts some changes and rejects the others: a segment shows when its insertion is accepted (or
absent) and its deletion is not; a paragraph whose mark does not show runs on into the next paragraph,
and the joined paragraph takes the properties (style, numbering) of the mark that closes it. Paragraph
numbers are then counted over that version's paragraphs, as Word would display them, from
`word/numbering.xml` and `word/styles.xml`. A paragraph without Word numbering whose text starts with
a number set off by a tab ("15.\t", "2 bis.\t", as the app's own exports write them) has that number,
taken out of its text.

Not read: headers, footers, endnotes, text boxes and other drawing content, and the text of `w:sym`.

The walk over the XML is in `wordml_reader`, the numbering in `wordml_numbering`, the names in `wordml_xml`;
`WordDocument.to_document()` (in `wordml_document`) gives the file as the app's document model.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from amendments.core.document import Document
from amendments.importers import uploads
from amendments.importers.wordml_numbering import NumberCounter, Numbering, Styles, typed_number
from amendments.importers.wordml_reader import (
    Accept,
    Change,
    FormattingChange,
    Para,
    Reader,
    WordComment,
    accept_all,
    accept_none,
    changes_of,
    read_comments,
    read_footnote_paras,
)
from amendments.importers.wordml_xml import RELS, STRICT_MESSAGE, W_STRICT, Element, w

__all__ = [
    "Change",
    "FormattingChange",
    "Group",
    "WordComment",
    "WordDocument",
    "WordParagraph",
    "accept_all",
    "accept_none",
    "main",
    "read_docx",
]


@dataclass
class WordParagraph:
    """One `w:p` of the file, in document order (table cells included).

    `number`/`bullet` are what Word shows for the original paragraph this one belongs to (all changes
    rejected), `final_number`/`final_bullet` for the one it belongs to with all changes accepted: a paragraph
    whose mark is inserted or deleted shares the number of the paragraph it is joined to in that version.
    `style` is the w:pStyle id ("" for the default style); `base_text`/`final_text` are this `w:p`'s own
    text with all changes rejected/accepted (joins happen in `WordDocument.base()`, `final()`, `version()`).
    """

    index: int
    number: str
    bullet: bool
    style: str
    base_text: str
    final_text: str
    changes: list[Change]
    final_number: str = ""
    final_bullet: bool = False
    footnotes: list[str] = field(default_factory=list)  # ids of the footnotes referenced here


@dataclass
class Group:
    """One paragraph of a version: the `w:p` indexes joined into it, its text and its number."""

    indexes: list[int]
    text: str
    number: str = ""
    bullet: bool = False
    style: str = ""  # the w:pStyle id of the mark that closes it


@dataclass
class WordDocument:
    """Everything read from one .docx; `base`, `final` and `version` rebuild the document in a given state."""

    paragraphs: list[WordParagraph]
    comments: list[WordComment]
    formatting_changes: list[FormattingChange]
    footnotes: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[Para]] = field(default_factory=dict, repr=False, compare=False)  # footnotes' paragraphs
    _paras: list[Para] = field(default_factory=list, repr=False, compare=False)
    _numbering: Numbering | None = field(default=None, repr=False, compare=False)

    def authors(self) -> list[str]:
        """Everyone with a tracked change or a comment, sorted."""
        names = {change.author for paragraph in self.paragraphs for change in paragraph.changes}
        names |= {change.author for paras in self.notes.values() for para in paras for change in changes_of(para)}
        names |= {comment.author for comment in self.comments}
        return sorted(names)

    def footnote(self, note_id: str) -> WordDocument:
        """One footnote as a document of its own: its paragraphs, with their tracked changes."""
        return WordDocument(paragraphs=[], comments=[], formatting_changes=[], _paras=self.notes.get(note_id, []))

    def base(self) -> list[tuple[str, str]]:
        """The original document, every change rejected: (number, text) per paragraph."""
        return [(group.number, group.text) for group in self.groups(accept_none)]

    def final(self) -> list[tuple[str, str]]:
        """The document with every change accepted."""
        return [(group.number, group.text) for group in self.groups(accept_all)]

    def version(self, author: str) -> list[tuple[str, str]]:
        """The document with only `author`'s changes accepted and everyone else's rejected."""
        return [(group.number, group.text) for group in self.groups(lambda tag: tag.author == author)]

    def is_heading(self, group: Group) -> bool:
        """Whether a paragraph of a version is in a title or heading style."""
        return self._numbering is not None and self._numbering.styles.is_heading(group.style)

    def is_item(self, group: Group) -> bool:
        """Whether a paragraph of a version is a sub-item: a bullet, or a quotation."""
        return group.bullet or (self._numbering is not None and self._numbering.styles.is_quote(group.style))

    def base_position(self, paragraph_index: int) -> int | None:
        """Where a paragraph of the file (a comment's `paragraph_index`) stands in `base()`."""
        for position, group in enumerate(self.groups(accept_none)):
            if paragraph_index in group.indexes:
                return position
        return None

    def author_groups(self, author: str) -> list[Group]:
        """The paragraphs of `version(author)`, with the `w:p` indexes joined into each."""
        return self.groups(lambda tag: tag.author == author)

    def to_document(self, *, title: str = "") -> Document:
        """The file as the document model: the original text per block, each author's changes as
        tracked changes of the blocks, and the comments on the blocks they are anchored to."""
        from amendments.importers.wordml_document import to_document

        return to_document(self, title=title)

    def summary(self) -> dict:
        """A JSON-ready listing by author of changes, formatting changes and comments (for `--json`)."""
        authors = sorted(set(self.authors()) | {change.author for change in self.formatting_changes})
        by_author: dict[str, dict[str, list]] = {
            a: {"changes": [], "formatting_changes": [], "comments": []} for a in authors
        }
        for paragraph in self.paragraphs:
            for change in paragraph.changes:
                by_author[change.author]["changes"].append(
                    {
                        "kind": change.kind,
                        "paragraph_index": paragraph.index,
                        "number": paragraph.number,
                        "final_number": paragraph.final_number,
                        "text": change.text,
                        "date": change.date,
                    }
                )
        for formatting in self.formatting_changes:
            paragraph = self.paragraphs[formatting.paragraph_index]
            by_author[formatting.author]["formatting_changes"].append(
                {
                    "kind": formatting.kind,
                    "paragraph_index": paragraph.index,
                    "number": paragraph.number,
                    "date": formatting.date,
                }
            )
        for comment in self.comments:
            by_author[comment.author]["comments"].append(
                {
                    "id": comment.id,
                    "paragraph_index": comment.paragraph_index,
                    "text": comment.text,
                    "anchor_text": comment.anchor_text,
                    "parent_id": comment.parent_id,
                    "date": comment.date,
                }
            )
        return {"paragraphs": len(self.paragraphs), "authors": authors, "by_author": by_author}

    def groups(self, accept: Accept) -> list[Group]:
        """The paragraphs of one version: `w:p`s whose mark does not show are joined, then numbered."""
        groups: list[Group] = []
        indexes: list[int] = []
        texts: list[str] = []
        counter = NumberCounter(self._numbering) if self._numbering else None
        for i, para in enumerate(self._paras):
            indexes.append(i)
            texts.append(para.text(accept))
            if para.has_mark(accept) or i == len(self._paras) - 1:
                props = para.props_in(accept)
                group = Group(indexes, "".join(texts), style=props[0])
                if counter is not None:
                    group.number, group.bullet = counter.next(*props)
                if not group.number and not group.bullet:  # no Word numbering: a number typed in the text
                    group.number, group.text = typed_number(group.text)
                groups.append(group)
                indexes, texts = [], []
        return groups


DEFAULT_PARTS = {
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
    "comments": "word/comments.xml",
    "commentsExtended": "word/commentsExtended.xml",
    "footnotes": "word/footnotes.xml",
}


def _part_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Where the document's related parts live, from word/_rels/document.xml.rels (Word's names otherwise)."""
    names = dict(DEFAULT_PARTS)
    data = uploads.read_part(archive, "word/_rels/document.xml.rels")
    if data is None:
        return names
    for rel in uploads.parse_xml(data).iter(f"{{{RELS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if kind in names and rel.get("TargetMode") != "External" and target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            names[kind] = posixpath.normpath(path)
    return names


def read_parts(data: bytes, kinds: Sequence[str]) -> tuple[Element, dict[str, Element | None]]:
    """The checked `w:document` root of an uploaded .docx, and the parts of the kinds asked for
    (None where the file has none); raises uploads.UploadError (one sentence for the user)."""
    archive = uploads.open_docx(data)
    with archive:
        document_xml = uploads.read_part(archive, "word/document.xml")
        if document_xml is None:
            raise uploads.UploadError(uploads.NOT_DOCX)
        root = uploads.parse_xml(document_xml)
        if root.tag.startswith(f"{{{W_STRICT}}}"):
            raise uploads.UploadError(STRICT_MESSAGE)
        if root.tag != w("document"):
            raise uploads.UploadError(uploads.NOT_DOCX)
        names = _part_names(archive)
        parts: dict[str, Element | None] = {}
        for kind in kinds:
            raw = uploads.read_part(archive, names[kind])
            parts[kind] = uploads.parse_xml(raw) if raw is not None else None
    return root, parts


def read_docx(data: bytes) -> WordDocument:
    """Read an uploaded .docx; raises uploads.UploadError (one sentence for the user) on a bad file."""
    root, parts = read_parts(data, ["styles", "numbering", "comments", "commentsExtended", "footnotes"])
    styles = Styles(parts["styles"])
    numbering_root = parts["numbering"]
    comments_root, extended_root, footnotes_root = parts["comments"], parts["commentsExtended"], parts["footnotes"]

    notes = read_footnote_paras(footnotes_root)
    body = Reader()
    body_element = root.find(w("body"))
    if body_element is not None:
        body.blocks(body_element)
    document = WordDocument(
        paragraphs=[],
        comments=read_comments(comments_root, extended_root, body),
        formatting_changes=list(body.formatting),
        footnotes={i: "\n".join(p.text(accept_all) for p in paras).strip() for i, paras in notes.items()},
        notes=notes,
        _paras=body.paras,
        _numbering=Numbering(numbering_root, styles),
    )
    base_of = {i: group for group in document.groups(accept_none) for i in group.indexes}
    final_of = {i: group for group in document.groups(accept_all) for i in group.indexes}
    for i, para in enumerate(body.paras):
        document.paragraphs.append(
            WordParagraph(
                index=i,
                number=base_of[i].number,
                bullet=base_of[i].bullet,
                style=para.props[0],
                base_text=para.text(accept_none),
                final_text=para.text(accept_all),
                changes=changes_of(para),
                final_number=final_of[i].number,
                final_bullet=final_of[i].bullet,
                footnotes=list(para.footnotes),
            )
        )
    return document


def main(argv: list[str] | None = None) -> int:
    """`python -m amendments.importers.wordml FILE.docx [--json]`: what a file holds, to check a reading by hand."""
    import json
    import sys

    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if a != "--json"]
    if len(paths) != 1:
        print("usage: python -m amendments.importers.wordml FILE.docx [--json]", file=sys.stderr)
        return 2
    with open(paths[0], "rb") as handle:
        document = read_docx(handle.read())
    if "--json" in args:
        print(json.dumps(document.summary(), ensure_ascii=False, indent=2))
        return 0
    for number, text in document.final():
        print(f"{number}\t{text}" if number else text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
