"""A revision's history reads in the order things happened: a new paragraph is created before it
is renumbered (acceptance before consolidation, when the two race, is in test_concurrency_postgres);
and a name two officers gave at once is refused, not a server error."""

import datetime

import pytest

from amendments import actions
from amendments.models import Amendment, Paragraph, Revision
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

DATE = datetime.date(2018, 1, 15)


def _out_of_order(rows):
    """The rows whose history records (in the order they were written) are not in date order."""
    wrong = []
    for row in rows:
        records = list(row.history.order_by("history_id"))
        dates = [r.history_date for r in records]
        if dates != sorted(dates):
            wrong.append((row, [(r.history_type, r.history_change_reason, r.history_date) for r in records]))
    return wrong


def _revision_with_a_new_paragraph(officer, russia_delegate):
    two = paragraph("introduction", "2")
    inserted = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="A new paragraph after 2.", submit=True,
    )  # fmt: skip
    rec_6 = paragraph("recommendations", "6")
    changed = propose_change(russia_delegate, rec_6, rec_6.text + " Changed.")
    pending = propose_change(russia_delegate, rec_6, rec_6.text + " Pending.")
    actions.decisions.decide([inserted.pk, changed.pk], decision="accept", user=officer)
    revision = actions.revisions.issue_revision(two.section.report_id, name="Rev.1", date=DATE, user=officer)
    return revision, inserted, changed, pending


def test_after_a_revision_every_history_is_in_date_order(wgec, secretariat_officer, russia_delegate):
    revision, inserted, changed, pending = _revision_with_a_new_paragraph(secretariat_officer, russia_delegate)
    new = Paragraph.objects.get(text="A new paragraph after 2.")
    # Created as "2 bis", then renumbered 3 by the same revision: two records, creation first.
    assert [r.history_type for r in new.history.order_by("history_id")] == ["+", "~"]
    assert new.number == "3"
    assert _out_of_order(Paragraph.objects.filter(section__report=wgec)) == []
    assert _out_of_order(Amendment.objects.filter(pk__in=[inserted.pk, changed.pk, pending.pk])) == []
    # Read back as of the revision's moment, the new paragraph is as the revision left it.
    last = new.history.order_by("history_id").last()
    assert new.history.as_of(last.history_date).number == "3"
    assert Amendment.objects.get(pk=changed.pk).applied_in == revision


def test_a_name_taken_by_a_revision_issued_at_the_same_moment_is_refused(wgec, secretariat_officer, monkeypatch):
    """The check before the insert can miss a revision another officer is committing: the unique
    constraint then stops the second, which gets the refusal the form shows, not a server error."""
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    before = (Paragraph.history.count(), Amendment.history.count())
    monkeypatch.setattr(actions.revisions, "_check_name_free", lambda report, name: None)
    with pytest.raises(actions.revisions.RevisionError, match="already has a revision named “Rev.1”"):
        actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=DATE, user=secretariat_officer)
    assert Revision.objects.issued().count() == 1
    assert (Paragraph.history.count(), Amendment.history.count()) == before
