"""Issuing a revision: accepted amendments consolidated, renumbered, frozen; pending ones carried over."""

import datetime

import pytest

from amendments import actions
from amendments.actions.draft import StaleVersion
from amendments.models import Amendment, Paragraph, Revision
from amendments.queries.snapshots import report_snapshot
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

DATE = datetime.date(2018, 1, 15)


def _ashton_hart(section, number, item=None):
    return Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(section, number, item=item))


def _insert(user, after, number, text):
    return actions.amendments.propose(
        user=user, paragraph_id=after.pk, kind="insert", provisional_number=number,
        expected_paragraph_version=after.version, proposed_text=text, submit=True,
    )  # fmt: skip


def _database():
    """Every row and history count that issuing a revision may touch."""
    return [
        sorted(Paragraph.objects.values_list("id", "number", "text", "status", "version", "position")),
        sorted(
            Amendment.objects.values_list(
                "id", "status", "version", "base_text", "proposed_text", "applied_in", "carried_over"
            )
        ),
        Paragraph.history.count(),
        Amendment.history.count(),
        Revision.objects.issued().count(),
    ]


def test_accepted_amendments_are_consolidated_and_paragraphs_renumbered(wgec, secretariat_officer, russia_delegate):
    intro_15 = _ashton_hart("introduction", "15")
    two_bis = _insert(russia_delegate, paragraph("introduction", "2"), "2 bis", "The Group recalled paragraph 69.")
    actions.decisions.decide([intro_15.pk, two_bis.pk], decision="accept", user=secretariat_officer)

    revision = actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)

    numbers = list(
        Paragraph.objects.filter(section__key="introduction", parent=None)
        .order_by("position")
        .values_list("number", "text")
    )
    assert [n for n, _ in numbers] == [str(n) for n in range(1, 17)]
    assert numbers[2][1] == "The Group recalled paragraph 69."  # "2 bis" became 3
    assert numbers[15][1] == intro_15.proposed_text  # Introduction 15 is now 16, with his text
    assert Amendment.objects.get(pk=intro_15.pk).applied_in == revision
    last = Paragraph.objects.get(pk=intro_15.paragraph_id).history.latest()
    assert (last.history_user, last.history_change_reason) == (
        secretariat_officer,
        "Rev.1: consolidated and renumbered",
    )


