"""Split a member's clean revised copy of the report into paragraphs.

Members send back the whole report (or part of it) as clean text, often converted from PDF or Word.
Pure Python, no Django: ``split_revised_text(raw, kind="txt" | "md", lexicon=()) -> RevisedText``
rebuilds paragraphs. ``RevisedText`` is a ``list`` of ``RevisedParagraph(number, text,
bullet, heading, label)`` with ``footnotes`` (footnote text lifted out of the flow) and
``dropped`` (page artefacts and notes removed). The rules, in the order they apply:

- Page artefacts go: page numbers ("3", "- 3 -", "Page 3 of 12"), form feeds, document
  symbols ("A/73/123"), Word notes ("Formatted: …", "Comment [REV2]: …") and running headers
  (short lines repeated on three or more pages, next to page numbers, amid different text).
- Footnote text goes to ``footnotes``: lines starting "¹", "<sup>2</sup>", "[^3]:", and
  "2 The funding …" at the bottom of a page or right after a page break.
- Blank lines between nearly every line (PDF) mean nothing; otherwise they end a paragraph
  unless they cut a full line from a lowercase continuation.
- A line starts a paragraph when it starts with a number ("15.", "2 bis", "(a)", "iv.") or
  a bullet ("•", "-", "✓", and OCR's "e"/"o"/"¢" before a capital), unless the wrap merely
  pushed it off a full line mid-sentence; a line ending a sentence ends the paragraph when
  it is clearly shorter than the lines around it and the next word would have fitted.
- Text cut by a page break goes on unless it had ended a sentence.
- "word-" at a line end keeps its hyphen when the text (or ``lexicon``, e.g. the draft)
  uses the hyphenated form, drops it when it uses the joined form, and otherwise keeps it
  for prefixes ("e-", "non-") and before a word the text uses ("Internet-|related").

The line-level work is in ``splitting_lines`` (cleaning, markers, page artefacts, running headers,
joining), footnotes in ``splitting_footnotes``, and the paragraph-start rules, in the order they are
asked, in ``splitting_rules.PARAGRAPH_RULES``.

``to_document(revised, title="")`` gives the result as the app's document model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from amendments.core import document as model
from amendments.importers.splitting_footnotes import FootnoteLifter
from amendments.importers.splitting_lines import (
    DraftGuide,
    Items,
    Line,
    attach_lone_bullets,
    classify,
    drop_running_headers,
    join_texts,
    measure_layout,
    opens_item,
)
from amendments.importers.splitting_rules import Junction, starts_paragraph
from amendments.importers.splitting_strays import restore_strays

__all__ = ["Footnote", "RevisedParagraph", "RevisedText", "split_revised_text", "to_document"]

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")


@dataclass(frozen=True)
class RevisedParagraph:
    """One paragraph of a revised text.

    ``number`` is the paragraph number as normalised ("15", "2 bis", "2 tres", "a", "2.1"; "" when
    none) and ``label`` the marker as printed ("15.", "(a)"). ``heading`` marks a title (markdown
    "#", a bold-only line, or a one-line paragraph of at most ten words without final punctuation).
    """

    number: str
    text: str
    bullet: bool = False
    heading: bool = False
    label: str = ""


@dataclass(frozen=True)
class Footnote:
    """Footnote text found in the flow of the revised text (number as printed).

    ``paragraph``: the index of the paragraph it stood after in the flow (None before the first).
    """

    number: str
    text: str
    paragraph: int | None = field(default=None, compare=False)


class RevisedText(list):
    """The paragraphs of a revised text (it is a list), plus what was taken out of the flow.

    ``footnotes``: footnote texts, in order. ``dropped``: the lines removed as page artefacts or
    Word notes ("page number: - 3 -", "running header: A/73/123", ...), for display and checking.
    """

    def __init__(
        self,
        paragraphs: Iterable[RevisedParagraph] = (),
        footnotes: Iterable[Footnote] = (),
        dropped: Iterable[str] = (),
    ) -> None:
        super().__init__(paragraphs)
        self.footnotes: list[Footnote] = list(footnotes)
        self.dropped: list[str] = list(dropped)


class _Splitter:
    """One run of split_revised_text: classify lines, drop artefacts, lift footnotes, join."""

    def __init__(self, raw: str, kind: str, lexicon: Iterable[str], footnotes: Sequence[tuple[str, str]]) -> None:
        self.md = kind == "md"
        lexicon = list(lexicon)
        self.items: Items = classify(raw, md=self.md)
        drop_running_headers(self.items)
        self.layout = measure_layout(self.items)
        attach_lone_bullets(self.items, self.layout.width)
        if lexicon:
            self.layout.guide = DraftGuide(lexicon)
        lifter = FootnoteLifter(self.items, self.layout, md=self.md, known=footnotes, body=lexicon)
        self.notes, self.dropped = lifter.lift()
        restore_strays(self.items, lexicon)
        known = [*lexicon, *(text for _, text in footnotes)]
        self.vocabulary, self.hyphenated = self._vocabulary(known)
        self._restore_hyphens({w.lower() for text in known for w in _WORD_RE.findall(text)})

    def _restore_hyphens(self, draft_words: set[str]) -> None:
        """Put back the hyphen that pdftotext drops when it joins a word broken at a line end
        ("Internetrelated"): a word the draft never uses, whose hyphenated form it does."""
        joined = {w.replace("-", ""): w for w in draft_words if w.count("-") == 1}
        if not joined:
            return

        def repair(m: re.Match) -> str:
            word = m.group(0)
            hyphenated = joined.get(word.lower())
            if hyphenated is None or word.lower() in draft_words:
                return word
            cut = hyphenated.index("-")
            return f"{word[:cut]}-{word[cut:]}"

        for line in self.items.lines():
            line.text = _WORD_RE.sub(repair, line.text)
            line.body = _WORD_RE.sub(repair, line.body)

    def _vocabulary(self, lexicon: Iterable[str]) -> tuple[set[str], set[str]]:
        """Words and hyphenated words of the text and the lexicon, leaving out the halves of
        line-end hyphenation (they would vouch for themselves)."""
        words: set[str] = set()
        hyphenated: set[str] = set()
        texts = list(lexicon)
        cut_start = False
        for line in self.items.lines():
            text = line.text
            if cut_start:
                text = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
            cut_start = bool(re.search(r"\w[-‐]$", line.text))
            if cut_start:
                text = text.rsplit(None, 1)[0] if " " in text else ""
            texts.append(text)
        for text in texts:
            for w in _WORD_RE.findall(text):
                w = w.lower().replace("‐", "-")
                if "-" in w:
                    hyphenated.add(w)
                    words.update(w.split("-"))
                else:
                    words.add(w)
        return words, hyphenated

    def _groups(self) -> list[list[Line]]:
        groups: list[list[Line]] = []
        lines = self.items.lines()
        for k, line in enumerate(lines):
            after = lines[k + 1] if k + 1 < len(lines) else None
            if not groups or starts_paragraph(Junction(lines[k - 1], line, groups[-1], after, self.layout)):
                groups.append([line])
            else:
                groups[-1].append(line)
        return groups

    def paragraphs(self) -> RevisedText:
        out: list[RevisedParagraph] = []
        starts: list[int] = []  # the item position of each paragraph's first line
        position = {id(it): pos for pos, it in enumerate(self.items) if isinstance(it, Line)}
        for group in self._groups():
            first = group[0]
            # A number alone on its line ("15.") takes the following line as its text.
            texts = [first.body if first.marker else first.text] + [x.text for x in group[1:]]
            text = join_texts(texts, self.vocabulary, self.hyphenated)
            if not text:
                self.dropped.append(f"empty numbered line: {first.text}")
                continue
            number = first.number if first.marker == "number" else ""
            heading = first.heading or (len(group) == 1 and _looks_like_title(first))
            out.append(
                RevisedParagraph(
                    number=number,
                    text=text,
                    bullet=first.marker in ("bullet", "dash"),
                    heading=heading,
                    label=first.label if number else "",
                )
            )
            starts.append(position[id(first)])
        return RevisedText(out, self._footnotes(starts), self.dropped)

    def _footnotes(self, starts: list[int]) -> list[Footnote]:
        """The lifted footnotes, each with the paragraph it stood after."""
        notes = iter(self.notes)
        found = []
        for pos, it in enumerate(self.items):
            if isinstance(it, tuple) and it[0] == "note":
                number, text = next(notes)
                before = sum(start < pos for start in starts) - 1
                found.append(Footnote(number, text, before if before >= 0 else None))
        return found


def _looks_like_title(line: Line) -> bool:
    """A paragraph of one short line, without final punctuation, that is not a list item."""
    body = line.body if line.marker == "number" else line.text
    if line.marker in ("bullet", "dash") or not body or not opens_item(body):
        return False
    return len(body.split()) <= 10 and not re.search(r"[.;:,!?…]['\"”’)]*$", body)


def split_revised_text(
    raw: str,
    *,
    kind: Literal["txt", "md"] = "txt",
    lexicon: Iterable[str] = (),
    footnotes: Sequence[tuple[str, str]] = (),
) -> RevisedText:
    """Split a member's revised text into paragraphs.

    ``kind`` is "txt" (plain text, typically converted from PDF) or "md" (converted to markdown).
    ``lexicon``: texts whose spellings settle line-end hyphens the text alone cannot ("cyber-\\n
    security"); pass the draft's paragraphs. ``footnotes``: the draft's footnotes as (number, text):
    their text is lifted out of the flow wherever a PDF conversion left it. Returns a ``RevisedText``: a list of
    ``RevisedParagraph`` with ``footnotes`` (footnote text lifted out of the flow) and ``dropped``
    (page artefacts and notes removed).
    """
    if kind not in ("txt", "md"):
        raise ValueError(f"kind must be 'txt' or 'md', not {kind!r}")
    return _Splitter(raw, kind, lexicon, footnotes).paragraphs()


def to_document(revised: RevisedText, *, title: str = "") -> model.Document:
    """A revised text as the document model.

    One section, unless headings start new ones (the heading's text is the section's heading);
    numbered and plain paragraphs are blocks with their number and text; bullets are items of the
    paragraph before them (blocks of their own when none precedes them in the section); each
    lifted footnote belongs to the block it stood after (to the first block when it stood before
    all of them).
    """
    sections: list[tuple[str, list[_DraftBlock]]] = [("", [])]
    placed: dict[int, _DraftBlock] = {}  # paragraph index -> the block (or item) it became
    parent: _DraftBlock | None = None  # the last paragraph of the section that was not a bullet
    for index, paragraph in enumerate(revised):
        if paragraph.heading:
            sections.append((paragraph.text, []))
            parent = None
            continue
        if paragraph.bullet and parent is not None:
            block = _DraftBlock("item", paragraph.number, paragraph.text)
            parent.items.append(block)
        else:  # a bullet with no paragraph before it in its section stands on its own
            block = _DraftBlock("paragraph", paragraph.number, paragraph.text)
            sections[-1][1].append(block)
            parent = None if paragraph.bullet else block
        placed[index] = block
    for note in revised.footnotes:
        owner = _owner(placed, note.paragraph)
        if owner is not None:
            owner.footnotes.append(model.Footnote(number=note.number, text=note.text))
    if len(sections) > 1 and not sections[0][1]:
        sections.pop(0)  # the text opens with a heading: no untitled section before it
    return model.Document(
        title=title,
        sections=tuple(
            model.Section(key=f"section-{k + 1}", heading=heading, blocks=tuple(b.freeze() for b in blocks))
            for k, (heading, blocks) in enumerate(sections)
        ),
    )


def _owner(placed: dict[int, _DraftBlock], paragraph: int | None) -> _DraftBlock | None:
    """The block a footnote belongs to: the nearest block at or before its paragraph, else the first."""
    earlier = [k for k in placed if paragraph is not None and k <= paragraph]
    if earlier:
        return placed[max(earlier)]
    return placed[min(placed)] if placed else None


@dataclass
class _DraftBlock:
    """A block being built: items and footnotes are still added to it."""

    kind: model.BlockKind
    number: str
    text: str
    items: list[_DraftBlock] = field(default_factory=list)
    footnotes: list[model.Footnote] = field(default_factory=list)

    def freeze(self) -> model.Block:
        return model.Block(
            kind=self.kind,
            number=self.number,
            text=self.text,
            items=tuple(item.freeze() for item in self.items),
            footnotes=tuple(self.footnotes),
        )
