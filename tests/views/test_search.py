"""The search page: a box in every page's header, the results by kind with the matched words marked and
every text escaped; an empty, a very long or a foreign query gets an answer, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from tests.helpers import count_queries, other_working_group, paragraph, propose_change

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user, **params) -> str:
    response = _client(user).get(reverse("search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_is_for_logged_in_users_only(client, wgec):
    response = client.get(reverse("search"), {"q": "statistics"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_page_has_a_search_box_in_its_header(russia_delegate, wgec):
    body = _client(russia_delegate).get(reverse("report", args=[wgec.pk])).content.decode()
    header = body.split('<header class="site-header">')[1].split("</header>")[0]
    assert f'action="{reverse("search")}"' in header
    assert '<label for="site-search" class="visually-hidden">Search</label>' in header
    assert 'name="q"' in header


def test_a_paragraph_is_found_with_its_label_link_and_the_word_marked(russia_delegate):
    body = _page(russia_delegate, q="statistics")
    rec_6 = paragraph("recommendations", "6")
    assert f'<a href="{rec_6.get_absolute_url()}">Recommendation 6</a>' in body
    assert "<mark>statistics</mark>" in body
    assert 'id="hits-paragraphs"' in body
    assert 'id="hits-amendments"' not in body


def test_amendments_and_comments_are_found_and_their_text_escaped(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    amendment = propose_change(
        russia_delegate, target, target.text + " <b>Bold</b>.", justification="<script>alert(1)</script> quokka"
    )
    remark = actions.comments.comment(user=japan_delegate, text="<i>quokka</i> indeed", amendment=amendment)
    body = _page(japan_delegate, q="quokka")
    assert f'<a href="{amendment.get_absolute_url()}">Amendment by Russian Federation to Recommendation 4</a>' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>quokka</mark>" in body
    assert "<script>alert(1)" not in body
    assert f'href="{amendment.get_absolute_url()}#c-{remark.pk}"' in body
    assert f'id="c-{remark.pk}"' in _client(japan_delegate).get(amendment.get_absolute_url()).content.decode()
    assert "&lt;i&gt;<mark>quokka</mark>&lt;/i&gt; indeed" in body


def test_another_delegations_draft_is_not_found_on_the_page(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    propose_change(russia_delegate, target, target.text + " Secret zeppelin.", submit=False)
    assert "<mark>zeppelin</mark>" in _page(russia_delegate, q="zeppelin")
    body = _page(japan_delegate, q="zeppelin")
    assert "Nothing found" in body
    assert "zeppelin</mark>" not in body and "Russian Federation" not in body


def test_another_working_groups_rows_are_not_found_nor_its_report_chosen(russia_delegate):
    other = other_working_group("The other group finds that the quokka smiles.")
    body = _page(russia_delegate, q="quokka")
    assert "Nothing found" in body and "Findings 1" not in body
    assert other["report"].title not in body  # not even in the choice of reports
    body = _page(russia_delegate, q="quokka", report=other["report"].pk)
    assert "Select a valid choice" in body
    assert "Findings 1" not in body
    assert "Findings 1" in _page(other["delegate"], q="quokka", report=other["report"].pk)


def test_an_empty_query_shows_the_form_only(russia_delegate):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "!!!"}):
        body = _page(russia_delegate, **params)
        assert "<h1>Search</h1>" in body
        assert "found for" not in body and "<mark>" not in body
        assert ("Type the words to find" in body) == ("q" in params)


def test_a_very_long_query_is_refused_with_a_message(russia_delegate):
    body = _page(russia_delegate, q="statistics " * 5000)
    assert "Ensure this value has at most 200 characters" in body
    assert "<mark>" not in body


def test_junk_in_the_report_choice_is_a_message(russia_delegate):
    for junk in ("abc", "-1", "99999999999999999999", "\x00"):
        body = _page(russia_delegate, q="statistics", report=junk)
        assert 'class="error"' in body and "<mark>" not in body


def test_the_page_costs_as_many_queries_whatever_it_finds(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "4")
    client = _client(japan_delegate)
    url = f"{reverse('search')}?q=quokka"
    propose_change(russia_delegate, target, target.text + " Quokka.")
    few = count_queries(client, url)
    for n in range(5):
        amendment = propose_change(russia_delegate, target, target.text + f" Quokka {n}.")
        actions.comments.comment(user=japan_delegate, text=f"Quokka {n}.", amendment=amendment)
    assert count_queries(client, url) == few
