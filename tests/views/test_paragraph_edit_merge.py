"""Two secretariat officers edit one paragraph: the second save merges, or shows the conflict, and
never writes over a change the officer has not seen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from amendments.models import Paragraph, User
from tests.helpers import make_user, paragraph

pytestmark = pytest.mark.django_db

THEIRS = ("proactively", "actively")
MINE = ("easily understandable", "plain")
CLASH = ("proactively", "eagerly")


@pytest.fixture
def first(secretariat_officer):
    client = Client()
    client.force_login(secretariat_officer)
    return client


@pytest.fixture
def second(wgec):
    client = Client()
    client.force_login(make_user("officer-2", groups=[User.SECRETARIAT], is_staff=True, first_name="Omar"))
    return client


def _edit(client, row, text, version, **extra):
    data = {"text": text, "number": row.number, "version": version, **extra}
    return client.post(reverse("paragraph-edit", args=[row.pk]), data)


def _form(html):
    """The text and version the returned form would post."""
    text = re.search(r"<textarea name=\"text\"[^>]*>\n(.*?)</textarea>", html, re.S)
    version = re.search(r'name="version" value="(\d*)"', html)
    assert text and version
    return {"text": text.group(1).replace("&quot;", '"').replace("&#x27;", "'"), "version": version.group(1)}


def _saved(row):
    return Paragraph.objects.get(pk=row.pk)


def test_two_officers_with_non_overlapping_edits_keep_both_changes(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    assert _edit(first, rec_5, original.replace(*THEIRS), opened).status_code == 302
    assert _saved(rec_5).version == opened + 1

    response = _edit(second, rec_5, original.replace(*MINE), opened)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sofia Officer saved this paragraph after you opened it" in html
    assert "<del>proactively</del><ins>actively</ins>" in html  # what the other officer changed
    assert "the form now holds both" in html
    assert _saved(rec_5).text == original.replace(*THEIRS)  # nothing saved yet

    offered = _form(html)
    assert offered == {"text": original.replace(*THEIRS).replace(*MINE), "version": str(opened + 1)}
    assert _edit(second, rec_5, offered["text"], offered["version"]).status_code == 302
    saved = _saved(rec_5)
    assert "actively" in saved.text and "plain" in saved.text and "proactively" not in saved.text
    assert saved.version == opened + 2
    assert saved.history.latest().history_user.username == "officer-2"


def test_resending_a_stale_form_saves_nothing_and_offers_the_merge_again(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    _edit(first, rec_5, original.replace(*THEIRS), opened)
    for _ in range(2):  # the very same form, sent again
        response = _edit(second, rec_5, original.replace(*MINE), opened)
        assert response.status_code == 409
        assert _saved(rec_5).text == original.replace(*THEIRS)
        assert _saved(rec_5).version == opened + 1


def test_a_merge_offered_before_a_third_save_is_merged_again(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    _edit(first, rec_5, original.replace(*THEIRS), opened)
    offered = _form(_edit(second, rec_5, original.replace(*MINE), opened).content.decode())
    later = original.replace(*THEIRS) + " Third."
    assert _edit(first, rec_5, later, opened + 1).status_code == 302

    response = _edit(second, rec_5, offered["text"], offered["version"])
    assert response.status_code == 409
    assert _saved(rec_5).text == later
    again = _form(response.content.decode())
    assert again["text"] == later.replace(*MINE) and again["version"] == str(opened + 2)


def test_overlapping_edits_show_the_conflict_and_save_nothing_until_resolved(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    _edit(first, rec_5, original.replace(*THEIRS), opened)
    mine = original.replace(*CLASH).replace(*MINE)

    response = _edit(second, rec_5, mine, opened)
    html = response.content.decode()
    assert response.status_code == 409
    assert "touch the same words" in html
    assert "<td>proactively</td><td>actively</td><td>eagerly</td>" in html
    kept = _form(html)
    assert kept == {"text": mine, "version": str(opened)}  # still based on the text opened

    # Save pressed as the page stands: merged again, nothing saved.
    assert _edit(second, rec_5, kept["text"], kept["version"]).status_code == 409
    assert _saved(rec_5).text == original.replace(*THEIRS)
    assert _saved(rec_5).version == opened + 1


def test_an_officer_resolves_a_conflict_for_their_wording_and_keeps_the_rest_of_both(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    _edit(first, rec_5, original.replace(*THEIRS) + " Added.", opened)
    mine = original.replace(*CLASH).replace(*MINE)

    response = _edit(second, rec_5, mine, opened, resolve="mine")
    assert response.status_code == 200
    assert _saved(rec_5).version == opened + 1  # choosing saves nothing
    resolved = _form(response.content.decode())
    assert resolved == {"text": original.replace(*CLASH).replace(*MINE) + " Added.", "version": str(opened + 1)}

    assert _edit(second, rec_5, resolved["text"], resolved["version"]).status_code == 302
    saved = _saved(rec_5)
    assert "eagerly" in saved.text and "plain" in saved.text and saved.text.endswith(" Added.")


def test_an_officer_resolves_a_conflict_for_the_other_wording(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    _edit(first, rec_5, original.replace(*THEIRS), opened)
    resolved = _form(
        _edit(second, rec_5, original.replace(*CLASH).replace(*MINE), opened, resolve="theirs").content.decode()
    )
    assert resolved["text"] == original.replace(*THEIRS).replace(*MINE)
    assert _saved(rec_5).text == original.replace(*THEIRS)


def test_a_number_changed_by_the_other_officer_is_kept(first, second):
    rec_5 = paragraph("recommendations", "5")
    opened, original = rec_5.version, rec_5.text
    first.post(reverse("paragraph-edit", args=[rec_5.pk]), {"text": original, "number": "5 bis", "version": opened})
    html = _edit(second, rec_5, original.replace(*MINE), opened).content.decode()
    offered = _form(html)
    assert 'name="number" value="5 bis"' in html  # the form posted "5", as it was opened
    second.post(
        reverse("paragraph-edit", args=[rec_5.pk]),
        {"text": offered["text"], "number": "5 bis", "version": offered["version"]},
    )
    saved = _saved(rec_5)
    assert (saved.number, saved.text) == ("5 bis", original.replace(*MINE))
