"""Align a member's revised paragraphs with the current draft, paragraph by paragraph.

``align(draft, revised, taken=()) -> list[Entry]`` pairs revised paragraphs (as
``splitting.split_revised_text`` rebuilds them, or as a Word file holds them) with draft
paragraphs by wording, not by number (numbers shift, vanish or read "2 tres"): an order-preserving
alignment (weighted LCS over an IDF-weighted word similarity, threshold 0.5; the number only
breaks ties), then moves among what is left. A revised paragraph that absorbs another draft
paragraph (merge), or a draft paragraph whose remainder reappears as another revised paragraph
(split), is never paired: it comes out as deletion(s) plus insertion(s) with a ``note``, so no
draft text is silently lost. Entries follow the revised text, with deletions where their draft
paragraphs stood (after anything inserted in their place); insertions get a provisional number
("N bis", "N ter", …) after the last draft paragraph kept before them.

Pure Python, no Django.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from math import fsum

from amendments.core.numbering import next_provisional_number
from amendments.core.textdiff import normalise, tokenise
from amendments.importers.splitting import RevisedParagraph
from amendments.importers.splitting_footnotes import FootnoteResidue

__all__ = [
    "UNCHANGED",
    "MODIFIED",
    "INSERTED",
    "DELETED",
    "MOVED",
    "DraftParagraph",
    "Entry",
    "RevisedParagraph",
    "align",
    "matched_share",
]

UNCHANGED = "unchanged"
MODIFIED = "modified"
INSERTED = "inserted"
DELETED = "deleted"
MOVED = "moved"

# Two paragraphs are "the same paragraph" when at least half of their (IDF-weighted) words are
# shared. Unrelated paragraphs of the WGEC report peak at 0.46 on this measure; a paragraph with
# 40% of its words replaced still scores about 0.5.
SIMILARITY_THRESHOLD = 0.5
# A merge or split is declared when at least this share of another paragraph's weighted words
# turns up in what the pair does not explain, and at least MIN_PIECE_WORDS words of it do.
PIECE_COVERAGE = 0.5
MIN_PIECE_WORDS = 4
# A lone draft paragraph and a lone revised one between two aligned pairs need less wording in
# common: their position vouches for them (short items: "Collaborative approach:").
NEIGHBOUR_THRESHOLD = 0.3
# Tie-breaker only: a matching paragraph number never outweighs any real difference in wording.
NUMBER_HINT = 0.01


@dataclass(frozen=True)
class DraftParagraph:
    """A paragraph of the current draft. ``key`` is whatever id the caller uses."""

    key: Hashable
    number: str | None
    text: str


@dataclass(frozen=True)
class Entry:
    """One step of the alignment.

    ``kind``: "unchanged" (same text after normalising whitespace), "modified", "inserted",
    "deleted" or "moved" (matched out of order; ``changed`` says whether its text differs too).
    ``similarity``: the weighted share of words the pair has in common (1.0 when unchanged, 0.0
    for insertions and deletions). ``provisional_number`` is set on insertions only.
    ``revised_index`` is the paragraph's index in the list given to ``align``.
    """

    kind: str
    draft_key: Hashable | None = None
    draft_number: str | None = None
    new_text: str | None = None
    new_number: str | None = None
    provisional_number: str | None = None
    similarity: float = 0.0
    changed: bool = True
    revised_index: int | None = None
    note: str = ""


_SPACES_RE = re.compile(r"\s+")


# Quote marks as compared: a PDF's "’", "´" or "“" is the draft's "'" or '"', and no change of text.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"'})


# Spaces inside guillemets are typography ("« texte »"), and a line joined after "«" gains one.
_GUILLEMET_SPACE_RE = re.compile(r"(?<=«)\s+|\s+(?=»)")


def _squash(text: str) -> str:
    return _GUILLEMET_SPACE_RE.sub("", _SPACES_RE.sub(" ", normalise(text)).strip().translate(_QUOTES))


def _words(text: str) -> list[str]:
    """Case-folded word tokens of the redline tokeniser (punctuation left out)."""
    out = []
    for token in tokenise(text):
        token = token.strip()
        if token and any(ch.isalnum() for ch in token):
            out.append(token.casefold())
    return out


def _number_key(number: str | None) -> str:
    key = _SPACES_RE.sub(" ", (number or "").strip().strip(".()").lower())
    return key.replace("tres", "ter")


class _Similarity:
    """IDF-weighted Dice similarity between every draft and revised paragraph.

    Words are weighted by rarity across all the paragraphs on both sides, so "the", "of" and
    "enhanced cooperation" count little and the words that make a paragraph itself count most.
    Multisets are sets of (word, occurrence) pairs, so one C-level set intersection per pair.
    """

    def __init__(self, draft_texts: Sequence[str], revised_texts: Sequence[str]):
        self.d_words = [_words(t) for t in draft_texts]
        self.r_words = [_words(t) for t in revised_texts]
        documents = len(self.d_words) + len(self.r_words)
        frequency = Counter(w for ws in self.d_words + self.r_words for w in set(ws))
        self.weight = {w: 1.0 + math.log((documents + 1) / (n + 0.5)) for w, n in frequency.items()}
        token_weight: dict[tuple[str, int], float] = {}
        self.d_sets = [self._occurrences(ws, token_weight) for ws in self.d_words]
        self.r_sets = [self._occurrences(ws, token_weight) for ws in self.r_words]
        self.d_total = [fsum(map(self.weight.__getitem__, ws)) for ws in self.d_words]
        self.r_total = [fsum(map(self.weight.__getitem__, ws)) for ws in self.r_words]
        get = token_weight.__getitem__
        # fsum: exact, so the result does not depend on set iteration order (hash seed), and ties
        # between equally good alignments are broken the same way on every run.
        self.shared = [[fsum(map(get, ds & rs)) if ds and rs else 0.0 for rs in self.r_sets] for ds in self.d_sets]

    def _occurrences(self, words: list[str], token_weight: dict) -> frozenset:
        seen: Counter = Counter()
        out = []
        for w in words:
            seen[w] += 1
            token = (w, seen[w])
            token_weight[token] = self.weight[w]
            out.append(token)
        return frozenset(out)

    def dice(self, i: int, j: int) -> float:
        total = self.d_total[i] + self.r_total[j]
        return 2 * self.shared[i][j] / total if total else 0.0

    def weighted(self, bag: Counter) -> float:
        return fsum(self.weight[w] * n for w, n in bag.items())


class _Alignment:
    """The pairing of draft paragraphs (index i) with revised paragraphs (index j)."""

    def __init__(self, draft: Sequence[DraftParagraph], rev: Sequence[RevisedParagraph]):
        self.draft, self.rev = draft, rev
        self.n, self.m = n, m = len(draft), len(rev)
        self.sim = sim = _Similarity([d.text for d in draft], [r.text for r in rev])
        self.dice = [[sim.dice(i, j) for j in range(m)] for i in range(n)]
        self._best_d = [_top_two(row) for row in self.dice]
        self._best_r = [_top_two([self.dice[i][j] for i in range(n)]) for j in range(m)]
        self.merges: dict[int, list[int]] = {}  # revised j -> the draft paragraphs it merges
        self.splits: dict[int, list[int]] = {}  # draft i -> the revised paragraphs it was split into

        weights: list[dict[int, float]] = [{} for _ in range(n)]
        for i in range(n):
            for j in range(m):
                if self.dice[i][j] >= SIMILARITY_THRESHOLD and self._whole(i, j):
                    same_number = rev[j].number and _number_key(rev[j].number) == _number_key(draft[i].number)
                    hint = NUMBER_HINT if same_number else 0.0
                    weights[i][j] = self.dice[i][j] + hint
        self.r_match = {j: i for i, j in _lcs(n, m, weights)}  # in order
        self._pair_lone_neighbours()
        self.moved = self._moves(weights)  # revised j -> draft i, out of order

    def _whole(self, i: int, j: int) -> bool:
        """False when pairing draft i with revised j would hide a merge or a split (see _pieces)."""
        merged, split = _pieces(self.sim, i, j, self._other_best_d, self._other_best_r)
        if merged:
            parts = self.merges.setdefault(j, [])
            parts.extend(k for k in (i, *merged) if k not in parts)
        if split:
            parts = self.splits.setdefault(i, [])
            parts.extend(x for x in (j, *split) if x not in parts)
        return not merged and not split

    def _other_best_d(self, i: int, except_j: int) -> float:
        (best, at), (second, _) = self._best_d[i]
        return second if at == except_j else best

    def _other_best_r(self, j: int, except_i: int) -> float:
        (best, at), (second, _) = self._best_r[j]
        return second if at == except_i else best

    def _pair_lone_neighbours(self) -> None:
        """One draft and one revised paragraph left alone between two aligned pairs (or the ends)
        are the same paragraph at a lower bar: their position vouches for them. This is what pairs
        short items such as "Collaborative approach:" -> "Collaborative in nature:"."""
        matched = sorted((i, j) for j, i in self.r_match.items())
        bounds = [(-1, -1), *matched, (self.n, self.m)]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            rest = [j for j in range(j0 + 1, j1) if not self.rev[j].heading]
            if i1 - i0 == 2 and len(rest) == 1:
                i, j = i0 + 1, rest[0]
                if self.dice[i][j] >= NEIGHBOUR_THRESHOLD and self._whole(i, j):
                    self.r_match[j] = i

    def _moves(self, weights: list[dict[int, float]]) -> dict[int, int]:
        """The best remaining pairs above the threshold, greedily: matched out of order."""
        d_matched = set(self.r_match.values())
        candidates = sorted(
            (-self.dice[i][j], i, j)
            for i in range(self.n)
            if i not in d_matched
            for j in weights[i]
            if j not in self.r_match
        )
        moved: dict[int, int] = {}
        moved_d: set[int] = set()
        for _, i, j in candidates:
            if i not in moved_d and j not in moved:
                moved[j] = i
                moved_d.add(i)
        return moved


def _top_two(values: Sequence[float]) -> tuple[tuple[float, int], tuple[float, int]]:
    """The two largest values with their indices (``(0.0, -1)`` pads short rows)."""
    best = sorted(((v, k) for k, v in enumerate(values)), reverse=True)[:2]
    best += [(0.0, -1)] * (2 - len(best))
    return best[0], best[1]


def _pieces(
    sim: _Similarity, i: int, j: int, best_d: Callable[[int, int], float], best_r: Callable[[int, int], float]
) -> tuple[list[int], list[int]]:
    """Other paragraphs that pairing (draft i, revised j) would swallow: ``(merged drafts, split revised)``.

    Merge: another draft paragraph k turns up (mostly) in what revised j adds to draft i, and
    fits no other revised paragraph better. Split: another revised paragraph l is (mostly) made
    of what draft i loses in revised j, and fits no other draft paragraph better. Either way the
    pair is not one paragraph: reporting it "modified" would lose or duplicate text.
    """
    merged: list[int] = []
    split: list[int] = []
    d_bag, r_bag = Counter(sim.d_words[i]), Counter(sim.r_words[j])
    added = removed = None
    for k in range(len(sim.d_words)):
        # Cheap bound first: the share of draft k found anywhere in revised j. A paragraph without
        # words ("-----" under a heading) is no piece of anything.
        if k == i or not sim.d_total[k] or sim.shared[k][j] < PIECE_COVERAGE * sim.d_total[k]:
            continue
        added = r_bag - d_bag if added is None else added
        common = Counter(sim.d_words[k]) & added
        cover = sim.weighted(common) / sim.d_total[k]
        if cover >= PIECE_COVERAGE and sum(common.values()) >= MIN_PIECE_WORDS and cover > best_d(k, j):
            merged.append(k)
    for x in range(len(sim.r_words)):
        if x == j or not sim.r_total[x] or sim.shared[i][x] < PIECE_COVERAGE * sim.r_total[x]:
            continue
        removed = d_bag - r_bag if removed is None else removed
        common = Counter(sim.r_words[x]) & removed
        cover = sim.weighted(common) / sim.r_total[x]
        if cover >= PIECE_COVERAGE and sum(common.values()) >= MIN_PIECE_WORDS and cover > best_r(x, i):
            split.append(x)
    return merged, split


def _lcs(n: int, m: int, weights: list[dict[int, float]]) -> list[tuple[int, int]]:
    """Order-preserving pairs with the largest total weight (weighted LCS over paragraphs)."""
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above, allowed = score[i], score[i - 1], weights[i - 1]
        for j in range(1, m + 1):
            best = above[j] if above[j] >= row[j - 1] else row[j - 1]
            w = allowed.get(j - 1)
            if w is not None and above[j - 1] + w > best:
                best = above[j - 1] + w
            row[j] = best
    pairs = []
    i, j = n, m
    while i and j:
        w = weights[i - 1].get(j - 1)
        if w is not None and score[i][j] == score[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _same_text(draft: DraftParagraph, revised: RevisedParagraph) -> bool:
    old, new = _squash(draft.text), _squash(revised.text)
    # Quoted paragraphs keep their number in the draft text ("64. We acknowledge …").
    return old == new or bool(revised.label) and old == _squash(f"{revised.label} {revised.text}")


def _with_quoted_number(draft: DraftParagraph, revised: RevisedParagraph) -> str:
    """The revised text with the number a quoted paragraph carries in the draft's own text ("64. We
    acknowledge …"), which splitting took for a paragraph number."""
    label = revised.label
    if label and _squash(draft.text).startswith(f"{label} ") and not revised.text.startswith(label):
        return f"{label} {revised.text}"
    return revised.text


