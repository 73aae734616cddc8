"""The rolling document of draft recommendations (WGEC 2013–14): its groups, sources, items, footnotes
and annexes read from the secretariat's text, checked against its own table of contents, and written
back word for word."""

import datetime
from pathlib import Path

import pytest

from amendments.core.rolling_document import (
    Footnote,
    Item,
    TocEntry,
    read_rolling_document,
    read_source_heading,
    strip_marks,
)
from amendments.core.rolling_document_text import compare_words, normalise_words, write_text

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_004_rolling_document.txt"
TEXT = SEED.read_text(encoding="utf-8")
DOCUMENT = read_rolling_document(TEXT)
GROUPS = {group.key: group for group in DOCUMENT.groups}


def test_the_title_block_joins_the_masthead_split_over_lines():
    assert DOCUMENT.title_lines == (
        "UNITED NATIONS",
        "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT",
        "Working Group on Enhanced Cooperation",
        "Proposals of Draft Recommendations",
        "Rolling Document",
    )


def test_the_abstract_has_its_paragraphs_and_both_footnotes_on_the_first():
    abstract = DOCUMENT.abstract
    assert abstract.paragraphs[0].startswith("This rolling document consolidates")
    assert abstract.paragraphs[1:] == (
        "- a. Implementation of the Tunis Agenda (Questions 2 and 3);",
        "- b. Public policy issue and possible mechanisms (Questions 4, 8 and 9);",
        "- c. Role of stakeholders (Questions 5, 6, 7, 14 and 17);",
        "- d. Developing countries (Questions 10 and 15);",
        "- e. Barriers for participation in enhanced cooperation (Questions 11, 12, 13 and 16).",
    )
    assert [(note.mark, note.item) for note in abstract.footnotes] == [("¹", 0), ("²", 0)]
    assert (
        abstract.footnotes[0].text
        == "The message sent by the Chair of the WGEC is available in Annex 1 of this document."
    )


def test_the_table_of_contents_has_levels_texts_and_pages_without_dot_leaders():
    toc = DOCUMENT.toc
    assert len(toc) == 28
    assert toc[0] == TocEntry(0, "GROUP A: Implementation of the Tunis Agenda (Questions 2 and 3)", 5)
    assert toc[2] == TocEntry(1, "2. Draft recommendations submitted by Japan (7 February 2014)", 5)
    assert toc[-1] == TocEntry(
        0, "ANNEX 2: Questionnaire of the UN Commission on Science and Technology for Development (WGEC)", 21
    )
    assert not any(".." in entry.text for entry in toc)
    assert [entry.page for entry in toc] == sorted(entry.page for entry in toc)


def test_six_groups_in_the_chairs_order():
    assert [group.key for group in DOCUMENT.groups] == ["A", "B", "C", "D", "E", "uncategorized"]
    assert GROUPS["C"].heading == "GROUP C: Role of stakeholders (Questions 5, 6, 7, 14 and 17)"
    assert GROUPS["uncategorized"].heading == "Recommendations which could not be categorized"


def test_the_sources_per_group_and_who_they_stand_for():
    doria = ("Avri Doria", "Grace Githaiga", "Lea Kaspar", "Joy Liddicoat")
    russia, japan = ("Russian Federation",), ("Japan",)
    assert {key: [source.members for source in group.sources] for key, group in GROUPS.items()} == {
        "A": [russia, japan, doria],
        "B": [russia, japan, doria],
        "C": [("Jimson Olufuye",), russia, japan, doria],
        "D": [("United States of America",), russia, japan, doria],
        "E": [russia, japan, doria],
        "uncategorized": [("Brazil", "Mexico", "Sweden", "United Kingdom"), ("India",), ("Carlos Alonso",)],
    }
    assert [source.number for source in GROUPS["C"].sources] == [1, 2, 3, 4]


def test_the_dates_of_the_sources():
    dates = {(source.submitter, source.date) for group in DOCUMENT.groups for source in group.sources}
    assert dates == {
        ("Russian Federation", datetime.date(2013, 12, 12)),
        ("Japan", datetime.date(2014, 2, 7)),
        ("Avri Doria", datetime.date(2014, 2, 12)),
        ("Jimson Olufuye", datetime.date(2013, 11, 27)),
        ("United States of America", datetime.date(2013, 11, 9)),
        ("Per Linner", datetime.date(2013, 11, 8)),
        ("India", datetime.date(2013, 11, 25)),
        ("Carlos Alonso", datetime.date(2013, 11, 8)),
    }


def test_a_source_on_behalf_of_a_group_names_its_submitter_and_the_names_listed():
    source = GROUPS["A"].sources[2]
    assert source.kind == "Draft recommendation"
    assert source.submitter_as_printed == "Ms. Avri Doria"
    assert (source.honorific, source.submitter) == ("Ms.", "Avri Doria")
    # Group A prints "on behalf of by a group": the stray "by" is not part of who it is.
    assert source.on_behalf_of == "a group of WGEC Members and Observers"
    assert source.heading.endswith("(12 February 2014)³")


