"""The members of a working group from the secretariat's list: delegations, their users, invitations.

`plan_members` says what a list would change and writes nothing; `apply_members` does it, in one
transaction, each row with a history record naming the officer and the reason. The plan carries
the rows it was made of: `apply_members` makes it again under a lock on the working group and
refuses, changing nothing, when the members changed since the officer read it (a second officer,
the same list confirmed twice). Re-uploading an updated list changes only what differs.

A new user's username is the e-mail address; it has no password until the person sets one through
the invitation: a link to Django's password reset confirmation, whose token is valid for
PASSWORD_RESET_TIMEOUT and only until the password is set (the token hashes the password). The
invitations go out once the transaction is committed, never for a change rolled back.

A person is in one working group: an e-mail already used by an account of another working group
(or by a staff account) is refused, not moved. Accounts are deactivated, never deleted: what the
person wrote stays theirs, and the history keeps who deactivated it and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from amendments.actions.history import save_with_history
from amendments.importers.members import GROUPS, ROLES, MemberRow
from amendments.models import Participant, StaffRole, User, WorkingGroup

__all__ = [
    "MembersRefused",
    "Plan",
    "apply_members",
    "deactivate",
    "invitation_link",
    "is_secretariat_of",
    "plan_members",
    "reactivate",
]


class MembersRefused(Exception):
    """A list that cannot be applied, or an account the officer may not change; nothing was written."""


@dataclass(frozen=True)
class Plan:
    """What a list changes. Each entry is a plain dict, so a plan keeps in the session as it is."""

    rows: tuple[MemberRow, ...]
    new_delegations: list[dict[str, Any]] = field(default_factory=list)
    changed_delegations: list[dict[str, Any]] = field(default_factory=list)
    new_users: list[dict[str, Any]] = field(default_factory=list)
    changed_users: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # e-mail addresses
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(map(len, (self.new_delegations, self.changed_delegations, self.new_users, self.changed_users)))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["rows"] = [asdict(row) for row in self.rows]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(**{**data, "rows": tuple(MemberRow(**row) for row in data["rows"])})

    def _comparable(self) -> dict[str, Any]:
        return {key: value for key, value in self.to_json().items() if key != "rows"}


def is_secretariat_of(user: User, working_group_id: int | None) -> bool:
    """Whether the user is the secretariat of that working group (a superuser is of every one)."""
    if user.is_superuser:
        return True
    return user.staff_roles.filter(working_group_id=working_group_id, role=StaffRole.Role.SECRETARIAT).exists()


def _split(name: str) -> tuple[str, str]:
    """First and last name as the account keeps them: the last word is the family name."""
    first, _, last = name.rpartition(" ")
    return first, last


def _label(table: dict[str, str], value: str) -> str:
    return table.get(value, value)


def plan_members(working_group: WorkingGroup, rows: Sequence[MemberRow]) -> Plan:
    """What `rows` would change in the working group's delegations and users; writes nothing."""
    plan = Plan(rows=tuple(rows))
    delegations = {
        p.name.casefold(): p for p in Participant.objects.delegations(working_group).order_by("pk")
    }  # fmt: skip
    wanted: dict[str, MemberRow] = {}
    for row in rows:
        key = row.delegation.casefold()
        first = wanted.setdefault(key, row)
        if (first.group, first.role) != (row.group, row.role):
            plan.errors.append(
                f"Row {row.row}: {row.delegation} is {_label(GROUPS, row.group)} ({_label(ROLES, row.role)}) "
                f"here but {_label(GROUPS, first.group)} ({_label(ROLES, first.role)}) on row {first.row}."
            )
    # The Chair's row is made under this name by the first Chair's proposal: no delegation takes it.
    chair = Participant.CHAIR_NAME.casefold()
    for key, row in wanted.items():
        existing = delegations.get(key)
        if key == chair:
            plan.errors.append(f"Row {row.row}: {row.delegation!r} is the Chair's name, not a delegation's.")
        elif existing is None:
            plan.new_delegations.append({"name": row.delegation, "group": row.group, "role": row.role})
        elif (existing.stakeholder_group, existing.role) != (row.group, row.role):
            plan.changed_delegations.append({
                "id": existing.pk, "name": existing.name, "group": row.group, "role": row.role,
                "old_group": existing.stakeholder_group, "old_role": existing.role,
            })  # fmt: skip
    emails = [row.email for row in rows]
    users = {
        (u.email or u.username).lower(): u
        for u in User.objects.filter(username__in=emails).select_related("participant")
    }
    users.update(
        (u.email.lower(), u) for u in User.objects.filter(email__in=emails).select_related("participant")
    )  # an account made by hand may spell its username otherwise
    for row in rows:
        delegation = delegations.get(row.delegation.casefold())
        target = delegation.name if delegation is not None else row.delegation
        user = users.get(row.email)
        if user is None:
            plan.new_users.append({"email": row.email, "name": row.name, "delegation": target})
        elif user.participant is None or user.participant.working_group_id != working_group.pk:
            plan.errors.append(
                f"Row {row.row}: {row.email} already has an account outside this working group's delegations; "
                "ask the administrator."
            )
        elif user.get_full_name() != row.name or user.participant.name != target:
            plan.changed_users.append({
                "id": user.pk, "email": row.email, "name": row.name, "delegation": target,
                "old_name": user.get_full_name(), "old_delegation": user.participant.name,
            })  # fmt: skip
        else:
            plan.unchanged.append(row.email)
    return plan


