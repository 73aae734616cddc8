"""The preview of a revision: the same run as the issue, rolled back; the issue refuses once the
draft or its amendments changed since the preview."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from amendments import actions
from amendments.actions.revisions import RevisionChanged, RevisionConflict
from amendments.core.comparison import compare_snapshots
from amendments.models import Amendment, Comment, Paragraph, Position, Revision
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

DATE = datetime.date(2018, 1, 15)


def _ashton_hart(section, number):
    return Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(section, number))


def _database():
    """Every row a revision writes and every history row, as they are."""
    return [
        sorted(Paragraph.objects.values_list("id", "number", "text", "status", "version", "position")),
        sorted(
            Amendment.objects.values_list(
                "id", "status", "version", "base_text", "proposed_text", "applied_in", "carried_over", "carried_over_in"
            )
        ),
        Paragraph.history.count(),
        Amendment.history.count(),
        Revision.objects.issued().count(),
        Revision.history.count(),
        Comment.objects.count(),
        Position.objects.count(),
    ]


@pytest.fixture
def round_(wgec, secretariat_officer, russia_delegate, japan_delegate):
    """Accepted: Recommendation 2 (Ashton-Hart) and a new paragraph after Introduction 2. Pending:
    one clean change to Recommendation 2, one that clashes with it, one already made by the
    accepted one, and a deletion of a paragraph another accepted amendment deletes."""
    rec_2 = paragraph("recommendations", "2")
    two = paragraph("introduction", "2")
    insert = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="The Group recalled paragraph 69.", submit=True,
    )  # fmt: skip
    accepted = _ashton_hart("recommendations", "2")
    actions.decisions.decide([accepted.pk, insert.pk], decision="accept", user=secretariat_officer)
    clean = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    clashing = propose_change(
        japan_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    same = propose_change(japan_delegate, rec_2, accepted.proposed_text, submit=False)
    return {"accepted": [accepted, insert], "clean": clean, "clashing": clashing, "same": same}


def _without_new_ids(snapshot, known):
    """The snapshot with the ids of rows the revision creates blanked: the preview's were rolled back."""
    if isinstance(snapshot, dict):
        return {k: (None if k == "id" and v not in known else _without_new_ids(v, known)) for k, v in snapshot.items()}
    if isinstance(snapshot, list):
        return [_without_new_ids(v, known) for v in snapshot]
    return snapshot


def _created_by_the_revision():
    """The rows the revision created (a new paragraph from an accepted insertion)."""
    return Q(pk__in=Paragraph.history.filter(history_type="+", history_change_reason__startswith="Rev.1:").values("id"))


def _plan(wgec, user, name="Rev.1"):
    return actions.revision_plans.plan_revision(wgec.pk, name=name, date=DATE, user=user)


def test_a_preview_writes_nothing(wgec, secretariat_officer, round_):
    before = _database()
    plan = _plan(wgec, secretariat_officer)
    assert _database() == before
    assert not Revision.objects.issued().exists()
    assert plan.consolidated and plan.rebased and plan.conflicting and plan.superseded  # it did do the work


def test_a_preview_says_what_will_happen_to_every_amendment(wgec, secretariat_officer, round_):
    plan = _plan(wgec, secretariat_officer)
    assert plan.amendment_ids == {
        "consolidated": {a.pk for a in round_["accepted"]},
        "rebased": {round_["clean"].pk},
        "conflicting": {round_["clashing"].pk},
        "superseded": {round_["same"].pk},
    }
    [conflicting] = plan.conflicting
    assert conflicting.reason == "Conflicts with the revised text"
    assert [p.amendment.target_label for p in plan.rebased] == ["Recommendation 2"]  # the label as it is now
    assert "maintaining and expanding" in str(plan.snapshot) and "maintaining and growing" in str(plan.current)


