"""Setting a submission's status: a label with its reason in the history, refused when stale."""

import pytest

from amendments.actions.submissions import DraftingError, StaleSubmission, set_status
from amendments.models import Submission

pytestmark = pytest.mark.django_db


def _row(compilations) -> Submission:
    return Submission.objects.filter(section__report=compilations["rolling"]).order_by("pk").first()


def test_the_status_is_saved_with_who_and_why(compilations, secretariat_officer):
    row = _row(compilations)
    items = list(row.items.values_list("pk", "text", "version"))
    set_status(row.pk, status="taken-up", expected_status="submitted", user=secretariat_officer, reason="In Rev.1")
    row.refresh_from_db()
    assert row.status == Submission.Status.TAKEN_UP
    assert list(row.items.values_list("pk", "text", "version")) == items
    record = row.history.latest()
    assert (record.history_user, record.history_change_reason) == (secretariat_officer, "In Rev.1")


def test_without_a_reason_the_history_names_the_status(compilations, secretariat_officer):
    row = _row(compilations)
    set_status(row.pk, status="withdrawn", expected_status="submitted", user=secretariat_officer)
    assert row.history.latest().history_change_reason == "Status: Withdrawn"


def test_a_stale_status_is_refused(compilations, secretariat_officer):
    row = _row(compilations)
    with pytest.raises(StaleSubmission):
        set_status(row.pk, status="withdrawn", expected_status="under-discussion", user=secretariat_officer)
    with pytest.raises(StaleSubmission):
        set_status(row.pk, status="withdrawn", expected_status=None, user=secretariat_officer)
    row.refresh_from_db()
    assert row.status == Submission.Status.SUBMITTED


def test_an_unknown_status_is_refused(compilations, secretariat_officer):
    row = _row(compilations)
    with pytest.raises(DraftingError):
        set_status(row.pk, status="adopted", expected_status="submitted", user=secretariat_officer)
