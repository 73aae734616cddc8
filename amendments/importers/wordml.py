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
`word/numbering.xml` and `word/styles.xml`; they are never taken from the text.

Not read: headers, footers, endnotes, text boxes and other drawing content, and the text of `w:sym`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import uploads

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, DEL_TEXT, TAB, PTAB, BR, CR = map(_w, ("p", "r", "t", "delText", "tab", "ptab", "br", "cr"))
PPR, RPR, PSTYLE, NUMPR, NUMID, ILVL = map(_w, ("pPr", "rPr", "pStyle", "numPr", "numId", "ilvl"))
INS, DEL, MOVE_FROM, MOVE_TO = map(_w, ("ins", "del", "moveFrom", "moveTo"))
RPR_CHANGE, PPR_CHANGE = _w("rPrChange"), _w("pPrChange")
TBL, TR, TC, TRPR = map(_w, ("tbl", "tr", "tc", "trPr"))
SDT, SDT_CONTENT, CUSTOM_XML, SMART_TAG = map(_w, ("sdt", "sdtContent", "customXml", "smartTag"))
HYPERLINK, FLD_SIMPLE, DIR, BDO = map(_w, ("hyperlink", "fldSimple", "dir", "bdo"))
FLD_CHAR, NO_BREAK_HYPHEN = _w("fldChar"), _w("noBreakHyphen")
RUBY, RUBY_BASE = _w("ruby"), _w("rubyBase")
COMMENT_START, COMMENT_END, COMMENT_REF = _w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")
FOOTNOTE_REF = _w("footnoteReference")
VAL, ID, AUTHOR, DATE, INITIALS, TYPE = map(_w, ("val", "id", "author", "date", "initials", "type"))
FLD_CHAR_TYPE = _w("fldCharType")
MC_ALTERNATE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Fallback"
MATH_PARA, MATH_OMATH, MATH_T = f"{{{MATH}}}oMathPara", f"{{{MATH}}}oMath", f"{{{MATH}}}t"
PARA_ID, PARA_ID_15, PARA_ID_PARENT = f"{{{W14}}}paraId", f"{{{W15}}}paraId", f"{{{W15}}}paraIdParent"

#: Containers whose children are read as if they stood in the container's place.
INLINE_WRAPPERS = {HYPERLINK, SMART_TAG, FLD_SIMPLE, CUSTOM_XML, DIR, BDO}
STRICT_MESSAGE = "This .docx is saved as Strict Open XML: save it as a Word Document (.docx) and upload it again."

# ── The data handed out ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Change:
    """One tracked change; kind is insert, delete, move-from, move-to, paragraph-insert or paragraph-delete."""

    author: str
    date: str | None
    kind: str
    text: str


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
class WordComment:
    """A comment, where it is anchored and, for a reply, the id of the comment it answers.

    `anchor_text` is the commented text as in the final version (as in the original when all of it is
    deleted); `paragraph_indexes` are the `w:p` the range touches. Paragraphs of the comment join with "\n".
    """

    id: str
    author: str
    date: str | None
    text: str
    paragraph_index: int | None
    anchor_text: str
    parent_id: str | None
    initials: str = ""
    paragraph_indexes: tuple[int, ...] = ()


@dataclass(frozen=True)
class FormattingChange:
    """A tracked formatting-only change (kind "run" for w:rPrChange, "paragraph" for w:pPrChange)."""

    author: str
    date: str | None
    paragraph_index: int
    kind: str = "run"


@dataclass(frozen=True)
class _Tag:
    """Who made one tracked change, and of what kind; segments and marks point at these."""

    kind: str
    author: str
    date: str | None


Accept = Callable[[_Tag], bool]


def _accept_none(tag: _Tag) -> bool:
    return False


def _accept_all(tag: _Tag) -> bool:
    return True