def test_a_preview_is_what_the_issue_then_does(wgec, secretariat_officer, round_):
    plan = _plan(wgec, secretariat_officer)
    revision = actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer, expected_fingerprint=plan.fingerprint
    )
    known = set(Paragraph.objects.exclude(_created_by_the_revision()).values_list("pk", flat=True))
    assert _without_new_ids(revision.snapshot, known) == _without_new_ids(plan.snapshot, known)
    assert compare_snapshots(plan.current, revision.snapshot) == compare_snapshots(plan.current, plan.snapshot)
    done = {
        "consolidated": set(Amendment.objects.filter(applied_in=revision).values_list("pk", flat=True)),
        "rebased": set(
            Amendment.objects.filter(carried_over_in=revision, carried_over="rebased")
            .exclude(status="superseded")
            .values_list("pk", flat=True)
        ),
        "conflicting": set(
            Amendment.objects.filter(carried_over_in=revision, carried_over="conflict").values_list("pk", flat=True)
        ),
        "superseded": set(
            Amendment.objects.filter(carried_over_in=revision, status="superseded").values_list("pk", flat=True)
        ),
    }
    assert done == plan.amendment_ids


def test_an_issue_after_the_draft_changed_is_refused_and_writes_nothing(wgec, secretariat_officer, round_):
    plan = _plan(wgec, secretariat_officer)
    rec_5 = paragraph("recommendations", "5")
    actions.draft.edit_paragraph(
        rec_5.pk, text=rec_5.text + " Edited.", number="5", expected_version=rec_5.version, user=secretariat_officer
    )
    before = _database()
    with pytest.raises(RevisionChanged, match="changed since the preview"):
        actions.revisions.issue_revision(
            wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer, expected_fingerprint=plan.fingerprint
        )
    assert _database() == before


@pytest.mark.parametrize("change", ["decision", "new amendment", "revised amendment", "withdrawn amendment"])
def test_an_issue_after_the_amendments_changed_is_refused(wgec, secretariat_officer, russia_delegate, round_, change):
    plan = _plan(wgec, secretariat_officer)
    clean = round_["clean"]
    if change == "decision":
        actions.decisions.decide([clean.pk], decision="reject", user=secretariat_officer)
    elif change == "new amendment":
        rec_4 = paragraph("recommendations", "4")
        propose_change(russia_delegate, rec_4, rec_4.text + " New.")
    elif change == "revised amendment":
        actions.amendments.revise(
            clean.pk, user=russia_delegate, expected_version=1, proposed_text=clean.proposed_text + " More.",
            justification="",
        )  # fmt: skip
    else:
        actions.amendments.withdraw(clean.pk, user=russia_delegate, expected_version=1)
    with pytest.raises(RevisionChanged):
        actions.revisions.issue_revision(
            wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer, expected_fingerprint=plan.fingerprint
        )
    assert not Revision.objects.issued().exists()
    assert _plan(wgec, secretariat_officer).fingerprint != plan.fingerprint


def test_a_changed_modification_of_an_accepted_amendment_is_a_change(wgec, secretariat_officer, round_):
    accepted = round_["accepted"][0]
    actions.decisions.decide(
        [accepted.pk], decision="accept-modified", final_text=accepted.proposed_text + " One.", user=secretariat_officer
    )
    plan = _plan(wgec, secretariat_officer)
    actions.decisions.decide(
        [accepted.pk], decision="accept-modified", final_text=accepted.proposed_text + " Two.", user=secretariat_officer
    )
    with pytest.raises(RevisionChanged):
        actions.revisions.issue_revision(
            wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer, expected_fingerprint=plan.fingerprint
        )


def test_a_preview_of_colliding_amendments_is_refused_as_the_issue_is(wgec, secretariat_officer, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    russian = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    actions.decisions.decide(
        [russian.pk, _ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer
    )
    before = _database()
    with pytest.raises(RevisionConflict) as raised:
        _plan(wgec, secretariat_officer)
    assert [c.paragraph for c in raised.value.collisions] == [rec_2]
    assert _database() == before


def test_a_preview_refuses_what_the_issue_refuses(wgec, secretariat_officer, russia_delegate):
    with pytest.raises(PermissionDenied):
        _plan(wgec, russia_delegate)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    with pytest.raises(actions.revisions.RevisionError, match="already has a revision named"):
        _plan(wgec, secretariat_officer)
