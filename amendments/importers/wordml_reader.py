"""Walking WordprocessingML into paragraphs of tagged text segments, and reading comments and footnotes.

Every `w:p` becomes a `Para`: text segments tagged with the insertion and the deletion they belong to,
and a paragraph mark that may itself be inserted or deleted. A version of the document (an `Accept`
function over `Tag`s) decides which segments and marks show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from amendments.importers.wordml_numbering import TYPED_NUMBER_RE
from amendments.importers.wordml_xml import (
    AUTHOR,
    BR,
    COMMENT_END,
    COMMENT_REF,
    COMMENT_START,
    CR,
    CUSTOM_XML,
    DATE,
    DEL,
    DEL_TEXT,
    FLD_CHAR,
    FLD_CHAR_TYPE,
    FOOTNOTE_REF,
    ID,
    INITIALS,
    INLINE_WRAPPERS,
    INS,
    MATH_OMATH,
    MATH_PARA,
    MATH_T,
    MC_ALTERNATE,
    MOVE_FROM,
    MOVE_TO,
    NO_BREAK_HYPHEN,
    PARA_ID,
    PARA_ID_15,
    PARA_ID_PARENT,
    PPR,
    PPR_CHANGE,
    PTAB,
    RPR,
    RPR_CHANGE,
    RUBY,
    RUBY_BASE,
    SDT,
    SDT_CONTENT,
    TAB,
    TBL,
    TC,
    TR,
    TRPR,
    TYPE,
    W15,
    Element,
    P,
    R,
    T,
    fallback,
    paragraph_props,
    unwrap,
    w,
)

#: Run content that stands for one character of text.
RUN_CHARACTERS = {TAB: "\t", PTAB: "\t", BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "\u2011"}


@dataclass(frozen=True)
class Change:
    """One tracked change; kind is insert, delete, move-from, move-to, paragraph-insert or paragraph-delete."""

    author: str
    date: str | None
    kind: str
    text: str


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
    footnote_id: str | None = None  # a comment around a footnote's mark and no text is on the footnote
    change_author: str | None = None  # a comment around one author's tracked change (and not its whole paragraph)


@dataclass(frozen=True)
class FormattingChange:
    """A tracked formatting-only change (kind "run" for w:rPrChange, "paragraph" for w:pPrChange)."""

    author: str
    date: str | None
    paragraph_index: int
    kind: str = "run"


@dataclass(frozen=True)
class Tag:
    """Who made one tracked change, and of what kind; segments and marks point at these."""

    kind: str
    author: str
    date: str | None


Accept = Callable[[Tag], bool]


def accept_none(tag: Tag) -> bool:
    return False


def accept_all(tag: Tag) -> bool:
    return True


@dataclass
class Para:
    """What one `w:p` holds, before any version is chosen."""

    segments: list[tuple[str, Tag | None, Tag | None]] = field(default_factory=list)  # text, insertion, deletion
    mark_ins: Tag | None = None
    mark_del: Tag | None = None
    props: tuple[str, str | None, str | None] = ("", None, None)  # style id, numId, ilvl
    old_props: tuple[str, str | None, str | None] | None = None  # before a tracked w:pPrChange
    props_tag: Tag | None = None
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


#: The names the app's own Word redline gives the copy of a proposal it cannot show inline
#: ("Alternative by Japan", "Amendment by Japan to a text not in this draft"): the delegation's own.
LABEL_AUTHOR_RE = re.compile(
    r"(?:Alternative by (?P<alternative>.+?)(?:, on an earlier text)?(?:: delete this text)?"
    r"|Amendment by (?P<unplaced>.+?) to a text not in this draft)"
)
#: The label the redline puts in front of such a copy, in the paragraph's text.
LABEL_RE = re.compile(rf"\[(?P<label>{LABEL_AUTHOR_RE.pattern})\] ?")
#: The words the redline puts in front of a reply, for readers that do not thread comments.
REPLY_RE = re.compile(r"\[Reply to (?P<to>[^\]]*)\] ?")
#: The words it puts in front of a comment on an amendment whose range is also the paragraph's.
ON_AMENDMENT_RE = re.compile(r"\[On the amendment by (?P<by>[^\]]*)\] ?")


def speaker(author: str) -> str:
    """Whose change it is: the delegation for the redline's labels, the name as written otherwise."""
    match = LABEL_AUTHOR_RE.fullmatch(author.strip())
    if match is None:
        return author
    return match.group("alternative") or match.group("unplaced") or author


