"""The secretariat's notes (the "why" kept in the history, a decision's note) are checked on every page
that takes one: a note that cannot be saved gets a message and nothing is stored."""

import pytest
from django.urls import reverse

from amendments.models import Amendment, Paragraph, Section
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

# (note, what the message says); U+FFFE is a character only the new check refuses.
BAD_NOTES = {
    "nul": ("Chair\x00s redraft", "The note contains a character that cannot be saved (NUL) at position 6"),
    "control": ("Chair\x07s redraft", "The note contains a character that cannot be saved (U+0007) at position 6"),
    "nonchar": ("Chair\ufffes redraft", "The note contains a character that cannot be saved (U+FFFE) at position 6"),
    "long": ("n" * 1_000_000, "The note is 1,000,000 characters long; the limit is 300."),
}


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


def _state():
    """What a refused note must leave as it was: every paragraph and heading, and their histories."""
    return (
        list(Paragraph.objects.order_by("pk").values_list("pk", "version", "text", "status", "position")),
        list(Section.objects.order_by("pk").values_list("pk", "heading")),
        Paragraph.history.count(),
        Section.history.count(),
    )


def _edit(rec_5, note):
    return reverse("paragraph-edit", args=[rec_5.pk]), {"text": "New.", "number": "5", "note": note, "version": 1}


def _insert(rec_5, note):
    return reverse("paragraph-insert", args=[rec_5.pk]), {"number": "5 bis", "text": "Inserted.", "note": note}


def _status(rec_5, note):
    return reverse("paragraph-status", args=[rec_5.pk]), {"status": "agreed", "version": 1, "note": note}


def _bracket(rec_5, note):
    return reverse("paragraph-bracket", args=[rec_5.pk]), {"passage": "proactively", "version": 1, "note": note}


def _heading(rec_5, note):
    return reverse("section-edit", args=[rec_5.section_id]), {"heading": "Renamed", "note": note}


def _move(rec_5, note):
    return reverse("paragraph-move", args=[rec_5.pk]), {"direction": "down", "version": 1, "note": note}


def _delete(rec_5, note):
    return reverse("paragraph-delete", args=[rec_5.pk]), {"version": 1, "note": note}


def _restore(rec_5, note):
    first = rec_5.history.earliest("history_id").history_id
    return reverse("paragraph-restore", args=[rec_5.pk, first]), {"version": 1, "note": note}


PAGES = {f.__name__[1:]: f for f in (_edit, _insert, _status, _bracket, _heading, _move, _delete, _restore)}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("bad", BAD_NOTES)
def test_a_note_that_cannot_be_saved_gets_a_message_and_changes_nothing(officer, wgec, page, bad):
    rec_5 = paragraph("recommendations", "5")
    assert rec_5.version == 1
    note, message = BAD_NOTES[bad]
    before = _state()
    url, data = PAGES[page](rec_5, note)
    response = officer.post(url, data, follow=True)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("page", ["move", "delete"])
def test_a_good_note_on_a_button_is_kept_as_the_reason(officer, wgec, page):
    rec_5 = paragraph("recommendations", "5")
    url, data = PAGES[page](rec_5, " Agreed in informal consultations ")
    officer.post(url, data)
    assert rec_5.history.latest().history_change_reason == "Agreed in informal consultations"


@pytest.mark.parametrize("selection", [False, True], ids=["one", "selection"])
@pytest.mark.parametrize("bad", BAD_NOTES)
def test_a_decision_note_that_cannot_be_saved_gets_a_message_and_decides_nothing(
    officer, wgec, russia_delegate, bad, selection
):
    rec_4 = paragraph("recommendations", "4")
    amendment = propose_change(russia_delegate, rec_4, rec_4.text + " One.")
    records = amendment.history.count()
    note, message = BAD_NOTES[bad]
    message = message.replace("the limit is 300", "the limit is 5,000")  # a decision's note is longer
    data = {"decision": "reject", "note": note, "version": 1}
    if selection:
        url, data = reverse("decisions", args=[wgec.pk]), {**data, "amendment": [amendment.pk]}
    else:
        url = reverse("amendment-decide", args=[amendment.pk])
    response = officer.post(url, data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    amendment = Amendment.objects.get(pk=amendment.pk)
    assert (amendment.status, amendment.decision_note, amendment.history.count()) == ("submitted", "", records)


@pytest.mark.parametrize("char", ["\x00", "\ufffe"], ids=["nul", "nonchar"])
def test_a_modified_text_that_cannot_be_saved_gets_a_message_and_decides_nothing(officer, wgec, russia_delegate, char):
    rec_4 = paragraph("recommendations", "4")
    amendment = propose_change(russia_delegate, rec_4, rec_4.text + " One.")
    name = "NUL" if char == "\x00" else "U+FFFE"
    response = officer.post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accept-modified", "final_text": f"Our{char} text.", "version": 1},
        follow=True,
    )
    assert (
        f"The modified text contains a character that cannot be saved ({name}) at position 4"
        in response.content.decode()
    )
    amendment = Amendment.objects.get(pk=amendment.pk)
    assert (amendment.status, amendment.final_text) == ("submitted", "")
