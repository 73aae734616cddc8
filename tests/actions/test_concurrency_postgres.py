"""A working session under load, on PostgreSQL: 20 delegates propose, revise, submit and withdraw
through the forms while one officer decides and another issues revisions. Nobody gets a server
error (a deadlock is one), every write that was confirmed is in the database once, and every
revision asked for is issued. Each person is a thread with its own database connection.

The figures are printed (run with -s) and kept in test-artefacts/concurrency.json.
"""

import datetime
import json
import random
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import constants
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.core.ordering import key_between
from amendments.management.commands.load_demo import ensure_groups
from amendments.models import Amendment, Paragraph, Participant, Report, Revision, Section, User, WorkingGroup
from tests.helpers import ROOT, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and deadlocks need PostgreSQL (DATABASE_URL)"
    ),
]

SECONDS = 30  # how long the session lasts (CI runs it in full)
DELEGATES = 20
REVISION_EVERY = 2.0  # seconds between two revisions, on average
ARTEFACT = ROOT / "test-artefacts" / "concurrency.json"
DATE = datetime.date(2018, 1, 15)
PREVIEWS = 20  # fresh previews an officer confirms before giving up, when the draft keeps changing
_FINGERPRINT = re.compile(r'name="fingerprint" value="([0-9a-f]{64})"')


def _small_report():
    """A draft of two sections of eight numbered paragraphs: revisions of it take a moment, so
    many are issued while the delegates write."""
    group, _ = WorkingGroup.objects.get_or_create(name="Working group")
    report = Report.objects.create(working_group=group, title="Concurrency draft", body="Working group")
    section_position = None
    for key in ["introduction", "recommendations"]:
        section_position = key_between(section_position, None)
        section = Section.objects.create(report=report, key=key, heading=key.title(), position=section_position)
        position = None
        for n in range(1, 9):
            position = key_between(position, None)
            Paragraph.objects.create(
                section=section, number=str(n), position=position,
                text=f"The working group notes point {n} of the {key} and its importance for all stakeholders.",
            )  # fmt: skip
    return report


@dataclass
class Log:
    """What one person did: the writes the app confirmed, the refusals it explained, the failures."""

    confirmed: list = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)  # the refusals' messages, shortened


def _outcome(response):
    """'done', 'refused' (a message or a form that says why) or 'error' (a server error), and the
    error message shown, if any."""
    if response.status_code >= 500:
        return "error", ""
    if response.status_code in (400, 409):  # the form again, saying why
        return "refused", f"HTTP {response.status_code} {response.wsgi_request.path.split('/')[-2]}"
    # Only the messages of this request: the client never follows a redirect to read them, so the
    # earlier ones stay stored and are loaded again with every request.
    added = response.wsgi_request._messages._queued_messages
    errors = [m.message for m in added if m.level == constants.ERROR]
    return ("refused", errors[0]) if errors else ("done", "")


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class Person(threading.Thread):
    def __init__(self, user, report_id, deadline, seed):
        super().__init__(daemon=True)
        self.user, self.report_id, self.deadline = user, report_id, deadline
        self.random = random.Random(seed)
        self.log = Log()
        self.last = None  # the response to the last post

    def run(self):
        try:
            self.client = _client(self.user)
            n = 0
            while time.monotonic() < self.deadline:
                self.step(n)
                n += 1
        except Exception as error:  # anything the test itself did not expect is a failure too
            self.log.errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    def post(self, what, url, data):
        self.last = None
        try:
            response = self.last = self.client.post(url, data)
        except Exception as error:
            self.log.errors.append(f"{what}: {type(error).__name__}: {error}")
            return None
        outcome, message = _outcome(response)
        if outcome == "error":
            self.log.errors.append(f"{what}: HTTP {response.status_code}")
        elif outcome == "refused":
            self.log.refused[what] += 1
            if message:
                self.log.reasons[message.split(":")[-1].strip()[:60]] += 1
        return outcome

    def live_paragraphs(self):
        return list(
            Paragraph.objects.filter(section__report_id=self.report_id, parent=None)
            .exclude(status=Paragraph.Status.DELETED)
            .order_by("id")
        )