def _tag(kind: str, element: Element) -> Tag:
    return Tag(kind, speaker(element.get(AUTHOR, "")), element.get(DATE))


class Reader:
    """Walks block content (a body, a comment, a footnote) into `Para`s, noting anchors on the way."""

    def __init__(self) -> None:
        self.paras: list[Para] = []
        self.formatting: dict[FormattingChange, None] = {}  # ordered and without repeats
        self.starts: dict[str, tuple[int, int]] = {}  # comment id -> (paragraph, segment) position
        self.ends: dict[str, tuple[int, int]] = {}
        self.refs: dict[str, tuple[int, int]] = {}
        self.note_marks: list[tuple[tuple[int, int], str]] = []  # footnote references: (position, id)
        self._fields: list[bool] = []  # one per open field: True once past its instructions
        self._row_tags: tuple[Tag | None, Tag | None] = (None, None)

    # Positions count segments, so an anchor can be read back in any version.
    def _here(self) -> tuple[int, int]:
        return (len(self.paras) - 1, len(self.paras[-1].segments)) if self.paras else (0, 0)

    def _next(self) -> tuple[int, int]:
        return (len(self.paras), 0)

    def blocks(self, parent: Element) -> None:
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
                alt = fallback(child)
                if alt is not None:
                    self.blocks(alt)
            elif tag == COMMENT_START:
                self.starts[child.get(ID, "")] = self._next()
            elif tag == COMMENT_END:
                self.ends[child.get(ID, "")] = self._here()

    def table(self, tbl: Element) -> None:
        """Cells in reading order; a tracked row insertion or deletion applies to every paragraph mark in it."""
        outer = self._row_tags  # a table nested in a deleted row is deleted with it
        for row in unwrap(tbl, TR):
            trpr = row.find(TRPR)
            ins = trpr.find(INS) if trpr is not None else None
            dele = trpr.find(DEL) if trpr is not None else None
            self._row_tags = (
                _tag("paragraph-insert", ins) if ins is not None else outer[0],
                _tag("paragraph-delete", dele) if dele is not None else outer[1],
            )
            for cell in unwrap(row, TC):
                self.blocks(cell)
        self._row_tags = outer

    def paragraph(self, p: Element) -> None:
        para = Para()
        para.mark_ins, para.mark_del = self._row_tags
        self.paras.append(para)
        index = len(self.paras) - 1
        self._fields.clear()  # a stray field start must not hide the rest of the document
        ppr = p.find(PPR)
        if ppr is not None:
            para.props = paragraph_props(ppr)
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
                para.old_props = paragraph_props(change.find(PPR))
                para.props_tag = _tag("format", change)
        self.inline(p, None, None)

    def _formatting(self, element, index: int, kind: str) -> None:
        self.formatting[FormattingChange(element.get(AUTHOR, ""), element.get(DATE), index, kind)] = None

    def inline(self, parent: Element, ins: Tag | None, dele: Tag | None) -> None:
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
                alt = fallback(child)
                if alt is not None:
                    self.inline(alt, ins, dele)
            elif tag == COMMENT_START:
                self.starts[child.get(ID, "")] = self._here()
            elif tag == COMMENT_END:
                self.ends[child.get(ID, "")] = self._here()
            elif tag in (MATH_PARA, MATH_OMATH):
                self._add("".join(t.text or "" for t in child.iter(MATH_T)), ins, dele)

    def run(self, r: Element, ins: Tag | None, dele: Tag | None) -> None:
        for child in r:
            tag = child.tag
            if tag in (T, DEL_TEXT):  # in a w:moveFrom the moved-away text is plain w:t
                if all(self._fields):  # not inside a field's instructions
                    self._add(child.text or "", ins, dele)
            elif tag in RUN_CHARACTERS:
                self._add(RUN_CHARACTERS[tag], ins, dele)
            elif tag == FLD_CHAR:
                self._field_char(child.get(FLD_CHAR_TYPE))
            elif tag == RPR:
                change = child.find(RPR_CHANGE)
                if change is not None and self.paras:
                    self._formatting(change, len(self.paras) - 1, "run")
            elif tag == FOOTNOTE_REF and self.paras:
                self.paras[-1].footnotes.append(child.get(ID, ""))
                self.note_marks.append((self._here(), child.get(ID, "")))
            elif tag == COMMENT_REF:
                self.refs[child.get(ID, "")] = self._here()
            else:
                self._run_wrapper(child, ins, dele)
            # w:instrText, w:delInstrText, w:softHyphen, drawings, w:sym…: no text of the paragraph

    def _run_wrapper(self, child: Element, ins: Tag | None, dele: Tag | None) -> None:
        """Content wrapped inside a run: the Fallback of mc:AlternateContent, the base of w:ruby."""
        if child.tag == MC_ALTERNATE:
            alt = fallback(child)
            if alt is not None:
                self.run(alt, ins, dele)
        elif child.tag == RUBY:
            base = child.find(RUBY_BASE)
            if base is not None:
                self.inline(base, ins, dele)

    def _field_char(self, kind: str | None) -> None:
        """A field's begin, separate or end: text between begin and separate is its instructions."""
        if kind == "begin":
            self._fields.append(False)
        elif kind == "separate" and self._fields:
            self._fields[-1] = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _add(self, text: str, ins: Tag | None, dele: Tag | None) -> None:
        if text and self.paras:
            self.paras[-1].segments.append((text, ins, dele))


