"""The secretariat's brackets: written by the bracket action, removed only by "Remove brackets", never
by a status; alternatives with their proposers, one of them kept in the end. Each a new version of
the paragraph with its reason in the history."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from amendments import actions
from amendments.actions.brackets import DraftingError, StaleVersion
from amendments.models import Alternative, Paragraph, Participant, Revision
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


def _second(text, word):
    return text.index(word, text.index(word) + 1)


def test_a_selection_brackets_the_second_of_two_same_words(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    done = actions.brackets.bracket_passage(
        rec_5.pk, passage="should", start=at, end=at + 6, expected_version=rec_5.version, user=secretariat_officer
    )
    rec_5.refresh_from_db()
    assert rec_5.text == done.text == rec_5.text[:at] + "[should]" + rec_5.text[at + 8 :]
    assert rec_5.text.count("[should]") == 1 and rec_5.text.index("[should]") == at
    assert rec_5.version == 2
    record = rec_5.history.latest()
    assert record.history_change_reason == "Passage bracketed" and record.history_user == secretariat_officer


def test_a_typed_word_that_occurs_twice_is_refused_and_nothing_is_written(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    with pytest.raises(DraftingError, match="more than once"):
        actions.brackets.bracket_passage(
            rec_5.pk, passage="should", expected_version=rec_5.version, user=secretariat_officer
        )
    assert Paragraph.objects.get(pk=rec_5.pk).version == rec_5.version


def test_a_selection_that_is_not_the_passage_given_is_refused(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    with pytest.raises(DraftingError, match="not the passage given"):
        actions.brackets.bracket_passage(
            rec_5.pk, passage="reach", start=0, end=5, expected_version=rec_5.version, user=secretariat_officer
        )
    assert Paragraph.objects.get(pk=rec_5.pk).text == rec_5.text


def test_a_selection_on_an_older_version_is_refused_as_stale(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    with pytest.raises(StaleVersion):
        actions.brackets.bracket_passage(
            rec_5.pk, passage="Those", start=0, end=5, expected_version=rec_5.version - 1, user=secretariat_officer
        )
    assert Paragraph.objects.get(pk=rec_5.pk).text == rec_5.text


def test_a_status_neither_writes_nor_removes_brackets(secretariat_officer):
    rec_19 = paragraph("recommendations", "19")
    text = rec_19.text
    rec_19 = actions.draft.set_status(
        rec_19.pk, status=Paragraph.Status.BRACKETED, expected_version=rec_19.version, user=secretariat_officer
    )
    assert Paragraph.objects.get(pk=rec_19.pk).text == text
    rec_19 = actions.brackets.bracket_passage(
        rec_19.pk, passage="further consideration", expected_version=rec_19.version, user=secretariat_officer
    )
    rec_19 = actions.draft.set_status(
        rec_19.pk, status=Paragraph.Status.AGREED, expected_version=rec_19.version, user=secretariat_officer
    )
    stored = Paragraph.objects.get(pk=rec_19.pk)
    assert stored.text == text.replace("further consideration", "[further consideration]")
    assert stored.get_status_display() == "Agreed"
    assert Paragraph.Status.BRACKETED.label == "Not agreed (bracketed passages)"


def test_removing_the_brackets_of_one_passage_or_all_is_a_new_version_with_its_reason(secretariat_officer):
    rec_3 = paragraph("recommendations", "3")
    text = rec_3.text
    for word in ("enhanced cooperation", "duplication"):
        rec_3 = actions.brackets.bracket_passage(
            rec_3.pk, passage=word, expected_version=rec_3.version, user=secretariat_officer
        )
    at = rec_3.text.index("[duplication]")
    rec_3 = actions.brackets.remove_brackets(
        rec_3.pk, start=at, expected_version=rec_3.version, user=secretariat_officer
    )
    stored = Paragraph.objects.get(pk=rec_3.pk)
    assert stored.text == text.replace("enhanced cooperation", "[enhanced cooperation]")
    assert stored.history.latest().history_change_reason == "Brackets removed from “duplication”"
    actions.brackets.remove_all_brackets(
        rec_3.pk, expected_version=stored.version, user=secretariat_officer, reason="Agreed in informals"
    )
    stored = Paragraph.objects.get(pk=rec_3.pk)
    assert stored.text == text and stored.version == 5
    assert stored.history.latest().history_change_reason == "Agreed in informals"


def _alternatives(rec_5, user, *, start=None, end=None, passage="", long=False):
    japan, brazil, mexico = (Participant.objects.get(name=n) for n in ("Japan", "Brazil", "Mexico"))
    other = "ought, where national law allows it, to" if long else "shall"
    return actions.brackets.record_alternatives(
        rec_5.pk,
        alternatives=[("should", [japan]), (other, [brazil, mexico])],
        passage=passage,
        start=start,
        end=end,
        expected_version=rec_5.version,
        user=user,
    )


def test_alternatives_are_written_into_the_text_and_their_proposers_stored(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    at = _second(rec_5.text, "should")
    _alternatives(rec_5, secretariat_officer, start=at, end=at + 6)
    stored = Paragraph.objects.get(pk=rec_5.pk)
    assert stored.text == rec_5.text[:at] + "[should][shall]" + rec_5.text[at + 6 :]
    assert stored.history.latest().history_change_reason == (
        "Alternatives recorded: “should” (Japan); “shall” (Brazil, Mexico)"
    )
    rows = list(Alternative.objects.filter(paragraph=rec_5).order_by("position"))
    assert [(a.position, a.text, sorted(p.name for p in a.proposers.all())) for a in rows] == [
        (1, "should", ["Japan"]),
        (2, "shall", ["Brazil", "Mexico"]),
    ]
    assert rows[0].group == rows[1].group
    assert rows[1].history.latest().history_change_reason == "Proposed by Brazil, Mexico"
    proposers = rows[1].history.latest().proposers.all()  # the M2M's own history, with the row's
    assert sorted(m.participant.name for m in proposers) == ["Brazil", "Mexico"]


def test_long_alternatives_are_written_as_numbered_options(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    at = rec_5.text.index("should")
    _alternatives(rec_5, secretariat_officer, start=at, end=at + 6, long=True)
    assert Paragraph.objects.get(pk=rec_5.pk).text.startswith(
        "Those institutions and processes [Option 1: should] [Option 2: ought, where national law allows it, to] reach"
    )


def test_alternatives_for_a_typed_passage_that_occurs_twice_are_refused(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    with pytest.raises(DraftingError, match="more than once"):
        _alternatives(rec_5, secretariat_officer, passage="should")
    assert not Alternative.objects.exists()
    assert Paragraph.objects.get(pk=rec_5.pk).version == rec_5.version


def test_keeping_an_alternative_writes_it_deletes_the_attribution_and_names_the_proposers(secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    at = rec_5.text.index("should")
    rec_5_after = _alternatives(rec_5, secretariat_officer, start=at, end=at + 6)
    with pytest.raises(DraftingError, match="choose the one to keep"):
        actions.brackets.remove_all_brackets(rec_5.pk, expected_version=rec_5_after.version, user=secretariat_officer)
    actions.brackets.keep_alternative(
        rec_5.pk, start=at, index=1, expected_version=rec_5_after.version, user=secretariat_officer
    )
    stored = Paragraph.objects.get(pk=rec_5.pk)
    assert stored.text == rec_5.text[:at] + "shall" + rec_5.text[at + 6 :]
    reason = "Alternative kept: “shall” (proposed by Brazil, Mexico); the others and their brackets removed"
    assert stored.history.latest().history_change_reason == reason
    assert not Alternative.objects.exists()
    gone = Alternative.history.filter(history_type="-")
    assert gone.count() == 2 and {r.history_change_reason for r in gone} == {reason}


def test_the_migration_writes_the_brackets_a_status_printed_into_the_text_and_the_snapshots(secretariat_officer):
    rec_19 = actions.draft.set_status(  # the old rule printed it in brackets; its text has none
        paragraph("recommendations", "19").pk, status="bracketed", expected_version=1, user=secretariat_officer
    )
    revision = actions.revisions.issue_revision(
        rec_19.section.report_id, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )
    rec_19.refresh_from_db()
    migration = importlib.import_module("amendments.migrations.0015_alternatives")
    state = MigrationExecutor(connection).loader.project_state(("amendments", "0015_alternatives"))

    migration.brackets_into_the_text(state.apps, None)

    stored = Paragraph.objects.get(pk=rec_19.pk)
    assert stored.text == f"[{rec_19.text}]" and stored.version == rec_19.version + 1
    assert stored.history.latest().history_change_reason == migration.REASON
    frozen = Revision.objects.get(pk=revision.pk).snapshot
    [row] = [p for s in frozen["sections"] for p in s["paragraphs"] if p["id"] == rec_19.pk]
    assert row["text"] == f"[{rec_19.text}]"