class Delegate(Person):
    def step(self, n):
        own = list(
            Amendment.objects.filter(participant_id=self.user.participant_id, status__in=Amendment.OPEN_STATUSES)
        )
        roll = self.random.random()
        if own and roll < 0.45:
            self.revise(self.random.choice(own), n)
        elif own and roll < 0.55:
            drafts = [a for a in own if a.status == Amendment.Status.DRAFT]
            if drafts:
                self.change_status("submit", self.random.choice(drafts))
        elif own and roll < 0.6:
            self.change_status("withdraw", self.random.choice(own))
        else:
            self.propose(self.random.choice(self.live_paragraphs()), n)

    def propose(self, target, n):
        inserting = self.random.random() < 0.3
        text = (
            f"New point by {self.user.username} ({n})."
            if inserting
            else f"{target.text} Added by {self.user.username} ({n})."
        )
        token = str(uuid.uuid4())
        data = {
            "proposed_text": text, "justification": "", "expected_paragraph_version": target.version,
            "form_token": token, "action": "submit" if self.random.random() < 0.8 else "draft",
        }  # fmt: skip
        if inserting:
            data["provisional_number"] = f"{target.number} bis"
        url = reverse("propose-insertion" if inserting else "propose-change", args=[target.pk])
        if self.post("propose", url, data) == "done":
            self.log.confirmed.append(("propose", token, text))

    def revise(self, amendment, n):
        target = Paragraph.objects.get(pk=amendment.paragraph_id)
        inserting = amendment.kind == Amendment.Kind.INSERT
        text = (
            f"Revised point by {self.user.username} ({n})."
            if inserting
            else f"{target.text} Revised by {self.user.username} ({n})."
        )
        data = {
            "proposed_text": text, "justification": "", "expected_paragraph_version": target.version,
            "expected_version": amendment.version, "provisional_number": amendment.provisional_number, "action": "draft",
        }  # fmt: skip
        if self.post("revise", reverse("amendment-revise", args=[amendment.pk]), data) == "done":
            self.log.confirmed.append(("revise", amendment.pk, text))

    def change_status(self, what, amendment):
        url = reverse(f"amendment-{what}", args=[amendment.pk])
        if self.post(what, url, {"version": amendment.version}) == "done":
            self.log.confirmed.append((what, amendment.pk, None))


class Decider(Person):
    """Accepts what can be consolidated (one change per paragraph per revision, written on its
    current text; any new paragraph), rejects the rest."""

    def step(self, n):
        submitted = list(
            Amendment.objects.filter(
                paragraph__section__report_id=self.report_id, status=Amendment.Status.SUBMITTED, applied_in=None
            ).select_related("paragraph")
        )
        if not submitted:
            time.sleep(0.05)
            return
        amendment = self.random.choice(submitted)
        busy = Amendment.objects.accepted().filter(paragraph_id=amendment.paragraph_id, applied_in=None).exists()
        consolidates = not busy and amendment.base_text == amendment.paragraph.text
        if amendment.kind == Amendment.Kind.INSERT or (consolidates and self.random.random() < 0.6):
            decision = "accept"
        else:
            decision = "reject" if self.random.random() < 0.5 else "note"
        data = {"decision": decision, "note": "", "version": amendment.version}
        if self.post("decide", reverse("amendment-decide", args=[amendment.pk]), data) == "done":
            self.log.confirmed.append(("decide", amendment.pk, (decision, amendment.version)))


class Issuer(Person):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = 0

    def step(self, n):
        time.sleep(self.random.uniform(0.5, 1.5) * REVISION_EVERY)
        if time.monotonic() >= self.deadline:
            return
        self.asked += 1
        name = f"Rev.{n + 1}"
        if self.issue(name) == "done":
            self.log.confirmed.append(("issue", name, None))
        else:
            self.log.errors.append(f"{name} was not issued")

    def issue(self, name):
        """Preview, then confirm; a confirmation refused because the delegates changed something
        since the preview comes with a fresh preview, confirmed in turn, as the officer would."""
        url, data = reverse("revisions", args=[self.report_id]), {"name": name, "date": DATE}
        if self.post("preview", url, data) != "done":
            return None
        response = self.last
        for _ in range(PREVIEWS):
            found = _FINGERPRINT.search(response.content.decode())
            if found is None:
                return None
            outcome = self.post("issue", url, {**data, "fingerprint": found.group(1)})
            response = self.last
            if response is None or response.status_code != 409:
                return outcome
        return None


