"""Search finds the words in the paragraphs, amendments (proposed text and justification) and comments
of the user's working groups, as far as the user may see them: never another delegation's draft,
never another working group's rows; in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amendments import actions
from amendments.queries.search import search
from tests.helpers import other_working_group, paragraph, propose_change

pytestmark = pytest.mark.django_db


def labels(group):
    return [hit.label for hit in group.hits]


def marked(hit):
    return [text for matched, text in hit.excerpt if matched]


def test_a_word_of_a_paragraph_finds_the_paragraph_with_the_word_marked(russia_delegate):
    found = search(russia_delegate, "statistics")
    assert labels(found.paragraphs) == ["Recommendation 6"]
    hit = found.paragraphs.hits[0]
    assert hit.url == paragraph("recommendations", "6").get_absolute_url()
    assert marked(hit) == ["statistics"]
    assert hit.report == paragraph("recommendations", "6").section.report.title


def test_every_word_must_be_in_the_text(russia_delegate):
    assert labels(search(russia_delegate, "statistics timely").paragraphs) == ["Recommendation 6"]
    assert search(russia_delegate, "statistics quokka").total == 0


def test_an_amendments_justification_is_found_and_named_by_delegation_and_paragraph(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    amendment = propose_change(
        russia_delegate, target, target.text + " Also more.", justification="As the quokka said."
    )
    found = search(japan_delegate, "quokka")
    assert labels(found.amendments) == ["Amendment by Russian Federation to Recommendation 4"]
    hit = found.amendments.hits[0]
    assert hit.url == amendment.get_absolute_url()
    assert hit.note == "Justification"
    assert marked(hit) == ["quokka"]
    assert found.paragraphs.hits == [] and found.comments.hits == []


def test_an_amendments_proposed_text_is_found(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    propose_change(russia_delegate, target, target.text + " With zeppelins overhead.")
    hit = search(japan_delegate, "zeppelins").amendments.hits[0]
    assert hit.note == "Submitted"
    assert marked(hit) == ["zeppelins"]


def test_comments_on_a_paragraph_and_on_an_amendment_link_to_their_place(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    amendment = propose_change(russia_delegate, target, target.text + " More.")
    on_text = actions.comments.comment(user=japan_delegate, text="A quokka would agree.", paragraph=target)
    on_amendment = actions.comments.comment(user=japan_delegate, text="No quokka here.", amendment=amendment)
    found = search(russia_delegate, "quokka")
    assert labels(found.comments) == [
        "Comment by Japan on Recommendation 4",
        "Comment by Japan on the amendment by Russian Federation to Recommendation 4",
    ]
    assert [hit.url for hit in found.comments.hits] == [
        f"{target.get_absolute_url()}#c-{on_text.pk}",
        f"{amendment.get_absolute_url()}#c-{on_amendment.pk}",
    ]


def test_a_deleted_comment_is_not_found(japan_delegate):
    target = paragraph("recommendations", "4")
    remark = actions.comments.comment(user=japan_delegate, text="A quokka would agree.", paragraph=target)
    actions.comments.delete_comment(remark.pk, user=japan_delegate)
    assert search(japan_delegate, "quokka").total == 0


def test_a_private_draft_is_found_by_its_delegation_only(russia_delegate, japan_delegate, secretariat_officer, chair):
    target = paragraph("recommendations", "4")
    draft = propose_change(russia_delegate, target, target.text + " Secret zeppelin.", submit=False)
    actions.comments.comment(user=russia_delegate, text="Our zeppelin note.", amendment=draft)
    own = search(russia_delegate, "zeppelin")
    assert labels(own.amendments) == ["Amendment by Russian Federation to Recommendation 4"]
    assert own.amendments.hits[0].note == "Draft"
    assert len(own.comments.hits) == 1
    for other in (japan_delegate, secretariat_officer, chair):
        assert search(other, "zeppelin").total == 0, other


def test_a_draft_comment_is_found_by_its_delegation_only(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    actions.comments.comment(user=russia_delegate, text="Draft quokka remark.", paragraph=target, draft=True)
    assert search(russia_delegate, "quokka").comments.hits[0].note == "Draft"
    assert search(japan_delegate, "quokka").total == 0


def test_another_working_groups_rows_are_never_found(russia_delegate, secretariat_officer):
    other = other_working_group("The other group finds that the quokka smiles.")
    first = other["report"].sections.get().paragraphs.get()
    amendment = propose_change(other["delegate"], first, first.text + " Quokka again.", justification="Quokka.")
    actions.comments.comment(user=other["delegate"], text="Quokka comment.", paragraph=first)
    for user in (russia_delegate, secretariat_officer):
        assert search(user, "quokka").total == 0, user
    theirs = search(other["officer"], "quokka")
    assert labels(theirs.paragraphs) == ["Findings 1"]
    assert [hit.url for hit in theirs.amendments.hits] == [amendment.get_absolute_url()]
    assert len(theirs.comments.hits) == 1
    assert search(other["officer"], "statistics").total == 0


def test_the_search_can_be_limited_to_one_report(wgec, russia_delegate):
    other = other_working_group("Statistics of the other group.")
    officer = other["officer"]
    assert labels(search(officer, "statistics").paragraphs) == ["Findings 1"]
    assert search(officer, "statistics", report=wgec).total == 0  # not one of the officer's reports
    assert labels(search(russia_delegate, "statistics", report=wgec).paragraphs) == ["Recommendation 6"]


def test_an_empty_query_finds_nothing_and_asks_nothing(russia_delegate):
    for query in ("", "   ", "!!!", "-statistics"):
        found = search(russia_delegate, query)
        assert found.total == 0 and found.terms == []


def test_a_very_long_query_is_answered(russia_delegate):
    query = "statistics " + " ".join(f"word{n}" for n in range(2000)) + " " + "x" * 20_000
    assert search(russia_delegate, query).total == 0
    assert labels(search(russia_delegate, "statistics " * 2000).paragraphs) == ["Recommendation 6"]


def test_a_search_that_finds_more_than_the_limit_says_so(russia_delegate, monkeypatch):
    monkeypatch.setattr("amendments.queries.search.LIMIT", 2)
    found = search(russia_delegate, "Tunis Agenda")
    assert len(found.paragraphs.hits) == 2
    assert found.paragraphs.more


def _queries(user, query):
    user = type(user).objects.get(pk=user.pk)  # nothing cached on the user object
    with CaptureQueriesContext(connection) as queries:
        search(user, query)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_what_is_found(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    sub_item = paragraph("recommendations", "1", item=1)
    propose_change(russia_delegate, sub_item, sub_item.text + " Quokka.")
    few = _queries(japan_delegate, "quokka")
    for n in range(5):
        propose_change(russia_delegate, sub_item, sub_item.text + f" Quokka {n}.", justification="Quokka.")
        actions.comments.comment(user=japan_delegate, text=f"Quokka {n}.", paragraph=target)
        amendment = propose_change(russia_delegate, target, target.text + f" Quokka {n}.")
        actions.comments.comment(user=japan_delegate, text="Quokka.", amendment=amendment)
    many = search(japan_delegate, "quokka")
    assert (len(many.amendments.hits), len(many.comments.hits)) == (11, 10)
    assert _queries(japan_delegate, "quokka") == few
