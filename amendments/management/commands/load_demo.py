"""Create the demo logins (all with the password in fixtures/demo_users.json). Never run in production."""

import json

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from amendments import actions
from amendments.management.commands.load_wgec import load_participants, resolve_target, wgec_group
from amendments.models import Amendment, Participant, Position, Report, StaffRole, User


def _staff_roles(groups):
    """The demo's staff users belong to the WGEC's staff in the role their group names."""
    roles = {User.SECRETARIAT: StaffRole.Role.SECRETARIAT, User.CHAIR: StaffRole.Role.CHAIR}
    return [roles[name] for name in groups if name in roles]


def ensure_groups():
    """The Secretariat and Chair groups; the Secretariat may view every model of the app, nothing more.

    Migrations 0008 and 0009 set both groups up in every database; this also grants the view
    permissions of models added since, and restores the groups in a test database that a
    transactional test emptied. The admin only shows: the app's own pages make every change.
    """
    secretariat, _ = Group.objects.get_or_create(name=User.SECRETARIAT)
    Group.objects.get_or_create(name=User.CHAIR)
    secretariat.permissions.set(
        Permission.objects.filter(content_type__app_label="amendments", codename__startswith="view_")
    )


def load_demo_amendments(entries):
    """A newcomer sees the workflow at once: a private draft, and a submitted amendment with support.

    Skipped when a demo user's delegation already has amendments (running twice changes nothing).
    """
    report = Report.objects.order_by("created", "id").first()
    if report is None:
        return 0
    authors = {e["user"] for e in entries}
    if Amendment.objects.filter(author__username__in=authors).exists():
        return 0
    for entry in entries:
        user = User.objects.get(username=entry["user"])
        target = resolve_target(report, entry["target"])
        text = entry.get("proposed_text") or target.text.replace(*entry["replace"])
        amendment = actions.amendments.propose(
            user=user,
            paragraph_id=target.pk,
            kind=entry["kind"],
            expected_paragraph_version=target.version,
            proposed_text=text,
            justification=entry.get("justification", ""),
            submit=entry.get("submit", False),
        )
        for supporter in entry.get("supported_by", []):
            actions.positions.set_position(
                amendment.pk, user=User.objects.get(username=supporter), stance=Position.Stance.SUPPORT
            )
    return len(entries)


class Command(BaseCommand):
    help = "Create the demo users (idempotent). For demonstrations only."

    def handle(self, *args, **options):
        data = json.loads((settings.BASE_DIR / "fixtures" / "demo_users.json").read_text(encoding="utf-8"))
        created = []
        with transaction.atomic():
            ensure_groups()
            load_participants(data)
            for entry in data["users"]:
                existing = User.objects.filter(username=entry["username"]).first()
                if existing is not None:
                    # A demo database made before the demo users had addresses gets them.
                    if not existing.email and entry.get("email"):
                        existing.email = entry["email"]
                        existing.save(update_fields=["email"])
                    continue
                participant = entry.get("participant")
                user = User(
                    username=entry["username"],
                    first_name=entry["first_name"],
                    last_name=entry["last_name"],
                    email=entry.get("email", ""),
                    is_staff=entry.get("is_staff", False),
                    participant=Participant.objects.get(working_group=wgec_group(), name=participant)
                    if participant
                    else None,
                )
                user.set_password(data["password"])
                user.save()
                user.groups.set(Group.objects.filter(name__in=entry.get("groups", [])))
                for role in _staff_roles(entry.get("groups", [])):
                    StaffRole.objects.create(user=user, working_group=wgec_group(), role=role)
                created.append(user.username)
            demo_amendments = load_demo_amendments(data.get("amendments", []))
        self.stdout.write(f"Demo users created: {', '.join(created) or 'none (all present)'}.")
        self.stdout.write(f"Demo amendments created: {demo_amendments}.")
        self.stdout.write(
            f"Demo logins (password {data['password']!r}): {', '.join(u['username'] for u in data['users'])}"
        )