_TITLE_END_RE = re.compile(r"[.;!?…]['\"”’)]*$")


def _looks_like_title(text: str) -> bool:
    """A title line: short, and not ending as a sentence does."""
    return len(text.split()) <= 30 and not _TITLE_END_RE.search(text.strip())


def _name(d: DraftParagraph) -> str:
    return d.number if d.number else str(d.key)


def align(
    draft: Sequence[DraftParagraph],
    revised: Sequence[RevisedParagraph],
    *,
    taken: Iterable[str] = (),
    footnotes: Iterable[Sequence[str]] = (),
) -> list[Entry]:
    """Align a revised text's paragraphs with the draft; see the module docstring.

    ``taken``: provisional numbers already in use (by other proposals), never handed out again.
    Headings take part (a member may have turned a short item into one), but a heading that
    matches nothing is left out rather than reported inserted, and so are the title lines
    before the first paragraph the text shares with the draft; empty paragraphs are skipped.
    ``footnotes``: (number, text) of the draft's footnotes and the text's own: their marks left in
    the text as digits ("meeting3", "WGEC 7") and their text left in a paragraph are no change.
    """
    rev_index = [k for k, p in enumerate(revised) if p.text.strip()]
    a = _Alignment(draft, [revised[k] for k in rev_index])
    return _Entries(a, rev_index, taken, FootnoteResidue(footnotes)).build()


