"""The paragraph-start rules of splitting, one by one: each where it decides, and where it must stay out.

A rule answers True (a new paragraph starts at the second line), False (the paragraph goes on) or None
(no opinion: the next rule in PARAGRAPH_RULES is asked). Plain pytest, no database.
"""

from __future__ import annotations

import pytest

from amendments.importers import splitting_rules as rules
from amendments.importers.splitting import split_revised_text
from amendments.importers.splitting_lines import Layout, Line

WRAPPED = Layout(width=60, wrapped=True, double_spaced=False)
DOUBLE_SPACED = Layout(width=60, wrapped=True, double_spaced=True)
ONE_PER_LINE = Layout(width=200, wrapped=False, double_spaced=False)
FULL = "The Working Group discussed the proposals of its members in"  # 59 characters: a full line


def junction(
    prev: str | Line,
    nxt: str | Line,
    *,
    layout: Layout = WRAPPED,
    after: str | None = None,
    gap: int = 0,
    after_break: bool = False,
) -> rules.Junction:
    first = prev if isinstance(prev, Line) else Line.parse(prev)
    second = nxt if isinstance(nxt, Line) else Line.parse(nxt)
    second.gap, second.after_break = gap, after_break
    return rules.Junction(first, second, [first], Line.parse(after) if after else None, layout)


def test_every_rule_has_a_name_and_says_why():
    assert len({rule.__name__ for rule in rules.PARAGRAPH_RULES}) == len(rules.PARAGRAPH_RULES)
    assert all(rule.__doc__ and len(rule.__doc__.split()) >= 8 for rule in rules.PARAGRAPH_RULES)


def test_the_last_rule_always_answers():
    last = rules.PARAGRAPH_RULES[-1]
    assert last(junction(FULL, "the rest of the sentence.")) is False
    assert last(junction("Transparency", "Institutions should reach out.")) is True


def test_heading_stands_alone_fires_after_a_title():
    title = Line.parse("Introduction", heading=True)
    assert rules.heading_stands_alone(junction(title, "the text goes on")) is True
    assert rules.heading_stands_alone(junction("The Group met", Line.parse("Summary", heading=True))) is True


def test_heading_stands_alone_stays_out_between_plain_lines():
    assert rules.heading_stands_alone(junction("Introduction", "The Group met.")) is None


def test_lone_number_waits_for_its_text_on_the_next_line():
    assert rules.lone_number_waits_for_its_text(junction("15.", "The Group agreed.")) is False
    assert rules.lone_number_waits_for_its_text(junction("15.", "16. The Group agreed.")) is True


def test_lone_number_waits_for_its_text_stays_out_when_the_number_has_text():
    assert rules.lone_number_waits_for_its_text(junction("15. The Group", "agreed.")) is None


def test_hyphenated_word_goes_on_across_the_break():
    assert rules.hyphenated_word_goes_on(junction("the develop-", "ment of policy")) is False


def test_hyphenated_word_goes_on_stays_out_without_a_hyphen_or_before_a_bullet():
    assert rules.hyphenated_word_goes_on(junction("the development", "of policy")) is None
    assert rules.hyphenated_word_goes_on(junction("the develop-", "• Capacity building")) is None


def test_bullet_starts_item_for_a_symbol_bullet_and_a_markdown_item():
    assert rules.bullet_starts_item(junction(FULL, "• Capacity building")) is True
    assert rules.bullet_starts_item(junction(FULL, Line.parse("capacity", md_list=0))) is True


def test_bullet_starts_item_stays_out_for_plain_text():
    assert rules.bullet_starts_item(junction(FULL, "capacity building")) is None


def test_number_starts_paragraph_when_the_number_would_not_have_fitted_after_a_sentence():
    assert rules.number_starts_paragraph(junction("The Group met.", "16. The Group agreed.")) is True
    assert rules.number_starts_paragraph(junction(FULL + ".", "(a) The first item")) is True


def test_number_starts_paragraph_refuses_a_number_that_completes_a_reference():
    prev = "The Working Group took note of the text in paragraph"  # a full line for this junction
    j = rules.Junction(Line.parse(prev), Line.parse("15. The Group"), [Line.parse(prev)], None, Layout(50, True, False))
    assert rules.number_starts_paragraph(j) is False


def test_number_starts_paragraph_takes_a_bare_number_only_after_a_full_stop():
    assert rules.number_starts_paragraph(junction(FULL, "22 Member States agreed")) is False
    assert rules.number_starts_paragraph(junction(FULL + ".", "22 Member States agreed")) is True


def test_number_starts_paragraph_stays_out_without_a_number():
    assert rules.number_starts_paragraph(junction("The Group met.", "The Group agreed.")) is None


