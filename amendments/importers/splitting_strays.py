"""Words that pdftotext (without -layout) moved out of their line, put back where the draft has them.

Reading a PDF in its default order, pdftotext takes the words a justified line spaced far apart, or
the ones beside a right-to-left quotation, for a column of their own, and prints them a few lines
further on, alone between blank lines ("national" and "partnership" after the page's footnotes). Such
a stray line goes back into the earlier line where the draft has exactly those words, between the two
words before and the two after: evidence no heading or new sentence of a member's gives by chance.
"""

from __future__ import annotations

from amendments.importers.splitting_lines import Items, Line, guide_words

_MAX_WORDS = 3  # a stray line holds a word or two (a short quotation)
_MAX_RUN = 4  # strays that belong at the same place: one per line, as many as a line loses
_WINDOW = 40  # items back (blank lines and lifted footnotes included) where its line may be


class _Draft:
    """The draft's wording as one string of lowercase words, to look word sequences up in."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.text = " | ".join(" ".join(guide_words(p)) for p in paragraphs)
        self.text = f" {self.text} "

    def has(self, words: list[str]) -> bool:
        return f" {' '.join(words)} " in self.text


def _isolated(items: Items, pos: int) -> bool:
    """A short unmarked line with no text line right before or after it."""
    line = items[pos]
    if not isinstance(line, Line) or line.marker or not 0 < len(guide_words(line.text)) <= _MAX_WORDS:
        return False
    return not any(0 <= p < len(items) and isinstance(items[p], Line) for p in (pos - 1, pos + 1))


def _runs(items: Items) -> list[list[int]]:
    """Runs of stray candidates with no other text line between them."""
    runs: list[list[int]] = []
    last_text = -1
    for pos, it in enumerate(items):
        if not isinstance(it, Line):
            continue
        if _isolated(items, pos):
            if runs and runs[-1][-1] == last_text:
                runs[-1].append(pos)
            else:
                runs.append([pos])
        last_text = pos
    return [run for run in runs if len(run) <= _MAX_RUN]


def _next_text(items: Items, pos: int, skip: set[int]) -> str:
    for p in range(pos + 1, len(items)):
        if isinstance(items[p], Line) and p not in skip:
            return items[p].text
    return ""


def _home(items: Items, run: list[int], draft: _Draft) -> tuple[int, int] | None:
    """The line and the word place in it where the run's words belong, if exactly one fits."""
    words = [w for pos in run for w in guide_words(items[pos].text)]
    skip = set(run)
    found = []
    for pos in range(max(0, run[0] - _WINDOW), run[0]):
        line = items[pos]
        if not isinstance(line, Line):
            continue
        tokens = line.text.split()
        after = _next_text(items, pos, skip)
        # Not before the first word: that is the end of the line before, already tried.
        for cut in range(1, len(tokens) + 1):
            left = guide_words(" ".join(tokens[:cut]))[-2:]
            right = guide_words(" ".join([*tokens[cut:], after]))[:2]
            if len(left) == 2 and len(right) == 2 and draft.has(left + words + right) and not draft.has(left + right):
                found.append((pos, cut))
    return found[0] if len(found) == 1 else None


def restore_strays(items: Items, paragraphs: list[str]) -> None:
    """Move each stray line back into the line the draft says it was cut from (in place)."""
    if not paragraphs:
        return
    draft = _Draft(paragraphs)
    for run in _runs(items):
        home = _home(items, run, draft)
        if home is None:
            continue
        pos, cut = home
        line = items[pos]
        assert isinstance(line, Line)
        tokens = line.text.split()
        stray = [items[p].text for p in run]
        line.text = " ".join([*tokens[:cut], *stray, *tokens[cut:]])
        body = line.body.split() if line.marker else []
        if line.marker:
            # The marker's own tokens come first in text and are not in the body.
            marked = len(tokens) - len(body)
            line.body = " ".join([*body[: max(0, cut - marked)], *stray, *body[max(0, cut - marked) :]])
        for p in run:
            items[p] = None
    items.mark_gaps()