def changes_of(para: Para) -> list[Change]:
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


def _anchor_text(paras: list[Para], start: tuple[int, int], end: tuple[int, int], accept: Accept) -> str:
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


def _commented(
    body: Reader, start: tuple[int, int] | None, end: tuple[int, int] | None
) -> tuple[tuple[int, ...], str, str | None]:
    """A comment's range: the `w:p` it touches, the text it is around, and the footnote whose mark
    alone it is around (None when it is around text)."""
    if start is None or end is None or not body.paras:
        return (), "", None
    first, last = min(start[0], len(body.paras) - 1), min(max(end[0], start[0]), len(body.paras) - 1)
    anchor = _anchor_text(body.paras, start, end, accept_all) or _anchor_text(body.paras, start, end, accept_none)
    note = None if anchor.strip() else next((i for at, i in body.note_marks if start <= at <= end), None)
    return tuple(range(first, last + 1)), anchor, note


def _text_start(para: Para) -> int:
    """The first segment after the number typed in front of a paragraph ("15." and a tab), 0 without one."""
    typed = ""
    for k, (text, _, _) in enumerate(para.segments[:4]):
        typed += text
        if TYPED_NUMBER_RE.fullmatch(typed):
            return k + 1
    return 0


def _change_author(paras: list[Para], start: tuple[int, int], end: tuple[int, int]) -> str | None:
    """The author whose tracked change a comment is around: the range starts and ends in that author's
    changes and holds no one else's, inside one paragraph, and is not that paragraph's whole text."""
    if start[0] != end[0] or start[0] >= len(paras):
        return None
    para = paras[start[0]]
    inside = para.segments[start[1] : end[1]]
    if not inside or (start[1] == _text_start(para) and end[1] == len(para.segments)):
        return None
    authors = {tag.author for _, ins, dele in inside for tag in (ins, dele) if tag is not None}
    tagged = [ins is not None or dele is not None for _, ins, dele in inside]
    return authors.pop() if len(authors) == 1 and tagged[0] and tagged[-1] else None


