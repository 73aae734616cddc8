"""A working group's staff: its secretariat gives and removes the secretariat, Chair and Vice-Chair
roles, invites a new person by e-mail, and creates a new working group.

The roles are `StaffRole` rows, one per working group; what the app asks (`User.is_secretariat`,
`User.is_chair`, the admin's read-only views) still reads the Django groups "Secretariat" and
"Chair" and `is_staff`. Each write here keeps them in step with the rows: a user with a
secretariat role anywhere is in the group Secretariat and is staff; with none left, neither (a
superuser stays staff); the same for Chair (no admin for the Chair). A Vice-Chair role makes its
user one of the working group's staff, and nothing more.

Every write locks the working group first (so two officers removing each other cannot leave it
with no secretariat), then the user whose roles change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from amendments.actions.history import delete_with_history, save_with_history
from amendments.models import StaffRole, User, WorkingGroup

__all__ = [
    "StaffError",
    "Given",
    "FirstSecretariat",
    "create_working_group",
    "first_secretariat",
    "give_role",
    "give_role_to",
    "is_secretariat_of",
    "remove_role",
    "set_password_link",
]

Role = StaffRole.Role

# The Django group each role puts its users in (a Vice-Chair: none).
_GROUPS = {Role.SECRETARIAT: User.SECRETARIAT, Role.CHAIR: User.CHAIR}

NAME_LENGTH = WorkingGroup._meta.get_field("name").max_length or 300


class StaffError(ValueError):
    """The staff change cannot be made; the message says why."""


@dataclass(frozen=True)
class Given:
    """What `give_role_to` did: the role, and whether its user was created (and invited) now."""

    role: StaffRole
    invited: bool


def is_secretariat_of(user: User, working_group_id: int) -> bool:
    """Whether the user is the secretariat of that working group: a role there, or a superuser."""
    if user.is_superuser:
        return True
    return StaffRole.objects.filter(user=user, working_group_id=working_group_id, role=Role.SECRETARIAT).exists()


def _refuse_unless_secretariat(by: User, working_group_id: int) -> None:
    if not is_secretariat_of(by, working_group_id):
        raise PermissionDenied("Only the secretariat of this working group gives or removes its staff roles.")


def _lock_group(working_group_id: int) -> WorkingGroup:
    try:
        return WorkingGroup.objects.select_for_update(of=("self",), no_key=True).get(pk=working_group_id)
    except WorkingGroup.DoesNotExist:
        raise StaffError("There is no such working group.") from None


def _group(name: str) -> Group:
    """The Django group (migration 0008 makes both; one a flushed test database lost is made again,
    the Secretariat's with the admin's views, as amendments.apps grants them)."""
    group, created = Group.objects.get_or_create(name=name)
    if created and name == User.SECRETARIAT:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="amendments", codename__startswith="view_")
        )
    return group


def sync_groups(user: User, *, by: User | None, reason: str) -> None:
    """Put the user in the Django groups its staff roles call for, and take it out of the others;
    staff (for the admin's read-only views) while it is the secretariat of some working group."""
    held = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    for role, name in _GROUPS.items():
        if role in held:
            user.groups.add(_group(name))
        else:
            user.groups.remove(*Group.objects.filter(name=name))
    staff = Role.SECRETARIAT in held or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        save_with_history(user, user=by, reason=reason, update_fields=["is_staff"])
    for cached in ("_group_names", "_working_group_ids"):
        user.__dict__.pop(cached, None)


def give_role(working_group_id: int, *, user_id: int, role: str, by: User) -> StaffRole:
    """Give the user `role` in the working group (the role it already has is left as it is).

    Raises PermissionDenied for anyone but that working group's secretariat, StaffError for an
    unknown role or user."""
    _refuse_unless_secretariat(by, working_group_id)
    return _give(working_group_id, user_id=user_id, role=role, by=by)


def _give(working_group_id: int, *, user_id: int, role: str, by: User | None) -> StaffRole:
    if role not in Role.values:
        raise StaffError(f"There is no role {role!r}.")
    with transaction.atomic():
        group = _lock_group(working_group_id)
        user = User.objects.select_for_update(of=("self",), no_key=True).filter(pk=user_id, is_active=True).first()
        if user is None:
            raise StaffError("There is no such active user.")
        existing = StaffRole.objects.filter(user=user, working_group=group, role=role).first()
        if existing is not None:
            sync_groups(user, by=by, reason=f"{existing.get_role_display()} of {group.name}")
            return existing
        label = Role(role).label
        reason = f"{label} of {group.name} given by {by.get_username()}" if by else f"{label} of {group.name} given"
        staff_role = save_with_history(StaffRole(user=user, working_group=group, role=role), user=by, reason=reason)
        sync_groups(user, by=by, reason=reason)
        return staff_role


@dataclass(frozen=True)
class FirstSecretariat:
    """What `first_secretariat` did: the working group and the user, and which of them it created."""

    working_group: WorkingGroup
    user: User
    created_group: bool
    created_user: bool


def first_secretariat(body: str, email: str, *, password: str | None = None) -> FirstSecretariat:
    """The secretariat of `body` (created when missing) is the user with `email` (created when
    missing, login = address; with `password`, that password): the very first officer, made at the
    server by whoever runs it, so no one in the app authorises it. Raises StaffError for a bad name
    or address, or a password the validators refuse."""
    name, email = " ".join(body.split()), email.strip()
    if not name or len(name) > NAME_LENGTH:
        raise StaffError(f"The working group's name must have 1 to {NAME_LENGTH} characters.")
    try:
        validate_email(email)
    except ValidationError:
        raise StaffError(f"{email!r} is not an e-mail address.") from None
    with transaction.atomic():
        group = WorkingGroup.objects.filter(name__iexact=name).first()
        created_group = group is None
        if group is None:
            group = save_with_history(WorkingGroup(name=name), user=None, reason="Created by createsecretariat")
        users = list(User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).order_by("pk")[:2])
        if len(users) > 1:
            raise StaffError(f"Several users have the login or address {email}.")
        created_user = not users
        user = users[0] if users else _new_user(email, by=None, reason=f"First secretariat of {group.name}")
        if password is not None:
            _set_password(user, password)
        if not user.is_active:
            raise StaffError(f"The user {user.get_username()} is inactive.")
        _give(group.pk, user_id=user.pk, role=Role.SECRETARIAT, by=None)
    return FirstSecretariat(group, user, created_group, created_user)


