"""The words a comment is on, found in the text and cut out of it as highlighted pieces; and the
highlights rendered within brackets and footnote marks, always properly nested."""

from amendments.core import anchors, brackets, rendering

TEXT = "Enhanced cooperation should  support the\nwork of existing forums."


def test_words_are_found_at_their_first_occurrence_whatever_the_whitespace_between_them():
    assert anchors.locate(TEXT, "should support the work") == (21, 45)
    assert TEXT[21:45] == "should  support the\nwork"
    assert anchors.locate("a b a b", "a b") == (0, 3)


def test_words_not_in_the_text_or_none_at_all_are_not_found():
    assert anchors.locate(TEXT, "should support them all") is None
    assert anchors.locate(TEXT, "Cooperation") is None  # the case is the text's own
    assert anchors.locate(TEXT, "   ") is None
    assert anchors.locate(TEXT, "forums. (") is None  # a pattern's characters are plain characters


def test_normalise_makes_every_run_of_whitespace_one_space():
    assert anchors.normalise("  should\n\tsupport  the ") == "should support the"


def test_segments_cover_the_whole_text_with_the_anchors_on_each_stretch():
    assert anchors.segments("one two three four", ["two three", "three four", "five"]) == [
        ((), "one "),
        ((0,), "two "),
        ((0, 1), "three"),
        ((1,), " four"),
    ]


def test_two_comments_on_the_same_words_share_their_piece():
    assert anchors.pieces("one two three", ["two", "two"]) == [
        anchors.Piece(0, 4, ()),
        anchors.Piece(4, 7, (0, 1)),
        anchors.Piece(7, 13, ()),
    ]


def test_no_anchors_leave_the_text_one_plain_piece_and_no_text_no_piece():
    assert anchors.segments(TEXT, []) == [((), TEXT)]
    assert anchors.pieces("", ["word"]) == []


def _highlight(text, words):
    start, end = anchors.locate(text, words)
    return rendering.Highlight(start, end, '<mark id="m">', "<mark>")


def test_a_highlight_is_escaped_and_marked_once_when_nothing_cuts_it():
    text = "Keep <this> & that."
    html = rendering.bracketed_html(text, brackets.segments(text), highlights=[_highlight(text, "<this> &")])
    assert html == 'Keep <mark id="m">&lt;this&gt; &amp;</mark> that.'


def test_a_highlight_across_a_bracket_or_a_footnote_mark_is_cut_into_nested_pieces():
    text = "The [shall] work of forums."
    parts = brackets.segments(text)
    marks = [(text.index(" of"), "<sup>1</sup>")]
    html = rendering.bracketed_html(text, parts, marks, [_highlight(text, "The [shall] work of")])
    assert html == (
        '<mark id="m">The </mark><span class="bracketed"><mark>[shall]</mark></span>'
        "<mark> work</mark><sup>1</sup><mark> of</mark> forums."
    )