@dataclass
class _Para:
    """What one `w:p` holds, before any version is chosen."""

    segments: list[tuple[str, _Tag | None, _Tag | None]] = field(default_factory=list)  # text, insertion, deletion
    mark_ins: _Tag | None = None
    mark_del: _Tag | None = None
    props: tuple[str, str | None, str | None] = ("", None, None)  # style id, numId, ilvl
    old_props: tuple[str, str | None, str | None] | None = None  # before a tracked w:pPrChange
    props_tag: _Tag | None = None
    footnotes: list[str] = field(default_factory=list)

    def text(self, accept: Accept) -> str:
        return "".join(
            text
            for text, ins, dele in self.segments
            if (ins is None or accept(ins)) and (dele is None or not accept(dele))
        )

    def has_mark(self, accept: Accept) -> bool:
        return (self.mark_ins is None or accept(self.mark_ins)) and (self.mark_del is None or not accept(self.mark_del))

    def props_in(self, accept: Accept) -> tuple[str, str | None, str | None]:
        if self.old_props is not None and self.props_tag is not None and not accept(self.props_tag):
            return self.old_props
        return self.props


@dataclass
class _Group:
    """One paragraph of a version: the `w:p` indexes joined into it, its text and its number."""

    indexes: list[int]
    text: str
    number: str = ""
    bullet: bool = False


