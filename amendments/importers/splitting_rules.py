"""Where a paragraph starts: the rules that decide whether a line opens a new paragraph.

The rules are asked in the order of ``PARAGRAPH_RULES``; each looks at one ``Junction`` (the line
before, the line after and their surroundings) and answers True (a new paragraph starts), False (the
paragraph goes on) or None (no opinion: ask the next rule). The last rule always answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from amendments.importers.splitting_lines import (
    Layout,
    Line,
    ends_full_stop,
    ends_sentence,
    first_word,
    last_word,
    starts_lower,
)

# A number after these words, on a full line, continues a reference ("paragraph\n15. The …").
REFERENCE_WORDS = {"paragraph", "paragraphs", "para", "paras", "§", "article", "articles", "resolution"}
REFERENCE_WORDS |= {"recommendation", "recommendations", "annex", "section", "page", "and", "to", "of", "in", "see"}


@dataclass(frozen=True)
class Junction:
    """The place between two lines: ``prev``, the last line of ``group`` (the paragraph so far),
    and ``nxt``; ``after`` is the line after ``nxt`` (None at the end)."""

    prev: Line
    nxt: Line
    group: Sequence[Line]
    after: Line | None
    layout: Layout

    @property
    def width(self) -> int:
        """The usual length of a full line here.

        Proportional fonts and table cells make the global width a poor guide, so take the longest
        of this paragraph's lines and the next (and the global width while the paragraph has a
        single line to go by).
        """
        return max(
            len(self.nxt.text), *(len(x.text) for x in self.group), self.layout.width if len(self.group) < 2 else 0
        )

    @property
    def fits(self) -> bool:
        """Whether the first word of ``nxt`` would have fitted at the end of ``prev``."""
        return len(self.prev.text) + 1 + len(first_word(self.nxt.text)) <= self.width


Rule = Callable[[Junction], "bool | None"]


def heading_stands_alone(j: Junction) -> bool | None:
    """A title (markdown "#", a bold-only line) is a paragraph of its own, and so is what follows it."""
    return True if j.prev.heading or j.nxt.heading else None


def lone_number_waits_for_its_text(j: Junction) -> bool | None:
    """ "15." alone on its line takes the next line as its text, unless that line has a marker itself."""
    if j.prev.marker == "number" and not j.prev.body:
        return j.nxt.marker != ""
    return None


def hyphenated_word_goes_on(j: Junction) -> bool | None:
    """A word hyphenated across the line break ("develop-\\nment") cannot end a paragraph."""
    if re.search(r"\w[-‐\u00ad]$", j.prev.text) and j.nxt.text[:1].isalpha() and j.nxt.marker in ("", "dash"):
        return False
    return None


def draft_wording_decides(j: Junction) -> bool | None:
    """Where the text still reads as the draft does, the draft says whether a paragraph ends here:
    the words around the break run on inside a draft paragraph (go on), or the line before ends one
    and the next starts one (a new paragraph). A bullet that stood alone on its line is only a guess
    at the item it marks, so the draft's wording comes first."""
    guide = j.layout.guide
    if guide is None or j.nxt.marker == "number" or j.nxt.marker == "bullet" and not j.nxt.loose:
        return None
    # Lines of a word or two (pdftotext printing a justified line's words one per line) are read
    # together with their neighbours, so that there are two words each side to look up.
    before = " ".join(x.text for x in j.group[-2:])
    after = f"{j.nxt.text} {j.after.text}" if j.after is not None and len(j.nxt.text.split()) < 2 else j.nxt.text
    if guide.runs_on(j.prev.text, j.nxt.text) or guide.runs_on(before, after):
        return False
    if guide.starts_after_end(j.prev.text, j.nxt.body or j.nxt.text):
        return True
    # Three words of four only vouch for a full line: a short one may be a title above its text.
    full = len(j.prev.text) >= 0.8 * j.layout.width
    return False if full and guide.nearly_runs_on(j.prev.text, j.nxt.text) else None


def bullet_starts_item(j: Junction) -> bool | None:
    """A bullet ("•", "- Capital", a markdown list item) always opens an item."""
    return True if j.nxt.marker == "bullet" or j.nxt.md_list >= 0 else None


def number_starts_paragraph(j: Junction) -> bool | None:
    """A paragraph number opens a paragraph, unless the wrap merely moved it off a full line
    mid-sentence: "… namely\\n(i) …", "… in paragraph\\n15. …", "… composed of\\n22 Member States"."""
    if j.nxt.marker != "number":
        return None
    if not j.layout.wrapped or j.fits:
        return True
    if j.nxt.label.isdigit():  # a bare "15" is also a quantity: only after a full stop
        return ends_full_stop(j.prev.text)
    if ends_sentence(j.prev.text):
        return True
    # "15." after a full line without final punctuation is still a paragraph number
    # (Recommendation 11 has no full stop), unless it completes a reference.
    return j.nxt.label[:1].isdigit() and last_word(j.prev.text).lower() not in REFERENCE_WORDS