def test_revision_is_a_frozen_snapshot_of_the_consolidated_text(wgec, secretariat_officer):
    actions.decisions.decide([_ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer)
    revision = actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    expected = report_snapshot(wgec, {"name": "Rev.1", "date": "2018-01-15"})
    assert revision.snapshot == expected
    assert "maintaining and expanding a global" in str(revision.snapshot)
    with pytest.raises(ValueError, match="cannot be changed"):
        revision.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        revision.delete()


def test_deleted_paragraph_leaves_the_text_and_footnotes_are_renumbered(wgec, secretariat_officer, russia_delegate):
    intro_8 = paragraph("introduction", "8")  # carries footnote 7
    deletion = actions.amendments.propose(
        user=russia_delegate,
        paragraph_id=intro_8.pk,
        kind="delete",
        expected_paragraph_version=intro_8.version,
        submit=True,
    )
    actions.decisions.decide([deletion.pk], decision="accept", user=secretariat_officer)
    revision = actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert Paragraph.objects.get(pk=intro_8.pk).status == "deleted"
    footnotes = Paragraph.objects.filter(kind="footnote").exclude(parent=intro_8).order_by("number")
    assert sorted(int(f.number) for f in footnotes) == list(range(1, 9))
    assert paragraph(None, footnote=8).parent == paragraph("recommendations", "8")  # footnote 9 became 8
    texts = [p["text"] for s in revision.snapshot["sections"] for p in s["paragraphs"]]
    assert intro_8.text not in texts
    assert [p["number"] for p in revision.snapshot["sections"][1]["paragraphs"]] == [str(n) for n in range(1, 15)]


def test_accepted_with_modifications_consolidates_the_secretariat_text(wgec, secretariat_officer):
    rec_12 = _ashton_hart("recommendations", "12")
    final = rec_12.proposed_text.replace("in particular help", "help in particular")
    actions.decisions.decide([rec_12.pk], decision="accept-modified", final_text=final, user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert paragraph("recommendations", "12").text == final


def test_two_accepted_amendments_that_overlap_stop_the_revision(wgec, secretariat_officer, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    russian = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    actions.decisions.decide(
        [russian.pk, _ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer
    )
    before = _database()
    with pytest.raises(actions.revisions.RevisionConflict) as raised:
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    [collision] = raised.value.collisions
    assert collision.paragraph == rec_2
    assert {a.participant.name for a in collision.amendments} == {"Russian Federation", "Nick Ashton-Hart"}
    assert [(c.ours, c.theirs) for c in collision.merge.conflicts] in (
        [("securing", "expanding")],
        [("expanding", "securing")],
    )
    assert _database() == before


def test_two_accepted_amendments_that_do_not_overlap_merge(wgec, secretariat_officer, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    russian = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    actions.decisions.decide(
        [russian.pk, _ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer
    )
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    text = paragraph("recommendations", "2").text
    assert "evidence-based debates" in text and "maintaining and expanding" in text


def test_pending_amendments_are_carried_over_rebased_or_flagged(
    wgec, secretariat_officer, russia_delegate, japan_delegate
):
    rec_2 = paragraph("recommendations", "2")
    clean = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    clashing = propose_change(
        japan_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    untouched = _ashton_hart("recommendations", "3")
    actions.decisions.decide([_ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer)

    revision = actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)

    clean.refresh_from_db()
    assert (clean.status, clean.carried_over, clean.carried_over_in, clean.version) == (
        "submitted",
        "rebased",
        revision,
        2,
    )
    assert clean.base_text == paragraph("recommendations", "2").text
    assert "maintaining and expanding" in clean.proposed_text and "evidence-based debates" in clean.proposed_text
    assert clean.history.latest().history_change_reason == "Rebased onto Rev.1"
    clashing.refresh_from_db()
    assert (clashing.status, clashing.carried_over, clashing.version) == ("submitted", "conflict", 1)
    assert clashing.proposed_text.count("securing") == 1  # kept as its delegation wrote it
    untouched.refresh_from_db()
    assert (untouched.carried_over, untouched.version) == ("", 1)


def test_a_failure_midway_leaves_the_database_as_it_was(wgec, secretariat_officer, russia_delegate, monkeypatch):
    actions.decisions.decide([_ashton_hart("introduction", "15").pk], decision="accept", user=secretariat_officer)
    _insert(russia_delegate, paragraph("introduction", "2"), "2 bis", "New.")
    before = _database()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        actions.revisions, "report_snapshot", broken
    )  # after texts, inserts and renumbering were written
    with pytest.raises(RuntimeError):
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert _database() == before


def test_a_revision_name_is_used_once(wgec, secretariat_officer):
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    with pytest.raises(actions.revisions.RevisionError, match="already has a revision named"):
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)


def test_a_member_cannot_issue_a_revision(wgec, russia_delegate):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=russia_delegate)


def test_consolidated_amendment_cannot_be_decided_again(wgec, secretariat_officer):
    rec_2 = _ashton_hart("recommendations", "2")
    actions.decisions.decide([rec_2.pk], decision="accept", user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    with pytest.raises(actions.decisions.DecisionError, match="already consolidated in Rev.1"):
        actions.decisions.decide([rec_2.pk], decision="reject", user=secretariat_officer)


def test_stale_amendment_form_after_a_revision_is_refused(wgec, secretariat_officer, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    actions.decisions.decide([_ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    with pytest.raises(StaleVersion):
        propose_change(russia_delegate, rec_2, "Based on the old text.")
