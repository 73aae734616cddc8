"""Brackets as UN drafting writes them in the text: finding, writing and removing them, alternatives,
and the segments the pages render (every piece escaped)."""

import pytest

from amendments.core import brackets, rendering
from amendments.core.brackets import Attribution, BracketError

TEXT = "States should act and should report."


def test_a_selection_is_bracketed_by_its_offsets_so_a_repeated_word_can_be_chosen():
    second = TEXT.index("should", 10)
    assert brackets.bracket(TEXT, second, second + len("should")) == "States should act and [should] report."


def test_the_spaces_around_a_selection_stay_outside_the_brackets():
    at = TEXT.index("act")
    assert brackets.bracket(TEXT, at - 1, at + 4) == "States should [act] and should report."


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (5, 5, "not in the text"),
        (0, 999, "not in the text"),
        (6, 7, "Give the passage"),
    ],
)
def test_a_selection_outside_the_text_or_of_spaces_only_is_refused(start, end, message):
    with pytest.raises(BracketError, match=message):
        brackets.bracket(TEXT, start, end)


def test_a_passage_inside_or_across_brackets_is_refused():
    text = "States [should act] and report."
    with pytest.raises(BracketError, match="already in brackets"):
        brackets.bracket(text, text.index("act"), text.index("act") + 3)
    with pytest.raises(BracketError, match="square bracket"):
        brackets.bracket(text, 0, text.index("act"))


def test_a_typed_passage_must_occur_once():
    assert brackets.locate(TEXT, " act ") == (14, 17)
    with pytest.raises(BracketError, match="more than once"):
        brackets.locate(TEXT, "should")
    with pytest.raises(BracketError, match="not in the text"):
        brackets.locate(TEXT, "must")


def test_short_alternatives_are_written_one_after_the_other():
    assert brackets.alternatives_text(["shall", "should"]) == "[shall][should]"
    assert brackets.alternatives_text(["a" * brackets.SHORT_ALTERNATIVE, "b"]) == f"[{'a' * 30}][b]"


def test_as_soon_as_one_alternative_is_long_all_are_numbered_options():
    long = "establish a new intergovernmental body for these matters"
    assert brackets.alternatives_text(["shall", long]) == f"[Option 1: shall] [Option 2: {long}]"


@pytest.mark.parametrize(
    ("alternatives", "message"),
    [(["shall"], "two alternatives"), (["shall", " "], "two alternatives"), (["shall", "shall"], "the same"),
     (["shall", "[should]"], "square bracket")],
)  # fmt: skip
def test_alternatives_that_cannot_be_written_are_refused(alternatives, message):
    with pytest.raises(BracketError, match=message):
        brackets.alternatives_text(alternatives)


def test_alternatives_are_found_as_one_group_and_lone_brackets_alone():
    text = "States [shall][should] act, [soon] [Option 1: alone] [Option 2: with others]."
    found = brackets.groups(text)
    assert [g.texts for g in found] == [("shall", "should"), ("soon",), ("alone", "with others")]
    assert [g.is_alternatives for g in found] == [True, False, True]
    assert text[found[2].start : found[2].end] == "[Option 1: alone] [Option 2: with others]"


def test_two_bracketed_passages_with_a_space_between_are_no_alternatives():
    assert [g.texts for g in brackets.groups("[the] [member states]")] == [("the",), ("member states",)]


def test_a_passage_is_replaced_by_its_alternatives_and_a_lone_bracketed_one_brackets_and_all():
    at = TEXT.index("should")
    assert brackets.write_alternatives(TEXT, at, at + 6, ["shall", "should"]) == (
        "States [shall][should] act and should report.",
        at,
    )
    text = "States [should] act."
    for start, end in ((7, 15), (8, 14)):
        assert brackets.write_alternatives(text, start, end, ["shall", "may"])[0] == "States [shall][may] act."
    with pytest.raises(BracketError, match="overlaps"):
        brackets.write_alternatives("States [shall][may] act.", 8, 13, ["must", "will"])


def test_removing_brackets_takes_them_from_one_passage_or_all_but_never_from_alternatives():
    text = "[States] should [act] now."
    assert brackets.remove_brackets(text, text.index("[act]")) == ("[States] should act now.", "act")
    assert brackets.remove_all(text) == "States should act now."
    with pytest.raises(BracketError, match="choose the one to keep"):
        brackets.remove_brackets("States [shall][should] act.", 7)
    with pytest.raises(BracketError, match="alternatives"):
        brackets.remove_all("[States] [shall][should] act.")
    with pytest.raises(BracketError, match="no brackets"):
        brackets.remove_all("States act.")
    with pytest.raises(BracketError, match="no longer in the text"):
        brackets.remove_brackets(text, 3)


def test_keeping_an_alternative_writes_it_without_brackets():
    text = "States [Option 1: shall act] [Option 2: should act alone] now."
    kept, group = brackets.keep_alternative(text, 7, 1)
    assert kept == "States should act alone now."
    assert group.texts == ("shall act", "should act alone")
    with pytest.raises(BracketError, match="no longer in the text"):
        brackets.keep_alternative(text, 7, 2)
    with pytest.raises(BracketError, match="no alternatives"):
        brackets.keep_alternative("[States] act.", 0, 0)


def test_segments_cover_the_text_and_name_the_proposers_of_recorded_alternatives():
    text = "States [shall][should] act [now]."
    parts = brackets.segments(text, [Attribution(("shall", "should"), (("Japan",), ("Brazil", "Egypt")))])
    assert "".join(text[p.start : p.end] for p in parts) == text
    assert [(p.kind, text[p.start : p.end], p.proposers) for p in parts] == [
        ("text", "States ", ()),
        ("alternative", "[shall]", ("Japan",)),
        ("alternative", "[should]", ("Brazil", "Egypt")),
        ("text", " act ", ()),
        ("bracketed", "[now]", ()),
        ("text", ".", ()),
    ]


def test_alternatives_with_other_texts_than_those_recorded_are_shown_without_names():
    parts = brackets.segments("[shall][may]", [Attribution(("shall", "should"), (("Japan",), ("Brazil",)))])
    assert [p.proposers for p in parts] == [(), ()]


def test_rendering_escapes_every_segment_and_labels_each_alternative_with_its_proposers():
    text = "A <b> [shall][should] & [x<y]."
    parts = brackets.segments(text, [Attribution(("shall", "should"), (("Côte d'Ivoire",), ()))])
    html = rendering.bracketed_html(text, parts)
    assert html == (
        "A &lt;b&gt; "
        '<span class="alternative alternative--0" title="Proposed by Côte d&#x27;Ivoire">[shall]</span>'
        '<small class="alternative__by">Côte d&#x27;Ivoire</small>'
        '<span class="alternative alternative--0">[should]</span>'
        ' &amp; <span class="bracketed">[x&lt;y]</span>.'
    )


def test_footnote_marks_go_after_their_offset_inside_or_outside_the_brackets():
    text = "One [two three] four"
    marks = [(len("One [two"), "<sup>1</sup>"), (len("One [two three]"), "<sup>2</sup>"), (len(text), "<sup>3</sup>")]
    html = rendering.bracketed_html(text, brackets.segments(text), marks)
    assert html == 'One <span class="bracketed">[two<sup>1</sup> three]</span><sup>2</sup> four<sup>3</sup>'


def test_with_brackets_marks_lone_passages_and_alternatives_and_keeps_line_breaks():
    assert rendering.with_brackets("a\n[b][c]") == (
        'a<br><span class="alternative alternative--0">[b]</span><span class="alternative alternative--0">[c]</span>'
    )
