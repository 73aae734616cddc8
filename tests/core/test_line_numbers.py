"""Line numbers: a paragraph in fixed lines numbered from 1, and the lines a change touches."""

import pytest

from amendments.core import brackets, rendering
from amendments.core.line_numbers import (
    LINE_LENGTH,
    changed_lines,
    describe,
    lines_touched,
    numbered_lines_text,
    wrap,
)
from amendments.core.textdiff import diff

TEXT = "The Working Group recommends that governments and stakeholders cooperate closely."  # 82 characters


def texts(text, width=LINE_LENGTH):
    return [(line.number, line.text) for line in wrap(text, width)]


def test_lines_are_eighty_characters_at_most_and_break_at_spaces():
    assert texts(TEXT) == [
        (1, "The Working Group recommends that governments and stakeholders cooperate"),
        (2, "closely."),
    ]
    assert all(len(line.text) <= LINE_LENGTH for line in wrap(TEXT * 5))


def test_each_line_is_the_text_between_its_offsets():
    for line in wrap(TEXT * 3):
        assert (TEXT * 3)[line.start : line.end] == line.text


def test_a_short_text_is_one_line():
    assert texts("Short.") == [(1, "Short.")]


def test_a_line_of_exactly_the_width_stays_one_line():
    assert texts("aaaa bbbb", width=9) == [(1, "aaaa bbbb")]
    assert texts("aaaa bbbbb", width=9) == [(1, "aaaa"), (2, "bbbbb")]


def test_an_empty_text_has_no_lines():
    assert wrap("") == []
    assert wrap("   ") == []
    assert lines_touched("", 0, 0) is None


def test_a_word_longer_than_a_line_is_cut_into_pieces_of_a_line():
    assert texts("see https://example.org/a/very/long/path now", width=10) == [
        (1, "see"),
        (2, "https://ex"),
        (3, "ample.org/"),
        (4, "a/very/lon"),
        (5, "g/path now"),
    ]


def test_a_line_break_in_the_text_ends_a_line():
    assert texts("First part:\nsecond part.") == [(1, "First part:"), (2, "second part.")]
    assert texts("One.\n\nTwo.") == [(1, "One."), (2, ""), (3, "Two.")]


def test_a_range_touches_the_lines_it_overlaps():
    text = "aaaa bbbb cccc dddd"  # width 9: "aaaa bbbb" / "cccc dddd"
    assert lines_touched(text, 0, 4, width=9) == (1, 1)
    assert lines_touched(text, 5, 14, width=9) == (1, 2)  # "bbbb cccc": a deletion across the break
    assert lines_touched(text, 10, 19, width=9) == (2, 2)


def test_the_space_at_a_break_belongs_to_the_line_before():
    text = "aaaa bbbb cccc dddd"
    assert lines_touched(text, 9, 10, width=9) == (1, 1)


def test_an_insertion_touches_the_line_where_it_stands():
    text = "aaaa bbbb cccc dddd"
    assert lines_touched(text, 7, 7, width=9) == (1, 1)
    assert lines_touched(text, 10, 10, width=9) == (2, 2)  # before "cccc", the first word of line 2
    assert lines_touched(text, 19, 19, width=9) == (2, 2)  # at the very end


def test_a_change_at_the_last_character():
    text = "aaaa bbbb cccc dddd"
    assert lines_touched(text, 18, 19, width=9) == (2, 2)


def test_a_range_outside_the_text_is_refused():
    with pytest.raises(ValueError):
        lines_touched("abc", 2, 5)


def test_the_lines_a_diff_changes_are_those_of_its_base_text():
    base = "The Working Group recommends that governments and stakeholders cooperate closely."
    proposal = "The Working Group recommends that governments and stakeholders cooperate very closely."
    assert changed_lines(diff(base, proposal)) == (2, 2)
    assert changed_lines(diff(base, base.replace("Working", "Drafting"))) == (1, 1)
    assert changed_lines(diff(base, base.replace("cooperate closely", "work"))) == (1, 2)