def _officer(username):
    ensure_groups()
    return make_user(username, groups=[User.SECRETARIAT], is_staff=True)


def _delegates():
    return [
        make_user(
            f"delegate-{i}",
            participant=Participant.objects.create(name=f"Delegation {i}", stakeholder_group="member-state"),
        )
        for i in range(DELEGATES)
    ]


def _lost_or_doubled(logs):
    """Every write the app confirmed, checked against the database: missing or recorded twice."""
    wrong = []
    for kind, key, detail in (entry for log in logs for entry in log.confirmed):
        if kind == "propose":
            rows = list(Amendment.objects.filter(form_token=key))
            if len(rows) != 1 or rows[0].history.filter(history_type="+", proposed_text=detail).count() != 1:
                wrong.append((kind, key))
        elif kind == "revise":
            if (
                Amendment.history.filter(
                    id=key, proposed_text=detail, history_change_reason__startswith="Revised"
                ).count()
                != 1
            ):
                wrong.append((kind, key, detail))
        elif kind in ("submit", "withdraw"):
            reason = "Submitted" if kind == "submit" else "Withdrawn"
            if Amendment.history.filter(id=key, history_change_reason__startswith=reason).count() != 1:
                wrong.append((kind, key))
        elif kind == "decide":
            decision, version = detail
            status = Amendment.Decision(decision).status
            if not Amendment.history.filter(id=key, status=status, version=version, decided_by__isnull=False).exists():
                wrong.append((kind, key, detail))
        elif kind == "issue" and Revision.objects.filter(name=key).count() != 1:
            wrong.append((kind, key))
    return wrong


def _versions_written_twice():
    """An amendment whose history holds two different texts under one version: two writes raced."""
    texts = defaultdict(set)
    for row in Amendment.history.values("id", "version", "proposed_text"):
        texts[row["id"], row["version"]].add(row["proposed_text"])
    return [key for key, seen in texts.items() if len(seen) > 1]


def _numbers_submitted_twice(report):
    """Two submitted new paragraphs after one paragraph under one provisional number."""
    seen = Counter(
        (a.paragraph_id, a.provisional_number.lower())
        for a in Amendment.objects.filter(
            paragraph__section__report=report, kind=Amendment.Kind.INSERT, submitted_at__isnull=False
        )
    )
    return [key for key, count in seen.items() if count > 1]


def _record(figures):
    print("\nconcurrency:", json.dumps(figures, sort_keys=True))
    ARTEFACT.parent.mkdir(exist_ok=True)
    ARTEFACT.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")


def test_twenty_delegates_and_the_secretariat_at_work_see_no_server_error_and_lose_nothing():
    report = _small_report()
    deadline = time.monotonic() + SECONDS
    people = [Delegate(user, report.pk, deadline, seed=i) for i, user in enumerate(_delegates())]
    issuer = Issuer(_officer("officer-issues"), report.pk, deadline, seed=100)
    people += [Decider(_officer("officer-decides"), report.pk, deadline, seed=101), issuer]
    for person in people:
        person.start()
    for person in people:
        person.join(timeout=SECONDS + 120)
    assert not any(person.is_alive() for person in people), "a person is still waiting"

    logs = [person.log for person in people]
    errors = [error for log in logs for error in log.errors]
    confirmed = Counter(kind for log in logs for kind, _, _ in log.confirmed)
    refused = sum((log.refused for log in logs), Counter())
    reasons = sum((log.reasons for log in logs), Counter())
    lost = _lost_or_doubled(logs)
    # After the session, one more revision consolidates what was accepted last: nothing accepted is left behind.
    actions.revisions.issue_revision(report.pk, name="Final", date=DATE, user=issuer.user)
    left_behind = Amendment.objects.accepted().filter(paragraph__section__report=report, applied_in=None).count()
    figures = {
        "seconds": SECONDS, "delegates": DELEGATES, "server_errors": len(errors), "confirmed": dict(confirmed),
        "refused": dict(refused), "refusal_messages": dict(reasons), "revisions_asked": issuer.asked, "revisions_issued": confirmed["issue"],
        "lost_or_doubled": len(lost), "amendments": Amendment.objects.filter(paragraph__section__report=report).count(),
    }  # fmt: skip
    _record(figures)
    assert errors == []
    assert lost == []
    assert _versions_written_twice() == []
    assert _numbers_submitted_twice(report) == []
    assert confirmed["issue"] == issuer.asked > 0
    assert Revision.objects.issued().filter(report=report).count() == issuer.asked + 1
    assert left_behind == 0
    assert confirmed["propose"] > 0 and confirmed["revise"] > 0 and confirmed["decide"] > 0


