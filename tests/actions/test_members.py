"""The members of a working group from the secretariat's list: the plan, the changes, the invitations, deactivation."""

import re

import pytest
from django.core import mail
from django.test import Client

from amendments.actions import members
from amendments.importers.members import read_members
from amendments.models import Participant, User
from tests.helpers import as_csv, make_user, members_list


def _plan(group, rows):
    read = read_members(as_csv(rows))
    assert read.errors == ()
    return members.plan_members(group, read.rows)


def _link(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def test_a_forty_person_list_creates_twenty_five_delegations_and_forty_invited_users(
    wgec, secretariat_officer, django_capture_on_commit_callbacks
):
    group = wgec.working_group
    before = Participant.objects.count()
    plan = _plan(group, members_list())
    assert (len(plan.new_delegations), len(plan.new_users), plan.changed_users, plan.errors) == (25, 40, [], [])
    assert Participant.objects.count() == before  # a plan writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        created = members.apply_members(group, plan, user=secretariat_officer, reason="Members' list of May")
    assert len(created) == 40
    assert Participant.objects.filter(working_group=group, name__startswith="Delegation ").count() == 25
    person = User.objects.get(username="person5@example.org")
    assert (person.email, person.first_name, person.last_name) == ("person5@example.org", "Person", "Number5")
    assert person.participant.name == "Delegation 05" and person.participant.role == "observer"
    assert not person.has_usable_password() and person.is_active
    assert person.history.get().history_change_reason == "Members' list of May"
    assert person.history.get().history_user == secretariat_officer
    assert len(mail.outbox) == 40
    assert mail.outbox[0].subject == f"[WGEC] Your account for {group.name}"
    assert {m.to[0] for m in mail.outbox} == {f"person{n}@example.org" for n in range(1, 41)}


def test_the_invitation_link_sets_a_password_once(wgec, secretariat_officer, django_capture_on_commit_callbacks):
    plan = _plan(wgec.working_group, members_list(1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        members.apply_members(wgec.working_group, plan, user=secretariat_officer, reason="list")
    link = _link(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-long-new-pass-2026", "new_password2": "a-long-new-pass-2026"}
    )
    assert done.status_code == 302
    assert Client().login(username="person1@example.org", password="a-long-new-pass-2026")
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]


def test_re_uploading_an_updated_list_changes_only_what_changed(
    wgec, secretariat_officer, django_capture_on_commit_callbacks
):
    group = wgec.working_group
    members.apply_members(group, _plan(group, members_list()), user=secretariat_officer, reason="first")
    rows = members_list()
    rows[3][3] = "Person Renamed"  # person3 renamed
    rows.append(["Delegation 02", "Civil society", "Member", "New Person", "new@example.org"])
    plan = _plan(group, rows)
    assert plan.new_delegations == [] and plan.changed_delegations == []
    assert [u["email"] for u in plan.new_users] == ["new@example.org"]
    assert [(u["email"], u["old_name"], u["name"]) for u in plan.changed_users] == [
        ("person3@example.org", "Person Number3", "Person Renamed")
    ]
    assert len(plan.unchanged) == 39
    untouched = User.objects.get(username="person1@example.org").history.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = members.apply_members(group, plan, user=secretariat_officer, reason="second")
    assert [u.username for u in created] == ["new@example.org"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    assert User.objects.get(username="person3@example.org").get_full_name() == "Person Renamed"
    assert User.objects.get(username="person1@example.org").history.count() == untouched


def test_a_delegation_moved_to_another_group_is_changed(wgec, secretariat_officer):
    group = wgec.working_group
    members.apply_members(group, _plan(group, members_list(2, 1)), user=secretariat_officer, reason="first")
    rows = members_list(2, 1)
    for row in rows[1:]:
        row[1], row[2] = "Academic community", "Observer"
    plan = _plan(group, rows)
    assert [(d["name"], d["old_group"], d["group"], d["role"]) for d in plan.changed_delegations] == [
        ("Delegation 01", "member-state", "academic", "observer")
    ]
    members.apply_members(group, plan, user=secretariat_officer, reason="moved")
    delegation = Participant.objects.get(name="Delegation 01")
    assert (delegation.stakeholder_group, delegation.role) == ("academic", "observer")
    assert delegation.history.latest().history_change_reason == "moved"


def test_a_plan_made_stale_by_another_import_is_refused(wgec, secretariat_officer):
    group = wgec.working_group
    plan = _plan(group, members_list(2, 2))
    members.apply_members(group, plan, user=secretariat_officer, reason="first")
    with pytest.raises(members.MembersRefused, match="changed since"):
        members.apply_members(group, plan, user=secretariat_officer, reason="again")
    assert User.objects.filter(username__endswith="@example.org", participant__isnull=False).count() == 2


def test_a_delegation_listed_with_two_groups_and_an_account_elsewhere_are_errors(wgec, secretariat_officer):
    secretariat_officer.email = "officer@example.org"
    secretariat_officer.save()
    rows = members_list(2, 1)
    rows[2][1] = "Civil society"
    rows.append(["Japan", "Member State", "Member", "Sofia Officer", "officer@example.org"])
    plan = _plan(wgec.working_group, rows)
    assert plan.errors == [
        "Row 3: Delegation 01 is Civil society (Member) here but Member State (Member) on row 2.",
        "Row 4: officer@example.org already has an account outside this working group's delegations; "
        "ask the administrator.",
    ]
    with pytest.raises(members.MembersRefused):
        members.apply_members(wgec.working_group, plan, user=secretariat_officer, reason="x")
    assert not User.objects.filter(username="person1@example.org").exists()


def test_a_deactivated_member_cannot_log_in_and_keeps_their_history(wgec, secretariat_officer, russia_delegate):
    members.deactivate(russia_delegate.pk, by=secretariat_officer)
    russia_delegate.refresh_from_db()
    assert not russia_delegate.is_active
    assert not Client().login(username="delegate-ru", password="wgec-test-password")
    assert russia_delegate.history.count() == 2
    assert russia_delegate.history.latest().history_change_reason == "Deactivated by Sofia Officer"
    members.reactivate(russia_delegate.pk, by=secretariat_officer)
    assert Client().login(username="delegate-ru", password="wgec-test-password")


def test_only_the_secretariat_of_the_members_working_group_deactivates(wgec, russia_delegate, japan_delegate):
    from amendments.models import WorkingGroup

    other = WorkingGroup.objects.create(name="Other Working Group")
    outsider = make_user("other-officer", groups=[User.SECRETARIAT], working_group=other)
    for by in (outsider, japan_delegate):
        with pytest.raises(members.MembersRefused, match="Only the secretariat"):
            members.deactivate(russia_delegate.pk, by=by)
    russia_delegate.refresh_from_db()
    assert russia_delegate.is_active


def test_a_person_moved_to_another_delegation_is_moved(wgec, secretariat_officer):
    group = wgec.working_group
    members.apply_members(group, _plan(group, members_list(2, 2)), user=secretariat_officer, reason="first")
    rows = members_list(2, 2)
    rows[2][0], rows[2][1] = "Delegation 01", "Member State"  # person2 joins Delegation 01
    plan = _plan(group, rows)
    assert [(u["email"], u["old_delegation"], u["delegation"]) for u in plan.changed_users] == [
        ("person2@example.org", "Delegation 02", "Delegation 01")
    ]
    members.apply_members(group, plan, user=secretariat_officer, reason="moved")
    assert User.objects.get(username="person2@example.org").participant.name == "Delegation 01"


def test_a_row_naming_the_chairs_row_is_an_error(wgec):
    rows = members_list(1, 1)
    rows[1][0] = "chair"
    plan = _plan(wgec.working_group, rows)
    assert plan.errors == ["Row 2: 'chair' is the Chair's name, not a delegation's."]
