"""The paragraphs of a Chair's draft in Word, as lines a new report is built from (see `importers.report`).

The Word reader of the app (`wordml`) is made for members' tracked changes: it keeps a footnote's id
but not where its mark stands, and it reads a custom footnote mark ("9" typed by the writer instead of
Word's own numbering) as text. A new report needs both, so this walks the body again with a `Reader`
that notes each mark's place, and keeps everything else of `wordml`: the same paragraphs (all
tracked changes rejected, as the original), the same numbers as Word shows them.

Each paragraph becomes a `WordLine`: its role (from its style's name: title, subtitle, heading,
quote, list, or plain text), its text, the number Word shows for it, its list level, and its
footnotes with the offset of each mark in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from amendments.importers.wordml import WordDocument, read_parts
from amendments.importers.wordml_numbering import Numbering, Styles
from amendments.importers.wordml_reader import Para, Reader, Tag, accept_none, read_footnotes
from amendments.importers.wordml_xml import FOOTNOTE_REF, ID, VAL, Element, T, w

__all__ = ["WordDraft", "WordLine", "WordNote", "read_word_lines"]

_HEADING = re.compile(r"^heading\s*\d$")


@dataclass(frozen=True)
class WordNote:
    offset: int  # where its mark stands in the line's text
    number: str  # the custom mark as printed, or its place among the document's footnotes
    text: str


@dataclass
class WordLine:
    role: str  # "title", "subtitle", "heading", "quote", "list" or "text"
    text: str
    number: str = ""  # as Word shows it, without a final "."
    level: int = 0  # the list level (0 for the outermost)
    notes: list[WordNote] = field(default_factory=list)


@dataclass
class WordDraft:
    lines: list[WordLine]
    tracked_changes: bool  # the file holds tracked changes (the lines are the text without them)


@dataclass(frozen=True)
class _Mark:
    note_id: str
    paragraph: int  # the w:p it is in
    segment: int  # how many text segments of that w:p come before it
    custom: str  # the custom mark that follows the reference, "" for Word's numbering


class _MarkReader(Reader):
    """The app's walk over the body, noting where each footnote mark stands; a custom mark is not text."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[_Mark] = []

    def run(self, r: Element, ins: Tag | None, dele: Tag | None) -> None:
        reference = r.find(FOOTNOTE_REF)
        if reference is None or not self.paras:
            super().run(r, ins, dele)
            return
        custom = reference.get(w("customMarkFollows")) in ("1", "true", "on")
        mark = "".join(t.text or "" for t in r.iter(T)).strip() if custom else ""
        para = self.paras[-1]
        self.marks.append(_Mark(reference.get(ID, ""), len(self.paras) - 1, len(para.segments), mark))
        if not custom:  # the reference adds no text; anything else in the run is read as usual
            super().run(r, ins, dele)


class _StyleNames:
    """The name of each paragraph style and the styles it is based on (names are English for Word's
    built-in styles whatever the language of the file; ids are not)."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.names: dict[str, str] = {}
        for style in root.iter(w("style")) if root is not None else ():
            name = style.find(w("name"))
            if name is not None:
                self.names[style.get(w("styleId"), "")] = (name.get(VAL) or "").strip().lower()

    def role(self, style_id: str) -> str:
        for current in self.styles.chain(style_id or self.styles.default):
            name = self.names.get(current, current.lower())
            if name in ("title", "subtitle"):
                return name
            if _HEADING.match(name) or re.fullmatch(r"heading\d", current.lower()):
                return "heading"
            if name in ("quote", "intense quote", "block text"):
                return "quote"
            if name.startswith("list"):
                return "list"
        return "text"


def _shown_length(para: Para, segments: int) -> int:
    return sum(len(text) for text, ins, dele in para.segments[:segments] if ins is None)


def _read(data: bytes) -> tuple[_MarkReader, WordDocument, _StyleNames, dict[str, str]]:
    root, parts = read_parts(data, ["styles", "numbering", "footnotes"])
    reader = _MarkReader()
    body = root.find(w("body"))
    if body is not None:
        reader.blocks(body)
    styles = Styles(parts["styles"])
    word = WordDocument(
        paragraphs=[],
        comments=[],
        formatting_changes=[],
        _paras=reader.paras,
        _numbering=Numbering(parts["numbering"], styles),
    )
    return reader, word, _StyleNames(parts["styles"], styles), read_footnotes(parts["footnotes"])


def read_word_lines(data: bytes) -> WordDraft:
    """The paragraphs of a .docx in reading order (all tracked changes rejected); raises
    uploads.UploadError (one sentence for the user) on a file that is not a readable .docx."""
    reader, word, names, note_texts = _read(data)
    paras = reader.paras
    lines: list[WordLine] = []
    line_of: dict[int, tuple[int, int]] = {}  # w:p index -> (line, where its text starts in the line)
    for group in word.groups(accept_none):
        # A number typed before the text ("15.\t") is no longer in the group's text: marks move back.
        start = len(group.text) - sum(len(paras[i].text(accept_none)) for i in group.indexes)
        for i in group.indexes:
            line_of[i] = (len(lines), start)
            start += len(paras[i].text(accept_none))
        style, _, level = paras[group.indexes[-1]].props_in(accept_none)
        role = "list" if group.bullet else names.role(style)
        number = "" if group.bullet else group.number.strip().rstrip(".")
        lines.append(WordLine(role=role, text=group.text, number=number, level=_level(level)))
    for count, mark in enumerate(reader.marks, start=1):
        line, start = line_of[mark.paragraph]
        text = note_texts.get(mark.note_id, "")
        if mark.custom and text.startswith(mark.custom):  # the note repeats its custom mark before its text
            text = text[len(mark.custom) :].strip()
        offset = start + _shown_length(paras[mark.paragraph], mark.segment)
        lines[line].notes.append(WordNote(offset, mark.custom or str(count), text))
    tracked = any(
        para.mark_ins or para.mark_del or any(ins or dele for _, ins, dele in para.segments) for para in paras
    )
    return WordDraft(lines, tracked)


def _level(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0