def _set_password(user: User, password: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as error:
        raise StaffError(" ".join(error.messages)) from None
    user.set_password(password)
    save_with_history(user, user=None, reason="Password set by createsecretariat", update_fields=["password"])


def remove_role(working_group_id: int, *, user_id: int, role: str, by: User) -> None:
    """Take `role` in the working group from the user.

    Raises PermissionDenied for anyone but that working group's secretariat, StaffError when the
    user does not have the role, or when it is the working group's last secretariat."""
    _refuse_unless_secretariat(by, working_group_id)
    with transaction.atomic():
        group = _lock_group(working_group_id)
        staff_role = (
            StaffRole.objects.select_related("user").filter(working_group=group, user_id=user_id, role=role).first()
        )
        if staff_role is None:
            raise StaffError("This person does not have that role in this working group.")
        if (
            role == Role.SECRETARIAT
            and not StaffRole.objects.filter(working_group=group, role=Role.SECRETARIAT)
            .exclude(pk=staff_role.pk)
            .exists()
        ):
            raise StaffError(
                f"{_name(staff_role.user)} is the last secretariat of {group.name}: give the role to "
                "someone else first, so that someone can still manage its staff."
            )
        user = User.objects.select_for_update(of=("self",), no_key=True).get(pk=user_id)
        reason = f"{staff_role.get_role_display()} of {group.name} removed by {by.get_username()}"
        delete_with_history(staff_role, user=by, reason=reason)
        sync_groups(user, by=by, reason=reason)


def give_role_to(working_group_id: int, *, person: str, role: str, by: User) -> Given:
    """Give `role` to the person named by `person`: the e-mail address of a user, or the login of
    one of the working group's users and staff; an e-mail address no user has is a new person,
    created with that address as login and sent an invitation to choose a password.

    Raises what `give_role` raises, and StaffError when `person` names nobody and is no e-mail address."""
    _refuse_unless_secretariat(by, working_group_id)
    person = person.strip()
    with transaction.atomic():
        user = _find(working_group_id, person)
        invited = user is None
        if user is None:
            user = _new_user(person, by=by, reason=f"Invited to {_group_name(working_group_id)}")
        staff_role = give_role(working_group_id, user_id=user.pk, role=role, by=by)
        if invited:
            _send_invitation(user, staff_role)
    return Given(staff_role, invited)


def _find(working_group_id: int, person: str) -> User | None:
    by_email = list(User.objects.filter(email__iexact=person, is_active=True)[:2]) if "@" in person else []
    if len(by_email) > 1:
        raise StaffError(f"Several users have the address {person}: give the login of the one you mean.")
    if by_email:
        return by_email[0]
    of_group = Q(participant__working_group_id=working_group_id) | Q(staff_roles__working_group_id=working_group_id)
    found = User.objects.filter(of_group, username__iexact=person, is_active=True).distinct().first()
    if found is None and User.objects.filter(username__iexact=person).exists():
        if "@" not in person:
            raise StaffError(f"{person!r} is no user of this working group: give the person's e-mail address.")
        raise StaffError(f"The login {person} is taken by a user without that e-mail address.")
    if found is None and "@" not in person:
        raise StaffError(
            f"No user of this working group has the login {person!r}: give an e-mail address to invite a new person."
        )
    return found


def _new_user(email: str, *, by: User | None, reason: str) -> User:
    try:
        validate_email(email)
    except ValidationError:
        raise StaffError(f"{email!r} is not an e-mail address.") from None
    user = User(username=email, email=email)
    # A random password nobody knows, not an unusable one: the invitation's link sets the real
    # one, and once it is too old the person can still ask for a reset (which skips unusable ones).
    user.set_password(secrets.token_urlsafe(32))
    try:
        with transaction.atomic():
            return save_with_history(user, user=by, reason=reason)
    except IntegrityError:
        raise StaffError(f"The login {email} is taken.") from None


def set_password_link(user: User) -> str:
    """A link that lets the user choose a password once (it stops working when the password changes,
    and after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _send_invitation(user: User, staff_role: StaffRole) -> None:
    link = set_password_link(user)
    subject = f"[WGEC] You are {staff_role.get_role_display()} of {staff_role.working_group.name}"
    body = (
        f"You have been made {staff_role.get_role_display()} of {staff_role.working_group.name} in WGEC Redline.\n\n"
        f"Your login is {user.username}. Choose your password here (the link works once):\n{link}\n"
    )
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def create_working_group(name: str, *, by: User) -> WorkingGroup:
    """A new working group, with `by` as its secretariat.

    Raises PermissionDenied for anyone but a secretariat officer (or a superuser), StaffError for a
    name that is empty, too long or another working group's."""
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat creates a working group.")
    name = " ".join(name.split())
    if not name:
        raise StaffError("The working group needs a name.")
    if len(name) > NAME_LENGTH:
        raise StaffError(f"The name is longer than {NAME_LENGTH} characters.")
    reason = f"Created by {by.get_username()}"
    try:
        with transaction.atomic():
            if WorkingGroup.objects.filter(name__iexact=name).exists():
                raise IntegrityError
            group = save_with_history(WorkingGroup(name=name), user=by, reason=reason)
            role = StaffRole(user=by, working_group=group, role=Role.SECRETARIAT)
            save_with_history(role, user=by, reason=f"Secretariat of {name}: its creator")
            sync_groups(by, by=by, reason=f"Secretariat of {name}: its creator")
    except IntegrityError:
        raise StaffError(f"There is already a working group named {name!r}.") from None
    return group


def _group_name(working_group_id: int) -> str:
    return WorkingGroup.objects.filter(pk=working_group_id).values_list("name", flat=True).first() or "a working group"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()
