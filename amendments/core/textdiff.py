"""Word-level redlines, trustworthy patches and three-way merges for amendment texts.

Pure Python, no Django. The segments are data; amendments.core.rendering turns them into HTML.

Pipeline: ``normalise`` (newlines to "\\n", NFC) -> ``tokenise`` (words keep their trailing
whitespace; Han/Hiragana/Katakana per character; grapheme clusters never split; both in
amendments.core.tokens) -> every distinct token becomes one code point -> ``fast_diff_match_patch``
(C++ Myers, no time limit, so the result never depends on machine load) -> token-level cleanup ->
segments ``(op, text)``.

Patches are diff-match-patch patch texts built from those segments, applied only at their exact
recorded offsets; merges compare both sides' segment lists in base coordinates and report any
overlap as a conflict instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import fast_diff_match_patch
from diff_match_patch import diff_match_patch

from amendments.core.tokens import fine_tokens, has_content, normalise, tokenise, tokens_between

__all__ = [
    "EQUAL",
    "DELETE",
    "INSERT",
    "Chunk",
    "Edit",
    "Merge",
    "PatchError",
    "collide",
    "diff",
    "edits",
    "make_patch",
    "apply_patch",
    "merge3",
    "normalise",
    "rebase",
    "text_of",
    "tokenise",
]

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"

Segment = tuple[str, str]

# ---------------------------------------------------------------------------------------------
# Diff
# ---------------------------------------------------------------------------------------------

# Code points for tokens, as diff-match-patch's linesToChars does with lines: first the private
# use areas and everything above them (no surrogates there), then the rest of the BMP. The C++
# library stores 32-bit wchar_t on this platform, so astral code points are single characters.
_FIRST_CODE = 0xE000


def _codes() -> Iterator[str]:
    yield from map(chr, range(_FIRST_CODE, 0x110000))
    yield from map(chr, range(1, 0xD800))  # skips NUL
    raise ValueError("text has more distinct tokens than there are code points")


def _encode(ta: Sequence[str], tb: Sequence[str]) -> tuple[str, str]:
    # dict.fromkeys keeps first-seen order; C-level loops, as this runs on every token.
    code = dict(zip(dict.fromkeys(chain(ta, tb)), _codes(), strict=False)).__getitem__
    return "".join(map(code, ta)), "".join(map(code, tb))


def _token_runs(ta: Sequence[str], tb: Sequence[str]) -> list[list[int]]:
    """Diff two token lists; return runs ``[is_change, a0, a1, b0, b1]`` in token indices.

    Equal runs and change runs alternate; a change run holds its deletion and insertion.
    """
    ca, cb = _encode(ta, tb)
    # timelimit=0: no deadline, so the result is the optimal diff whatever the load (a deadline
    # is what makes diff-match-patch fall back to "delete all, insert all"). checklines=False:
    # there are no newlines in the encoded strings. cleanup="No": dmp's character cleanups
    # would swallow short equal words; ours below is token-aware.
    ops = fast_diff_match_patch.diff(ca, cb, timelimit=0, checklines=False, cleanup="No", counts_only=True)
    runs: list[list[int]] = []
    i = j = 0
    for op, n in ops:
        if op == "=":
            runs.append([0, i, i + n, j, j + n])
            i += n
            j += n
            continue
        if not runs or not runs[-1][0]:
            runs.append([1, i, i, j, j])
        run = runs[-1]
        if op == "-":
            i += n
            run[2] = i
        else:
            j += n
            run[4] = j
    return runs


def _is_replacement(run: list[int]) -> bool:
    return run[0] == 1 and run[2] > run[1] and run[4] > run[3]


def _is_filler(tokens: Iterable[str]) -> bool:
    return all("\n" not in t and not has_content(t) for t in tokens)


def _absorb_filler(runs: list[list[int]], ta: Sequence[str]) -> list[list[int]]:
    """diff_cleanupEfficiency at token level, with an edit cost that only words can pay.

    An equality made only of punctuation and spaces (", " or "; ") between two replacements is
    chaff: "~~a~~b, ~~c~~d" reads worse than "~~a, c~~b, d". Any equality holding a word,
    number, symbol or line break is kept, so no unchanged word is ever swallowed.
    """
    out: list[list[int]] = []
    k = 0
    while k < len(runs):
        run = runs[k]
        if (
            not run[0]
            and out
            and k + 1 < len(runs)
            and _is_replacement(out[-1])
            and _is_replacement(runs[k + 1])
            and _is_filler(ta[run[1] : run[2]])
        ):
            nxt = runs[k + 1]
            out[-1][2] = nxt[2]
            out[-1][4] = nxt[4]
            k += 2
            continue
        out.append(run)
        k += 1
    return out


def _trim_common(old: str, new: str) -> tuple[str, str, str, str]:
    """Split off the fine tokens a replacement's two sides share at either end.

    Words keep their trailing whitespace, so "Agenda" (last word) and "Agenda " differ as tokens
    and "should, on the other hand, " vs "should " is one replacement; trimming whole fine
    tokens gives the readable "should<del>, on the other hand,</del> consider".
    """
    if old[0] != new[0] and old[-1] != new[-1]:
        return "", old, new, ""
    fo = fine_tokens(old)
    fn = fine_tokens(new)
    limit = min(len(fo), len(fn))
    p = 0
    while p < limit and fo[p] == fn[p]:
        p += 1
    s = 0
    while s < limit - p and fo[-1 - s] == fn[-1 - s]:
        s += 1
    prefix = "".join(fo[:p])
    suffix = "".join(fo[len(fo) - s :]) if s else ""
    return prefix, old[len(prefix) : len(old) - len(suffix)], new[len(prefix) : len(new) - len(suffix)], suffix


def _append(out: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo] and a[:hi] != b[:hi]; compare only the unknown part
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix(a: str, b: str, start: int) -> int:
    n = min(len(a), len(b)) - start
    lo, hi = 0, n + 1  # suffixes of length lo match, of length hi do not
    if a[len(a) - n :] == b[len(b) - n :]:
        return n
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid
    return lo


def _is_cut(text: str, i: int) -> bool:
    """Whether a token starts at ``i`` whatever precedes it: a space or newline, then non-space.

    Tokens absorb whitespace up to the next non-space, and no pattern looks back past a space,
    so the tokens on either side of such a point do not depend on the other side.
    """
    return text[i - 1] in " \n" and not text[i].isspace()


def _diff_normalised(a: str, b: str) -> list[Segment]:
    if a == b:
        return [(EQUAL, a)] if a else []
    # Leave the common head and tail out of tokenising and diffing, cutting only where both
    # texts are sure to have a token boundary; the C++ diff would strip the same tokens.
    head = _common_prefix(a, b) - 1
    while head > 0 and not _is_cut(a, head):
        head -= 1
    head = max(head, 0)
    tail = _common_suffix(a, b, head) - 1  # characters kept out at the end
    while tail > 0 and not _is_cut(a, len(a) - tail):
        tail -= 1
    tail = max(tail, 0)
    a_end, b_end = len(a) - tail, len(b) - tail

    ta, tb = tokens_between(a, head, a_end), tokens_between(b, head, b_end)
    runs = _absorb_filler(_token_runs(ta, tb), ta)
    out: list[Segment] = []
    _append(out, EQUAL, a[:head])
    for is_change, a0, a1, b0, b1 in runs:
        old = "".join(ta[a0:a1])
        if not is_change:
            _append(out, EQUAL, old)
            continue
        new = "".join(tb[b0:b1])
        if old and new:
            prefix, old, new, suffix = _trim_common(old, new)
        else:
            prefix = suffix = ""
        _append(out, EQUAL, prefix)
        _append(out, DELETE, old)  # a deletion always precedes its paired insertion
        _append(out, INSERT, new)
        _append(out, EQUAL, suffix)
    _append(out, EQUAL, a[a_end:])
    return _slide_to_boundaries(out)


def _boundary_score(left: str, right: str) -> int:
    """How good a place the point between ``left`` and ``right`` is for an edit to start or end.

    diff-match-patch's diff_cleanupSemanticScore: text edges beat line breaks beat sentence
    ends beat spaces beat punctuation beat the middle of a word.
    """
    if not left or not right:
        return 6
    c1, c2 = left[-1], right[0]
    if c1 == "\n" or c2 == "\n":
        return 4
    if not c1.isalnum() and not c1.isspace() and c2.isspace():
        return 3
    if c1.isspace() or c2.isspace():
        return 2
    if not c1.isalnum() or not c2.isalnum():
        return 1
    return 0


def _slide_to_boundaries(segments: list[Segment]) -> list[Segment]:
    """Slide each lone insertion or deletion sideways to where it reads best, keeping both texts.

    "benefit" + insert(". More") + "." reads better as "benefit." + insert(" More."): the edit is
    the same text shifted by the characters it shares with its neighbours.
    """
    out: list[Segment] = []
    i = 0
    while i < len(segments):
        op, text = segments[i]
        lone = (
            op != EQUAL
            and (i == 0 or segments[i - 1][0] == EQUAL)
            and (i + 1 == len(segments) or segments[i + 1][0] == EQUAL)
        )
        if not lone:
            out.append(segments[i])
            i += 1
            continue
        left = out.pop()[1] if out and out[-1][0] == EQUAL else ""
        right = segments[i + 1][1] if i + 1 < len(segments) else ""
        # Start from the leftmost position, then try each step to the right.
        k = 0
        while k < min(len(left), len(text)) and left[-1 - k] == text[-1 - k]:
            k += 1
        if k:
            left, text, right = left[:-k], left[-k:] + text[:-k], text[-k:] + right
        best = (left, text, right)
        best_score = _boundary_score(left, text) + _boundary_score(text, right)
        while right and text[0] == right[0]:
            left, text, right = left + text[0], text[1:] + right[0], right[1:]
            score = _boundary_score(left, text) + _boundary_score(text, right)
            if score >= best_score:  # ties go right, as in diff-match-patch
                best, best_score = (left, text, right), score
        left, text, right = best
        _append(out, EQUAL, left)
        _append(out, op, text)
        if right:
            out.append((EQUAL, right))  # may merge with what follows when that is equal too
        i += 2 if i + 1 < len(segments) else 1
    return _merged(out)


def _merged(segments: list[Segment]) -> list[Segment]:
    """Neighbours of one op joined, and every deletion before the insertion beside it."""
    merged: list[Segment] = []
    for op, text in segments:
        # A slide can end an insertion right before a deletion ("治" + "治 e.g" → "治治"): the
        # deletion goes first, as everywhere else; swapping the two changes neither text.
        if op == DELETE and merged and merged[-1][0] == INSERT:
            inserted = merged.pop()
            _append(merged, op, text)
            _append(merged, *inserted)
        else:
            _append(merged, op, text)
    return merged


def diff(base: str, proposal: str) -> list[Segment]:
    """Word-level diff of the normalised texts as ``[(op, text), ...]``.

    ``op`` is "equal", "delete" or "insert"; segments are non-empty, adjacent segments never
    share an op, and a deletion comes before the insertion that replaces it.
    """
    return _diff_normalised(normalise(base), normalise(proposal))


def text_of(segments: Iterable[Segment], side: str) -> str:
    """Join the segments of one side: "base" (equal + delete) or "proposal" (equal + insert)."""
    if side == "base":
        skip = INSERT
    elif side == "proposal":
        skip = DELETE
    else:
        raise ValueError(f"side must be 'base' or 'proposal', not {side!r}")
    return "".join(text for op, text in segments if op != skip)


# ---------------------------------------------------------------------------------------------
# Patches
# ---------------------------------------------------------------------------------------------


class PatchError(ValueError):
    """A patch does not apply exactly to the given base."""


_DMP = diff_match_patch()
_DMP_OP = {EQUAL: _DMP.DIFF_EQUAL, DELETE: _DMP.DIFF_DELETE, INSERT: _DMP.DIFF_INSERT}


def _patch_text(a: str, b: str) -> str:
    diffs = [(_DMP_OP[op], text) for op, text in _diff_normalised(a, b)]
    # Method 3 of patch_make (text1 + diffs): dmp only adds context, it computes no diff itself.
    return _DMP.patch_toText(_DMP.patch_make(a, diffs))


def make_patch(base: str, proposal: str) -> str:
    """A diff-match-patch patch text turning ``normalise(base)`` into ``normalise(proposal)``."""
    return _patch_text(normalise(base), normalise(proposal))


def _take_back(out: list[str], k: int) -> str:
    """Remove and return the last ``k`` characters of ``"".join(out)`` (which has at least ``k``)."""
    pieces: list[str] = []
    while k:
        piece = out.pop()
        if len(piece) > k:
            out.append(piece[:-k])
            piece = piece[-k:]
        pieces.append(piece)
        k -= len(piece)
    return "".join(reversed(pieces))


def apply_patch(base: str, patch_text: str) -> str:
    """Apply a ``make_patch`` patch to the exact base it was made for.

    Never fuzzy: dmp's patch_apply looks for each hunk near its position and reports success
    while misplacing text. Here every hunk must match at exactly its recorded offset, and the
    result is checked by recomputing the patch from (base, result); anything else raises
    ``PatchError``. An empty patch (no change) applies to any base.
    """
    text = normalise(base)
    try:
        patches = _DMP.patch_fromText(patch_text)
    except ValueError as exc:
        raise PatchError(f"not a patch: {exc}") from exc
    # The text being patched is always "".join(out) + text[pos:]. Hunk offsets are recorded in
    # that partly patched text (dmp's rolling context), so a hunk's leading context may reach
    # back into what earlier hunks wrote; those characters are taken back from ``out``.
    out: list[str] = []
    out_len = pos = 0
    for n, patch in enumerate(patches, 1):
        old = "".join(t for op, t in patch.diffs if op != _DMP.DIFF_INSERT)
        new = "".join(t for op, t in patch.diffs if op != _DMP.DIFF_DELETE)
        start = patch.start1
        if len(old) != patch.length1 or len(new) != patch.length2 or patch.start2 != start or start < 0:
            raise PatchError(f"hunk {n} is malformed")
        if start >= out_len:
            skip = start - out_len
            out.append(text[pos : pos + skip])
            pos += skip
            back = ""
        else:
            back = _take_back(out, out_len - start)
        region = back + text[pos : pos + max(0, len(old) - len(back))]
        if region[: len(old)] != old:
            raise PatchError(f"hunk {n} does not match the text at offset {start}")
        pos += max(0, len(old) - len(back))
        out.append(new)
        out.append(back[len(old) :])
        out_len = start + len(new) + max(0, len(back) - len(old))
    out.append(text[pos:])
    result = "".join(out)
    # Hunks only carry a few characters of context; recomputing catches a base that differs
    # elsewhere in a way that changes the diff, and any patch not made by make_patch.
    if _patch_text(text, result) != _DMP.patch_toText(patches):
        raise PatchError("the patch was not made by make_patch for this base")
    return result


# ---------------------------------------------------------------------------------------------
# Three-way merge
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """A stretch of the merge. ``kind`` is "stable", "ours", "theirs", "both" or "conflict".

    ``base``/``ours``/``theirs`` hold that stretch as it reads in each text; joining a field over
    all chunks gives the whole (normalised) text of that side.
    """

    kind: str
    base: str
    ours: str
    theirs: str

    @property
    def merged(self) -> str | None:
        """The stretch in the merged text, or None for a conflict."""
        if self.kind == "conflict":
            return None
        return self.theirs if self.kind == "theirs" else self.ours


@dataclass(frozen=True)
class Merge:
    """Result of ``merge3``: ``text`` is the merged text when ``clean``, otherwise None."""

    clean: bool
    text: str | None
    chunks: list[Chunk]

    @property
    def conflicts(self) -> list[Chunk]:
        return [c for c in self.chunks if c.kind == "conflict"]

    def resolved(self, side: str) -> str:
        """The merged text with every conflict settled for one side ("ours" or "theirs"): what a
        person who has seen the conflicts chooses, never a guess made for them."""
        if side not in ("ours", "theirs"):
            raise ValueError(f"unknown side {side!r}")
        return "".join(c.merged if c.merged is not None else getattr(c, side) for c in self.chunks)


@dataclass(frozen=True)
class Edit:
    """One side's edit as a replacement of a range of the base text."""

    start: int  # base offsets; start == end for an insertion
    end: int
    text: str
    side: str  # "ours" | "theirs" | "both"