def test_a_source_from_several_countries_submitted_by_one_person():
    source = GROUPS["uncategorized"].sources[0]
    assert (source.submitter, source.on_behalf_of) == ("Per Linner", "Brazil, Mexico, Sweden, and United Kingdom")
    assert source.submitter_as_printed == "Mr. Per Linner"


def test_a_country_is_named_without_its_article():
    source = GROUPS["D"].sources[0]
    assert source.submitter_as_printed == "the United States of America"
    assert source.submitter == "United States of America"


def test_a_line_that_is_no_source_heading():
    assert read_source_heading("1. That the mandate of the UN Commission be enhanced.") is None


def test_every_source_entry_of_the_table_of_contents_is_a_parsed_heading_in_its_group():
    from_toc: list[tuple[str, list[str]]] = []
    for entry in DOCUMENT.toc:
        if entry.text.startswith("ANNEX"):
            continue
        if entry.level == 0:
            from_toc.append((entry.text, []))
        else:
            from_toc[-1][1].append(entry.text)
    parsed = [(group.heading, [strip_marks(source.heading) for source in group.sources]) for group in DOCUMENT.groups]
    assert parsed == from_toc


def test_the_table_of_contents_names_the_same_members_and_dates_as_the_sources():
    entries = [read_source_heading(entry.text) for entry in DOCUMENT.toc if entry.level == 1]
    sources = [source for group in DOCUMENT.groups for source in group.sources]
    assert len(entries) == len(sources) == 20
    for entry, source in zip(entries, sources, strict=True):
        assert entry is not None
        assert (entry.number, entry.submitter, entry.members, entry.date) == (
            source.number,
            source.submitter,
            source.members,
            source.date,
        )


def test_the_russian_items_carry_the_numbers_of_the_russian_proposal():
    numbers = [
        item.trailing_number
        for group in DOCUMENT.groups
        for source in group.sources
        if source.submitter == "Russian Federation"
        for item in source.items
    ]
    assert sorted(numbers, key=int) == [str(number) for number in range(1, 12)]
    assert GROUPS["A"].sources[1].items[0].trailing_number == ""


def test_the_annexes_in_the_table_of_contents_are_the_annexes_read():
    titles = [f"ANNEX {annex.number}: {annex.title}".rstrip(".") for annex in DOCUMENT.annexes]
    assert titles == [entry.text for entry in DOCUMENT.toc if entry.text.startswith("ANNEX")]


def test_the_russian_items_keep_their_original_number_wrapped_onto_its_own_line():
    (item,) = GROUPS["A"].sources[0].items
    assert item.label == "-" and item.bulleted
    assert item.text.startswith("Recalls paragraphs 69 of the Tunis Agenda, in which")
    assert item.text.endswith("do not impact the international public policy issues; (1)")
    assert "(1)" in DOCUMENT.joins


def test_japans_items_in_group_d_first_last_and_nested():
    items = GROUPS["D"].sources[2].items
    assert [(item.label, item.depth) for item in items] == [("(1)", 0)] + [(f"{n})", 1) for n in range(1, 7)] + [
        ("(2)", 0)
    ]
    assert items[0].text.startswith("All stakeholders endeavor to conduct international cooperation")
    assert items[-1] == Item(
        "(2)",
        0,
        "Toward the sustainable development of developing countries, all stakeholders are to focus on international "
        "cooperation in capacity building, technical cooperation, best-practice sharing, and cooperation towards "
        "literacy improvement and awareness-raising activities.",
    )


def test_doria_group_c_roman_items_stay_under_their_bullet_after_a_blank_line():
    items = GROUPS["C"].sources[3].items
    assert len(items) == 11
    assert [(item.label, item.depth) for item in items[3:]] == [
        ("-", 0),
        ("i.", 1),
        ("ii.", 1),
        ("iii.", 1),
        ("iv.", 1),
        ("v.", 1),
        ("vi.", 1),
        ("vii.", 1),
    ]
    assert items[0].text.startswith("Encourages the rethinking of the stakeholder roles")
    assert items[-1].text == (
        "Take steps to ensure that businesses meet human rights standards (for example, in line with the United "
        "Nations guidelines on human rights and business)."
    )


def test_carlos_alonso_letter_i_is_a_letter_after_h():
    items = GROUPS["uncategorized"].sources[2].items
    labels = [item.label for item in items if item.label]
    assert labels == [f"{letter})" for letter in "abcdefghijkl"]
    assert items[0].text == (
        "A few comments on these processes: Regarding the IGF, I recall its mandate proposed in the Tunis agenda:"
    )
    assert items[-1].text.startswith("The way out for me is to focus, focus, focus")


