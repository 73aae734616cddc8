"""The Members page of a working group: its secretariat uploads the list or types one member in,
reviews what it changes, confirms, and the new people are invited; accounts are deactivated there."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from amendments.models import Participant, User, WorkingGroup
from tests.helpers import PASSWORD, as_csv, as_xlsx, make_user, members_list


@pytest.fixture
def officer_client(secretariat_officer):
    client = Client()
    client.force_login(secretariat_officer)
    return client


def _members_url(group) -> str:
    return reverse("members", args=[group.pk])


def _upload(client, group, data: bytes, name: str):
    return client.post(_members_url(group), {"action": "upload", "file": SimpleUploadedFile(name, data)})


def _new_people() -> int:
    return User.objects.filter(username__endswith="@example.org", participant__isnull=False).count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_secretariat_uploads_forty_members_reviews_and_confirms_and_each_can_set_a_password(
    wgec, officer_client, django_capture_on_commit_callbacks, fmt
):
    group = wgec.working_group
    data = as_csv(members_list()) if fmt == "csv" else as_xlsx(members_list())
    delegations_before = Participant.objects.count()
    staged = _upload(officer_client, group, data, f"members.{fmt}")
    assert staged.status_code == 302
    review = officer_client.get(staged.url)
    assert review.status_code == 200
    assert b"New delegations (25)" in review.content and b"New users, invited by e-mail (40)" in review.content
    assert b"person40@example.org" in review.content
    assert _new_people() == 0 and Participant.objects.count() == delegations_before  # nothing before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(staged.url, {"action": "confirm"}, follow=True)
    assert "40 users invited." in [str(m) for m in done.context["messages"]]
    assert _new_people() == 40 and Participant.objects.count() == delegations_before + 25
    assert len(mail.outbox) == 40
    for message in mail.outbox:
        link = re.search(r"http://\S+", message.body).group(0).removeprefix("http://127.0.0.1:8000")
        person = Client()
        form = person.get(link, follow=True)
        assert form.context["validlink"], message.to
        new_password = f"violet-harbour-{len(message.to[0]) * 7}-tide"
        assert (
            person.post(
                form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
            ).status_code
            == 302
        )
        assert Client().login(username=message.to[0], password=new_password)
        assert not Client().get(link, follow=True).context["validlink"]  # the link works once
    page = officer_client.get(_members_url(group))
    assert b"person17@example.org" in page.content and b"Delegation 17" in page.content


def test_a_re_upload_with_one_change_changes_only_that_one_and_invites_the_one_new_person(
    wgec, officer_client, django_capture_on_commit_callbacks
):
    group = wgec.working_group
    officer_client.post(
        _upload(officer_client, group, as_csv(members_list()), "members.csv").url, {"action": "confirm"}
    )
    rows = members_list()
    rows[1] = ["Delegation 01", "Member State", "Member", "Someone Else", "someone@example.org"]  # replaces person1
    history = sum(u.history.count() for u in User.objects.filter(username__endswith="@example.org"))
    mail.outbox.clear()
    staged = _upload(officer_client, group, as_csv(rows, delimiter=";", bom=True), "members.csv")
    review = officer_client.get(staged.url)
    assert b"New users, invited by e-mail (1)" in review.content and b"Users changed" not in review.content
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(staged.url, {"action": "confirm"})
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    assert _new_people() == 41  # nobody is removed by leaving them out
    assert sum(u.history.count() for u in User.objects.filter(username__endswith="@example.org")) == history + 1


def test_bad_rows_are_listed_with_their_numbers_and_nothing_is_created(wgec, officer_client):
    rows = members_list(3, 3)
    rows[2][1] = "Martians"
    rows[3][4] = ""
    answer = _upload(officer_client, wgec.working_group, as_csv(rows), "members.csv")
    assert answer.status_code == 400
    assert b"Row 3: unknown stakeholder group" in answer.content and b"Row 4: no e-mail address." in answer.content
    assert _new_people() == 0 and not Participant.objects.filter(name__startswith="Delegation ").exists()


def test_a_dropped_list_changes_nothing_and_cannot_be_confirmed(wgec, officer_client):
    staged = _upload(officer_client, wgec.working_group, as_csv(members_list(2, 2)), "members.csv")
    officer_client.post(staged.url, {"action": "drop"})
    officer_client.post(staged.url, {"action": "confirm"})
    assert _new_people() == 0


def test_one_member_typed_in_is_reviewed_then_invited(wgec, officer_client, django_capture_on_commit_callbacks):
    form = {"action": "add", "delegation": "Japan", "group": "member-state", "role": "member",
            "name": "Aiko Tanaka", "email": "Aiko@Example.org"}  # fmt: skip
    staged = officer_client.post(_members_url(wgec.working_group), form)
    assert b"Aiko Tanaka &lt;aiko@example.org&gt;, Japan" in officer_client.get(staged.url).content
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(staged.url, {"action": "confirm"})
    assert User.objects.get(username="aiko@example.org").participant == Participant.objects.get(name="Japan")
    assert len(mail.outbox) == 1


def test_another_working_groups_secretariat_gets_404_and_a_delegate_403(wgec, russia_delegate):
    other = WorkingGroup.objects.create(name="Other Working Group")
    outsider = make_user("other-officer", groups=[User.SECRETARIAT], working_group=other)
    url = _members_url(wgec.working_group)
    for user, status in ((outsider, 404), (russia_delegate, 403)):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status
        assert _upload(client, wgec.working_group, as_csv(members_list(2, 2)), "m.csv").status_code == status
        assert (
            client.post(reverse("member-active", args=[wgec.working_group.pk, russia_delegate.pk])).status_code
            == status
        )
    assert _new_people() == 0
    russia_delegate.refresh_from_db()
    assert russia_delegate.is_active


def test_a_deactivated_member_cannot_log_in_and_their_history_stays(wgec, officer_client, russia_delegate):
    url = reverse("member-active", args=[wgec.working_group.pk, russia_delegate.pk])
    assert b"will no longer be able to log in" in officer_client.get(url).content
    officer_client.post(url)
    russia_delegate.refresh_from_db()
    assert not russia_delegate.is_active
    assert not Client().login(username="delegate-ru", password=PASSWORD)
    assert [h.history_change_reason for h in russia_delegate.history.order_by("history_date")][-1].startswith(
        "Deactivated"
    )
    assert b"No (deactivated)" in officer_client.get(_members_url(wgec.working_group)).content
    officer_client.post(url)
    assert Client().login(username="delegate-ru", password=PASSWORD)


def test_the_report_page_links_its_secretariat_to_the_members_page(wgec, officer_client):
    assert _members_url(wgec.working_group).encode() in officer_client.get(wgec.get_absolute_url()).content
