"""A working group's Staff page: its secretariat gives the Chair and other roles and removes them;
nobody else may, and the secretariat of another working group does not even find the page. The
list of working groups, and a new one created in the app."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from amendments.models import Report, StaffRole, User, WorkingGroup
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff_url(group_id: int) -> str:
    return reverse("working-group-staff", args=[group_id])


def _roles(group_id: int) -> set[tuple[str, str]]:
    return set(StaffRole.objects.filter(working_group_id=group_id).values_list("user__username", "role"))


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_the_officer_gives_the_chair_role_sees_it_listed_and_removes_it(wgec, secretariat_officer):
    group = wgec.working_group_id
    carla = make_user("carla", email="carla@example.org", first_name="Carla", last_name="Chair")
    officer = _client(secretariat_officer)

    response = officer.post(_staff_url(group), {"person": "carla@example.org", "role": Role.CHAIR})
    assert response.status_code == 302 and response["Location"] == _staff_url(group)
    assert _roles(group) == {("officer", Role.SECRETARIAT), ("carla", Role.CHAIR)}
    assert _fresh(carla).is_chair

    page = officer.get(_staff_url(group))
    assert page.status_code == 200
    assert "Carla Chair is Chair of" in page.content.decode()
    held = StaffRole.objects.get(user=carla)
    assert f'name="remove" value="{held.pk}"' in page.content.decode()
    assert [h.user for h in page.context["roles"][1]["holders"]] == [carla]

    assert officer.post(_staff_url(group), {"remove": held.pk}).status_code == 302
    assert _roles(group) == {("officer", Role.SECRETARIAT)}
    assert not _fresh(carla).is_chair
    after = officer.get(_staff_url(group))
    assert "Carla Chair is no longer Chair of" in after.content.decode()
    assert after.context["roles"][1]["holders"] == [] and f'value="{held.pk}"' not in after.content.decode()


def test_the_last_secretariat_cannot_be_removed(wgec, secretariat_officer):
    group = wgec.working_group_id
    held = StaffRole.objects.get(user=secretariat_officer)
    response = _client(secretariat_officer).post(_staff_url(group), {"remove": held.pk})
    assert response.status_code == 400
    assert "the last secretariat of" in response.content.decode()
    assert _roles(group) == {("officer", Role.SECRETARIAT)}
    assert _fresh(secretariat_officer).is_secretariat and _fresh(secretariat_officer).is_staff


def test_an_officer_who_removes_its_own_role_lands_on_the_list_of_working_groups(wgec, secretariat_officer):
    group = wgec.working_group_id
    sam = make_user("sam", email="sam@example.org")
    officer = _client(secretariat_officer)
    officer.post(_staff_url(group), {"person": "sam@example.org", "role": Role.SECRETARIAT})
    mine = StaffRole.objects.get(user=secretariat_officer)
    response = officer.post(_staff_url(group), {"remove": mine.pk})
    assert response["Location"] == reverse("working-groups")
    assert _roles(group) == {("sam", Role.SECRETARIAT)}
    assert _fresh(sam).is_staff and not _fresh(secretariat_officer).is_staff
    assert officer.get(_staff_url(group)).status_code == 404  # no longer of the working group at all


def test_a_new_person_is_invited_by_e_mail(wgec, secretariat_officer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(secretariat_officer).post(
            _staff_url(wgec.working_group_id), {"person": "vice@example.org", "role": Role.VICE_CHAIR}
        )
    assert response.status_code == 302
    assert ("vice@example.org", Role.VICE_CHAIR) in _roles(wgec.working_group_id)
    [message] = mail.outbox
    assert message.to == ["vice@example.org"] and "http://127.0.0.1:8000/accounts/reset/" in message.body


def test_a_person_no_one_can_find_is_refused_with_a_message(wgec, secretariat_officer):
    before = (User.objects.count(), StaffRole.objects.count())
    response = _client(secretariat_officer).post(
        _staff_url(wgec.working_group_id), {"person": "nobody", "role": Role.CHAIR}
    )
    assert response.status_code == 400
    assert "give an e-mail address" in response.content.decode()
    assert (User.objects.count(), StaffRole.objects.count()) == before


def test_a_delegate_and_the_chair_get_403_and_change_nothing(wgec, russia_delegate, chair):
    group = wgec.working_group_id
    before = _roles(group)
    for user in (russia_delegate, chair):
        client = _client(user)
        assert client.get(_staff_url(group)).status_code == 403
        response = client.post(_staff_url(group), {"person": user.username, "role": Role.SECRETARIAT})
        assert response.status_code == 403
        assert _roles(group) == before
        assert not _fresh(user).is_secretariat


def test_a_secretariat_officer_who_is_only_chair_here_gets_403(wgec, secretariat_officer):
    other = WorkingGroup.objects.create(name="Other Working Group")
    both = make_user("both", groups=[User.SECRETARIAT], working_group=other)
    StaffRole.objects.create(user=both, working_group_id=wgec.working_group_id, role=Role.CHAIR)
    response = _client(both).post(_staff_url(wgec.working_group_id), {"person": "both", "role": Role.SECRETARIAT})
    assert response.status_code == 403
    assert ("both", Role.SECRETARIAT) not in _roles(wgec.working_group_id)


def test_another_working_groups_secretariat_finds_no_such_page(wgec, secretariat_officer):
    other = WorkingGroup.objects.create(name="Other Working Group")
    stranger = make_user("stranger", groups=[User.SECRETARIAT], working_group=other)
    client = _client(stranger)
    before = _roles(wgec.working_group_id)
    assert client.get(_staff_url(wgec.working_group_id)).status_code == 404
    held = StaffRole.objects.get(user=secretariat_officer)
    assert client.post(_staff_url(wgec.working_group_id), {"remove": held.pk}).status_code == 404
    assert _roles(wgec.working_group_id) == before


def test_a_role_of_another_working_group_is_not_removed_from_this_page(wgec, secretariat_officer):
    other = WorkingGroup.objects.create(name="Other Working Group")
    make_user("stranger", groups=[User.SECRETARIAT], working_group=other)
    theirs = StaffRole.objects.get(working_group=other)
    response = _client(secretariat_officer).post(_staff_url(wgec.working_group_id), {"remove": theirs.pk})
    assert response.status_code == 400
    assert StaffRole.objects.filter(pk=theirs.pk).exists()


def test_the_officer_creates_a_working_group_and_lands_on_its_staff_page(wgec, secretariat_officer):
    officer = _client(secretariat_officer)
    assert officer.get(reverse("working-group-new")).status_code == 200
    response = officer.post(reverse("working-group-new"), {"name": "CSTD Working Group on Data"})
    group = WorkingGroup.objects.get(name="CSTD Working Group on Data")
    assert response.status_code == 302 and response["Location"] == _staff_url(group.pk)
    assert _roles(group.pk) == {("officer", Role.SECRETARIAT)}
    page = officer.get(reverse("working-groups")).content.decode()
    assert "CSTD Working Group on Data" in page and wgec.title in page and _staff_url(group.pk) in page

    again = officer.post(reverse("working-group-new"), {"name": "CSTD Working Group on Data"})
    assert again.status_code == 400 and "already a working group" in again.content.decode()
    assert WorkingGroup.objects.count() == 2


def test_a_delegate_cannot_create_a_working_group_and_sees_only_its_own(wgec, russia_delegate):
    other = WorkingGroup.objects.create(name="Other Working Group")
    client = _client(russia_delegate)
    assert client.post(reverse("working-group-new"), {"name": "Mine"}).status_code == 403
    assert not WorkingGroup.objects.filter(name="Mine").exists()
    page = client.get(reverse("working-groups"))
    assert [row["group"] for row in page.context["rows"]] == [wgec.working_group]
    assert other.name not in page.content.decode()
    assert _staff_url(wgec.working_group_id) not in page.content.decode()


def test_the_report_page_links_the_secretariat_to_its_staff_page(wgec, secretariat_officer, russia_delegate):
    url = _staff_url(wgec.working_group_id)
    assert url in _client(secretariat_officer).get(wgec.get_absolute_url()).content.decode()
    assert url not in _client(russia_delegate).get(wgec.get_absolute_url()).content.decode()


def test_home_for_a_working_group_without_a_report_is_the_list_of_working_groups():
    group = WorkingGroup.objects.create(name="A New Working Group")
    officer = make_user("officer", groups=[User.SECRETARIAT], working_group=group)
    client = _client(officer)
    assert client.get(reverse("home"))["Location"] == reverse("working-groups")
    page = client.get(reverse("working-groups")).content.decode()
    assert "A New Working Group" in page and "No report yet." in page and reverse("report-new") in page
    nobody = make_user("nobody")
    assert b"No draft report yet" in _client(nobody).get(reverse("home")).content


def test_the_officer_starts_the_first_report_of_a_new_working_group_from_its_entry(wgec, secretariat_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = _client(secretariat_officer)
    officer.post(reverse("working-group-new"), {"name": "CSTD Working Group on Data"})
    group = WorkingGroup.objects.get(name="CSTD Working Group on Data")
    start = f"{reverse('report-new')}?working_group={group.pk}"
    assert start in officer.get(reverse("working-groups")).content.decode()
    assert "For CSTD Working Group on Data." in officer.get(start).content.decode()

    text = b"Draft report of the working group on data\n\nFindings\n\n1. Data flows matter.\n"
    review = officer.post(start, {"file": SimpleUploadedFile("draft.txt", text)})
    assert review.status_code == 302
    form = officer.get(review["Location"])
    assert form.context["form"].initial["body"] == "CSTD Working Group on Data"
    fields = {"title": "Draft report on data", "subtitle": "", "body": "CSTD Working Group on Data"}
    created = officer.post(review["Location"], {**fields, "action": "confirm"})
    report = Report.objects.get(title="Draft report on data")
    assert created["Location"] == report.get_absolute_url()
    assert report.working_group == group
    assert Report.objects.get(pk=wgec.pk).working_group_id == wgec.working_group_id


def test_a_report_cannot_be_started_for_a_working_group_the_officer_is_not_secretariat_of(wgec, secretariat_officer):
    other = WorkingGroup.objects.create(name="Other Working Group")
    response = _client(secretariat_officer).get(f"{reverse('report-new')}?working_group={other.pk}")
    assert response.status_code == 404
