"""Every write takes its row locks in one order (report, paragraphs by id, amendments by id) and
names the rows it locks; a write PostgreSQL aborted for a deadlock is run again."""

import datetime
import re

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from amendments import actions
from amendments.actions.locking import ATTEMPTS, retry_on_conflict
from tests.helpers import paragraph, propose_change

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the lock clauses are PostgreSQL's (DATABASE_URL)"
)


def _locks(run):
    """The tables each locking statement of `run()` names, in order, and whether it orders by id."""
    with CaptureQueriesContext(connection) as queries:
        run()
    locks = []
    for query in queries:
        sql = query["sql"]
        found = re.search(r" FOR (?:NO KEY )?UPDATE(?: OF (\S+))?", sql)
        if found:
            table = (found.group(1) or "every joined table").strip('"')
            locks.append((table, bool(re.search(r'ORDER BY "\w+"\."id" ASC', sql))))
    return locks


@postgres_only
@pytest.mark.django_db
def test_a_revision_locks_the_report_then_its_paragraphs_then_its_amendments_in_id_order(
    wgec, secretariat_officer, russia_delegate
):
    rec_6 = paragraph("recommendations", "6")
    actions.decisions.decide(
        [propose_change(russia_delegate, rec_6, rec_6.text + " Changed.").pk],
        decision="accept",
        user=secretariat_officer,
    )
    locks = _locks(
        lambda: actions.revisions.issue_revision(
            wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
        )
    )
    assert locks == [
        ("amendments_report", False),
        ("amendments_paragraph", True),
        ("amendments_amendment", True),
    ]


@postgres_only
@pytest.mark.django_db
def test_a_delegation_locks_the_paragraph_then_the_amendment(wgec, russia_delegate):
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text + " Changed.", submit=False)
    revise = _locks(
        lambda: actions.amendments.revise(
            amendment.pk, user=russia_delegate, expected_version=1, proposed_text="Changed again.", justification=""
        )
    )
    submit = _locks(lambda: actions.amendments.submit(amendment.pk, user=russia_delegate, expected_version=2))
    withdraw = _locks(lambda: actions.amendments.withdraw(amendment.pk, user=russia_delegate, expected_version=2))
    assert [table for table, _ in revise] == ["amendments_paragraph", "amendments_amendment"]
    assert [table for table, _ in submit] == ["amendments_paragraph", "amendments_amendment"]
    assert [table for table, _ in withdraw] == ["amendments_amendment"]


@postgres_only
@pytest.mark.django_db
def test_a_decision_locks_only_the_amendments_in_id_order(wgec, secretariat_officer, russia_delegate):
    rec_6, rec_7 = paragraph("recommendations", "6"), paragraph("recommendations", "7")
    ids = [propose_change(russia_delegate, p, p.text + " Changed.").pk for p in (rec_7, rec_6)]
    locks = _locks(lambda: actions.decisions.decide(ids, decision="reject", user=secretariat_officer))
    assert locks == [("amendments_amendment", True)]


class _Deadlock(Exception):
    sqlstate = "40P01"


def _aborted(cause):
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def _failing(times, cause):
    calls = []

    @retry_on_conflict
    def write():
        calls.append(1)
        if len(calls) <= times:
            raise _aborted(cause)
        return "written"

    return write, calls


def test_a_write_aborted_for_a_deadlock_is_run_again():
    write, calls = _failing(ATTEMPTS - 1, _Deadlock("deadlock detected"))
    assert write() == "written"
    assert len(calls) == ATTEMPTS


def test_a_write_aborted_every_time_gives_up_after_a_few_attempts():
    write, calls = _failing(ATTEMPTS, _Deadlock("deadlock detected"))
    with pytest.raises(OperationalError, match="deadlock detected"):
        write()
    assert len(calls) == ATTEMPTS


def test_another_database_error_is_not_retried():
    write, calls = _failing(1, Exception("connection refused"))
    with pytest.raises(OperationalError, match="connection refused"):
        write()
    assert len(calls) == 1


@pytest.mark.django_db
def test_a_write_inside_a_callers_transaction_is_not_retried():
    """The caller's transaction is lost with the error: only the caller can run it again."""
    write, calls = _failing(1, _Deadlock("deadlock detected"))
    with pytest.raises(OperationalError), transaction.atomic():
        write()
    assert len(calls) == 1
