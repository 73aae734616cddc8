"""Comments on chosen words, as in Word: a delegate comments on some words of a paragraph or of an
amendment's proposed text; the comment quotes them and the text highlights them, linked to each
other. Words the text does not hold are refused. The report page counts the comments beside each
paragraph, those the reader may see, on the paragraph and on its amendments."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from amendments.actions import comments
from amendments.models import Comment
from tests.helpers import import_word_comments, paragraph, propose_change

pytestmark = pytest.mark.django_db

WORDS = "reach out proactively"  # in recommendation 5


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, text, anchor):
    return client.post(url, {"text": text, "anchor": anchor})


def _mark(html, comment):
    """The highlighted words that start with the comment's target, or None."""
    found = re.search(
        rf'<mark class="comment-anchor" data-comments="[^"]*c-{comment.pk}[^"]*"[^>]*>([^<]*)</mark>', html
    )
    return found.group(1) if found else None


def test_a_comment_on_words_of_a_paragraph_is_saved_quoted_and_highlighted(japan_delegate, russia_delegate):
    rec_5 = paragraph("recommendations", "5")
    url = reverse("comment-paragraph", args=[rec_5.pk])
    response = _post(_client(japan_delegate), url, "Proactively: by whom?", "  reach out\n proactively ")
    row = Comment.objects.get(text="Proactively: by whom?")
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{row.pk}")
    assert row.anchor == WORDS and row.paragraph == rec_5 and row.participant == japan_delegate.participant

    html = _client(russia_delegate).get(rec_5.get_absolute_url()).content.decode()
    assert f'On <a href="#anchor-{row.pk}">“{WORDS}”</a>:' in html
    assert f'id="anchor-{row.pk}"' in html and _mark(html, row) == WORDS
    assert 'title="Commented on by Japan"' in html


def test_a_comment_on_words_of_an_amendments_proposed_text_is_highlighted_on_the_amendment_page(
    japan_delegate, russia_delegate
):
    rec_12 = paragraph("recommendations", "12")
    amendment = propose_change(russia_delegate, rec_12, "Public policy should aim to bridge the digital divide.")
    url = reverse("comment-amendment", args=[amendment.pk])
    _post(_client(japan_delegate), url, "Only this divide?", "the digital divide")
    row = Comment.objects.get(amendment=amendment)
    assert row.anchor == "the digital divide"

    html = _client(russia_delegate).get(amendment.get_absolute_url()).content.decode()
    assert "Proposed text</h2>" in html and _mark(html, row) == "the digital divide"
    assert f'On <a href="#anchor-{row.pk}">“the digital divide”</a>:' in html


def test_words_not_in_the_text_are_refused_and_nothing_is_saved(japan_delegate, russia_delegate):
    rec_5 = paragraph("recommendations", "5")
    client = _client(japan_delegate)
    response = _post(client, reverse("comment-paragraph", args=[rec_5.pk]), "Why?", "reach out reactively")
    assert response.status_code == 302 and response["Location"].endswith("#comment-form")
    assert not Comment.objects.filter(text="Why?").exists()
    html = client.get(rec_5.get_absolute_url()).content.decode()
    assert "The words you are commenting on, “reach out reactively”, are not in the text." in html
    assert 'value="reach out reactively"' in html and ">Why?</textarea>" in html  # kept for the form

    # On an amendment, the words are its proposed text's, not the paragraph's it amends.
    amendment = propose_change(russia_delegate, rec_5, "Institutions should inform stakeholders.")
    _post(client, reverse("comment-amendment", args=[amendment.pk]), "Why?", WORDS)
    assert not Comment.objects.filter(text="Why?").exists()


def test_words_longer_than_the_limit_are_refused(japan_delegate):
    rec_5 = paragraph("recommendations", "5")
    _post(_client(japan_delegate), reverse("comment-paragraph", args=[rec_5.pk]), "Long.", "x" * 501)
    assert not Comment.objects.filter(text="Long.").exists()


def test_a_comment_on_no_words_is_a_comment_on_the_whole_paragraph(japan_delegate):
    rec_5 = paragraph("recommendations", "5")
    client = _client(japan_delegate)
    _post(client, reverse("comment-paragraph", args=[rec_5.pk]), "Agreed.", "   ")
    row = Comment.objects.get(text="Agreed.")
    assert row.anchor == ""
    html = client.get(rec_5.get_absolute_url()).content.decode()
    assert "comment-anchor" not in html.split('id="comments-heading"')[0]
    assert 'class="comment__anchor"' not in html