def apply_members(working_group: WorkingGroup, plan: Plan, *, user: User | None, reason: str) -> list[User]:
    """Make the plan's changes; the users created, each of whom is sent an invitation once committed.

    Raises MembersRefused, writing nothing, when the plan has errors or is no longer what the list
    would do now."""
    if plan.errors:
        raise MembersRefused("The list has errors: correct them and upload it again.")
    with transaction.atomic():
        # The working group's row serialises two imports of its members (lock order: it comes first).
        WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
        now = plan_members(working_group, plan.rows)
        if now._comparable() != plan._comparable():
            raise MembersRefused("The members changed since this list was read: upload it again.")
        created = _apply(working_group, now, user=user, reason=reason)
        transaction.on_commit(lambda: send_invitations([u.pk for u in created], working_group.name))
    return created


def _apply(working_group: WorkingGroup, plan: Plan, *, user: User | None, reason: str) -> list[User]:
    for entry in plan.new_delegations:
        participant = Participant(
            working_group=working_group, name=entry["name"], stakeholder_group=entry["group"], role=entry["role"]
        )
        save_with_history(participant, user=user, reason=reason)
    for entry in plan.changed_delegations:
        participant = Participant.objects.select_for_update().get(pk=entry["id"])
        participant.stakeholder_group, participant.role = entry["group"], entry["role"]
        save_with_history(participant, user=user, reason=reason)
    delegations = {p.name: p for p in Participant.objects.delegations(working_group)}
    created = []
    for entry in plan.new_users:
        first, last = _split(entry["name"])
        account = User(
            username=entry["email"], email=entry["email"], first_name=first, last_name=last,
            participant=delegations[entry["delegation"]], is_active=True,
        )  # fmt: skip
        account.set_unusable_password()
        created.append(save_with_history(account, user=user, reason=reason))
    for entry in plan.changed_users:
        account = User.objects.select_for_update().get(pk=entry["id"])
        account.first_name, account.last_name = _split(entry["name"])
        account.participant = delegations[entry["delegation"]]
        save_with_history(account, user=user, reason=reason)
    return created


def invitation_link(account: User) -> str:
    """The link that lets the person set a first password: one use, valid for PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_invitations(user_ids: Sequence[int], working_group_name: str) -> None:
    """One e-mail to each of these users with the link to set their password."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    subject = f"[WGEC] Your account for {working_group_name}"
    messages = []
    for account in User.objects.filter(pk__in=user_ids).select_related("participant").order_by("pk"):
        body = (
            f"Dear {account.get_full_name() or account.email},\n\n"
            f"The secretariat of the {working_group_name} has made you an account in WGEC Redline, "
            f"for the delegation of {account.participant.name if account.participant else 'your organisation'}.\n\n"
            f"Your username is {account.username}. Choose your password here (the link works once, "
            f"for {days} day{'s' if days != 1 else ''}):\n\n{invitation_link(account)}\n\n"
            f"Once it has expired, ask for a new one on the login page (Forgotten your password?).\n"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [account.email]))
    if messages:
        send_mass_mail(messages, fail_silently=True)


def _set_active(user_id: int, active: bool, *, by: User) -> User:
    with transaction.atomic():
        account = User.objects.select_for_update(of=("self",)).select_related("participant").filter(pk=user_id).first()
        if account is None or account.participant is None:
            raise MembersRefused("There is no such member.")
        if not is_secretariat_of(by, account.participant.working_group_id):
            raise MembersRefused("Only the secretariat of this working group can do this.")
        if account.is_active == active:
            return account
        account.is_active = active
        what = "Reactivated" if active else "Deactivated"
        return save_with_history(account, user=by, reason=f"{what} by {by.get_full_name() or by.username}")


def deactivate(user_id: int, *, by: User) -> User:
    """The member can no longer log in; what they wrote and their account's history stay."""
    return _set_active(user_id, False, by=by)


def reactivate(user_id: int, *, by: User) -> User:
    """The member can log in again, with the password they had."""
    return _set_active(user_id, True, by=by)