def dash_after_list_opens_item(j: Junction) -> bool | None:
    """A dash before lowercase text is an item after a list introduction (":", ";") or another item;
    elsewhere it may be a dash the wrap put first."""
    if j.nxt.marker == "dash" and (j.prev.text.endswith((":", ";")) or j.prev.marker in ("bullet", "dash")):
        return True
    return None


def page_break_cuts_sentence(j: Junction) -> bool | None:
    """Text cut by a page break (headers, page numbers, footnotes) goes on unless it had ended; a
    blank line next to the break means nothing."""
    if j.nxt.after_break and not ends_sentence(j.prev.text):
        return False
    return None


def blank_line_ends_paragraph(j: Junction) -> bool | None:
    """A blank line ends the paragraph, unless it plainly cuts a sentence in two (PDF): a full line
    without final punctuation before lowercase. In double-spaced text blank lines mean nothing."""
    if j.nxt.after_break or not j.nxt.gap or j.layout.double_spaced:
        return None
    layout = j.layout
    cut = layout.wrapped and len(j.prev.text) >= 0.6 * layout.width and not ends_sentence(j.prev.text)
    return not (cut and starts_lower(j.nxt.text))


def comma_goes_on(j: Junction) -> bool | None:
    """No paragraph, title or item ends on a comma."""
    return False if j.prev.text.endswith(",") else None


def unwrapped_line_is_paragraph(j: Junction) -> bool | None:
    """Text that is not hard-wrapped has one paragraph per line; only a line cut mid-sentence before
    a lowercase word goes on."""
    if j.layout.wrapped:
        return None
    return ends_sentence(j.prev.text) or not starts_lower(j.nxt.text)


def sentence_end_on_short_line(j: Junction) -> bool | None:
    """In hard-wrapped text a line that ends a sentence was ended on purpose if it is clearly shorter
    than the usual line and the next word would have fitted on it, or if what follows is a title: a
    short line without final punctuation standing before a numbered or bulleted paragraph (a
    paragraph's own last line would end in punctuation)."""
    if not ends_sentence(j.prev.text):
        return None
    nxt, after, width = j.nxt, j.after, j.width
    title = (
        not ends_sentence(nxt.text)
        and not starts_lower(nxt.text)
        and len(nxt.text) < 0.6 * width
        and (after is None or after.marker in ("number", "bullet") or after.heading)
    )
    return title or (j.fits and len(j.prev.text) <= 0.85 * width)


def outdent_after_sentence_end(j: Junction) -> bool | None:
    """In text that keeps its indentation (pdftotext -layout), a line that ends a sentence followed
    by a capitalised line further left ends its paragraph: the next one starts at the margin while
    the wrapped lines of an item or a numbered paragraph hang indented."""
    if ends_sentence(j.prev.text) and j.nxt.indent + 4 <= j.prev.indent and not starts_lower(j.nxt.text):
        return True
    return None


def short_line_before_capital(j: Junction) -> bool:
    """A short line without final punctuation before a capital is a title or an unbulleted item;
    anything else is a wrapped line of the same paragraph."""
    return j.fits and len(j.prev.text) < 0.5 * j.layout.width and not starts_lower(j.nxt.text)


PARAGRAPH_RULES: tuple[Rule, ...] = (
    heading_stands_alone,
    lone_number_waits_for_its_text,
    hyphenated_word_goes_on,
    draft_wording_decides,
    bullet_starts_item,
    number_starts_paragraph,
    dash_after_list_opens_item,
    page_break_cuts_sentence,
    blank_line_ends_paragraph,
    comma_goes_on,
    unwrapped_line_is_paragraph,
    outdent_after_sentence_end,
    sentence_end_on_short_line,
    short_line_before_capital,
)


def deciding_rule(j: Junction) -> tuple[str, bool]:
    """``(name of the first rule with an opinion, its answer)``."""
    for rule in PARAGRAPH_RULES:
        answer = rule(j)
        if answer is not None:
            return rule.__name__, answer
    raise AssertionError("the last paragraph rule always answers")


def starts_paragraph(j: Junction) -> bool:
    """Whether ``j.nxt`` starts a new paragraph (see ``PARAGRAPH_RULES``)."""
    return deciding_rule(j)[1]
