"""Bring a working group's members in from the list the secretariat keeps (CSV or .xlsx)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from amendments import actions
from amendments.actions.members import MembersRefused, Plan
from amendments.importers import uploads
from amendments.importers.members import GROUPS, ROLES, read_members
from amendments.management.commands._files import read_upload, refuse
from amendments.models import WorkingGroup


def describe(plan: Plan) -> list[str]:
    """What the list would change, one line per delegation and person, then a count of the unchanged."""
    lines = [f"New delegation: {d['name']} ({GROUPS[d['group']]}, {ROLES[d['role']]})" for d in plan.new_delegations]
    lines += [
        f"Changed delegation: {d['name']}: {GROUPS.get(d['old_group'], d['old_group'])}, "
        f"{ROLES.get(d['old_role'], d['old_role'])} -> {GROUPS[d['group']]}, {ROLES[d['role']]}"
        for d in plan.changed_delegations
    ]
    lines += [f"New user: {u['name']} <{u['email']}>, {u['delegation']}" for u in plan.new_users]
    for u in plan.changed_users:
        what = []
        if u["old_name"] != u["name"]:
            what.append(f"renamed {u['old_name']} -> {u['name']}")
        if u["old_delegation"] != u["delegation"]:
            what.append(f"moves from {u['old_delegation']} to {u['delegation']}")
        lines.append(f"Changed user: {u['email']}: {'; '.join(what)}")
    lines.append(f"Unchanged: {len(plan.unchanged)} person(s).")
    return lines


class Command(BaseCommand):
    help = (
        "Create a working group's delegations and users from the members' list (CSV or .xlsx: Delegation, "
        "Stakeholder group, Role, Name, E-mail) and invite each new user by e-mail; only what changed is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--body", required=True, help="The working group's name, as the app lists it.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")

    def handle(self, *args: str, file: str, body: str, dry_run: bool = False, **options: object) -> None:
        group = WorkingGroup.objects.filter(name__iexact=body.strip()).first()
        if group is None:
            known = ", ".join(repr(name) for name in WorkingGroup.objects.values_list("name", flat=True)) or "none"
            raise refuse(f"There is no working group named {body!r} (there are: {known}).")
        data = read_upload(file)
        try:
            read = read_members(data, file)
        except uploads.UploadError as error:
            raise refuse(f"{file}: {error}") from None
        if read.errors:
            raise refuse(f"{file}: {len(read.errors)} bad row(s), nothing was changed: {' '.join(read.errors)}")
        plan = actions.members.plan_members(group, read.rows)
        if plan.errors:
            raise refuse(f"{file}: nothing was changed: {' '.join(plan.errors)}")
        self.stdout.write("\n".join(describe(plan)))
        if dry_run:
            self.stdout.write("Nothing was changed (--dry-run).")
            return
        try:
            created = actions.members.apply_members(group, plan, user=None, reason=f"Members' list: {file}")
        except MembersRefused as error:
            raise refuse(f"{file}: {error}") from None
        self.stdout.write(f"{len(created)} users invited.")
