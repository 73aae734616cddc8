"""Amendments are versioned diffs pinned to the exact text they amend; writes go through actions.amendments.py."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from amendments import actions
from amendments.actions.draft import StaleVersion, edit_paragraph
from amendments.core import textdiff
from amendments.core.texts import MAX_TEXT_LENGTH, TextError
from amendments.models import Amendment
from amendments.queries.redlines import amendment_redline, amendment_versions
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

REC_3_PROPOSAL = (
    "The process of further implementation of enhanced cooperation should take account of existing work and "
    "support existing international forums to consider how they can develop and improve and to reduce the "
    "potential for duplication of efforts."
)


def test_amendment_pins_its_base_and_stores_diff_and_patch(russia_delegate):
    target = paragraph("recommendations", "3")
    amendment = propose_change(russia_delegate, target, REC_3_PROPOSAL)

    amendment.refresh_from_db()
    assert (amendment.participant.name, amendment.author, amendment.status) == (
        "Russian Federation",
        russia_delegate,
        Amendment.Status.SUBMITTED,
    )
    assert (amendment.base_version, amendment.base_text) == (target.version, target.text)
    assert textdiff.apply_patch(amendment.base_text, amendment.patch) == REC_3_PROPOSAL
    assert ["delete", "towards"] in amendment.segments
    assert ["insert", "of further implementation of"] in amendment.segments
    assert amendment.history.get().history_change_reason == "Submitted"


def test_a_draft_is_private_to_its_delegation(russia_delegate, japan_delegate, secretariat_officer):
    draft = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL, submit=False)
    assert draft.status == Amendment.Status.DRAFT
    drafts = Amendment.objects.filter(status=Amendment.Status.DRAFT)
    assert list(drafts.visible_to(russia_delegate)) == [draft]
    assert list(drafts.visible_to(secretariat_officer)) == []  # not even the secretariat reads it
    assert list(drafts.visible_to(japan_delegate)) == []
    assert Amendment.objects.visible_to(japan_delegate).count() == 13  # Ashton-Hart's, submitted


def test_proposal_identical_to_its_base_is_refused(russia_delegate):
    target = paragraph("recommendations", "3")
    with pytest.raises(actions.amendments.AmendmentError, match="No change proposed"):
        propose_change(russia_delegate, target, target.text + "  \n")
    assert not Amendment.objects.filter(participant__name="Russian Federation").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The proposed text is empty"),
        ("   \n\t ", "The proposed text is empty"),
        ("Bad\x00byte", "a character that cannot be saved (NUL) at position 4"),
        ("Bell\x07here", "a character that cannot be saved (U+0007) at position 5"),
        ("x" * (MAX_TEXT_LENGTH + 1), f"the limit is {MAX_TEXT_LENGTH:,}"),
    ],
)
def test_bad_text_is_refused_with_a_message_and_nothing_stored(russia_delegate, text, message):
    with pytest.raises(TextError, match=re.escape(message)):
        propose_change(russia_delegate, paragraph("recommendations", "3"), text)
    assert not Amendment.objects.filter(participant__name="Russian Federation").exists()


def test_html_and_script_are_stored_as_plain_text(russia_delegate):
    text = '<script>alert("x")</script> The process <b>towards</b> further'
    amendment = propose_change(russia_delegate, paragraph("recommendations", "3"), text)
    assert Amendment.objects.get(pk=amendment.pk).proposed_text == text


def test_amendment_to_a_stale_paragraph_version_is_refused(russia_delegate, secretariat_officer):
    target = paragraph("recommendations", "3")
    edit_paragraph(target.pk, text=target.text + " More.", expected_version=target.version, user=secretariat_officer)
    with pytest.raises(StaleVersion):
        propose_change(russia_delegate, target, REC_3_PROPOSAL)  # target.version is the one read before the edit


def test_member_cannot_propose_for_another_delegation(russia_delegate, japan_delegate):
    target = paragraph("recommendations", "3")
    with pytest.raises(PermissionDenied):
        actions.amendments.propose(
            user=russia_delegate,
            participant=japan_delegate.participant,
            paragraph_id=target.pk,
            kind="modify",
            expected_paragraph_version=target.version,
            proposed_text=REC_3_PROPOSAL,
        )


def test_new_paragraph_after_2_has_empty_base_and_a_provisional_number(russia_delegate):
    two = paragraph("introduction", "2")
    amendment = actions.amendments.propose(
        user=russia_delegate,
        paragraph_id=two.pk,
        kind="insert",
        provisional_number="2 bis",
        expected_paragraph_version=two.version,
        proposed_text="The Group also recalled paragraph 69 of the Tunis Agenda.",
    )
    assert amendment.base_text == ""
    assert amendment.segments == [["insert", "The Group also recalled paragraph 69 of the Tunis Agenda."]]
    assert amendment.target_label == "New 2 bis after Introduction 2"


def test_deletion_proposes_empty_text(japan_delegate):
    target = paragraph("recommendations", "19", item=1)
    amendment = actions.amendments.propose(
        user=japan_delegate, paragraph_id=target.pk, kind="delete", expected_paragraph_version=target.version
    )
    assert amendment.proposed_text == ""
    assert amendment.segments == [["delete", target.text]]


def test_revision_is_a_new_version_and_versions_can_be_compared(russia_delegate):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL)
    revised = actions.amendments.revise(
        amendment.pk,
        user=russia_delegate,
        expected_version=1,
        proposed_text=REC_3_PROPOSAL.replace("forums", "fora"),
        justification="Keep the Latin plural.",
    )
    assert revised.version == 2
    versions = amendment_versions(revised)
    assert [v["version"] for v in versions] == [1, 2]
    diff = textdiff.diff(versions[0]["record"].proposed_text, versions[1]["record"].proposed_text)
    assert ("delete", "forums") in diff and ("insert", "fora") in diff
    assert revised.base_version == amendment.base_version  # the base stays pinned


def test_member_cannot_revise_or_withdraw_another_delegations_amendment(russia_delegate, japan_delegate):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL)
    with pytest.raises(PermissionDenied):
        actions.amendments.revise(
            amendment.pk, user=japan_delegate, expected_version=1, proposed_text="x", justification=""
        )
    with pytest.raises(PermissionDenied):
        actions.amendments.withdraw(amendment.pk, user=japan_delegate, expected_version=1)
    amendment.refresh_from_db()
    assert (amendment.version, amendment.status, amendment.proposed_text) == (1, "submitted", REC_3_PROPOSAL)


def test_stale_revision_is_refused(russia_delegate):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL)
    actions.amendments.revise(
        amendment.pk, user=russia_delegate, expected_version=1, proposed_text="First.", justification=""
    )
    with pytest.raises(actions.amendments.StaleAmendment):
        actions.amendments.revise(
            amendment.pk, user=russia_delegate, expected_version=1, proposed_text="Second.", justification=""
        )
    assert Amendment.objects.get(pk=amendment.pk).proposed_text == "First."


def test_withdrawn_amendment_stays_and_cannot_be_revised(russia_delegate):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL)
    actions.amendments.withdraw(amendment.pk, user=russia_delegate, expected_version=1)
    assert Amendment.objects.get(pk=amendment.pk).status == Amendment.Status.WITHDRAWN
    with pytest.raises(actions.amendments.AmendmentError, match="withdrawn"):
        actions.amendments.revise(
            amendment.pk, user=russia_delegate, expected_version=1, proposed_text="x", justification=""
        )


def test_draft_can_be_submitted_by_its_delegation(russia_delegate):
    draft = propose_change(russia_delegate, paragraph("recommendations", "3"), REC_3_PROPOSAL, submit=False)
    submitted = actions.amendments.submit(draft.pk, user=russia_delegate, expected_version=1)
    assert submitted.status == Amendment.Status.SUBMITTED and submitted.submitted_at is not None
    assert [r.history_change_reason for r in submitted.history.order_by("history_id")] == ["Draft saved", "Submitted"]


def test_amendment_on_an_unchanged_paragraph_is_current(russia_delegate):
    target = paragraph("recommendations", "3")
    view = amendment_redline(propose_change(russia_delegate, target, REC_3_PROPOSAL), target)
    assert view.current and view.rebased_segments is None and view.conflict is None


def test_after_a_non_overlapping_edit_the_amendment_is_shown_rebased(russia_delegate, secretariat_officer):
    target = paragraph("recommendations", "3")
    amendment = propose_change(russia_delegate, target, REC_3_PROPOSAL)
    edited = edit_paragraph(
        target.pk,
        text=target.text.replace("duplication of efforts", "duplication of effort"),
        expected_version=target.version,
        user=secretariat_officer,
    )
    view = amendment_redline(amendment, edited)
    assert not view.current and view.conflict is None
    assert textdiff.text_of(view.rebased_segments, "proposal") == REC_3_PROPOSAL.replace("of efforts", "of effort")
    assert textdiff.text_of(view.rebased_segments, "base") == edited.text


def test_adjacent_edits_merge_cleanly(russia_delegate, secretariat_officer):
    target = paragraph("recommendations", "3")
    amendment = propose_change(russia_delegate, target, REC_3_PROPOSAL)
    edited = edit_paragraph(
        target.pk,
        text=target.text.replace("The process towards", "The path towards"),
        expected_version=target.version,
        user=secretariat_officer,
    )
    view = amendment_redline(amendment, edited)
    assert textdiff.text_of(view.rebased_segments, "proposal").startswith("The path of further implementation")


def test_after_an_overlapping_edit_the_amendment_shows_the_conflict(russia_delegate, secretariat_officer):
    target = paragraph("recommendations", "3")
    amendment = propose_change(russia_delegate, target, REC_3_PROPOSAL)
    edited = edit_paragraph(
        target.pk,
        text=target.text.replace("process towards enhanced", "process toward enhanced"),
        expected_version=target.version,
        user=secretariat_officer,
    )
    view = amendment_redline(amendment, edited)
    assert view.rebased_segments is None
    [conflict] = view.conflict.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == ("towards", "toward", "of further implementation of")