def test_the_highlight_keeps_the_footnote_marks_of_the_text(japan_delegate):
    rec_8 = paragraph("recommendations", "8")
    note = paragraph(None, footnote=9)
    client = _client(japan_delegate)
    plain = client.get(rec_8.get_absolute_url()).content.decode()
    assert f'id="fnref-{note.pk}"' in plain
    _post(client, reverse("comment-paragraph", args=[rec_8.pk]), "All of it.", rec_8.text)
    row = Comment.objects.get(text="All of it.")
    html = client.get(rec_8.get_absolute_url()).content.decode()
    assert f'id="fnref-{note.pk}"' in html and f'id="anchor-{row.pk}"' in html
    assert html.count('<mark class="comment-anchor"') >= 2  # the mark cuts the highlight in two


def test_imported_word_comments_are_quoted_and_highlighted_too(secretariat_officer, japan_delegate):
    first, _ = import_word_comments(secretariat_officer, japan_delegate.participant)
    row = Comment.objects.get(pk=first)
    html = _client(japan_delegate).get(row.paragraph.get_absolute_url()).content.decode()
    assert _mark(html, row) == row.anchor and f'On <a href="#anchor-{row.pk}">“{row.anchor}”</a>:' in html


def test_words_edited_away_since_are_quoted_but_not_highlighted(japan_delegate, secretariat_officer):
    from amendments.actions.draft import edit_paragraph

    rec_5 = paragraph("recommendations", "5")
    client = _client(japan_delegate)
    _post(client, reverse("comment-paragraph", args=[rec_5.pk]), "Proactively?", WORDS)
    row = Comment.objects.get(text="Proactively?")
    edit_paragraph(
        rec_5.pk, text="Institutions should inform.", expected_version=rec_5.version, user=secretariat_officer
    )
    html = client.get(rec_5.get_absolute_url()).content.decode()
    assert f"On “{WORDS}”:" in html and _mark(html, row) is None


def _count_beside(html, target):
    block = html.split(f'id="p-{target.pk}"', 1)[1].split("</article>", 1)[0]
    found = re.search(r'(\d+) comments?<span class="visually-hidden"> on ', block)
    return int(found.group(1)) if found else 0


def test_the_report_counts_the_comments_beside_each_paragraph_and_shows_a_new_one_at_once(
    japan_delegate, russia_delegate, secretariat_officer, wgec
):
    rec_5 = paragraph("recommendations", "5")
    report = reverse("report", args=[wgec.pk])
    russia = _client(russia_delegate)
    assert _count_beside(russia.get(report).content.decode(), rec_5) == 0  # the block is cached now

    comments.comment(user=japan_delegate, text="On the paragraph.", paragraph=rec_5)
    amendment = propose_change(japan_delegate, rec_5, "Institutions should inform stakeholders.")
    comments.comment(user=russia_delegate, text="On the amendment.", amendment=amendment)
    html = russia.get(report).content.decode()
    assert _count_beside(html, rec_5) == 2
    assert f'href="{rec_5.get_absolute_url()}#comments-heading">2 comments' in html

    # A comment changes nothing else the block shows: its count is in the block's cache key.
    _post(russia, reverse("comment-paragraph", args=[rec_5.pk]), "One more.", "")
    assert _count_beside(russia.get(report).content.decode(), rec_5) == 3

    comments.delete_comment(Comment.objects.get(text="One more.").pk, user=russia_delegate)
    assert _count_beside(russia.get(report).content.decode(), rec_5) == 2


def test_the_count_leaves_out_what_the_reader_may_not_see(japan_delegate, russia_delegate, secretariat_officer, wgec):
    rec_12 = paragraph("recommendations", "12")
    report = reverse("report", args=[wgec.pk])
    import_word_comments(secretariat_officer, japan_delegate.participant)  # Japan's two draft comments
    draft = propose_change(japan_delegate, rec_12, "A draft of Japan's.", submit=False)
    comments.comment(user=japan_delegate, text="Our note on our draft.", amendment=draft)
    assert _count_beside(_client(japan_delegate).get(report).content.decode(), rec_12) == 3
    assert _count_beside(_client(russia_delegate).get(report).content.decode(), rec_12) == 0
