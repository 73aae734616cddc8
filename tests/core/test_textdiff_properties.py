"""Property tests for `amendments.redline`: any base and proposal, in any script, any length.

Texts are built from word lists (Latin, Cyrillic, Arabic with harakat, Chinese, Japanese, emoji,
punctuation, odd whitespace) so a text of thousands of words costs one random seed, not thousands
of Hypothesis draws.
"""

import html
import random
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amendments.core import tokens
from amendments.core.rendering import inline_html, side_by_side_html
from amendments.core.textdiff import (
    PatchError,
    apply_patch,
    diff,
    make_patch,
    merge3,
    normalise,
    text_of,
    tokenise,
)

LATIN = [
    "the",
    "process",
    "of",
    "towards",
    "enhanced",
    "cooperation",
    "should",
    "take",
    "account",
    "existing",
    "work",
    "and",
    "support",
    "international",
    "fora",
    "forums",
    "Internet-related",
    "WGEC's",
    "public",
    "policy",
    "Agenda",
    "e.g",
    "1,000.5",
    "15",
    "a",
    "an",
    "to",
    "in",
]
CYRILLIC = ["сотрудничество", "процесс", "усиленного", "Интернет", "и", "в", "на", "политики"]
ARABIC = ["مُحَمَّد", "التعاون", "المعزز", "الإنترنت", "في", "و", "السياسات"]
CHINESE = list("加强合作国际互联网治理的进程工作组")
JAPANESE = ["日本語", "テキスト", "の", "コーヒー", "協力"]
EMOJI = ["👨\u200d👩\u200d👧", "🇧🇷", "🇯🇵", "👍🏽", "❤️", "1️⃣"]
PUNCT = [",", ".", ";", ":", "(", ")", "«", "»", "—", "'", '"', "&", "<b>", "%", "@@", "-"]
COMBINING = ["e\u0301", "cafe\u0301", "A\u030a", "\u0301"]
WORDS = LATIN * 3 + CYRILLIC + ARABIC + CHINESE + JAPANESE + EMOJI + PUNCT + COMBINING
SEPARATORS = [" "] * 12 + ["", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", " \n "]

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pieces(rng, n):
    return [rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(n)]


def _edit(rng, pieces, edits):
    out = list(pieces)
    for _ in range(edits):
        kind = rng.randrange(4)
        i = rng.randrange(len(out) + 1)
        if kind == 0 or not out:
            out.insert(i, rng.choice(WORDS) + rng.choice(SEPARATORS))
        elif kind == 1:
            del out[min(i, len(out) - 1)]
        elif kind == 2:
            out[min(i, len(out) - 1)] = rng.choice(WORDS) + " "
        else:
            del out[i : i + rng.randrange(1, 6)]
    return out


@st.composite
def pieces(draw):
    """A text as a list of word+separator pieces: empty, short (shrinkable) or very long (seeded)."""
    kind = draw(st.sampled_from(["empty", "short", "short", "short", "short", "long"]))
    if kind == "empty":
        return []
    if kind == "short":
        return draw(st.lists(st.builds(str.__add__, st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=25))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return _pieces(rng, draw(st.integers(500, 4000)))


whitespace_only = st.text(alphabet=" \n\r\t\u00a0", max_size=6)


@st.composite
def edited(draw, base_pieces):
    """Another text derived from ``base_pieces``: a few edits, many edits, or none."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    edits = draw(st.sampled_from([0, 1, 2, 3, 5, 20, 200]))
    return "".join(_edit(rng, base_pieces, edits))


@st.composite
def base_and_proposal(draw):
    base = draw(pieces())
    how = draw(st.sampled_from(["edit", "edit", "edit", "independent", "whitespace"]))
    if how == "edit":
        proposal = draw(edited(base))
    elif how == "independent":
        proposal = "".join(draw(pieces()))
    else:
        proposal = draw(whitespace_only)
    if draw(st.booleans()) and not base:
        return draw(whitespace_only), proposal
    return "".join(base), proposal


@st.composite
def base_proposal_new_base(draw):
    base = draw(pieces())
    return "".join(base), draw(edited(base)), draw(edited(base))


@SETTINGS
@given(base_and_proposal())
def test_patch_round_trip(pair):
    base, proposal = pair
    assert apply_patch(base, make_patch(base, proposal)) == normalise(proposal)


@SETTINGS
@given(base_and_proposal())
@example(("Интернет 治 e.g «", "Интернет 治治 «"))  # an insertion slid up to a deletion once came first
def test_diff_reads_as_both_texts(pair):
    base, proposal = pair
    segments = diff(base, proposal)
    assert text_of(segments, "base") == normalise(base)
    assert text_of(segments, "proposal") == normalise(proposal)
    assert all(text for _, text in segments)
    ops = [op for op, _ in segments]
    assert all(a != b and (a, b) != ("insert", "delete") for a, b in zip(ops, ops[1:], strict=False))


def _read_html(markup, keep):
    drop = "ins" if keep == "del" else "del"
    markup = re.sub(rf"<{drop}>.*?</{drop}>", "", markup, flags=re.DOTALL)
    markup = re.sub(rf"</?{keep}>", "", markup).replace("<br>", "\n")
    assert "<" not in markup and ">" not in markup  # all other markup came from text, so was escaped
    return html.unescape(markup)


@SETTINGS
@given(base_and_proposal())
def test_inline_html_reads_as_both_texts(pair):
    base, proposal = pair
    segments = diff(base, proposal)
    markup = inline_html(segments)
    assert _read_html(markup, keep="del") == normalise(base)
    assert _read_html(markup, keep="ins") == normalise(proposal)
    left, right = side_by_side_html(segments)
    assert _read_html(left, keep="del") == normalise(base)
    assert _read_html(right, keep="ins") == normalise(proposal)


@SETTINGS
@given(base_and_proposal())
def test_merge_with_one_side_unchanged_takes_the_other(pair):
    base, other = pair
    assert merge3(base, base, other).text == normalise(other)
    assert merge3(base, other, base).text == normalise(other)


@SETTINGS
@given(base_proposal_new_base())
def test_patch_on_other_base_fails_or_equals_the_merge(texts):
    base, proposal, new_base = texts
    patch = make_patch(base, proposal)
    try:
        result = apply_patch(new_base, patch)
    except PatchError:
        return
    merge = merge3(base, new_base, proposal)
    assert merge.clean, "the patch applied where the merge sees a conflict"
    assert result == merge.text


@SETTINGS
@given(base_proposal_new_base())
def test_merge_chunks_rebuild_every_side(texts):
    base, ours, theirs = texts
    merge = merge3(base, ours, theirs)
    assert "".join(c.base for c in merge.chunks) == normalise(base)
    assert "".join(c.ours for c in merge.chunks) == normalise(ours)
    assert "".join(c.theirs for c in merge.chunks) == normalise(theirs)
    assert merge.clean == (merge.text is not None) == all(c.kind != "conflict" for c in merge.chunks)
    if merge3(base, theirs, ours).clean:
        assert merge.clean  # conflicts do not depend on which side is "ours"


@SETTINGS
@given(base_and_proposal())
def test_tokens_rebuild_the_text(pair):
    for text in pair:
        assert "".join(tokenise(text)) == normalise(text)


@SETTINGS
@given(base_and_proposal(), st.sampled_from(["Preamble words here. ", "序言。\n", "مقدمة "]))
def test_common_head_does_not_change_the_diff(pair, head):
    """The engine skips the common head; the result must equal diffing it as tokens."""
    base, proposal = ("Start " + text for text in pair)
    expected = diff(base, proposal)
    expected[0] = ("equal", head + expected[0][1])
    assert diff(head + base, head + proposal) == expected


# Characters the tokeniser's fast path accepts (see tokens._SIMPLE_TEXT_RE), weighted towards word
# characters and separators so that tokens are interesting.
_SIMPLE_CHARS = [chr(c) for c in range(0x2100) if tokens._SIMPLE_TEXT_RE.match(chr(c)) and chr(c) != "\r"]


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(_SIMPLE_CHARS), st.sampled_from("aZ9 ,.-'’\n\u00a0"), st.sampled_from("ßéЖ1,.")
        ),
        max_size=60,
    )
)
def test_fast_tokeniser_agrees_with_full_one(text):
    assert tokens._SIMPLE_TOKEN_RE.findall(text) == tokens._TOKEN_RE.findall(text)
    assert tokens._SIMPLE_FINE_RE.findall(text) == tokens._FINE_RE.findall(text)


@pytest.mark.parametrize("words", [108_000])
def test_very_long_text_stays_word_level(words):
    rng = random.Random(7)
    base = _pieces(rng, words)
    proposal = list(base)
    changed = rng.sample(range(words), words // 100)
    for i in changed:
        proposal[i] = "AMENDED "
    segments = diff("".join(base), "".join(proposal))
    assert text_of(segments, "proposal") == normalise("".join(proposal))
    changed_chars = sum(len(t) for op, t in segments if op != "equal")
    assert changed_chars < len("".join(base)) / 10
