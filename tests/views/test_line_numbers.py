"""Line numbers on the report page (?lines=on): each paragraph in its fixed lines, numbered in a margin;
and every amendment card says which lines of its paragraph it changes, with the numbers on or off."""

import html

import pytest
from django.urls import reverse

from amendments import actions
from amendments.core.line_numbers import line_of, wrap
from tests.helpers import count_queries, paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _numbered(line) -> str:
    return (
        f'<span class="line__number" aria-hidden="true">{line.number}</span>'
        f'<span class="line__text">{html.escape(line.text)}</span>'
    )


def test_with_line_numbers_each_line_follows_its_number(reader, wgec):
    lines = wrap(paragraph("introduction", "2").text)
    assert len(lines) > 2

    page = _page(reader, reverse("report", args=[wgec.pk]) + "?lines=on")

    for line in lines:
        assert _numbered(line) in page
    assert 'class="para__text para__text--lines"' in page


def test_without_them_the_page_shows_no_line_numbers(reader, wgec):
    page = _page(reader, reverse("report", args=[wgec.pk]))
    assert "line__number" not in page
    assert 'href="?lines=on">Line numbers</a>' in page


def test_footnote_marks_keep_their_links_in_numbered_lines(reader, wgec):
    note = paragraph(None, footnote=9)
    page = _page(reader, reverse("report", args=[wgec.pk]) + "?lines=on")
    assert f'marginalized groups<sup class="fn-mark"><a href="#fn-{note.pk}" id="fnref-{note.pk}"' in page
    assert f'id="fn-{note.pk}"' in page


def test_the_toggle_keeps_the_other_options_and_the_filters_keep_it(reader, wgec):
    url = reverse("report", args=[wgec.pk])
    with_redlines = _page(reader, url + "?redlines=on")
    assert 'href="?redlines=on&amp;lines=on">Line numbers</a>' in with_redlines

    numbered = _page(reader, url + "?redlines=on&lines=on")
    assert 'href="?redlines=on">Hide line numbers</a>' in numbered
    assert '<input type="hidden" name="lines" value="on">' in numbered
    assert '<input type="hidden" name="redlines" value="on">' in numbered


def test_a_cached_block_is_never_served_to_the_other_view(reader, wgec):
    url = reverse("report", args=[wgec.pk])
    assert "line__number" not in _page(reader, url)  # every block now cached, plain

    assert "line__number" in _page(reader, url + "?lines=on")
    assert "line__number" not in _page(reader, url)


def test_the_numbered_page_costs_the_queries_of_the_plain_page(reader, wgec, secretariat_officer):
    url = reverse("report", args=[wgec.pk])
    plain = count_queries(reader, url)
    numbered = count_queries(reader, url + "?lines=on")
    two = paragraph("introduction", "2")
    for n in range(10):
        actions.draft.insert_paragraph_after(two.pk, number=f"2.{n}", text=f"Inserted {n}.", user=secretariat_officer)
    assert count_queries(reader, url + "?lines=on") == numbered == plain


# -- The lines an amendment touches, on its card ----------------------------------------------------------


def _changed(target, line_number: int, old: str, new: str) -> str:
    """The paragraph's text with `old` replaced by `new` on one of its lines."""
    line = wrap(target.text)[line_number - 1]
    assert old in line.text, line.text
    return target.text[: line.start] + line.text.replace(old, new, 1) + target.text[line.end :]


def _card(page: str, amendment) -> str:
    start = page.index(f'id="a-{amendment.pk}"')
    return page[start : page.index("</header>", start)]


def test_a_card_names_the_lines_its_change_touches(reader, wgec, russia_delegate):
    target = paragraph("introduction", "2")
    lines = wrap(target.text)
    text = target.text[: lines[1].start] + "A new middle. " + target.text[lines[2].end + 1 :]
    amendment = propose_change(russia_delegate, target, text)

    page = _page(reader, reverse("report", args=[wgec.pk]) + "?redlines=on")

    assert '<span class="amendment__lines">lines 2–3</span>' in _card(page, amendment)


def test_a_change_within_one_line_says_line_n_whether_or_not_the_numbers_are_on(reader, wgec, russia_delegate):
    target = paragraph("introduction", "2")
    amendment = propose_change(russia_delegate, target, _changed(target, 3, "The", "This"))
    url = reverse("report", args=[wgec.pk])

    for query in ("?redlines=on", "?redlines=on&lines=on"):
        assert '<span class="amendment__lines">line 3</span>' in _card(_page(reader, url + query), amendment)
    assert "line 3" in _card(_page(reader, reverse("paragraph", args=[target.pk])), amendment)


def test_deleting_a_paragraph_touches_all_its_lines(reader, wgec, russia_delegate):
    target = paragraph("introduction", "2")
    amendment = actions.amendments.propose(
        user=russia_delegate, paragraph_id=target.pk, kind="delete", expected_paragraph_version=target.version,
        submit=True,
    )  # fmt: skip

    page = _page(reader, reverse("report", args=[wgec.pk]) + "?redlines=on")

    assert f'<span class="amendment__lines">lines 1–{len(wrap(target.text))}</span>' in _card(page, amendment)


def test_a_new_paragraph_names_no_lines(reader, wgec, russia_delegate):
    two = paragraph("introduction", "2")
    amendment = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="A new paragraph.", submit=True,
    )  # fmt: skip

    card = _card(_page(reader, reverse("report", args=[wgec.pk]) + "?redlines=on"), amendment)

    assert "New paragraph 2 bis after" in card
    assert "amendment__lines" not in card


def test_after_the_paragraph_changes_the_card_names_the_lines_of_the_text_now(
    reader, wgec, russia_delegate, secretariat_officer
):
    target = paragraph("introduction", "2")
    amendment = propose_change(russia_delegate, target, _changed(target, 3, "The", "This"))
    # The secretariat puts a long sentence first: the change now stands on a later line.
    edited = "The secretariat adds a sentence long enough to fill a whole line of the text and more. " + target.text
    actions.draft.edit_paragraph(target.pk, text=edited, expected_version=target.version, user=secretariat_officer)
    third = wrap(target.text)[2]
    changed_at = len(edited) - len(target.text) + third.start + third.text.index("The")
    expected = line_of(wrap(edited), changed_at).number
    assert expected != 3

    card = _card(_page(reader, reverse("report", args=[wgec.pk]) + "?redlines=on"), amendment)

    assert f'<span class="amendment__lines">line {expected}</span>' in card
