"""A new report from a document: every row written at once with its history, or none; once per form."""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from amendments import actions
from amendments.core.document import Block, Document, Footnote, Section
from amendments.models import Paragraph, Report
from amendments.queries.snapshots import report_document
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

DRAFT = Document(
    title="Draft report of the second working group",
    subtitle="Chair's proposal",
    body="Working Group on Data",
    sections=(
        Section(
            key="introduction",
            heading="Introduction",
            blocks=(
                Block(kind="paragraph", number="1", text="The group met in Geneva twice.",
                      footnotes=(Footnote(number="1", text="In the Palais.", after="met in Geneva"),)),
                Block(kind="paragraph", number="2", text="It agreed on the following:",
                      items=(Block(kind="item", text="transparency;"),
                             Block(kind="quote", text="A quoted line.", footnotes=(Footnote(number="2", text="A source."),)))),
            ),
        ),
        Section(key="annex", heading="Annex"),
    ),
)  # fmt: skip


def _without_ids(data):
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_the_new_report_holds_the_document_with_a_history_reason_on_every_row():
    officer = make_user("officer")
    report, created = actions.reports.create_report(DRAFT, user=officer, reason="Started from draft.docx")
    assert created
    held = report_document(report).to_json()
    assert held.pop("identity") == {"date": timezone.localdate().isoformat()}  # the current draft is of today
    assert _without_ids(held) == _without_ids(DRAFT.to_json())
    original = report.revisions.get()  # kept as it was loaded, to compare any revision with
    assert (original.is_original, original.name, original.subtitle) == (True, "Original", DRAFT.subtitle)
    assert _without_ids(original.snapshot["sections"]) == _without_ids(DRAFT.to_json()["sections"])
    rows = [report, original, *report.sections.all(), *Paragraph.objects.filter(section__report=report)]
    assert len(rows) == 1 + 1 + 2 + 6
    for row in rows:
        first = row.history.earliest()
        assert (first.history_type, first.history_user, first.history_change_reason) == (
            "+",
            officer,
            "Started from draft.docx",
        )


def test_the_new_report_does_not_replace_the_draft_being_negotiated(wgec):
    report, _ = actions.reports.create_report(DRAFT, user=None, reason="test")
    assert Report.objects.current() == wgec
    assert report != wgec


def test_the_body_defaults_to_the_current_reports(wgec):
    report, _ = actions.reports.create_report(
        Document(title="Another", sections=DRAFT.sections), user=None, reason="test"
    )
    assert report.body == wgec.body


def test_the_same_form_sent_twice_creates_one_report():
    token = uuid.uuid4()
    first, created = actions.reports.create_report(DRAFT, user=None, reason="test", form_token=token)
    again, created_again = actions.reports.create_report(DRAFT, user=None, reason="test", form_token=token)
    assert (created, created_again) == (True, False)
    assert again == first
    assert Report.objects.count() == 1


# The suite's SQLite database lives in memory, where a second writer is refused at once ("table is
# locked") instead of waiting; the file database of `make run` waits (tests/wgec/test_sqlite_writers.py).
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_arriving_together_create_one_report():
    token = uuid.uuid4()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def confirm():
        try:
            barrier.wait()
            results.append(actions.reports.create_report(DRAFT, user=None, reason="test", form_token=token))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert Report.objects.filter(form_token=token).count() == 1
    assert len({report.pk for report, _ in results}) == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (Document(title=" ", body="A body", sections=DRAFT.sections), "The report needs a title."),
        (Document(title="A title", sections=DRAFT.sections), "The report needs the name of the body that writes it."),
        (
            Document(title="A title", body="A body", sections=(
                Section(key="intro", heading="Intro", blocks=(Block(kind="paragraph", number="1" * 40, text="Long."),)),
            )),
            "Intro 1111111111111111111111111111111111111111: number: Ensure this value has at most 32 characters (it has 40).",
        ),
    ],
    ids=["no-title", "no-body", "number-too-long"],
)  # fmt: skip
def test_a_document_that_does_not_fit_writes_nothing(document, message):
    with pytest.raises(actions.reports.ImportRefused) as refused:
        actions.reports.create_report(document, user=None, reason="test")
    assert str(refused.value) == message
    assert not Report.objects.exists()
    assert not Paragraph.objects.exists()
    assert not Report.history.exists()


def test_counts_say_what_a_document_would_create():
    assert actions.reports.counts(DRAFT) == {
        "sections": 2,
        "submissions": 0,
        "paragraphs": 2,
        "items": 2,
        "footnotes": 2,
    }
