"""The paragraph page's brackets: a selection (its offsets) or a typed passage to bracket, alternatives
with their proposers, "Remove brackets" and "Keep ‘shall’". Each request is checked in the database."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from amendments.models import Alternative, Paragraph, Participant
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


@pytest.fixture
def japan(japan_delegate):
    client = Client()
    client.force_login(japan_delegate)
    return client


def _second(text, word):
    return text.index(word, text.index(word) + 1)


def _stored(row):
    return Paragraph.objects.get(pk=row.pk)


def test_the_paragraph_page_loads_the_selection_script_and_holds_no_inline_script(officer):
    rec_5 = paragraph("recommendations", "5")
    html = officer.get(reverse("paragraph", args=[rec_5.pk])).content.decode()
    assert re.search(r'<script src="/static/js/brackets\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # the CSP allows no inline script
    assert 'id="bracket-form"' in html and 'name="start"' in html and 'name="end"' in html
    assert f'<span class="para__body" data-bracket-text>{rec_5.text}</span>' in html


def test_a_member_gets_neither_the_script_nor_the_forms(japan):
    rec_5 = paragraph("recommendations", "5")
    html = japan.get(reverse("paragraph", args=[rec_5.pk])).content.decode()
    assert "brackets.js" not in html and "data-bracket-text" not in html and 'id="bracket-form"' not in html


def test_a_selection_brackets_the_second_of_two_same_words(officer):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    response = officer.post(
        reverse("paragraph-bracket", args=[rec_5.pk]),
        {"passage": "should", "start": at, "end": at + 6, "version": rec_5.version},
        follow=True,
    )
    assert "Passage put in brackets." in response.content.decode()
    stored = _stored(rec_5)
    assert stored.text == rec_5.text[:at] + "[should]" + rec_5.text[at + 6 :]
    assert '<span class="bracketed">[should]</span>' in response.content.decode()


def test_a_typed_passage_that_occurs_twice_is_refused_and_changes_nothing(officer):
    rec_5 = paragraph("recommendations", "5")
    response = officer.post(
        reverse("paragraph-bracket", args=[rec_5.pk]), {"passage": "should", "version": rec_5.version}, follow=True
    )
    assert "That passage occurs more than once" in response.content.decode()
    assert _stored(rec_5).version == rec_5.version


def test_a_selection_from_an_older_version_is_refused_and_changes_nothing(officer):
    rec_5 = paragraph("recommendations", "5")
    response = officer.post(
        reverse("paragraph-bracket", args=[rec_5.pk]),
        {"passage": "Those", "start": 0, "end": 5, "version": rec_5.version - 1},
        follow=True,
    )
    assert "The paragraph was changed since you opened the page" in response.content.decode()
    assert _stored(rec_5).text == rec_5.text


def test_a_member_cannot_bracket_or_record_alternatives(japan):
    rec_5 = paragraph("recommendations", "5")
    japan.post(reverse("paragraph-bracket", args=[rec_5.pk]), {"passage": "Those", "version": rec_5.version})
    response = japan.post(
        reverse("paragraph-alternatives", args=[rec_5.pk]),
        {"passage": "Those", "version": rec_5.version, "text_1": "Those", "text_2": "These"},
    )
    assert response.status_code == 403
    assert _stored(rec_5).text == rec_5.text and not Alternative.objects.exists()


def test_the_alternatives_form_takes_the_selection_from_the_query(officer):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    url = reverse("paragraph-alternatives", args=[rec_5.pk])
    html = officer.get(url, {"passage": "should", "start": at, "end": at + 6}).content.decode()
    assert f'name="start" value="{at}"' in html and f'name="end" value="{at + 6}"' in html
    assert 'name="text_1" value="should"' in html
    assert "Japan" in html and 'name="proposers_2"' in html


def _record(officer, rec_5, at, **extra):
    japan, brazil, mexico = (Participant.objects.get(name=n).pk for n in ("Japan", "Brazil", "Mexico"))
    data = {
        "passage": "should", "start": at, "end": at + 6, "version": rec_5.version,
        "text_1": "should", "proposers_1": [japan], "text_2": "shall", "proposers_2": [brazil, mexico],
        **extra,
    }  # fmt: skip
    return officer.post(reverse("paragraph-alternatives", args=[rec_5.pk]), data, follow=True)


def test_alternatives_are_written_and_shown_with_their_proposers(officer, japan):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    response = _record(officer, rec_5, at)
    assert "Alternatives recorded." in response.content.decode()
    stored = _stored(rec_5)
    assert stored.text == rec_5.text[:at] + "[should][shall]" + rec_5.text[at + 6 :]
    assert stored.history.latest().history_change_reason == (
        "Alternatives recorded: “should” (Japan); “shall” (Brazil, Mexico)"
    )
    assert [(a.text, sorted(p.name for p in a.proposers.all())) for a in Alternative.objects.order_by("position")] == [
        ("should", ["Japan"]),
        ("shall", ["Brazil", "Mexico"]),
    ]
    html = japan.get(reverse("paragraph", args=[rec_5.pk])).content.decode()  # every member sees who proposed what
    assert (
        '<span class="alternative alternative--0" title="Proposed by Japan">[should]</span>'
        '<small class="alternative__by">Japan</small>'
        '<span class="alternative alternative--0" title="Proposed by Brazil, Mexico">[shall]</span>'
        '<small class="alternative__by">Brazil, Mexico</small>'
    ) in html


def test_one_alternative_is_refused_and_nothing_is_written(officer):
    rec_5 = paragraph("recommendations", "5")
    response = _record(officer, rec_5, rec_5.text.index("should"), text_2="", proposers_2=[])
    assert response.status_code == 400
    assert "Give two alternatives or more." in response.content.decode()
    assert _stored(rec_5).version == rec_5.version and not Alternative.objects.exists()


def test_alternatives_sent_against_an_older_version_keep_what_was_typed_and_write_nothing(officer, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    officer.post(reverse("paragraph-status", args=[rec_5.pk]), {"status": "under-discussion", "version": 1})
    response = _record(officer, rec_5, rec_5.text.index("should"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "The paragraph was changed since you opened the page" in html
    assert 'name="version" value="2"' in html and 'name="text_2" value="shall"' in html
    assert _stored(rec_5).text == rec_5.text and not Alternative.objects.exists()


def test_remove_brackets_asks_which_alternative_to_keep_and_keeps_it(officer):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    _record(officer, rec_5, at)
    stored = _stored(rec_5)
    html = officer.get(reverse("paragraph", args=[rec_5.pk])).content.decode()
    assert f'<option value="keep:{at}:0">Keep “should”</option>' in html
    assert f'<option value="keep:{at}:1">Keep “shall”</option>' in html
    assert '<option value="all">' not in html  # no removing of alternatives without choosing one
    response = officer.post(
        reverse("paragraph-unbracket", args=[rec_5.pk]),
        {"target": f"keep:{at}:1", "version": stored.version},
        follow=True,
    )
    assert "Alternative kept; the others removed." in response.content.decode()
    stored = _stored(rec_5)
    assert stored.text == rec_5.text[:at] + "shall" + rec_5.text[at + 6 :]
    assert stored.history.latest().history_change_reason.startswith("Alternative kept: “shall” (proposed by Brazil")
    assert not Alternative.objects.exists()


def test_remove_brackets_of_one_passage_or_all_of_them(officer):
    rec_3 = paragraph("recommendations", "3")
    for passage in ("enhanced cooperation", "duplication"):
        officer.post(
            reverse("paragraph-bracket", args=[rec_3.pk]), {"passage": passage, "version": _stored(rec_3).version}
        )
    stored = _stored(rec_3)
    at = stored.text.index("[duplication]")
    html = officer.get(reverse("paragraph", args=[rec_3.pk])).content.decode()
    assert '<option value="all">All brackets</option>' in html and f'<option value="at:{at}">' in html
    officer.post(reverse("paragraph-unbracket", args=[rec_3.pk]), {"target": f"at:{at}", "version": stored.version})
    stored = _stored(rec_3)
    assert stored.text == rec_3.text.replace("enhanced cooperation", "[enhanced cooperation]")
    officer.post(reverse("paragraph-unbracket", args=[rec_3.pk]), {"target": "all", "version": stored.version})
    stored = _stored(rec_3)
    assert stored.text == rec_3.text and stored.history.latest().history_change_reason == "All brackets removed"


def test_a_paragraph_without_brackets_offers_no_removal_and_refuses_one(officer):
    rec_3 = paragraph("recommendations", "3")
    html = officer.get(reverse("paragraph", args=[rec_3.pk])).content.decode()
    assert reverse("paragraph-unbracket", args=[rec_3.pk]) not in html and "Remove brackets</button>" not in html
    response = officer.post(
        reverse("paragraph-unbracket", args=[rec_3.pk]), {"target": "all", "version": rec_3.version}, follow=True
    )
    assert "Choose brackets of the text." in response.content.decode()
    assert _stored(rec_3).version == rec_3.version
