"""Search matches found again in a text: the words of a query, the matches as segments, and the short
excerpt a result shows."""

from amendments.core.highlight import MAX_TERM_LENGTH, MAX_TERMS, excerpt, highlight, search_terms, stem


def test_the_words_of_a_query_are_lower_case_each_once_without_operators_or_excluded_words():
    assert search_terms('Enhanced  "cooperation" OR enhanced -draft internet-governance') == [
        "enhanced",
        "cooperation",
        "internet",
        "governance",
    ]


def test_an_empty_or_blank_query_has_no_words():
    assert search_terms("") == []
    assert search_terms("  \t ") == []
    assert search_terms("!!! ---") == []


def test_a_very_long_query_keeps_a_few_short_words():
    terms = search_terms(" ".join(f"word{n}" for n in range(1000)) + " " + "x" * 10_000)
    assert len(terms) == MAX_TERMS
    assert all(len(t) <= MAX_TERM_LENGTH for t in search_terms("y" * 10_000))


def test_stems_drop_one_common_ending_but_keep_four_letters():
    assert stem("recommendations") == "recommend"
    assert stem("cooperation") == "cooper"
    assert stem("uses") == "uses"
    assert stem("ict") == "ict"


def test_matches_are_marked_whatever_their_case_and_the_text_comes_back_whole():
    text = "Enhanced cooperation and ENHANCED dialogue."
    segments = highlight(text, ["enhanced"])
    assert segments == [(True, "Enhanced"), (False, " cooperation and "), (True, "ENHANCED"), (False, " dialogue.")]
    assert "".join(part for _, part in segments) == text


def test_a_word_sharing_the_stem_of_a_term_is_marked_whole():
    assert highlight("They recommended it.", ["recommendations"]) == [
        (False, "They "),
        (True, "recommended"),
        (False, " it."),
    ]


def test_a_term_inside_a_word_is_marked_as_a_contains_search_finds_it():
    assert highlight("cooperation", ["operat"]) == [(False, "co"), (True, "operat"), (False, "ion")]


def test_no_terms_or_no_match_leave_the_text_unmarked():
    assert highlight("Some text.", []) == [(False, "Some text.")]
    assert highlight("Some text.", ["absent"]) == [(False, "Some text.")]
    assert highlight("", ["absent"]) == []


def test_html_in_the_text_is_returned_as_text_for_the_page_to_escape():
    assert highlight("<b>bold</b> claim", ["bold"]) == [(False, "<b>"), (True, "bold"), (False, "</b> claim")]


def test_a_short_text_is_its_own_excerpt():
    assert excerpt("A short   text\nabout ICTs.", ["icts"]) == [
        (False, "A short text about "),
        (True, "ICTs"),
        (False, "."),
    ]


def test_a_long_text_is_cut_around_its_first_match_at_spaces():
    text = " ".join(f"w{n}" for n in range(200)) + " needle " + " ".join(f"v{n}" for n in range(200))
    segments = excerpt(text, ["needle"], length=60)
    joined = "".join(part for _, part in segments)
    assert (True, "needle") in segments
    assert joined.startswith("… w") and joined.endswith(" …")
    assert len(joined) <= 60 + 4
    assert all(word in text.split() for word in joined.strip("… ").split())


def test_a_match_at_the_start_keeps_the_start_and_cuts_the_end():
    text = "Needle " + "hay " * 200
    joined = "".join(part for _, part in excerpt(text, ["needle"], length=40))
    assert joined.startswith("Needle hay")
    assert joined.endswith(" …")


def test_a_long_text_without_a_match_shows_its_start():
    text = "Start " + "hay " * 200
    segments = excerpt(text, ["needle"], length=40)
    assert segments[0] == (False, segments[0][1])
    assert "".join(part for _, part in segments).startswith("Start hay")
    assert not any(matched for matched, _ in segments)