def edits(segments: Iterable[Segment], side: str) -> list[Edit]:
    """The segments' edits as replacements of base ranges (one per run between equalities)."""
    out: list[Edit] = []
    pos = 0
    start: int | None = None
    new: list[str] = []
    for op, text in segments:
        if op == EQUAL:
            if start is not None:
                out.append(Edit(start, pos, "".join(new), side))
                start, new = None, []
            pos += len(text)
            continue
        if start is None:
            start = pos
        if op == DELETE:
            pos += len(text)
        else:
            new.append(text)
    if start is not None:
        out.append(Edit(start, pos, "".join(new), side))
    return out


def collide(x: Edit, y: Edit) -> bool:
    """Whether edits from the two sides touch the same base text (so order would be a guess)."""
    if x.start == x.end and y.start == y.end:
        return x.start == y.start  # two insertions at one point (identical ones became "both")
    if x.start == x.end:
        return y.start < x.start < y.end  # insertion strictly inside the other's range
    if y.start == y.end:
        return x.start < y.start < x.end
    return x.start < y.end and y.start < x.end


def _apply(base: str, start: int, end: int, changes: Iterable[Edit]) -> str:
    out: list[str] = []
    pos = start
    for c in changes:
        out.append(base[pos : c.start])
        out.append(c.text)
        pos = c.end
    out.append(base[pos:end])
    return "".join(out)


