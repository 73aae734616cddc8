"""Table tests for the pure diff engine `amendments.redline` (no Django, no database).

Texts come from the WGEC draft report (Chair's text -> a member's proposal) wherever possible.
"""

import ast
import re
from itertools import pairwise
from pathlib import Path

import pytest
from diff_match_patch import diff_match_patch

from amendments.core import textdiff
from amendments.core.rendering import inline_html, side_by_side_html
from amendments.core.textdiff import (
    Chunk,
    Merge,
    PatchError,
    apply_patch,
    diff,
    make_patch,
    merge3,
    normalise,
    rebase,
    text_of,
    tokenise,
)

# --- real WGEC pairs: Chair's text -> a member's proposal --------------------------------------

TOWARDS_FORA = (
    "The process towards further implementation of enhanced cooperation should take account of existing work"
    " and support existing international fora to consider how they can develop and improve",
    "The process of further implementation of enhanced cooperation should take account of existing work"
    " and support existing international forums to consider how they can develop and improve",
)
OTHER_HAND = (
    "Multi-stakeholder fora that are involved in the development of international Internet-related public policy"
    " should, on the other hand, consider how best to ensure a balance",
    "Multi-stakeholder forums that are involved in the development of international Internet-related public policy"
    " should consider how best to ensure a balance",
)
ENTERTAIN = (
    "Institutions and processes should entertain proposals from all stakeholders related to the fundamental"
    " importance of ensuring that the public Internet remains an open, interoperable, secure and reliable platform"
    " for general public use.",
    "Institutions and processes should encourage results that take into account the fundamental importance of"
    " ensuring that the public Internet remains an open, interoperable, secure and reliable platform for general"
    " public use.",
)
PARTICULAR_TOPIC = (
    "the topic related to the institutional framework required to further implement enhanced cooperation as"
    " envisioned in the Tunis Agenda was thoroughly discussed by the WGEC and also permeated discussion",
    "the particular topic of whether an institutional framework is required to further implement enhanced"
    " cooperation was not only thoroughly discussed by the WGEC but also permeated discussion",
)
COLLABORATIVE = ("Collaborative approach;", "Collaborative in nature;")

WGEC_PAIRS = {
    "towards-fora": TOWARDS_FORA,
    "on-the-other-hand": OTHER_HAND,
    "entertain-proposals": ENTERTAIN,
    "particular-topic": PARTICULAR_TOPIC,
    "collaborative": COLLABORATIVE,
}


# --- tokenise ------------------------------------------------------------------------------------

TOKENISE_CASES = {
    "english-punctuation-own-token": (
        "The WGEC met. It agreed, in principle; (see Annex).",
        ["The ", "WGEC ", "met", ". ", "It ", "agreed", ", ", "in ", "principle", "; ", "(", "see ", "Annex", ")", "."],
    ),
    "hyphenated-word-stays-whole": (
        "international Internet-related public policy",
        ["international ", "Internet-related ", "public ", "policy"],
    ),
    "apostrophes-and-numbers": (
        "the WGEC's mandate: 1,000.5 USD, paragraph 15",
        ["the ", "WGEC's ", "mandate", ": ", "1,000.5 ", "USD", ", ", "paragraph ", "15"],
    ),
    "chinese-per-character": ("加强合作。", ["加", "强", "合", "作", "。"]),
    "chinese-after-latin-word": ("WGEC 工作组", ["WGEC ", "工", "作", "组"]),
    "japanese-kanji-and-kana-per-character": (
        "日本語のテキスト",
        ["日", "本", "語", "の", "テ", "キ", "ス", "ト"],
    ),
    "japanese-prolonged-sound-mark": ("コーヒー", ["コ", "ー", "ヒ", "ー"]),
    "arabic-harakat-stay-with-letters": ("مُحَمَّد رسول", ["مُحَمَّد ", "رسول"]),
    "emoji-zwj-family-whole": ("👨\u200d👩\u200d👧 family", ["👨\u200d👩\u200d👧 ", "family"]),
    "emoji-skin-tone-whole": ("👍🏽 ok", ["👍🏽 ", "ok"]),
    "flags-one-token-each": ("🇧🇷🇯🇵", ["🇧🇷", "🇯🇵"]),
    "nfc-combining-acute": ("cafe\u0301 noir", ["café ", "noir"]),
    "crlf-and-cr-become-newline": ("a\r\nb\rc", ["a", "\n", "b", "\n", "c"]),
    "newline-keeps-indentation": ("Line one\n  indented", ["Line ", "one", "\n  ", "indented"]),
    "leading-whitespace-own-token": ("  lead", ["  ", "lead"]),
    "guillemets-and-dash": ("«quoted» — dash", ["«", "quoted", "» ", "— ", "dash"]),
    "empty": ("", []),
}