def _at_once(*calls):
    """Run the calls in threads released together; their results (or exceptions), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_officers_issuing_the_same_name_at_once_one_is_issued_the_other_told_the_name_is_taken(monkeypatch):
    report = _small_report()
    first, second = _client(_officer("officer-1")), _client(_officer("officer-2"))
    original = actions.revisions.report_snapshot

    def slow_snapshot(*args, **kwargs):  # the first officer holds the report a moment: the two overlap
        time.sleep(0.3)
        return original(*args, **kwargs)

    url = reverse("revisions", args=[report.pk])
    # Both preview the same draft, then confirm at once.
    confirmations = [
        {
            "name": "Rev.1",
            "date": DATE,
            "fingerprint": _FINGERPRINT.search(c.post(url, {"name": "Rev.1", "date": DATE}).content.decode()).group(1),
        }
        for c in (first, second)
    ]
    assert not Revision.objects.issued().exists()
    monkeypatch.setattr(actions.revisions, "report_snapshot", slow_snapshot)
    responses = _at_once(
        *(lambda c=c, d=d: c.post(url, d) for c, d in zip((first, second), confirmations, strict=True))
    )
    assert sorted(r.status_code for r in responses) == [302, 400], responses
    refused = next(r for r in responses if r.status_code == 400).content.decode()
    assert "already has a revision named “Rev.1”" in refused
    assert list(Revision.objects.issued().values_list("name", flat=True)) == ["Rev.1"]


def test_a_decision_taken_while_a_revision_waits_is_dated_before_its_consolidation():
    """The officer accepts an amendment while a revision waits for the report: the revision
    consolidates it, and its history says accepted, then consolidated."""
    report = _small_report()
    officer = _officer("officer")
    delegate = _delegates()[0]
    target = Paragraph.objects.filter(section__report=report).order_by("id").first()
    amendment = actions.amendments.propose(
        user=delegate, paragraph_id=target.pk, kind="modify", expected_paragraph_version=target.version,
        proposed_text=target.text + " Changed.", submit=True,
    )  # fmt: skip
    holding, released = threading.Event(), threading.Event()

    def hold_the_report():
        with transaction.atomic():
            Report.objects.select_for_update().get(pk=report.pk)
            holding.set()
            released.wait(10)
        return None

    def issue():
        holding.wait(10)
        return actions.revisions.issue_revision(report.pk, name="Rev.1", date=DATE, user=officer)

    def decide_then_release():
        holding.wait(10)
        time.sleep(0.3)  # the revision is waiting for the report by now
        try:
            return actions.decisions.decide([amendment.pk], decision="accept", user=officer)
        finally:
            released.set()

    results = _at_once(hold_the_report, issue, decide_then_release)
    assert isinstance(results[1], Revision), results
    history = {r.history_change_reason: r.history_date for r in Amendment.history.filter(id=amendment.pk)}
    assert history["Accepted"] <= history["Consolidated in Rev.1"]
    assert Amendment.objects.get(pk=amendment.pk).applied_in == results[1]
