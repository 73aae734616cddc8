"""Working groups stay apart: with two on one server, every URL that names a row of one answers 404
to the users of the other (its delegates and its secretariat alike), and writes nothing; the lists
a user chooses from hold only the user's own working group."""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import get_resolver, reverse

from amendments import actions
from amendments.core.document import Block, Document, Section
from amendments.models import Amendment, Comment, Import, Paragraph, Participant, Report, Submission, User, WorkingGroup
from amendments.views import scope
from tests.helpers import make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

OTHER_DRAFT = Document(
    title="Draft report of the Other Working Group",
    body="Other Working Group",
    sections=(
        Section(
            key="findings",
            heading="Findings",
            blocks=(
                Block(kind="paragraph", number="1", text="The other group finds that the sky is blue."),
                Block(kind="paragraph", number="2", text="The other group also finds that grass is green."),
            ),
        ),
    ),
)

# The extra arguments a URL takes beside the row's pk.
EXTRA = {
    "export-current": {"fmt": "txt"},
    "export-compilation": {"fmt": "html"},
    "export-revision": {"fmt": "txt"},
    "members-review": {"token": uuid.UUID(int=1)},
}


def _rows_of(report: Report, delegate: User, officer: User) -> dict[str, int]:
    """One row of each kind a URL names, in `report`'s working group, by model name."""
    first = Paragraph.objects.filter(section__report=report, parent=None).order_by("position").first()
    amendment = propose_change(delegate, first, first.text + " Added.")
    comment = actions.comments.comment(user=delegate, text="A remark.", paragraph=first)
    staged = actions.imports.stage(
        report, user=delegate, kind=Import.Kind.REVISED_TEXT, data=first.text.encode() + b" Changed.\n",
        filename="revised.txt", participant=delegate.participant, unrelated_ok=True,
    )  # fmt: skip
    submission = Submission.objects.create(
        section=first.section, key="1", position="m", participant=delegate.participant, heading="A submission"
    )
    return {
        "report": report.pk,
        "section": first.section_id,
        "submission": submission.pk,
        "paragraph": first.pk,
        "amendment": amendment.pk,
        "comment": comment.pk,
        "revision": report.revisions.get().pk,
        "import": staged.pk,
        "participant": delegate.participant_id,
        "working-group": report.working_group_id,
        "user_id": delegate.pk,
        "history_id": first.history.earliest().history_id,
    }


@pytest.fixture
def two_groups(wgec, secretariat_officer, russia_delegate):
    other = WorkingGroup.objects.create(name="Other Working Group")
    officer = make_user("other-officer", groups=[User.SECRETARIAT], working_group=other, email="other@example.org")
    report, _ = actions.reports.create_report(OTHER_DRAFT, user=officer, reason="test", working_group_id=other.pk)
    delegation = Participant.objects.create(
        working_group=other, name="Other delegation", stakeholder_group="civil-society"
    )
    delegate = make_user("other-delegate", participant=delegation)
    return {
        "wgec": {
            "rows": _rows_of(wgec, russia_delegate, secretariat_officer),
            "users": (secretariat_officer, russia_delegate),
        },
        "other": {"rows": _rows_of(report, delegate, officer), "users": (officer, delegate), "report": report},
    }


def _url(name: str, rows: dict[str, int]) -> str:
    kwargs = {"pk": rows[scope.SCOPED[name]], **EXTRA.get(name, {})}
    if name == "paragraph-restore":
        kwargs["history_id"] = rows["history_id"]
    if name == "member-active":
        kwargs["user_id"] = rows["user_id"]
    return reverse(name, kwargs=kwargs)


def _database():
    return [(model.objects.count(), model.history.count()) for model in (Amendment, Comment, Paragraph, Report)]


def test_every_url_of_the_app_says_whether_it_names_a_working_groups_row():
    names = {p.name for p in get_resolver("amendments.urls").url_patterns}
    assert names == set(scope.SCOPED) | scope.OPEN, names ^ (set(scope.SCOPED) | scope.OPEN)


@pytest.mark.parametrize("name", sorted(scope.SCOPED))
def test_no_url_of_one_working_group_answers_the_other(two_groups, name):
    for side, other_side in (("wgec", "other"), ("other", "wgec")):
        url = _url(name, two_groups[side]["rows"])
        for user in two_groups[other_side]["users"]:
            client = Client()
            client.force_login(user)
            before = _database()
            assert client.get(url).status_code == 404, (name, side, user)
            assert client.post(url, {"text": "x", "proposed_text": "x", "version": 1}).status_code == 404, (name, user)
            assert _database() == before, (name, user)


@pytest.mark.parametrize("name", ["report", "paragraph", "amendment", "revision", "participant", "export-current"])
def test_each_working_groups_users_read_their_own_pages(two_groups, name):
    for side in ("wgec", "other"):
        for user in two_groups[side]["users"]:
            client = Client()
            client.force_login(user)
            assert client.get(_url(name, two_groups[side]["rows"])).status_code == 200, (name, side, user)


def test_home_and_the_api_show_each_user_only_their_working_groups_reports(two_groups, wgec):
    other = two_groups["other"]["report"]
    for user, mine in ((two_groups["other"]["users"][1], other), (two_groups["wgec"]["users"][1], wgec)):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("home"))["Location"] == mine.get_absolute_url()
        assert [r["id"] for r in client.get(reverse("api-reports")).json()] == [mine.pk]


def test_the_lists_of_delegations_hold_only_the_working_groups_own(two_groups):
    officer = two_groups["other"]["users"][0]
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("import-upload", args=[two_groups["other"]["report"].pk])).content.decode()
    assert "Other delegation" in page and "Russian Federation" not in page


def test_a_submission_is_mailed_to_its_own_working_groups_secretariat_only(
    two_groups, django_capture_on_commit_callbacks
):
    wgec_officer = two_groups["wgec"]["users"][0]
    wgec_officer.email = "wgec@example.org"
    wgec_officer.save()
    mail.outbox.clear()
    target = paragraph("recommendations", "6")
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(two_groups["wgec"]["users"][1], target, target.text + " Mailed.")
    recipients = {to for message in mail.outbox for to in message.to}
    assert "wgec@example.org" in recipients and "other@example.org" not in recipients


def test_the_admin_lists_only_the_officers_own_working_groups_rows(two_groups, wgec):
    officer = two_groups["other"]["users"][0]
    officer.is_staff = True
    officer.save()
    client = Client()
    client.force_login(officer)
    reports = client.get(reverse("admin:amendments_report_changelist")).content.decode()
    assert "Draft report of the Other Working Group" in reports and wgec.title not in reports
    users = client.get(reverse("admin:amendments_user_changelist")).content.decode()
    assert "other-delegate" in users and "delegate-ru" not in users
    rows = two_groups["wgec"]["rows"]
    for name, pk in (("amendment", rows["amendment"]), ("paragraph", rows["paragraph"]), ("report", rows["report"])):
        assert client.get(reverse(f"admin:amendments_{name}_change", args=[pk])).status_code in (302, 404), name
        assert client.get(reverse(f"admin:amendments_{name}_history", args=[pk])).status_code == 404, name
