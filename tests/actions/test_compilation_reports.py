"""Creating a compilation of proposals from a document: its submissions, their participants and items."""

from dataclasses import replace
from pathlib import Path

import pytest

from amendments import actions
from amendments.core.document import Section, Submission
from amendments.importers.compilation import read_rolling_text
from amendments.models import Paragraph, Participant, Report
from amendments.models import Submission as SubmissionRow
from amendments.queries.snapshots import report_document

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_004_rolling_document.txt"


def _without_ids(data):
    """The JSON of a document without the app's row ids and statuses (the file has neither)."""
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key not in ("id", "status")}
    if isinstance(data, list):
        return [_without_ids(value) for value in data]
    return data


def test_the_rolling_document_is_stored_with_every_submission_under_its_group(compilations):
    rolling = compilations["rolling"]
    assert rolling.kind == Report.Kind.COMPILATION
    assert rolling.issuer_lines == ["UNITED NATIONS", "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT"]
    rows = SubmissionRow.objects.filter(section__report=rolling)
    assert rows.count() == 20
    group_a = list(rows.filter(section__key="group-a").order_by("position"))
    assert [row.participant.name for row in group_a] == ["Russian Federation", "Japan", "Avri Doria"]
    doria = group_a[2]
    assert sorted(doria.members.values_list("name", flat=True)) == [
        "Avri Doria",
        "Grace Githaiga",
        "Joy Liddicoat",
        "Lea Kaspar",
    ]
    assert doria.heading_note_number == "3" and doria.heading_note.startswith("This is based on")
    assert str(doria.date) == "2014-02-12"
    assert doria.history.first().history_change_reason == "Loaded from the WGEC fixtures"


def test_every_participant_the_rolling_document_names_exists_with_its_stakeholder_group(compilations):
    rows = SubmissionRow.objects.filter(section__report=compilations["rolling"])
    named = {row.participant for row in rows} | {m for row in rows for m in row.members.all()}
    groups = {p.name: p.stakeholder_group for p in named}
    assert groups["Per Linner"] == Participant.StakeholderGroup.MEMBER_STATE
    assert groups["Jimson Olufuye"] == Participant.StakeholderGroup.PRIVATE_SECTOR
    assert groups["Lea Kaspar"] == Participant.StakeholderGroup.CIVIL_SOCIETY
    assert {"Brazil", "Mexico", "Sweden", "United Kingdom", "India", "United States of America"} <= set(groups)


def test_the_items_are_paragraphs_of_their_submission_that_keep_list_and_footnotes(compilations):
    items = Paragraph.objects.filter(section__report=compilations["rolling"], submission__isnull=False)
    japan = items.filter(section__key="group-a", submission__participant__name="Japan", parent=None)
    assert [(p.number, p.bulleted, p.printed_number) for p in japan.order_by("position")] == [
        ("(1)", True, "(1)"), ("(2)", True, "(2)"), ("(3)", True, "(3)"),
    ]  # fmt: skip
    first = japan.order_by("position").first()
    assert first.label == "Group A, Japan, item 1"
    india = items.get(section__key="uncategorized", submission__participant__name="India", parent=None,
                      footnote_anchor="", children__kind=Paragraph.Kind.FOOTNOTE)  # fmt: skip
    assert india.children.get().number == "4"


def test_the_compilation_read_back_from_the_database_is_the_document_imported(compilations):
    imported = read_rolling_text(SEED.read_text(encoding="utf-8"))
    stored = report_document(compilations["rolling"])
    assert _without_ids(stored.to_json())["sections"] == _without_ids(imported.to_json())["sections"]
    assert (stored.kind, stored.issuer, stored.title, stored.subtitle) == (
        "compilation", imported.issuer, imported.title, imported.subtitle,
    )  # fmt: skip


def test_the_contributions_of_2017_are_the_russian_federations_by_meeting(compilations):
    rows = SubmissionRow.objects.filter(section__report=compilations["contributions"]).order_by("section__position")
    third, fourth = rows
    assert (third.section.heading, third.participant.name, str(third.date)) == (
        "Contributions to the third meeting", "Russian Federation", "2017-04-04",
    )  # fmt: skip
    assert third.addressee == "CSTD Secretariat" and third.disclaimer.startswith("The views presented here")
    assert fourth.section.heading == "Contributions to the fourth meeting" and fourth.date is None
    assert list(SubmissionRow.objects.of_participant(third.participant).filter(pk__in=[third.pk, fourth.pk])) == [
        third, fourth,
    ]  # fmt: skip


def test_a_submission_from_someone_who_is_not_a_participant_is_refused_and_nothing_is_created(wgec):
    document = read_rolling_text(SEED.read_text(encoding="utf-8"))
    sections = list(document.sections)
    group = sections[1]
    stranger = replace(group.submissions[0], submitter="Ruritania")
    sections[1] = replace(group, submissions=(stranger, *group.submissions[1:]))
    before = (Report.objects.count(), Paragraph.objects.count(), SubmissionRow.objects.count())
    with pytest.raises(actions.reports.ImportRefused, match="not participants of the working group: Ruritania"):
        actions.reports.create_report(replace(document, sections=tuple(sections)), user=None, reason="test",
                                      working_group_id=wgec.working_group_id)  # fmt: skip
    assert (Report.objects.count(), Paragraph.objects.count(), SubmissionRow.objects.count()) == before


def test_an_item_of_a_submission_the_section_does_not_have_is_refused(wgec):
    item = read_rolling_text(SEED.read_text(encoding="utf-8")).sections[1].blocks[0]
    lone = Section(key="s", heading="Group", blocks=(replace(item, submission="9"),),
                   submissions=(Submission(key="1", heading="Draft", submitter="Japan"),))  # fmt: skip
    document = read_rolling_text(SEED.read_text(encoding="utf-8"))
    with pytest.raises(actions.reports.ImportRefused, match="no submission '9'"):
        actions.reports.create_report(replace(document, sections=(lone,)), user=None, reason="test",
                                      working_group_id=wgec.working_group_id)  # fmt: skip
    assert not Report.objects.filter(kind=Report.Kind.COMPILATION).exists()


def test_the_draft_stays_the_report_being_negotiated(wgec, compilations):
    assert Report.objects.current() == wgec
    assert Report.objects.count() == 3


def test_an_accepted_change_to_a_members_item_is_consolidated_in_a_revision_that_keeps_the_submissions(
    compilations, japan_delegate, secretariat_officer
):
    import datetime

    from amendments.queries.snapshots import revision_document
    from tests.helpers import propose_change

    rolling = compilations["rolling"]
    item = Paragraph.objects.get(section__report=rolling, section__key="group-a", submission__key="2", number="(1)")
    amendment = propose_change(japan_delegate, item, item.text.replace("open and bottom-up", "open, bottom-up"))
    actions.decisions.decide([amendment.pk], decision="accept", user=secretariat_officer)
    revision = actions.revisions.issue_revision(
        rolling.pk, name="Rev.1", date=datetime.date(2014, 3, 1), user=secretariat_officer
    )
    item.refresh_from_db()
    assert "open, bottom-up" in item.text and item.submission.participant.name == "Japan"
    issued = revision_document(revision)
    assert issued.kind == "compilation"
    group_a = next(s for s in issued.sections if s.key == "group-a")
    assert [s.submitter for s in group_a.submissions] == ["Russian Federation", "Japan", "Avri Doria"]
    assert any("open, bottom-up" in b.text and b.submission == "2" for b in group_a.blocks)