def _edits(b: str, ours: str, theirs: str) -> list[Edit]:
    """Both sides' edits of the normalised base ``b`` in base order; an edit made on both sides once."""
    mine = edits(_diff_normalised(b, normalise(ours)), "ours")
    yours = edits(_diff_normalised(b, normalise(theirs)), "theirs")
    same = {(c.start, c.end, c.text) for c in mine} & {(c.start, c.end, c.text) for c in yours}
    changes = [c for c in mine + yours if (c.start, c.end, c.text) not in same]
    changes += [Edit(s, e, t, "both") for s, e, t in same]
    changes.sort(key=lambda c: (c.start, c.end))
    return changes


def _groups(changes: Iterable[Edit]) -> list[list[Edit]]:
    """Sweep in base order grouping edits that collide.

    A group is checked against its whole span too, so nothing from an earlier group can reach
    into a later one.
    """
    groups: list[list[Edit]] = []
    span_end = -1
    for c in changes:
        if groups and (
            c.start < span_end or any(collide(c, g) for g in groups[-1] if {c.side, g.side} == {"ours", "theirs"})
        ):
            groups[-1].append(c)
        else:
            groups.append([c])
            span_end = c.end
        span_end = max(span_end, c.end)
    return groups


def _chunk(b: str, group: list[Edit]) -> Chunk:
    """One group of edits as a chunk: one side's edit, the same edit on both, or a conflict."""
    start = min(c.start for c in group)
    end = max(c.end for c in group)
    old = b[start:end]
    if len(group) > 1:
        side_text = {
            side: _apply(b, start, end, (c for c in group if c.side in (side, "both"))) for side in ("ours", "theirs")
        }
        return Chunk("conflict", old, side_text["ours"], side_text["theirs"])
    c = group[0]
    if c.side == "ours":
        return Chunk("ours", old, c.text, old)
    if c.side == "theirs":
        return Chunk("theirs", old, old, c.text)
    return Chunk("both", old, c.text, c.text)


def merge3(base: str, ours: str, theirs: str) -> Merge:
    """Merge two edits of ``base`` on word tokens.

    ``ours`` is typically the paragraph's current text, ``theirs`` an amendment's proposal.
    Edits that touch the same base text (overlapping ranges, two different insertions at the
    same point, an insertion strictly inside the other side's range) are a conflict; identical
    edits on both sides are applied once.
    """
    b = normalise(base)
    chunks: list[Chunk] = []

    def stable(text: str) -> None:
        if text:
            chunks.append(Chunk("stable", text, text, text))

    pos = 0
    for group in _groups(_edits(b, ours, theirs)):
        stable(b[pos : min(c.start for c in group)])
        chunks.append(_chunk(b, group))
        pos = max(c.end for c in group)
    stable(b[pos:])

    if any(c.kind == "conflict" for c in chunks):
        return Merge(False, None, chunks)
    return Merge(True, "".join(c.merged or "" for c in chunks), chunks)


def rebase(base: str, new_base: str, proposal: str) -> Merge:
    """Carry an amendment (``base`` -> ``proposal``) over to a paragraph now reading ``new_base``."""
    return merge3(base, new_base, proposal)