@dataclass
class WordDocument:
    """Everything read from one .docx; `base`, `final` and `version` rebuild the document in a given state."""

    paragraphs: list[WordParagraph]
    comments: list[WordComment]
    formatting_changes: list[FormattingChange]
    footnotes: dict[str, str] = field(default_factory=dict)
    _paras: list[_Para] = field(default_factory=list, repr=False, compare=False)
    _numbering: _Numbering | None = field(default=None, repr=False, compare=False)

    def authors(self) -> list[str]:
        """Everyone with a tracked change or a comment, sorted."""
        names = {change.author for paragraph in self.paragraphs for change in paragraph.changes}
        names |= {comment.author for comment in self.comments}
        return sorted(names)

    def base(self) -> list[tuple[str, str]]:
        """The original document, every change rejected: (number, text) per paragraph."""
        return [(group.number, group.text) for group in self._groups(_accept_none)]

    def final(self) -> list[tuple[str, str]]:
        """The document with every change accepted."""
        return [(group.number, group.text) for group in self._groups(_accept_all)]

    def version(self, author: str) -> list[tuple[str, str]]:
        """The document with only `author`'s changes accepted and everyone else's rejected."""
        return [(group.number, group.text) for group in self._groups(lambda tag: tag.author == author)]

    def base_position(self, paragraph_index: int) -> int | None:
        """Where a paragraph of the file (a comment's `paragraph_index`) stands in `base()`."""
        for position, group in enumerate(self._groups(_accept_none)):
            if paragraph_index in group.indexes:
                return position
        return None

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
        for change in self.formatting_changes:
            paragraph = self.paragraphs[change.paragraph_index]
            by_author[change.author]["formatting_changes"].append(
                {
                    "kind": change.kind,
                    "paragraph_index": paragraph.index,
                    "number": paragraph.number,
                    "date": change.date,
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

    def _groups(self, accept: Accept) -> list[_Group]:
        """Join paragraphs whose mark does not show in this version, then number the result."""
        groups: list[_Group] = []
        indexes: list[int] = []
        texts: list[str] = []
        counter = _Counter(self._numbering) if self._numbering else None
        for i, para in enumerate(self._paras):
            indexes.append(i)
            texts.append(para.text(accept))
            if para.has_mark(accept) or i == len(self._paras) - 1:
                group = _Group(indexes, "".join(texts))
                if counter is not None:
                    group.number, group.bullet = counter.next(*para.props_in(accept))
                groups.append(group)
                indexes, texts = [], []
        return groups


# ── Reading the body ───────────────────────────────────────────────────────────────────────────────────


def _tag(kind: str, element) -> _Tag:
    return _Tag(kind, element.get(AUTHOR, ""), element.get(DATE))


def _fallback(alternate):
    """mc:AlternateContent: a reader that knows only the main namespace must take the Fallback."""
    return alternate.find(MC_FALLBACK)


def _props(ppr) -> tuple[str, str | None, str | None]:
    if ppr is None:
        return ("", None, None)
    style = ppr.find(PSTYLE)
    numpr = ppr.find(NUMPR)
    num_id = ilvl = None
    if numpr is not None:
        num_el, ilvl_el = numpr.find(NUMID), numpr.find(ILVL)
        num_id = num_el.get(VAL) if num_el is not None else None
        ilvl = ilvl_el.get(VAL) if ilvl_el is not None else None
    return (style.get(VAL, "") if style is not None else "", num_id, ilvl)


class _Reader:
    """Walks block content (a body, a comment, a footnote) into `_Para`s, noting anchors on the way."""

    def __init__(self) -> None:
        self.paras: list[_Para] = []
        self.formatting: dict[FormattingChange, None] = {}  # ordered and without repeats
        self.starts: dict[str, tuple[int, int]] = {}  # comment id -> (paragraph, segment) position
        self.ends: dict[str, tuple[int, int]] = {}
        self.refs: dict[str, tuple[int, int]] = {}
        self._fields: list[bool] = []  # one per open field: True once past its instructions
        self._row_tags: tuple[_Tag | None, _Tag | None] = (None, None)

    # Positions count segments, so an anchor can be read back in any version.
    def _here(self) -> tuple[int, int]:
        return (len(self.paras) - 1, len(self.paras[-1].segments)) if self.paras else (0, 0)

    def _next(self) -> tuple[int, int]:
        return (len(self.paras), 0)

    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.blocks(content)
            elif tag == CUSTOM_XML:
                self.blocks(child)
            elif tag == MC_ALTERNATE:
                fallback = _fallback(child)
                if fallback is not None:
                    self.blocks(fallback)
            elif tag == COMMENT_START:
                self.starts[child.get(ID, "")] = self._next()
            elif tag == COMMENT_END:
                self.ends[child.get(ID, "")] = self._here()

    def table(self, tbl) -> None:
        """Cells in reading order; a tracked row insertion or deletion applies to every paragraph mark in it."""
        outer = self._row_tags  # a table nested in a deleted row is deleted with it
        for row in _unwrap(tbl, TR):
            trpr = row.find(TRPR)
            ins = trpr.find(INS) if trpr is not None else None
            dele = trpr.find(DEL) if trpr is not None else None
            self._row_tags = (
                _tag("paragraph-insert", ins) if ins is not None else outer[0],
                _tag("paragraph-delete", dele) if dele is not None else outer[1],
            )
            for cell in _unwrap(row, TC):
                self.blocks(cell)
        self._row_tags = outer

    def paragraph(self, p) -> None:
        para = _Para()
        para.mark_ins, para.mark_del = self._row_tags
        self.paras.append(para)
        index = len(self.paras) - 1
        self._fields.clear()  # a stray field start must not hide the rest of the document
        ppr = p.find(PPR)
        if ppr is not None:
            para.props = _props(ppr)
            rpr = ppr.find(RPR)
            for child in rpr if rpr is not None else ():
                if child.tag in (INS, MOVE_TO):
                    para.mark_ins = _tag("paragraph-insert", child)
                elif child.tag in (DEL, MOVE_FROM):
                    para.mark_del = _tag("paragraph-delete", child)
                elif child.tag == RPR_CHANGE:
                    self._formatting(child, index, "run")
            change = ppr.find(PPR_CHANGE)
            if change is not None:
                self._formatting(change, index, "paragraph")
                para.old_props = _props(change.find(PPR))
                para.props_tag = _tag("format", change)
        self.inline(p, None, None)

    def _formatting(self, element, index: int, kind: str) -> None:
        self.formatting[FormattingChange(element.get(AUTHOR, ""), element.get(DATE), index, kind)] = None

    def inline(self, parent, ins: _Tag | None, dele: _Tag | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self.run(child, ins, dele)
            elif tag == INS:
                self.inline(child, _tag("insert", child), dele)
            elif tag == DEL:
                self.inline(child, ins, _tag("delete", child))
            elif tag == MOVE_TO:
                self.inline(child, _tag("move-to", child), dele)
            elif tag == MOVE_FROM:
                self.inline(child, ins, _tag("move-from", child))
            elif tag in INLINE_WRAPPERS:
                self.inline(child, ins, dele)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, ins, dele)
            elif tag == MC_ALTERNATE:
                fallback = _fallback(child)
                if fallback is not None:
                    self.inline(fallback, ins, dele)
            elif tag == COMMENT_START:
                self.starts[child.get(ID, "")] = self._here()
            elif tag == COMMENT_END:
                self.ends[child.get(ID, "")] = self._here()
            elif tag in (MATH_PARA, MATH_OMATH):
                self._add("".join(t.text or "" for t in child.iter(MATH_T)), ins, dele)

    def run(self, r, ins: _Tag | None, dele: _Tag | None) -> None:
        for child in r:
            tag = child.tag
            if tag in (T, DEL_TEXT):  # in a w:moveFrom the moved-away text is plain w:t
                if all(self._fields):  # not inside a field's instructions
                    self._add(child.text or "", ins, dele)
            elif tag in (TAB, PTAB):
                self._add("\t", ins, dele)
            elif tag in (BR, CR):
                self._add("\n", ins, dele)
            elif tag == NO_BREAK_HYPHEN:
                self._add("\u2011", ins, dele)
            elif tag == FLD_CHAR:
                kind = child.get(FLD_CHAR_TYPE)
                if kind == "begin":
                    self._fields.append(False)
                elif kind == "separate" and self._fields:
                    self._fields[-1] = True
                elif kind == "end" and self._fields:
                    self._fields.pop()
            elif tag == RPR:
                change = child.find(RPR_CHANGE)
                if change is not None and self.paras:
                    self._formatting(change, len(self.paras) - 1, "run")
            elif tag == FOOTNOTE_REF and self.paras:
                self.paras[-1].footnotes.append(child.get(ID, ""))
            elif tag == COMMENT_REF:
                self.refs[child.get(ID, "")] = self._here()
            elif tag == MC_ALTERNATE:
                fallback = _fallback(child)
                if fallback is not None:
                    self.run(fallback, ins, dele)
            elif tag == RUBY:
                base = child.find(RUBY_BASE)
                if base is not None:
                    self.inline(base, ins, dele)
            # w:instrText, w:delInstrText, w:softHyphen, drawings, w:sym…: no text of the paragraph

    def _add(self, text: str, ins: _Tag | None, dele: _Tag | None) -> None:
        if text and self.paras:
            self.paras[-1].segments.append((text, ins, dele))


def _unwrap(parent, wanted: str) -> Iterator:
    """Children of one kind, looking through the content controls and custom XML that may wrap them."""
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _unwrap(content, wanted)
        elif child.tag == CUSTOM_XML:
            yield from _unwrap(child, wanted)


def _changes(para: _Para) -> list[Change]:
    """Tracked changes of one paragraph; neighbouring pieces of one author's change make one Change.

    Word splits one typed insertion into several w:ins wherever the run formatting or a bookmark changes.
    """
    changes: list[Change] = []
    open_: dict[tuple[str, str], int] = {}  # (kind, author) -> index in changes, while still contiguous
    for text, ins, dele in para.segments:
        current = {}
        for tag in (ins, dele):
            if tag is None:
                continue
            key = (tag.kind, tag.author)
            if key in open_:
                old = changes[open_[key]]
                changes[open_[key]] = Change(old.author, old.date, old.kind, old.text + text)
                current[key] = open_[key]
            else:
                changes.append(Change(tag.author, tag.date, tag.kind, text))
                current[key] = len(changes) - 1
        open_ = current
    for tag in (para.mark_ins, para.mark_del):
        if tag is not None:
            changes.append(Change(tag.author, tag.date, tag.kind, ""))
    return changes


# ── Numbering ──────────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show every level in decimal
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _int(element, default: int | None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(VAL, ""))
    except ValueError:
        return default


def _level(lvl) -> _Level:
    fmt = lvl.find(_w("numFmt"))
    if fmt is None:  # a w14 custom format sits in mc:AlternateContent, with a plain one in the Fallback
        alternate = lvl.find(MC_ALTERNATE)
        fallback = _fallback(alternate) if alternate is not None else None
        fmt = fallback.find(_w("numFmt")) if fallback is not None else None
    text = lvl.find(_w("lvlText"))
    style = lvl.find(PSTYLE)
    legal = lvl.find(_w("isLgl"))
    return _Level(
        start=_int(lvl.find(_w("start")), 1) or 0,
        fmt=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
        text=text.get(VAL) if text is not None else None,
        restart=_int(lvl.find(_w("lvlRestart")), None),
        legal=legal is not None and legal.get(VAL, "true") not in ("0", "false", "off"),
        style=style.get(VAL) if style is not None else None,
    )


class _Styles:
    """Paragraph styles: what numbering each carries, directly or through w:basedOn."""

    def __init__(self, root) -> None:
        self.based_on: dict[str, str] = {}
        self.numpr: dict[str, tuple[str | None, str | None]] = {}
        self.default = ""
        if root is None:
            return
        for style in root.iter(_w("style")):
            if style.get(_w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(_w("styleId"), "")
            if style.get(_w("default")) in ("1", "true", "on"):
                self.default = style_id
            based = style.find(_w("basedOn"))
            if based is not None:
                self.based_on[style_id] = based.get(VAL, "")
            _, num_id, ilvl = _props(style.find(PPR))
            if num_id is not None or ilvl is not None:
                self.numpr[style_id] = (num_id, ilvl)

    def chain(self, style_id: str) -> Iterator[str]:
        seen = set()
        while style_id and style_id not in seen and len(seen) < 50:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id, "")


class _Numbering:
    """word/numbering.xml: w:num instances over w:abstractNum definitions, with their overrides."""

    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum with w:numStyleLink -> the numbering style
        self.nums: dict[str, tuple[str, dict[int, _Level], set[int]]] = {}  # numId -> abstract, levels, restarts
        if root is None:
            return
        for abstract in root.iter(_w("abstractNum")):
            key = abstract.get(_w("abstractNumId"), "")
            self.abstract[key] = {_int_attr(lvl, _w("ilvl")): _level(lvl) for lvl in abstract.iter(_w("lvl"))}
            link = abstract.find(_w("numStyleLink"))
            if link is not None:
                self.style_link[key] = link.get(VAL, "")
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            abstract_id = ref.get(VAL, "") if ref is not None else ""
            overrides: dict[int, _Level] = {}
            restarts: set[int] = set()
            for override in num.iter(_w("lvlOverride")):
                ilvl = _int_attr(override, _w("ilvl"))
                lvl = override.find(_w("lvl"))
                start = _int(override.find(_w("startOverride")), None)
                level = _level(lvl) if lvl is not None else self._abstract_levels(abstract_id).get(ilvl, _Level())
                if start is not None:
                    level = _Level(start, level.fmt, level.text, level.restart, level.legal, level.style)
                overrides[ilvl] = level
                restarts.add(ilvl)
            self.nums[num.get(_w("numId"), "")] = (abstract_id, overrides, restarts)

    def _abstract_levels(self, abstract_id: str, depth: int = 0) -> dict[int, _Level]:
        """An abstractNum's levels, following w:numStyleLink to the list style that defines them."""
        link = self.style_link.get(abstract_id)
        if link and depth < 5:
            for style_id in self.styles.chain(link):
                num_id = self.styles.numpr.get(style_id, (None, None))[0]
                if num_id in self.nums:
                    return self._abstract_levels(self.nums[num_id][0], depth + 1)
        return self.abstract.get(abstract_id, {})

    def resolve(self, style: str, num_id: str | None, ilvl: str | None) -> tuple[str, int] | None:
        """(numId, level) of a paragraph from its own w:numPr, else from its style chain; None if unnumbered."""
        chain = list(self.styles.chain(style or self.styles.default))
        for style_id in chain:
            style_num, style_ilvl = self.styles.numpr.get(style_id, (None, None))
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:  # a style-bound list: the level whose w:pStyle is this paragraph's style
            levels = self._abstract_levels(self.nums[num_id][0])
            ilvl = next((str(k) for k, lvl in levels.items() if lvl.style and lvl.style in chain), "0")
        try:
            return num_id, min(max(int(ilvl), 0), 8)
        except ValueError:
            return num_id, 0

    def levels(self, num_id: str) -> tuple[str, dict[int, _Level], set[int]]:
        abstract_id, overrides, restarts = self.nums[num_id]
        return abstract_id, {**self._abstract_levels(abstract_id), **overrides}, restarts


def _int_attr(element, name: str) -> int:
    try:
        return int(element.get(name, "0"))
    except ValueError:
        return 0


class _Counter:
    """Counts list items through one version of the document, as Word does.

    Counters belong to the abstract definition, so w:num instances sharing one continue each other's count
    unless a w:lvlOverride restarts it the first time the instance is used.
    """

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[str, list[int | None]] = {}
        self.used: set[str] = set()

    def next(self, style: str, num_id: str | None, ilvl: str | None) -> tuple[str, bool]:
        resolved = self.numbering.resolve(style, num_id, ilvl)
        if resolved is None:
            return "", False
        num_id, level = resolved
        abstract_id, levels, restarts = self.numbering.levels(num_id)
        counts = self.counts.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for restarted in restarts:
                counts[restarted] = None
        current = levels.get(level, _Level())
        counts[level] = current.start if counts[level] is None else counts[level] + 1
        for lower in range(level + 1, 9):  # a higher level advancing restarts the levels below it
            restart = levels.get(lower, _Level()).restart
            if restart is None or (restart > 0 and level < restart):
                counts[lower] = None
        if current.fmt == "bullet":
            return "", True
        if current.text is None:
            return "", False
        text = current.text
        for k in range(9):  # %1…%9 stand for the current count of levels 0…8
            placeholder = f"%{k + 1}"
            if placeholder in text:
                lvl = levels.get(k, _Level())
                value = counts[k] if counts[k] is not None else lvl.start  # a level not reached yet shows its start
                fmt = "decimal" if current.legal and lvl.fmt != "none" else lvl.fmt
                text = text.replace(placeholder, _format(value, fmt))
        return text, False


def _format(value: int, fmt: str) -> str:
    if fmt in ("none", "bullet"):
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)  # decimal, and the fallback for formats not rendered here


def _letters(value: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, then aaa…"""
    if value <= 0:
        return str(value)
    return "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = []
    for amount, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


# ── Comments and the package ───────────────────────────────────────────────────────────────────────────


def _anchor_text(paras: list[_Para], start: tuple[int, int], end: tuple[int, int], accept: Accept) -> str:
    """The text between two positions in one version; paragraph breaks that show become "\\n"."""
    out: list[str] = []
    for i in range(start[0], min(end[0], len(paras) - 1) + 1):
        para = paras[i]
        first = start[1] if i == start[0] else 0
        last = end[1] if i == end[0] else len(para.segments)
        out.extend(
            text
            for text, ins, dele in para.segments[first:last]
            if (ins is None or accept(ins)) and (dele is None or not accept(dele))
        )
        if i < end[0] and para.has_mark(accept):
            out.append("\n")
    return "".join(out)


def _comments(root, extended, body: _Reader) -> list[WordComment]:
    if root is None:
        return []
    para_ids: dict[str, str] = {}  # w14:paraId of any paragraph of a comment -> comment id
    found = []
    for element in root.iter(_w("comment")):
        comment_id = element.get(ID, "")
        reader = _Reader()
        reader.blocks(element)
        for p in element.iter(P):
            if p.get(PARA_ID):
                para_ids[p.get(PARA_ID)] = comment_id
        text = "\n".join(para.text(_accept_all) for para in reader.paras)
        found.append((element, comment_id, text))
    parents: dict[str, str] = {}
    if extended is not None:
        for entry in extended.iter(f"{{{W15}}}commentEx"):
            child, parent = para_ids.get(entry.get(PARA_ID_15, "")), para_ids.get(entry.get(PARA_ID_PARENT, ""))
            if child is not None and parent is not None and parent != child:
                parents[child] = parent
    comments = []
    for element, comment_id, text in found:
        start = body.starts.get(comment_id) or body.refs.get(comment_id)
        end = body.ends.get(comment_id) or body.refs.get(comment_id) or start
        indexes: tuple[int, ...] = ()
        anchor = ""
        if start is not None and end is not None and body.paras:
            first, last = min(start[0], len(body.paras) - 1), min(max(end[0], start[0]), len(body.paras) - 1)
            indexes = tuple(range(first, last + 1))
            anchor = _anchor_text(body.paras, start, end, _accept_all) or _anchor_text(
                body.paras, start, end, _accept_none
            )
        comments.append(
            WordComment(
                id=comment_id,
                author=element.get(AUTHOR, ""),
                date=element.get(DATE),
                text=text,
                paragraph_index=indexes[0] if indexes else None,
                anchor_text=anchor,
                parent_id=parents.get(comment_id),
                initials=element.get(INITIALS, ""),
                paragraph_indexes=indexes,
            )
        )
    return comments


def _footnotes(root) -> dict[str, str]:
    notes: dict[str, str] = {}
    for note in root.iter(_w("footnote")) if root is not None else ():
        if note.get(TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = _Reader()
        reader.blocks(note)
        notes[note.get(ID, "")] = "\n".join(para.text(_accept_all) for para in reader.paras).strip()
    return notes


DEFAULT_PARTS = {
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
    "comments": "word/comments.xml",
    "commentsExtended": "word/commentsExtended.xml",
    "footnotes": "word/footnotes.xml",
}


def _part_names(archive) -> dict[str, str]:
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


def read_docx(data: bytes) -> WordDocument:
    """Read an uploaded .docx; raises uploads.UploadError (one sentence for the user) on a bad file."""
    archive = uploads.open_docx(data)
    with archive:
        document_xml = uploads.read_part(archive, "word/document.xml")
        if document_xml is None:
            raise uploads.UploadError(uploads.NOT_DOCX)
        root = uploads.parse_xml(document_xml)
        if root.tag.startswith(f"{{{W_STRICT}}}"):
            raise uploads.UploadError(STRICT_MESSAGE)
        if root.tag != _w("document"):
            raise uploads.UploadError(uploads.NOT_DOCX)
        names = _part_names(archive)

        def part(kind: str):
            raw = uploads.read_part(archive, names[kind])
            return uploads.parse_xml(raw) if raw is not None else None

        styles = _Styles(part("styles"))
        numbering_root = part("numbering")
        comments_root, extended_root, footnotes_root = part("comments"), part("commentsExtended"), part("footnotes")

    body = _Reader()
    body_element = root.find(_w("body"))
    if body_element is not None:
        body.blocks(body_element)
    document = WordDocument(
        paragraphs=[],
        comments=_comments(comments_root, extended_root, body),
        formatting_changes=list(body.formatting),
        footnotes=_footnotes(footnotes_root),
        _paras=body.paras,
        _numbering=_Numbering(numbering_root, styles),
    )
    base_of = {i: group for group in document._groups(_accept_none) for i in group.indexes}
    final_of = {i: group for group in document._groups(_accept_all) for i in group.indexes}
    for i, para in enumerate(body.paras):
        document.paragraphs.append(
            WordParagraph(
                index=i,
                number=base_of[i].number,
                bullet=base_of[i].bullet,
                style=para.props[0],
                base_text=para.text(_accept_none),
                final_text=para.text(_accept_all),
                changes=_changes(para),
                final_number=final_of[i].number,
                final_bullet=final_of[i].bullet,
                footnotes=list(para.footnotes),
            )
        )
    return document


def main(argv: list[str] | None = None) -> int:
    """`python -m amendments.wordml FILE.docx [--json]`: what a file holds, to check a reading by hand."""
    import json
    import sys

    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if a != "--json"]
    if len(paths) != 1:
        print("usage: python -m amendments.wordml FILE.docx [--json]", file=sys.stderr)
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