def test_indian_text_continued_after_a_page_break_is_one_item():
    items = GROUPS["uncategorized"].sources[1].items
    wrapped = [item for item in items if "WIPO, ITU, UNESCO" in item.text]
    assert len(wrapped) == 1
    assert "represented in the Group’s proceedings, it could reflect on such existing relationships" in wrapped[0].text


def test_footnotes_are_attached_where_their_marks_stand():
    doria = GROUPS["A"].sources[2]
    assert [(note.mark, note.item) for note in doria.footnotes] == [("³", None)]  # on the heading
    assert doria.footnotes[0].text.startswith("This is based on the original set of bullets")
    india = GROUPS["uncategorized"].sources[1]
    (note,) = india.footnotes
    assert note == Footnote(
        "⁴",
        "Submitted on 25 November 2013 by Mr. Reddy, Deputy Permanent Representative Permanent Mission of India, "
        "Geneva for consideration and comments about the structure of the WGEC final report.",
        item=0,
        printed_after=1,
    )
    assert india.items[0].text.endswith("(Including Format of Recommendations)⁴")


def test_the_annexes_and_the_question_split_by_a_page_break():
    message, questionnaire = DOCUMENT.annexes
    assert message.paragraphs[0] == "From: Peter Major <pmajor@BLUEWIN.CH>"
    assert message.paragraphs[-1] == "Peter"
    assert questionnaire.paragraphs[0] == "Timestamp"
    eighth = [paragraph for paragraph in questionnaire.paragraphs if paragraph.startswith("8. ")]
    assert eighth == [
        "8. What are the most appropriate mechanisms to fully implement enhanced cooperation as recognized in the "
        "Tunis Agenda, including on international public policy issues pertaining to the Internet and public policy "
        "issues associated with coordination and management of critical Internet resources?"
    ]
    assert questionnaire.paragraphs[-1].startswith("18. Are there other comments")


def test_nothing_is_left_unplaced():
    assert DOCUMENT.unplaced == ()


def test_what_cannot_be_placed_is_reported_not_dropped():
    text = TEXT.replace("\t21\n\nGROUP A", "\t21\n\nA stray line\n\nGROUP A", 1).replace(
        "³ This is based", "⁹ This is based", 1
    )
    document = read_rolling_document(text)
    assert document.unplaced == ("A stray line", "⁹ This is based on the original set of bullets submitted by a "
                                 "group of WGEC members and observers during the second WGEC meetings. It has been "
                                 "updated to conform to the temporary draft framework suggested by the Chair of the "
                                 "WGEC.")  # fmt: skip
    # Written at the end, every word of an unplaced line is still there: missing at its place, then added.
    written = write_text(document)
    assert all(line in written for line in document.unplaced)
    unplaced_words = sum(len(line.split()) for line in document.unplaced)
    assert compare_words(text, written).differing == 2 * unplaced_words


def test_the_text_written_back_has_every_word_of_the_seed_in_order(capsys):
    comparison = compare_words(TEXT, write_text(DOCUMENT))
    with capsys.disabled():
        print(f"\nrolling document: {comparison.compared} words compared, {comparison.differing} differing")
    assert comparison.differences == ()
    assert comparison.compared == 6233


def _proposals(text: str) -> str:
    """The groups' part of a text: from the heading of group A (not its table of contents entry) to annex 1."""
    start = text.index("\nGROUP A: Implementation of the Tunis Agenda (Questions 2 and 3)\n")
    return text[start : text.index("\nANNEX 1:", start)]


def test_the_proposals_texts_and_headings_written_back_differ_in_no_word(capsys):
    comparison = compare_words(_proposals(TEXT), _proposals(write_text(DOCUMENT)))
    with capsys.disabled():
        print(f"\nproposals: {comparison.compared} words compared, {comparison.differing} differing")
    assert (comparison.compared, comparison.differing) == (4855, 0)


def test_the_comparison_counts_what_a_reader_would_lose():
    written = write_text(DOCUMENT).replace("Publish its proceedings.", "Publish proceedings.")
    comparison = compare_words(TEXT, written)
    assert comparison.differing == 1
    assert comparison.differences == ("'its' -> ''",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("**UNITED NATIONS", ["UNITED", "NATIONS"]),
        ("GROUP D: Developing countries (Questions 10 and 15).....\t10", ["GROUP", "D:", "Developing", "countries",
                                                                          "(Questions", "10", "and", "15)"]),
        ('the "*Analysis of the Responses*" document', ["the", '"Analysis', "of", "the", 'Responses"', "document"]),
    ],
)  # fmt: skip
def test_normalising_drops_emphasis_dot_leaders_and_page_numbers(text, words):
    assert normalise_words(text) == words
