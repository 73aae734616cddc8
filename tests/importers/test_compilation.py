"""Reading the real compilations: the 2013–14 rolling document and the Russian Federation's 2017 contributions."""

from pathlib import Path

import pytest

from amendments.core.contributions import read_contribution
from amendments.core.document import Document
from amendments.importers.compilation import (
    MeetingContribution,
    from_contributions,
    is_rolling_document,
    read_rolling_text,
)

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
ROLLING = (SEEDS / "seed_004_rolling_document.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rolling() -> Document:
    return read_rolling_text(ROLLING)


def _section(document, key):
    return next(section for section in document.sections if section.key == key)


def _items(section, key):
    return [block for block in section.blocks if block.submission == key]


def test_the_rolling_document_is_a_compilation_with_its_title_block(rolling):
    assert rolling.kind == "compilation"
    assert rolling.issuer == ("UNITED NATIONS", "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT")
    assert (rolling.body, rolling.title, rolling.subtitle) == (
        "Working Group on Enhanced Cooperation",
        "Proposals of Draft Recommendations",
        "Rolling Document",
    )
    assert rolling.unplaced == ()


def test_the_framework_is_the_abstract_the_five_groups_the_uncategorized_and_the_annexes(rolling):
    assert [s.key for s in rolling.sections] == [
        "abstract", "group-a", "group-b", "group-c", "group-d", "group-e", "uncategorized", "annex-1", "annex-2",
    ]  # fmt: skip
    assert _section(rolling, "group-c").heading == "GROUP C: Role of stakeholders (Questions 5, 6, 7, 14 and 17)"
    assert _section(rolling, "uncategorized").heading == "Recommendations which could not be categorized"
    assert _section(rolling, "annex-2").heading.startswith("ANNEX 2: Questionnaire of the UN Commission")
    assert [len(s.submissions) for s in rolling.sections] == [0, 3, 3, 4, 4, 3, 3, 0, 0]
    # The Chair's text of a compilation is its abstract and annexes; the groups hold only submissions.
    assert all(block.submission for key in ("group-a", "uncategorized") for block in _section(rolling, key).blocks)


def test_each_submission_has_its_submitter_its_date_and_its_heading_as_printed(rolling):
    russia, japan, doria = _section(rolling, "group-a").submissions
    assert (russia.number, russia.submitter, russia.date) == ("1", "Russian Federation", "2013-12-12")
    assert russia.heading == "Draft recommendations submitted by the Russian Federation (12 December 2013)"
    assert (japan.submitter, japan.date) == ("Japan", "2014-02-07")
    assert doria.submitter == "Avri Doria"
    assert doria.on_behalf_of == "a group of WGEC Members and Observers"
    assert doria.members == ("Avri Doria", "Grace Githaiga", "Joy Liddicoat", "Lea Kaspar")
    assert russia.members == () and russia.on_behalf_of == ""


def test_a_submission_made_by_one_person_for_four_member_states_names_both(rolling):
    linner = _section(rolling, "uncategorized").submissions[0]
    assert linner.submitter == "Per Linner"
    assert linner.on_behalf_of == "Brazil, Mexico, Sweden, and United Kingdom"
    assert linner.members == ("Brazil", "Mexico", "Sweden", "United Kingdom")
    assert linner.date == "2013-11-08"


def test_items_keep_their_labels_bullets_and_depth(rolling):
    japan_a = _items(_section(rolling, "group-a"), "2")
    assert [(b.number, b.bulleted, b.indent) for b in japan_a] == [("(1)", True, 0), ("(2)", True, 0), ("(3)", True, 0)]
    japan_d = _items(_section(rolling, "group-d"), "3")
    assert [b.number for b in japan_d][:3] == ["(1)", "1)", "2)"]
    assert [b.indent for b in japan_d][:3] == [0, 1, 1]
    alonso = _items(_section(rolling, "uncategorized"), "3")
    assert [b.number for b in alonso if b.number][-4:] == ["i)", "j)", "k)", "l)"]
    assert all(b.indent == 0 for b in alonso if b.number == "i)")


def test_a_footnote_mark_becomes_a_footnote_anchored_where_the_mark_stood(rolling):
    first = _section(rolling, "abstract").blocks[0]
    assert "¹" not in first.text and "²" not in first.text
    one, two = first.footnotes
    assert (one.number, one.after) == ("1", "2013.")
    assert first.text.find(one.after) + len(one.after) == first.text.index("2013.") + len("2013.")
    assert one.text == "The message sent by the Chair of the WGEC is available in Annex 1 of this document."
    assert two.after == "following:" and first.text.endswith("The five groups are the following:")
    india_title = _items(_section(rolling, "uncategorized"), "2")[0]
    (note,) = india_title.footnotes
    assert note.number == "4" and note.text.startswith("Submitted on 25 November 2013 by Mr. Reddy")


def test_a_footnote_on_a_submission_heading_stays_on_the_heading(rolling):
    doria = _section(rolling, "group-a").submissions[2]
    (note,) = doria.footnotes
    assert note.number == "3" and note.after == ""
    assert note.text.startswith("This is based on the original set of bullets")
    assert "³" not in doria.heading


def test_the_abstract_lists_the_five_groups_as_printed_bullets(rolling):
    bullets = [b for b in _section(rolling, "abstract").blocks if b.bulleted]
    assert [b.number for b in bullets] == ["a.", "b.", "c.", "d.", "e."]
    assert bullets[0].text == "Implementation of the Tunis Agenda (Questions 2 and 3);"


def test_the_document_survives_its_own_json(rolling):
    assert Document.from_json(rolling.to_json()) == rolling


def test_only_a_rolling_document_is_read_as_one():
    assert is_rolling_document(ROLLING)
    draft = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_000_contribution_russia_2017-04.txt"
    assert not is_rolling_document(draft.read_text(encoding="utf-8"))
    assert not is_rolling_document("Introduction\n\n1. Text of a draft.\n")


def test_the_contributions_are_a_compilation_by_meeting():
    third = read_contribution((SEEDS / "seed_000_contribution_russia_2017-04.txt").read_text(encoding="utf-8"))
    fourth = read_contribution((SEEDS / "seed_001_contribution_russia_4th_meeting.txt").read_text(encoding="utf-8"))
    document = from_contributions(
        [
            MeetingContribution(third, "Russian Federation", "meeting-3", "Contributions to the third meeting"),
            MeetingContribution(fourth, "Russian Federation", "meeting-4", "Contributions to the fourth meeting"),
        ],
        title="Contributions",
        body="Working Group on Enhanced Cooperation",
    )
    assert [s.key for s in document.sections] == ["meeting-3", "meeting-4"]
    (april,) = document.sections[0].submissions
    assert (april.submitter, april.date, april.addressee) == ("Russian Federation", "2017-04-04", "CSTD Secretariat")
    assert april.disclaimer.startswith("The views presented here are the contributors'")
    assert april.title.startswith("Amendments/additional recommendations to document")
    (later,) = document.sections[1].submissions
    assert later.date == "" and later.title.startswith("The contribution")
    headings = [(b.number, b.text) for b in document.sections[0].blocks if b.number and not b.indent][:2]
    assert headings == [("I", "Background"), ("II", "Format of Enhanced cooperation")]
    assert all(block.submission == "1" for section in document.sections for block in section.blocks)
    # Every paragraph of both contributions is an item, none lost.
    expected = sum(1 + len(s.paragraphs) for c in (third, fourth) for s in c.sections)
    assert sum(len(s.blocks) for s in document.sections) == expected
