"""Provisional numbers of new paragraphs: offered from what the delegation may see, so another
delegation's private draft is never revealed; a clash is settled when the second one is submitted."""

import pytest

from amendments import actions
from amendments.models import Amendment
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


def _new_paragraph(user, after, number, *, submit):
    return actions.amendments.propose(
        user=user, paragraph_id=after.pk, kind="insert", provisional_number=number,
        expected_paragraph_version=after.version, proposed_text=f"New paragraph {number} by {user}.", submit=submit,
    )  # fmt: skip


def test_another_delegations_private_draft_is_not_counted_in_the_number_offered(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    _new_paragraph(russia_delegate, two, "2 bis", submit=False)
    assert actions.amendments.suggested_number(two, japan_delegate) == "2 bis"
    assert actions.amendments.suggested_number(two, russia_delegate) == "2 ter"  # its own draft counts


def test_submitted_amendments_and_the_draft_text_are_counted(russia_delegate, japan_delegate, secretariat_officer):
    two = paragraph("introduction", "2")
    _new_paragraph(japan_delegate, two, "2 bis", submit=True)
    assert actions.amendments.suggested_number(two, russia_delegate) == "2 ter"
    actions.draft.insert_paragraph_after(two.pk, number="2 ter", text="Inserted by the secretariat.", user=None)
    assert actions.amendments.suggested_number(two, russia_delegate) == "2 quater"


def test_the_later_submission_of_a_number_already_submitted_gets_the_next_free_one(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    private = _new_paragraph(russia_delegate, two, "2 bis", submit=False)
    first = _new_paragraph(japan_delegate, two, "2 bis", submit=True)  # Japan could not know of Russia's draft
    assert (first.provisional_number, actions.amendments.renumbering_note(first)) == ("2 bis", "")
    assert Amendment.objects.get(pk=private.pk).provisional_number == "2 bis"  # a draft clashes with nobody yet
    second = actions.amendments.submit(private.pk, user=russia_delegate, expected_version=private.version)
    assert second.provisional_number == "2 ter"
    assert "2 bis" in actions.amendments.renumbering_note(second)
    assert "yours is now 2 ter" in actions.amendments.renumbering_note(second)
    stored = Amendment.objects.get(pk=private.pk)
    assert (stored.status, stored.provisional_number) == ("submitted", "2 ter")
    assert stored.history.latest().history_change_reason == "Submitted as 2 ter (2 bis was taken)"
    assert Amendment.objects.get(pk=first.pk).provisional_number == "2 bis"


def test_a_new_paragraph_submitted_at_once_under_a_taken_number_is_renumbered(russia_delegate, japan_delegate):
    two = paragraph("introduction", "2")
    _new_paragraph(japan_delegate, two, "2 bis", submit=True)
    _new_paragraph(japan_delegate, two, "2 ter", submit=True)
    mine = _new_paragraph(russia_delegate, two, "2 bis", submit=True)
    assert mine.provisional_number == "2 quater"
    assert Amendment.objects.get(pk=mine.pk).provisional_number == "2 quater"
