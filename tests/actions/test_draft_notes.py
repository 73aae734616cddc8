"""The drafting writes check the note they keep in the history themselves, as the forms do: a caller
without a form (a script, a button posted by hand) cannot store one that the database or the pages
cannot hold."""

import pytest

from amendments import actions
from amendments.core.texts import TextError
from amendments.models import Paragraph, Section
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db

BAD_NOTES = {
    "nul": ("Why\x00", "The note contains a character that cannot be saved (NUL) at position 4"),
    "control": ("Why\x1b", "The note contains a character that cannot be saved (U+001B) at position 4"),
    "nonchar": ("Why\uffff", "The note contains a character that cannot be saved (U+FFFF) at position 4"),
    "long": ("n" * 1_000_000, "The note is 1,000,000 characters long; the limit is 300."),
}


def _writes(rec_5, user):
    """Each drafting write on Recommendation 5, given only its note."""
    draft = actions.draft
    first = rec_5.history.earliest("history_id").history_id
    return {
        "edit": lambda note: draft.edit_paragraph(rec_5.pk, text="New.", expected_version=1, user=user, reason=note),
        "status": lambda note: draft.set_status(rec_5.pk, status="agreed", expected_version=1, user=user, reason=note),
        "bracket": lambda note: actions.brackets.bracket_passage(
            rec_5.pk, passage="proactively", expected_version=1, user=user, reason=note
        ),
        "insert": lambda note: draft.insert_paragraph_after(
            rec_5.pk, number="5 bis", text="New.", user=user, reason=note
        ),
        "move": lambda note: draft.move_paragraph(
            rec_5.pk, direction="down", expected_version=1, user=user, reason=note
        ),
        "delete": lambda note: draft.delete_paragraph(rec_5.pk, expected_version=1, user=user, reason=note),
        "restore": lambda note: draft.restore_version(
            rec_5.pk, history_id=first, expected_version=1, user=user, reason=note
        ),
        "heading": lambda note: draft.edit_heading(rec_5.section_id, heading="Renamed", user=user, reason=note),
    }


def _state():
    return (
        list(Paragraph.objects.order_by("pk").values_list("pk", "version", "text", "status", "position")),
        list(Section.objects.order_by("pk").values_list("pk", "heading")),
        Paragraph.history.count(),
        Section.history.count(),
    )


WRITES = ["edit", "status", "bracket", "insert", "move", "delete", "restore", "heading"]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("bad", BAD_NOTES)
def test_a_drafting_write_refuses_a_note_that_cannot_be_saved_and_stores_nothing(secretariat_officer, write, bad):
    rec_5 = paragraph("recommendations", "5")
    before = _state()
    note, message = BAD_NOTES[bad]
    with pytest.raises(TextError) as refused:
        _writes(rec_5, secretariat_officer)[write](note)
    assert message in str(refused.value)
    assert _state() == before


@pytest.mark.parametrize("write", WRITES)
def test_a_drafting_write_keeps_a_good_note_cleaned(secretariat_officer, write):
    rec_5 = paragraph("recommendations", "5")
    _writes(rec_5, secretariat_officer)[write]("  Informal consultations,\r\n14 May  ")
    latest = (Section if write == "heading" else Paragraph).history.latest("history_id")
    assert latest.history_change_reason == "Informal consultations,\n14 May"
