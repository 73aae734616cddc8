"""Two people at the same moment, each on their own database connection (threads, PostgreSQL):
exactly one wins, the other is told, nothing is lost."""

import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Paragraph, Revision, User
from tests.helpers import PASSWORD, make_user, paragraph, propose_change

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def _textarea_holds(html, text):
    """Whether a form's textarea holds `text` (Django's widget writes a newline after the tag, which
    browsers drop)."""
    return re.search(rf"<textarea[^>]*>\n?{re.escape(text)}</textarea>", html) is not None


def _at_once(*calls):
    """Run the calls in threads released together; return their results (or exceptions), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # the losing side's refusal is a result too
            results[i] = error
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def slow_writes(monkeypatch):
    """Hold each write's lock a moment, so the two writers certainly overlap."""
    original = actions.draft._save

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(actions.draft, "_save", slow)


def _officer_client(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_two_officers_save_the_same_paragraph_one_wins_the_other_sees_the_conflict(
    secretariat_officer, slow_writes, django_user_model
):
    second_officer = make_user("officer-2", groups=[User.SECRETARIAT], is_staff=True)
    rec_5 = paragraph("recommendations", "5")
    url = reverse("paragraph-edit", args=[rec_5.pk])
    first, second = _officer_client(secretariat_officer), _officer_client(second_officer)
    responses = _at_once(
        lambda: first.post(url, {"text": "Text of the first officer.", "number": "5", "version": rec_5.version}),
        lambda: second.post(url, {"text": "Text of the second officer.", "number": "5", "version": rec_5.version}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409]
    loser = next(r for r in responses if r.status_code == 409).content.decode()
    winner_text = Paragraph.objects.get(pk=rec_5.pk).text
    assert winner_text in ("Text of the first officer.", "Text of the second officer.")
    assert "saved this paragraph after you opened it" in loser
    other = "Text of the second officer." if "first" in winner_text else "Text of the first officer."
    assert _textarea_holds(loser, other)  # the loser's text is kept in the form
    assert Paragraph.objects.get(pk=rec_5.pk).history.count() == 2


def test_two_officers_issue_a_revision_at_once_exactly_one_is_issued(secretariat_officer, django_user_model):
    import datetime

    second_officer = make_user("officer-2", groups=[User.SECRETARIAT], is_staff=True)
    amendment = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph("recommendations", "2"))
    actions.decisions.decide([amendment.pk], decision="accept", user=secretariat_officer)
    report_id = amendment.paragraph.section.report_id
    results = _at_once(
        lambda: actions.revisions.issue_revision(
            report_id, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
        ),
        lambda: actions.revisions.issue_revision(
            report_id, name="Rev.1", date=datetime.date(2018, 1, 15), user=second_officer
        ),
    )
    issued = [r for r in results if isinstance(r, Revision)]
    refused = [r for r in results if isinstance(r, actions.revisions.RevisionError)]
    assert len(issued) == 1 and len(refused) == 1, results
    assert "already has a revision named" in str(refused[0])
    assert Revision.objects.issued().count() == 1
    assert Amendment.objects.get(pk=amendment.pk).applied_in == issued[0]
    text = paragraph("recommendations", "2").text
    assert text.count("expanding") == 1


def test_two_revisions_of_one_amendment_at_once_exactly_one_is_saved(russia_delegate, django_user_model, monkeypatch):
    colleague = django_user_model.objects.create_user(
        "delegate-ru-2", password=PASSWORD, participant=russia_delegate.participant
    )
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text + " Original.")
    original = actions.amendments.save_with_history

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(actions.amendments, "save_with_history", slow)
    results = _at_once(
        lambda: actions.amendments.revise(
            amendment.pk, user=russia_delegate, expected_version=1, proposed_text="Mine.", justification=""
        ),
        lambda: actions.amendments.revise(
            amendment.pk, user=colleague, expected_version=1, proposed_text="Yours.", justification=""
        ),
    )
    saved = [r for r in results if isinstance(r, Amendment)]
    stale = [r for r in results if isinstance(r, actions.amendments.StaleAmendment)]
    assert len(saved) == 1 and len(stale) == 1, results
    amendment.refresh_from_db()
    assert (amendment.version, amendment.proposed_text) == (2, saved[0].proposed_text)
    assert amendment.history.filter(version=2).count() == 1