class _Entries:
    """Entries in revised order; deletions where their draft paragraphs stood."""

    def __init__(self, a: _Alignment, rev_index: list[int], taken: Iterable[str], residue: FootnoteResidue):
        self.a = a
        self.residue = residue
        self.rev_index = rev_index
        self.used = set(a.r_match.values()) | set(a.moved.values())
        self.taken = {t for t in taken if t} | {d.number for d in a.draft if d.number}
        self.out: list[Entry] = []
        self.next_draft = 0
        # Insertions are numbered after the last draft paragraph kept in order before them: a gap's
        # insertions come before its deletions, so "7, 7 bis (new), 8 (deleted), 9", and a partial
        # copy ("1, 2, 2 bis") does not number its insertion after the paragraphs it left out.
        self.last_number: str | None = None

    def build(self) -> list[Entry]:
        a = self.a
        first_pair = min([*a.r_match, *a.moved], default=a.m)
        for j, paragraph in enumerate(a.rev):
            if j < first_pair and _looks_like_title(paragraph.text):
                continue  # the sender and the document's title, above the report's own text
            if j in a.r_match:
                i = a.r_match[j]
                self._flush(i)
                self._paired(i, j, MODIFIED)
                if a.draft[i].number:
                    self.last_number = a.draft[i].number
            elif j in a.moved:
                self._paired(a.moved[j], j, MOVED)
            elif not paragraph.heading:  # an unmatched heading is a title, not a proposal
                self._inserted(j)
        self._flush(a.n)
        return self.out

    def _flush(self, until: int) -> None:
        """Deletions up to draft paragraph ``until``: after what the member put in their place."""
        for i in range(self.next_draft, until):
            if i not in self.used:
                d = self.a.draft[i]
                self.out.append(Entry(DELETED, d.key, d.number, note=self._deletion_note(i)))
        self.next_draft = max(self.next_draft, until + 1)

    def _paired(self, i: int, j: int, kind: str) -> None:
        d, paragraph = self.a.draft[i], self.a.rev[j]
        text = self.residue.clean(d.text, _with_quoted_number(d, paragraph))
        paragraph = RevisedParagraph(paragraph.number, text, paragraph.bullet, paragraph.heading, paragraph.label)
        same = _same_text(d, paragraph)
        self.out.append(
            Entry(
                UNCHANGED if same and kind == MODIFIED else kind,
                d.key,
                d.number,
                paragraph.text,
                paragraph.number,
                similarity=1.0 if same else round(self.a.dice[i][j], 3),
                changed=not same,
                revised_index=self.rev_index[j],
            )
        )

    def _inserted(self, j: int) -> None:
        provisional = next_provisional_number(self.last_number, self.taken) if self.last_number else ""
        if provisional:
            self.taken.add(provisional)
        paragraph = self.a.rev[j]
        self.out.append(
            Entry(
                INSERTED,
                new_text=paragraph.text,
                new_number=paragraph.number,
                provisional_number=provisional,
                revised_index=self.rev_index[j],
                note=self._insertion_note(j),
            )
        )

    def _deletion_note(self, i: int) -> str:
        a = self.a
        for j, parts in a.merges.items():
            if i in parts and j not in a.r_match and j not in a.moved and not any(k in self.used for k in parts):
                others = ", ".join(_name(a.draft[k]) for k in parts if k != i)
                return f"merged with {others} into one new paragraph"
        pieces = a.splits.get(i, [])
        if pieces and not any(j in a.r_match or j in a.moved for j in pieces):
            return f"split into {len(pieces)} new paragraphs"
        return ""

    def _insertion_note(self, j: int) -> str:
        a = self.a
        parts = a.merges.get(j, [])
        if parts and not any(k in self.used for k in parts):
            return "combines draft paragraphs " + ", ".join(_name(a.draft[k]) for k in sorted(parts))
        for i, pieces in a.splits.items():
            if j in pieces and i not in self.used:
                return f"part of draft paragraph {_name(a.draft[i])}, split"
        return ""


def matched_share(entries: Sequence[Entry], revised: Sequence[RevisedParagraph]) -> float:
    """The share of the revised text's words in paragraphs paired with a draft paragraph (0 to 1).

    A revision of the report, even of a part of it, even rewritten, has most of its words in paired
    paragraphs; an unrelated document has next to none, and comes out as nothing but insertions.
    """
    words = [len(_words(p.text)) for p in revised]
    paired = {e.revised_index for e in entries if e.kind in (UNCHANGED, MODIFIED, MOVED)}
    total = sum(words)
    return sum(n for k, n in enumerate(words) if k in paired) / total if total else 0.0
