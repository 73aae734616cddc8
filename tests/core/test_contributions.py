"""The Russian Federation's written contributions of 2017: front matter, sections and paragraphs in order,
read from a Word conversion and from a scan, and written back word for word."""

import datetime
from pathlib import Path

import pytest

from amendments.core.contributions import Paragraph, read_contribution, write_contribution_text
from amendments.core.rolling_document_text import compare_words

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
THIRD_TEXT = (DATA / "seed_000_contribution_russia_2017-04.txt").read_text(encoding="utf-8")
FOURTH_TEXT = (DATA / "seed_001_contribution_russia_4th_meeting.txt").read_text(encoding="utf-8")
THIRD = read_contribution(THIRD_TEXT)  # to the 3rd meeting, from Word
FOURTH = read_contribution(FOURTH_TEXT)  # to the 4th meeting, scanned


def test_the_front_matter_of_the_contribution_to_the_third_meeting():
    assert THIRD.masthead == (
        "UNITED NATIONS COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT",
        "Working Group on Enhanced Cooperation",
    )
    assert THIRD.title == (
        'Amendments/additional recommendations to document "Compilation of recommendations contained in '
        "contributions from WGEC members and Observers to the two guiding questions agreed during the first "
        'meeting of the WGEC"'
    )
    assert THIRD.submitted_by == "RUSSIAN FEDERATION"
    assert THIRD.disclaimer.startswith("The views presented here are the contributors' and do not necessarily")
    assert THIRD.addressee == "CSTD Secretariat"
    assert THIRD.header_value("To") == "stdev@unctad.org"
    assert THIRD.header_value("From") == "Russian Federation"
    assert THIRD.date == datetime.date(2017, 4, 4)
    assert THIRD.header_value("Subject") == (
        "The contributions of the Russian Federation to 3rd meeting of CSTD Working Group on Enhanced Cooperation"
    )


def test_the_sections_of_the_third_meeting_contribution_in_order():
    assert [(section.number, section.title, len(section.paragraphs)) for section in THIRD.sections] == [
        ("I", "Background", 11),
        ("II", "Format of Enhanced cooperation", 4),
        ("III", "Scope and Focus areas of Enhanced cooperation", 4),
        ("IV", "High level characteristics of Enhanced cooperation (TBD)", 0),
        ("V", "International organizations to be involved to Enhanced cooperation", 8),
        ("VI", "Recommendations", 4),
    ]


def test_paragraphs_items_and_table_rows_of_the_third_meeting_contribution():
    background = THIRD.sections[0].paragraphs
    assert background[0].kind == "paragraph"
    assert background[0].text.startswith("The Tunis Agenda in § 69 *recognized the need for **enhanced cooperation**")
    assert [(paragraph.kind, paragraph.label) for paragraph in background[3:5]] == [("item", "a)"), ("item", "d)")]
    assert [paragraph.label for paragraph in background[-2:]] == ["64.", "65."]
    header_row = THIRD.sections[1].paragraphs[1]
    assert (header_row.kind, header_row.cells) == (
        "row",
        ("Format", "Entity", "Role of governments", "Role of stakeholders"),
    )
    recommendations = THIRD.sections[-1].paragraphs
    assert {(paragraph.kind, paragraph.label) for paragraph in recommendations} == {("item", "-")}
    assert recommendations[-1].text.endswith(
        "continuation of Enhanced cooperation in international public policy issues pertaining to the Internet."
    )


def test_the_scanned_contribution_has_a_title_and_no_header():
    assert FOURTH.title == "The contribution to the 4th meeting of CSTD Working Group on Enhanced Cooperation"
    assert (FOURTH.masthead, FOURTH.submitted_by, FOURTH.disclaimer, FOURTH.header) == ((), "", "", ())
    assert (FOURTH.addressee, FOURTH.date) == ("", None)


def test_the_scanners_roman_numerals_are_read():
    assert [(section.number_as_printed, section.number, section.title) for section in FOURTH.sections] == [
        ("|", "I", "Introduction"),
        ("Il", "II", "Draft structure of the Report"),
        ("111", "III", "Proposals to the Report"),
    ]


def test_the_scanned_lines_are_unwrapped_into_paragraphs():
    introduction = FOURTH.sections[0].paragraphs
    assert len(introduction) == 1
    assert introduction[0].text.startswith(
        "The forth meeting of CSTD Working Group on Enhanced Cooperation is the critical"
    )
    assert introduction[0].text.endswith('shall be as one of the outcomes of 4" meeting.')
    last = FOURTH.sections[-1].paragraphs[-1]
    assert last == Paragraph(
        "paragraph",
        "If found appropriate to begin with a committee or an open working group, the comparative advantages and "
        "appropriateness of its hosting in an appropriate UN organization like UNGA, ITU, CSTD, etc. should be "
        "discussed.",
    )


def test_the_scanners_bullets_are_items_and_its_short_lines_stay_apart():
    proposals = FOURTH.sections[-1].paragraphs
    start = next(index for index, paragraph in enumerate(proposals) if paragraph.label == "2.3")
    assert [(paragraph.kind, paragraph.label, paragraph.text) for paragraph in proposals[start : start + 9]] == [
        ("heading", "2.3", "High level characteristics of Enhanced cooperation"),
        ("item", "e", "Equal footing"),
        ("item", "e", "Transparent"),
        ("item", "e", "Inclusive"),
        ("paragraph", "", "Collaborative"),
        ("paragraph", "", "Effectiveness/goal oriented"),
        ("paragraph", "", "Responsive to innovation"),
        ("paragraph", "", "International"),
        ("paragraph", "", "Sustainability of cooperation"),
    ]


def test_a_label_printed_without_a_space_keeps_it_so():
    structure = FOURTH.sections[1].paragraphs
    assert (structure[3].label, structure[3].separator, structure[3].text) == (
        "2.1.",
        "",
        "Scope and Focus areas of Enhanced cooperation",
    )


@pytest.mark.parametrize(("name", "text", "compared"), [("third", THIRD_TEXT, 1100), ("fourth", FOURTH_TEXT, 1326)])
def test_a_contribution_written_back_has_every_word_in_order(name, text, compared, capsys):
    contribution = read_contribution(text)
    assert contribution.unplaced == ()
    comparison = compare_words(text, write_contribution_text(contribution))
    with capsys.disabled():
        print(f"\ncontribution ({name}): {comparison.compared} words compared, {comparison.differing} differing")
    assert (comparison.compared, comparison.differences) == (compared, ())


def test_a_second_title_is_unplaced_not_dropped():
    text = THIRD_TEXT.replace("Submitted by", "A second title\n\nSubmitted by", 1)
    contribution = read_contribution(text)
    assert contribution.unplaced == ("A second title",)
    assert "A second title" in write_contribution_text(contribution)