def test_deleting_the_whole_paragraph_touches_all_its_lines():
    assert changed_lines(diff(TEXT * 3, "")) == (1, len(wrap(TEXT * 3)))


def test_a_new_paragraph_touches_no_line_and_an_unchanged_one_none():
    assert changed_lines(diff("", "A new paragraph.")) is None
    assert changed_lines(diff(TEXT, TEXT)) is None


def test_the_lines_as_a_card_names_them():
    assert describe((3, 3)) == "line 3"
    assert describe((3, 5)) == "lines 3–5"
    assert describe(None) == ""


def test_numbered_lines_as_html_keep_footnote_marks_and_brackets():
    text = "aaaa [bbbb cccc] dddd"
    html = rendering.numbered_lines_html(text, brackets.segments(text), wrap(text, width=10), [(4, "<sup>1</sup>")])
    assert html == (
        '<span class="line"><span class="line__number" aria-hidden="true">1</span>'
        '<span class="line__text">aaaa<sup>1</sup> <span class="bracketed">[bbbb</span></span></span>'
        '<span class="line"><span class="line__number" aria-hidden="true">2</span>'
        '<span class="line__text"><span class="bracketed">cccc]</span> dddd</span></span>'
    )


def test_numbered_lines_as_html_escape_the_text():
    text = "a <b> & c"
    assert "&lt;b&gt; &amp; c" in rendering.numbered_lines_html(text, brackets.segments(text), wrap(text))


# -- Reading a line-numbered print back --------------------------------------------------------------------

PRINTED = """Introduction

1 1. The Working Group recommends that governments and stakeholders cooperate
2 closely.
1 2. Short paragraph.
1 3. Another one that
2 runs over
3 three lines.
"""


def test_numbers_are_taken_off_and_each_paragraph_is_one_line():
    assert numbered_lines_text(PRINTED) == (
        "Introduction\n\n"
        "\n1. The Working Group recommends that governments and stakeholders cooperate closely.\n\n"
        "\n2. Short paragraph.\n\n"
        "\n3. Another one that runs over three lines.\n\n"
    )


def test_a_hanging_paragraph_number_read_apart_from_its_text_rejoins_it():
    printed = "Introduction\n1.\n\n1 The Working Group\n2 recommends.\n2 bis.\n1 Another.\n"
    assert numbered_lines_text(printed) == (
        "Introduction\n\n\n1. The Working Group recommends.\n\n\n2 bis. Another.\n\n"
    )


def test_a_hanging_paragraph_number_on_the_first_line_stays_with_it():
    printed = "1.         1 The Working Group\n           2 recommends.\n(a)  1 Another.\n"
    assert numbered_lines_text(printed) == "\n1. The Working Group recommends.\n\n\n(a) Another.\n\n"


def test_a_paragraph_cut_by_a_page_break_goes_on():
    printed = "1 One that\n2 runs on\n\f\nHeader\n3 after the page.\n1 Next.\n"
    assert numbered_lines_text(printed) == "\nOne that runs on after the page.\n\n\f\nHeader\n\nNext.\n\n"


def test_a_footnote_is_not_taken_for_a_line():
    printed = "1 One that\n2 runs on\n1 See the report.\n3 after it.\n1 Next.\n"
    text = numbered_lines_text(printed, notes=[("1", "See the report.")])
    assert text == "\nOne that runs on after it.\n\n1 See the report.\n\nNext.\n\n"


def test_a_word_cut_at_a_line_end_is_joined_again():
    printed = "1 see\n2 https://ex\n3 ample.org\n1 Next.\n"
    assert "see https://example.org" in numbered_lines_text(printed, width=10)


def test_text_without_that_layout_is_left_as_it_is():
    plain = "1. The Working Group\nrecommends.\n2 bis. Another.\n2017 was a year.\n"
    assert numbered_lines_text(plain) == plain
    assert numbered_lines_text("") == ""