def _first_of_thread(firsts: list[tuple[str, str]], author: str) -> str | None:
    """The comment a reply answers: the latest first comment on its range by the author it names."""
    for name, comment_id in reversed(firsts):
        if name == author:
            return comment_id
    return firsts[-1][1] if firsts else None


def _threads(extended: Element | None, para_ids: dict[str, str]) -> dict[str, str]:
    """Reply -> the comment it answers, from word/commentsExtended.xml (Word 2013 threads)."""
    parents: dict[str, str] = {}
    for entry in extended.iter(f"{{{W15}}}commentEx") if extended is not None else ():
        child, parent = para_ids.get(entry.get(PARA_ID_15, "")), para_ids.get(entry.get(PARA_ID_PARENT, ""))
        if child is not None and parent is not None and parent != child:
            parents[child] = parent
    return parents


def read_comments(root: Element | None, extended: Element | None, body: Reader) -> list[WordComment]:
    if root is None:
        return []
    para_ids: dict[str, str] = {}  # w14:paraId of any paragraph of a comment -> comment id
    found = []
    for element in root.iter(w("comment")):
        comment_id = element.get(ID, "")
        reader = Reader()
        reader.blocks(element)
        for p in element.iter(P):
            if p.get(PARA_ID):
                para_ids[p.get(PARA_ID)] = comment_id
        text = "\n".join(para.text(accept_all) for para in reader.paras)
        found.append((element, comment_id, text))
    parents = _threads(extended, para_ids)
    comments = []
    threads_at: dict[tuple[int, int] | None, list[tuple[str, str]]] = {}  # range start -> (author, id) of firsts
    for element, comment_id, text in found:
        start = body.starts.get(comment_id) or body.refs.get(comment_id)
        end = body.ends.get(comment_id) or body.refs.get(comment_id) or start
        indexes, anchor, note = _commented(body, start, end)
        on_change = _change_author(body.paras, start, end) if start is not None and end is not None else None
        # A reply written for readers without threads: "[Reply to Japan] …", on its thread's range.
        parent = parents.get(comment_id)
        reply = REPLY_RE.match(text)
        if reply is not None:
            text = text[reply.end() :]
            parent = parent or _first_of_thread(threads_at.get(start, []), reply.group("to"))
        elif parent is None:
            threads_at.setdefault(start, []).append((element.get(AUTHOR, ""), comment_id))
        if on_amendment := ON_AMENDMENT_RE.match(text):
            text, on_change = text[on_amendment.end() :], on_amendment.group("by")
        comments.append(
            WordComment(
                id=comment_id,
                author=element.get(AUTHOR, ""),
                date=element.get(DATE),
                text=text,
                paragraph_index=indexes[0] if indexes else None,
                anchor_text=anchor,
                parent_id=parent,
                initials=element.get(INITIALS, ""),
                paragraph_indexes=indexes,
                footnote_id=note,
                change_author=on_change,
            )
        )
    return comments


def read_footnotes(root: Element | None) -> dict[str, str]:
    """Each footnote's text, every change accepted."""
    return {
        note_id: "\n".join(para.text(accept_all) for para in paras).strip()
        for note_id, paras in read_footnote_paras(root).items()
    }


def read_footnote_paras(root: Element | None) -> dict[str, list[Para]]:
    """Each footnote's paragraphs, with their tracked changes."""
    notes: dict[str, list[Para]] = {}
    for note in root.iter(w("footnote")) if root is not None else ():
        if note.get(TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = Reader()
        reader.blocks(note)
        notes[note.get(ID, "")] = reader.paras
    return notes