def test_dash_after_list_opens_item_after_a_list_introduction_or_an_item():
    assert rules.dash_after_list_opens_item(junction("The Group agreed on the following:", "- to meet")) is True
    assert rules.dash_after_list_opens_item(junction("- to meet again", "- to report")) is True


def test_dash_after_list_opens_item_stays_out_mid_sentence():
    assert rules.dash_after_list_opens_item(junction("The Group agreed on the text", "- to meet")) is None


def test_page_break_cuts_sentence_keeps_a_cut_sentence_together():
    assert rules.page_break_cuts_sentence(junction("the Group agreed that", "the text", after_break=True)) is False


def test_page_break_cuts_sentence_stays_out_after_a_sentence_end_or_without_a_break():
    assert rules.page_break_cuts_sentence(junction("The Group met.", "It agreed.", after_break=True)) is None
    assert rules.page_break_cuts_sentence(junction("the Group agreed that", "the text")) is None


def test_blank_line_ends_paragraph_unless_it_cuts_a_full_line_from_lowercase():
    assert rules.blank_line_ends_paragraph(junction("The Group met.", "It agreed.", gap=1)) is True
    assert rules.blank_line_ends_paragraph(junction(FULL, "the rest of it.", gap=1)) is False


def test_blank_line_ends_paragraph_stays_out_in_double_spaced_text_and_next_to_a_break():
    assert (
        rules.blank_line_ends_paragraph(junction("The Group met.", "It agreed.", gap=1, layout=DOUBLE_SPACED)) is None
    )
    assert rules.blank_line_ends_paragraph(junction("The Group met.", "It agreed.", gap=1, after_break=True)) is None
    assert rules.blank_line_ends_paragraph(junction("The Group met.", "It agreed.")) is None


def test_comma_goes_on_after_a_comma():
    assert rules.comma_goes_on(junction("In 2016,", "The Group met.")) is False


def test_comma_goes_on_stays_out_without_one():
    assert rules.comma_goes_on(junction("In 2016", "The Group met.")) is None


def test_unwrapped_line_is_paragraph_in_text_with_one_paragraph_per_line():
    assert rules.unwrapped_line_is_paragraph(junction("The Group met.", "It agreed.", layout=ONE_PER_LINE)) is True
    assert rules.unwrapped_line_is_paragraph(junction("The Group met on", "the day.", layout=ONE_PER_LINE)) is False


def test_unwrapped_line_is_paragraph_stays_out_of_wrapped_text():
    assert rules.unwrapped_line_is_paragraph(junction("The Group met.", "It agreed.")) is None


def test_sentence_end_on_short_line_ends_the_paragraph():
    assert rules.sentence_end_on_short_line(junction("The Group met.", "It agreed on the text.")) is True
    # A short line without final punctuation before a numbered paragraph is a title.
    assert rules.sentence_end_on_short_line(junction(FULL + ".", "Recommendations", after="1. The Group")) is True


def test_sentence_end_on_short_line_goes_on_after_a_full_line_and_stays_out_mid_sentence():
    assert rules.sentence_end_on_short_line(junction(FULL + ".", "It agreed on the rest of the text.")) is False
    assert rules.sentence_end_on_short_line(junction("The Group met on", "the day.")) is None


def test_short_line_before_capital_is_a_title_or_an_item():
    assert rules.short_line_before_capital(junction("Transparency", "Institutions should reach out.")) is True


def test_short_line_before_capital_goes_on_after_a_full_line_or_before_lowercase():
    assert rules.short_line_before_capital(junction(FULL, "Institutions should reach out.")) is False
    assert rules.short_line_before_capital(junction("Transparency", "institutions should reach out.")) is False


@pytest.mark.parametrize(
    ("prev", "nxt", "rule"),
    [
        (Line.parse("Introduction", heading=True), "The Group met.", "heading_stands_alone"),
        ("the develop-", "ment of policy", "hyphenated_word_goes_on"),
        ("In 2016,", "The Group met.", "comma_goes_on"),
        ("Transparency", "Institutions should reach out.", "short_line_before_capital"),
    ],
)
def test_rules_are_asked_in_order_and_the_first_with_an_opinion_decides(prev, nxt, rule):
    assert rules.deciding_rule(junction(prev, nxt))[0] == rule


def test_the_rules_split_a_wrapped_text():
    raw = f"{FULL}\nthe last session.\n\nRecommendations\n1. The Group agreed on the following:\n- to meet\n- to report"
    assert [(p.number, p.text) for p in split_revised_text(raw)] == [
        ("", f"{FULL} the last session."),
        ("", "Recommendations"),
        ("1", "The Group agreed on the following:"),
        ("", "to meet"),
        ("", "to report"),
    ]