@pytest.mark.parametrize(("text", "expected"), TOKENISE_CASES.values(), ids=TOKENISE_CASES.keys())
def test_tokenise(text, expected):
    tokens = tokenise(text)
    assert tokens == expected
    assert "".join(tokens) == normalise(text)


def test_nfc_decomposed_equals_composed():
    assert normalise("e\u0301") == "é"
    assert tokenise("re\u0301sume\u0301") == tokenise("résumé")
    assert diff("résumé", "re\u0301sume\u0301") == [("equal", "résumé")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\n\r\nb", "a\n\nb"), ("e\u0301", "é"), ("plain", "plain")],
    ids=["crlf", "cr", "blank-line", "nfc", "unchanged"],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


# --- diff ----------------------------------------------------------------------------------------

DIFF_CASES = {
    "towards-fora": (
        *TOWARDS_FORA,
        [
            ("equal", "The process "),
            ("delete", "towards"),
            ("insert", "of"),
            (
                "equal",
                " further implementation of enhanced cooperation should take account of existing work"
                " and support existing international ",
            ),
            ("delete", "fora"),
            ("insert", "forums"),
            ("equal", " to consider how they can develop and improve"),
        ],
    ),
    "on-the-other-hand": (
        *OTHER_HAND,
        [
            ("equal", "Multi-stakeholder "),
            ("delete", "fora"),
            ("insert", "forums"),
            (
                "equal",
                " that are involved in the development of international Internet-related public policy should",
            ),
            ("delete", ", on the other hand,"),
            ("equal", " consider how best to ensure a balance"),
        ],
    ),
    "entertain-proposals": (
        *ENTERTAIN,
        [
            ("equal", "Institutions and processes should "),
            ("delete", "entertain proposals from all stakeholders related to"),
            ("insert", "encourage results that take into account"),
            (
                "equal",
                " the fundamental importance of ensuring that the public Internet remains an open, interoperable,"
                " secure and reliable platform for general public use.",
            ),
        ],
    ),
    "particular-topic": (
        *PARTICULAR_TOPIC,
        [
            ("equal", "the "),
            ("insert", "particular "),
            ("equal", "topic "),
            ("delete", "related to the"),
            ("insert", "of whether an"),
            ("equal", " institutional framework "),
            ("insert", "is "),
            ("equal", "required to further implement enhanced cooperation "),
            ("delete", "as envisioned in the Tunis Agenda "),
            ("equal", "was "),
            ("insert", "not only "),
            ("equal", "thoroughly discussed by the WGEC "),
            ("delete", "and"),
            ("insert", "but"),
            ("equal", " also permeated discussion"),
        ],
    ),
    "collaborative": (
        *COLLABORATIVE,
        [("equal", "Collaborative "), ("delete", "approach"), ("insert", "in nature"), ("equal", ";")],
    ),
    "identical": ("same text", "same text", [("equal", "same text")]),
    "both-empty": ("", "", []),
    "from-empty": ("", "new text", [("insert", "new text")]),
    "to-empty": ("old text", "", [("delete", "old text")]),
    "one-word": (
        "the cat sat",
        "the dog sat",
        [("equal", "the "), ("delete", "cat"), ("insert", "dog"), ("equal", " sat")],
    ),
    "punctuation-only": (
        "the Tunis Agenda.",
        "the Tunis Agenda;",
        [("equal", "the Tunis Agenda"), ("delete", "."), ("insert", ";")],
    ),
    "append-after-last-word": (
        "develop and improve",
        "develop and improve further",
        [("equal", "develop and improve"), ("insert", " further")],
    ),
    "short-unchanged-word-kept": (
        "alpha of beta",
        "gamma of delta",
        [("delete", "alpha"), ("insert", "gamma"), ("equal", " of "), ("delete", "beta"), ("insert", "delta")],
    ),
    "comma-between-replacements-absorbed": (
        "open, interoperable",
        "free, accessible",
        [("delete", "open, interoperable"), ("insert", "free, accessible")],
    ),
    "line-break-survives": (
        "First line\nSecond line",
        "First line\nSecond row",
        [("equal", "First line\nSecond "), ("delete", "line"), ("insert", "row")],
    ),
    "crlf-equals-lf": ("a\r\nb", "a\nc", [("equal", "a\n"), ("delete", "b"), ("insert", "c")]),
    "chinese-per-character": ("加强合作", "加强国际合作", [("equal", "加强"), ("insert", "国际"), ("equal", "合作")]),
    "japanese-per-character": (
        "日本語のテキスト",
        "日本語のテクスト",
        [("equal", "日本語のテ"), ("delete", "キ"), ("insert", "ク"), ("equal", "スト")],
    ),
    "arabic-word-whole-with-harakat": (
        "قال مُحَمَّد",
        "قال مُحَمَّدٌ",
        [("equal", "قال "), ("delete", "مُحَمَّد"), ("insert", "مُحَمَّدٌ")],
    ),
    "emoji-whole": ("we ❤️ it", "we 👍🏽 it", [("equal", "we "), ("delete", "❤️"), ("insert", "👍🏽"), ("equal", " it")]),
    "flag-whole": (
        "🇧🇷🇯🇵 flags",
        "🇧🇷🇫🇷 flags",
        [("equal", "🇧🇷"), ("delete", "🇯🇵"), ("insert", "🇫🇷"), ("equal", " flags")],
    ),
    "nfc-before-diff": (
        "cafe\u0301 noir",
        "café au lait",
        [("equal", "café "), ("delete", "noir"), ("insert", "au lait")],
    ),
}


def _allowed_boundaries(text):
    """Token boundaries, plus the point between a word and its trailing whitespace."""
    allowed = {0, len(text)}
    pos = 0
    for token in tokenise(text):
        pos += len(token)
        allowed.add(pos)
    allowed.update(i for i in range(1, len(text)) if not text[i - 1].isspace() and text[i].isspace())
    return allowed


def _boundaries(segments, side):
    skip = "insert" if side == "base" else "delete"
    pos, out = 0, set()
    for op, text in segments:
        if op != skip:
            pos += len(text)
            out.add(pos)
    return out


def assert_well_formed(segments, base, proposal):
    assert all(op in ("equal", "delete", "insert") and text for op, text in segments), "no empty segments"
    assert all(a[0] != b[0] for a, b in pairwise(segments)), "adjacent segments of one op are merged"
    assert all(not (a[0] == "insert" and b[0] == "delete") for a, b in pairwise(segments)), (
        "a deletion comes before its insertion"
    )
    assert text_of(segments, "base") == normalise(base)
    assert text_of(segments, "proposal") == normalise(proposal)
    for side, text in (("base", normalise(base)), ("proposal", normalise(proposal))):
        inside = _boundaries(segments, side) - _allowed_boundaries(text)
        assert not inside, f"segment boundary inside a word of the {side}: {sorted(inside)}"


@pytest.mark.parametrize(("base", "proposal", "expected"), DIFF_CASES.values(), ids=DIFF_CASES.keys())
def test_diff(base, proposal, expected):
    segments = diff(base, proposal)
    assert segments == expected
    assert_well_formed(segments, base, proposal)


@pytest.mark.parametrize(("base", "proposal"), WGEC_PAIRS.values(), ids=WGEC_PAIRS.keys())
def test_wgec_pairs_never_split_words(base, proposal):
    segments = diff(base, proposal)
    assert_well_formed(segments, base, proposal)
    # not degenerate: most of each paragraph is shown as unchanged
    assert sum(len(t) for op, t in segments if op == "equal") > len(base) / 2


def test_fora_never_split():
    segments = diff(*TOWARDS_FORA)
    assert ("delete", "fora") in segments and ("insert", "forums") in segments
    assert ("delete", "towards") in segments and ("insert", "of") in segments


def test_long_text_is_not_degenerate():
    words = TOWARDS_FORA[0].split() * 400  # about 10,000 words
    changed = list(words)
    for i in range(0, len(changed), 97):
        changed[i] = changed[i].upper() + "X"
    segments = diff(" ".join(words), " ".join(changed))
    deleted = sum(len(t.split()) for op, t in segments if op == "delete")
    assert deleted == len(range(0, len(changed), 97))
    assert_well_formed(segments, " ".join(words), " ".join(changed))


def test_text_of_rejects_unknown_side():
    with pytest.raises(ValueError):
        text_of([], "left")


# --- HTML ----------------------------------------------------------------------------------------

INLINE_CASES = {
    "plain-redline": (diff("the cat sat", "the dog sat"), "the <del>cat</del><ins>dog</ins> sat"),
    "escapes-every-segment": (
        [("equal", "a & b "), ("delete", "<x>"), ("insert", "\"q\" 'r'")],
        "a &amp; b <del>&lt;x&gt;</del><ins>&quot;q&quot; &#x27;r&#x27;</ins>",
    ),
    "script-is-text": (
        diff("Say hi", "Say <script>alert(1)</script>"),
        "Say <del>hi</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>",
    ),
    "newline-becomes-br": ([("equal", "one\ntwo"), ("insert", "\nthree")], "one<br>two<ins><br>three</ins>"),
    "escaped-then-br": ([("delete", "a<\nb")], "<del>a&lt;<br>b</del>"),
    "empty": ([], ""),
}


@pytest.mark.parametrize(("segments", "expected"), INLINE_CASES.values(), ids=INLINE_CASES.keys())
def test_inline_html(segments, expected):
    out = inline_html(segments)
    assert out == expected
    assert type(out) is str  # plain str: the template tag marks it safe, not this module


SIDE_BY_SIDE_CASES = {
    "word-replaced": (
        diff("the cat sat", "the dog sat"),
        ("the <del>cat</del> sat", "the <ins>dog</ins> sat"),
    ),
    "escaping-and-br": (
        diff("A & B\nC", "A & <b>\nC"),
        ("A &amp; <del>B</del><br>C", "A &amp; <ins>&lt;b&gt;</ins><br>C"),
    ),
    "quotes": (
        [("equal", 'say "'), ("delete", "no"), ("insert", "it's"), ("equal", '"')],
        ("say &quot;<del>no</del>&quot;", "say &quot;<ins>it&#x27;s</ins>&quot;"),
    ),
}


@pytest.mark.parametrize(("segments", "expected"), SIDE_BY_SIDE_CASES.values(), ids=SIDE_BY_SIDE_CASES.keys())
def test_side_by_side_html(segments, expected):
    left, right = side_by_side_html(segments)
    assert (left, right) == expected
    assert type(left) is str and type(right) is str


def test_html_rejects_unknown_op():
    with pytest.raises(ValueError):
        inline_html([("replace", "x")])


def test_no_markup_survives_from_text():
    hostile = "<script>alert(1)</script> & \"quotes\" 'single' <img src=x onerror=alert(1)>"
    for out in (inline_html(diff("", hostile)), *side_by_side_html(diff(hostile, ""))):
        stripped = re.sub(r"</?(?:ins|del)>|<br>", "", out)
        assert "<" not in stripped and ">" not in stripped and '"' not in stripped and "'" not in stripped


# --- patches -------------------------------------------------------------------------------------

PATCH_CASES = {
    **WGEC_PAIRS,
    "identical": ("same", "same"),
    "from-empty": ("", "brand new paragraph"),
    "to-empty": ("deleted paragraph", ""),
    "unicode-mix": ("加强合作 مُحَمَّد 👨\u200d👩\u200d👧 🇧🇷", "加强国际合作 مُحَمَّدٌ 👨\u200d👩\u200d👧 🇯🇵 100%"),
    "newlines-and-crlf": ("one\r\ntwo\rthree", "one\ntwo and a half\nthree"),
    # hunk contexts overlap and a later hunk starts before an earlier one (dmp's rolling context)
    "hunks-with-rolling-context": (
        "🇧🇷  مُحَمَّد 加  é \u0301 \u0301 مُحَمَّد\rthe\nمُحَمَّد\r",
        "\u0301 مُحَمَّد\rمُحَمَّد\ré ",
    ),
    "percent-and-at-signs": ("@@ -1,2 +1,2 @@ 50%", "@@ -1,3 +1,3 @@ 75% %0A"),
}


@pytest.mark.parametrize(("base", "proposal"), PATCH_CASES.values(), ids=PATCH_CASES.keys())
def test_patch_round_trip(base, proposal):
    patch = make_patch(base, proposal)
    assert apply_patch(base, patch) == normalise(proposal)


def test_patch_is_diff_match_patch_text():
    patch = make_patch(*PARTICULAR_TOPIC)
    assert patch.startswith("@@ -")
    dmp = diff_match_patch()
    result, applied = dmp.patch_apply(dmp.patch_fromText(patch), PARTICULAR_TOPIC[0])
    assert all(applied) and result == PARTICULAR_TOPIC[1]


def _long_pair():
    words = (ENTERTAIN[0] + " " + PARTICULAR_TOPIC[0]).split() * 60  # ~3,000 words
    changed = list(words)
    for i in (5, 700, 1500, 2900):
        changed[i] = "AMENDED"
    return " ".join(words), " ".join(changed)


def test_patch_round_trip_long_text():
    base, proposal = _long_pair()
    assert apply_patch(base, make_patch(base, proposal)) == proposal


@pytest.mark.parametrize(
    "new_base",
    [
        PARTICULAR_TOPIC[0].replace("topic related", "topic relating"),  # inside a hunk
        "Recalling that " + PARTICULAR_TOPIC[0],  # shifts every hunk
        PARTICULAR_TOPIC[0].replace("thoroughly", "carefully"),  # between hunks, different length
        PARTICULAR_TOPIC[0][:100],  # truncated
        "",
    ],
    ids=["changed-in-hunk", "prefixed", "changed-between-hunks", "truncated", "empty"],
)
def test_patch_on_changed_base_raises(new_base):
    patch = make_patch(*PARTICULAR_TOPIC)
    with pytest.raises(PatchError):
        apply_patch(new_base, patch)


def test_patch_never_lands_elsewhere_in_long_text():
    base, proposal = _long_pair()
    patch = make_patch(base, proposal)
    shifted = "Preamble. " + base
    # dmp's own patch_apply finds every hunk within its fuzzy window and reports success...
    dmp = diff_match_patch()
    _, applied = dmp.patch_apply(dmp.patch_fromText(patch), shifted)
    assert all(applied)
    # ...ours refuses: a hunk must match at exactly its recorded offset.
    with pytest.raises(PatchError):
        apply_patch(shifted, patch)


@pytest.mark.parametrize(
    "patch_text",
    ["not a patch", "@@ -1,3 +1,3 @@\n-abc\n+abd\n", "@@ -900,4 +900,4 @@\n-fora\n+form\n"],
    ids=["garbage", "context-mismatch", "offset-past-end"],
)
def test_bad_patch_raises(patch_text):
    with pytest.raises(PatchError):
        apply_patch(TOWARDS_FORA[0], patch_text)


def test_patch_error_is_value_error():
    assert issubclass(PatchError, ValueError)


def test_measured_fuzzy_patch_failure_is_refused():
    """dmp "reports success while misplacing text": notes -> welcomes on a base now saying takes note of."""
    base = "The Working Group notes the importance of enhanced cooperation."
    proposal = "The Working Group welcomes the importance of enhanced cooperation."
    moved_on = "The Working Group takes note of the importance of enhanced cooperation."
    dmp = diff_match_patch()
    fuzzy, applied = dmp.patch_apply(dmp.patch_make(base, proposal), moved_on)
    assert all(applied) and "welcomes note of" in fuzzy  # the measured failure
    with pytest.raises(PatchError):
        apply_patch(moved_on, make_patch(base, proposal))


# --- three-way merge -----------------------------------------------------------------------------

NOTES = "The Working Group notes the importance of enhanced cooperation."
MERGE_CASES = {
    "clean-non-overlapping": (
        "The Working Group notes the report of the Chair.",
        "The Working Group welcomes the report of the Chair.",
        "The Working Group notes the final report of the Chair.",
        "The Working Group welcomes the final report of the Chair.",
    ),
    "clean-wgec-edits-far-apart": (
        TOWARDS_FORA[0],
        TOWARDS_FORA[0].replace("towards", "of"),
        TOWARDS_FORA[0].replace("fora", "forums"),
        TOWARDS_FORA[1],
    ),
    "identical-changes-merge-once": (
        OTHER_HAND[0],
        OTHER_HAND[0].replace("fora", "forums"),
        OTHER_HAND[0].replace("fora", "forums"),
        OTHER_HAND[0].replace("fora", "forums"),
    ),
    "identical-plus-separate": (*OTHER_HAND, OTHER_HAND[0].replace("fora", "forums"), OTHER_HAND[1]),
    "overlapping-replacements-conflict": (
        NOTES,
        NOTES.replace("notes", "takes note of"),
        NOTES.replace("notes", "welcomes"),
        None,
    ),
    "same-point-insertions-conflict": (
        "the topic related to the institutional framework",
        "the particular topic related to the institutional framework",
        "the specific topic related to the institutional framework",
        None,
    ),
    "insertion-strictly-inside-other-range-conflicts": ("A B C D", "A D", "A B X C D", None),
    "insertion-at-edge-of-other-range-is-clean": (
        "one two three",
        "one 2 three",
        "one new two three",
        "one new 2 three",
    ),
    "adjacent-deletions-clean": ("alpha beta gamma delta", "alpha gamma delta", "alpha beta delta", "alpha delta"),
    "ours-only": ("same base", "changed base", "same base", "changed base"),
    "theirs-only": ("same base", "same base", "changed base", "changed base"),
    "nothing-changed": ("same base", "same base", "same base", "same base"),
    "all-empty": ("", "", "", ""),
    "crlf-is-not-a-change": ("a\r\nb c", "a\nb c", "a\r\nb d", "a\nb d"),
    "chinese-characters": ("加强合作", "加强国际合作", "加强合作。", "加强国际合作。"),
}


@pytest.mark.parametrize(("base", "ours", "theirs", "expected"), MERGE_CASES.values(), ids=MERGE_CASES.keys())
def test_merge3(base, ours, theirs, expected):
    merge = merge3(base, ours, theirs)
    assert isinstance(merge, Merge)
    assert merge.clean is (expected is not None)
    assert merge.text == expected
    # every side can be read back from the chunks
    assert "".join(c.base for c in merge.chunks) == normalise(base)
    assert "".join(c.ours for c in merge.chunks) == normalise(ours)
    assert "".join(c.theirs for c in merge.chunks) == normalise(theirs)
    assert all(c.kind in ("stable", "ours", "theirs", "both", "conflict") for c in merge.chunks)


def test_conflict_chunk_shows_both_texts():
    merge = merge3(NOTES, NOTES.replace("notes", "takes note of"), NOTES.replace("notes", "welcomes"))
    assert not merge.clean and merge.text is None
    [conflict] = [c for c in merge.chunks if c.kind == "conflict"]
    assert conflict == Chunk("conflict", base="notes", ours="takes note of", theirs="welcomes")
    assert merge.conflicts == [conflict]


def test_identical_change_is_a_both_chunk():
    merge = merge3(OTHER_HAND[0], OTHER_HAND[1], OTHER_HAND[1])
    assert merge.clean and merge.text == OTHER_HAND[1]
    assert {c.kind for c in merge.chunks} == {"stable", "both"}


def test_merge_is_frozen():
    merge = merge3("a", "b", "a")
    with pytest.raises(AttributeError):
        merge.clean = False  # type: ignore[misc]


def test_measured_failure_notes_welcomes_is_never_misplaced():
    """Base became "takes note of" while an amendment changes "notes" to "welcomes"."""
    merge = rebase(NOTES, NOTES.replace("notes", "takes note of"), NOTES.replace("notes", "welcomes"))
    assert not merge.clean
    assert all("welcomes note of" not in (c.merged or "") for c in merge.chunks)


def test_measured_failure_particular_particular():
    """Two amendments both inserting "particular" before "topic", applied one after the other."""
    base, second = PARTICULAR_TOPIC
    first = base.replace("the topic", "the particular topic")
    dmp = diff_match_patch()
    fuzzy, applied = dmp.patch_apply(dmp.patch_make(base, first), first)
    assert all(applied) and "the particular particular topic" in fuzzy  # the measured failure
    merge = rebase(base, first, second)
    assert merge.clean and merge.text == second
    assert "particular particular" not in merge.text
    assert merge3(base, first, first).text == first  # re-applying the same amendment is a no-op


def test_two_different_insertions_at_same_point_conflict():
    base = PARTICULAR_TOPIC[0]
    merge = merge3(base, base.replace("the topic", "the particular topic"), base.replace("the topic", "the key topic"))
    assert not merge.clean
    [conflict] = merge.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == ("", "particular ", "key ")


def test_a_conflict_resolved_for_one_side_keeps_every_other_change_of_both():
    base = "The group should act proactively and in an easily understandable way."
    ours = base.replace("proactively", "actively").replace("The group", "The Group")
    theirs = base.replace("proactively", "eagerly").replace("easily understandable", "plain")
    merge = merge3(base, ours, theirs)
    assert not merge.clean
    assert merge.resolved("ours") == "The Group should act actively and in an plain way."
    assert merge.resolved("theirs") == "The Group should act eagerly and in an plain way."
    with pytest.raises(ValueError, match="unknown side"):
        merge.resolved("both")


def test_rebase_is_merge3_with_new_base_as_ours():
    base, proposal = TOWARDS_FORA
    new_base = base.replace("develop and improve", "develop and improve themselves")
    assert rebase(base, new_base, proposal) == merge3(base, new_base, proposal)
    assert rebase(base, new_base, proposal).text == proposal + " themselves"


def test_module_has_no_django():
    tree = ast.parse(Path(textdiff.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] == "django" for name in imported)
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "mark_safe" not in names
