"""A working group's secretariat gives and removes its staff roles, keeping the Django groups that
make a user secretariat or Chair in step; a secretariat officer creates a working group."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from amendments.actions import staff
from amendments.actions.staff import StaffError
from amendments.models import StaffRole, User, WorkingGroup
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _roles(group: WorkingGroup) -> set[tuple[str, str]]:
    return set(StaffRole.objects.filter(working_group=group).values_list("user__username", "role"))


def test_the_secretariat_gives_the_chair_role_and_the_user_is_chair(wgec, secretariat_officer):
    carla = make_user("carla", email="carla@example.org")
    staff.give_role(wgec.working_group_id, user_id=carla.pk, role=Role.CHAIR, by=secretariat_officer)
    carla = _fresh(carla)
    assert carla.is_chair and not carla.is_secretariat and not carla.is_staff
    assert carla.belongs_to(wgec.working_group_id)
    record = StaffRole.history.get(user=carla)
    assert record.history_change_reason == f"Chair of {wgec.working_group.name} given by officer"
    assert record.history_user == secretariat_officer


def test_giving_the_secretariat_role_makes_the_user_staff_and_removing_it_undoes_both(wgec, secretariat_officer):
    sam = make_user("sam")
    group = wgec.working_group_id
    staff.give_role(group, user_id=sam.pk, role=Role.SECRETARIAT, by=secretariat_officer)
    assert _fresh(sam).is_secretariat and _fresh(sam).is_staff
    staff.remove_role(group, user_id=sam.pk, role=Role.SECRETARIAT, by=secretariat_officer)
    sam = _fresh(sam)
    assert not sam.is_secretariat and not sam.is_staff
    assert not StaffRole.objects.filter(user=sam).exists()
    assert sam.history.first().history_change_reason.endswith("removed by officer")


def test_a_user_keeps_the_group_while_it_has_the_role_in_another_working_group(wgec, secretariat_officer):
    other = staff.create_working_group("Other Working Group", by=secretariat_officer)
    sam = make_user("sam")
    for group in (wgec.working_group_id, other.pk):
        staff.give_role(group, user_id=sam.pk, role=Role.CHAIR, by=secretariat_officer)
    staff.remove_role(wgec.working_group_id, user_id=sam.pk, role=Role.CHAIR, by=secretariat_officer)
    assert _fresh(sam).is_chair
    staff.remove_role(other.pk, user_id=sam.pk, role=Role.CHAIR, by=secretariat_officer)
    assert not _fresh(sam).is_chair


def test_a_vice_chair_is_staff_of_the_working_group_and_neither_chair_nor_secretariat(wgec, secretariat_officer):
    vera = make_user("vera")
    staff.give_role(wgec.working_group_id, user_id=vera.pk, role=Role.VICE_CHAIR, by=secretariat_officer)
    vera = _fresh(vera)
    assert not vera.is_chair and not vera.is_secretariat and vera.belongs_to(wgec.working_group_id)


def test_the_last_secretariat_of_a_working_group_cannot_be_removed(wgec, secretariat_officer):
    group = wgec.working_group_id
    with pytest.raises(StaffError, match="last secretariat"):
        staff.remove_role(group, user_id=secretariat_officer.pk, role=Role.SECRETARIAT, by=secretariat_officer)
    assert _roles(wgec.working_group) == {("officer", Role.SECRETARIAT)}
    assert _fresh(secretariat_officer).is_secretariat


def test_an_officer_removes_itself_once_another_secretariat_remains(wgec, secretariat_officer):
    sam = make_user("sam")
    group = wgec.working_group_id
    staff.give_role(group, user_id=sam.pk, role=Role.SECRETARIAT, by=secretariat_officer)
    staff.remove_role(group, user_id=secretariat_officer.pk, role=Role.SECRETARIAT, by=secretariat_officer)
    assert _roles(wgec.working_group) == {("sam", Role.SECRETARIAT)}
    assert not _fresh(secretariat_officer).is_secretariat


def test_only_the_secretariat_of_that_working_group_gives_or_removes_roles(wgec, secretariat_officer, chair):
    other = WorkingGroup.objects.create(name="Other Working Group")
    stranger = make_user("stranger", groups=[User.SECRETARIAT], working_group=other)
    for by in (chair, stranger):
        with pytest.raises(PermissionDenied):
            staff.give_role(wgec.working_group_id, user_id=by.pk, role=Role.SECRETARIAT, by=by)
        with pytest.raises(PermissionDenied):
            staff.remove_role(wgec.working_group_id, user_id=chair.pk, role=Role.CHAIR, by=by)
    assert _roles(wgec.working_group) == {("officer", Role.SECRETARIAT), ("chair", Role.CHAIR)}


def test_a_superuser_gives_roles_in_any_working_group(wgec):
    root = make_user("root", is_superuser=True, is_staff=True)
    sam = make_user("sam")
    staff.give_role(wgec.working_group_id, user_id=sam.pk, role=Role.SECRETARIAT, by=root)
    assert _fresh(sam).is_secretariat


def test_a_role_is_given_by_e_mail_or_by_the_login_of_one_of_the_working_groups_users(
    wgec, secretariat_officer, russia_delegate
):
    group = wgec.working_group_id
    russia_delegate.email = "Ivan@Example.org"
    russia_delegate.save()
    given = staff.give_role_to(group, person="ivan@example.org", role=Role.VICE_CHAIR, by=secretariat_officer)
    assert (given.role.user, given.invited) == (russia_delegate, False)
    given = staff.give_role_to(group, person="delegate-ru", role=Role.CHAIR, by=secretariat_officer)
    assert given.role.user == russia_delegate and _fresh(russia_delegate).is_chair


def test_a_login_of_another_working_groups_user_is_refused(wgec, secretariat_officer):
    other = WorkingGroup.objects.create(name="Other Working Group")
    make_user("outsider", groups=[User.CHAIR], working_group=other)
    with pytest.raises(StaffError, match="no user of this working group"):
        staff.give_role_to(wgec.working_group_id, person="outsider", role=Role.CHAIR, by=secretariat_officer)
    with pytest.raises(StaffError, match="give an e-mail address"):
        staff.give_role_to(wgec.working_group_id, person="nobody", role=Role.CHAIR, by=secretariat_officer)


def test_a_new_person_is_created_with_the_address_as_login_and_invited(
    wgec, secretariat_officer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        given = staff.give_role_to(
            wgec.working_group_id, person=" new.chair@example.org ", role=Role.CHAIR, by=secretariat_officer
        )
    user = given.role.user
    assert given.invited and (user.username, user.email) == ("new.chair@example.org", "new.chair@example.org")
    assert user.has_usable_password() and _fresh(user).is_chair
    [message] = mail.outbox
    assert message.to == ["new.chair@example.org"] and "/accounts/reset/" in message.body
    assert user.history.earliest().history_change_reason == f"Invited to {wgec.working_group.name}"


def test_a_bad_address_creates_nobody(wgec, secretariat_officer):
    before = User.objects.count()
    with pytest.raises(StaffError, match="not an e-mail address"):
        staff.give_role_to(wgec.working_group_id, person="who@", role=Role.CHAIR, by=secretariat_officer)
    assert User.objects.count() == before


def test_a_secretariat_officer_creates_a_working_group_and_is_its_secretariat(wgec, secretariat_officer):
    group = staff.create_working_group("  CSTD   Working Group on Data ", by=secretariat_officer)
    assert group.name == "CSTD Working Group on Data"
    assert _roles(group) == {("officer", Role.SECRETARIAT)}
    assert group.history.get().history_change_reason == "Created by officer"


def test_a_working_group_name_is_unique_and_not_empty(wgec, secretariat_officer):
    with pytest.raises(StaffError, match="already a working group"):
        staff.create_working_group(wgec.working_group.name.upper(), by=secretariat_officer)
    with pytest.raises(StaffError, match="needs a name"):
        staff.create_working_group("  ", by=secretariat_officer)
    assert WorkingGroup.objects.count() == 1


def test_a_delegate_or_the_chair_cannot_create_a_working_group(wgec, russia_delegate, chair):
    for user in (russia_delegate, chair):
        with pytest.raises(PermissionDenied):
            staff.create_working_group("A new body", by=user)
    assert WorkingGroup.objects.count() == 1


def test_the_first_secretariat_is_made_in_an_empty_database():
    done = staff.first_secretariat("New Body", "first@example.org")
    assert done.created_group and done.created_user
    user = _fresh(done.user)
    assert user.is_secretariat and user.is_staff and user.username == "first@example.org"
    assert _roles(done.working_group) == {("first@example.org", Role.SECRETARIAT)}
    again = staff.first_secretariat("new body", "FIRST@example.org")
    assert not again.created_group and not again.created_user
    assert StaffRole.objects.count() == 1 and WorkingGroup.objects.count() == 1
