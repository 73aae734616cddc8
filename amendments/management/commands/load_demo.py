"""Create the demo logins (all with the password in fixtures/demo_users.json). Never run in production."""

import json

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from amendments.management.commands.load_wgec import load_participants
from amendments.models import Participant, User


def ensure_groups():
    """The Secretariat may change everything in the admin; the Chair's role is read-only for now."""
    secretariat, _ = Group.objects.get_or_create(name=User.SECRETARIAT)
    Group.objects.get_or_create(name=User.CHAIR)
    secretariat.permissions.add(*Permission.objects.filter(content_type__app_label="amendments"))


class Command(BaseCommand):
    help = "Create the demo users (idempotent). For demonstrations only."

    def handle(self, *args, **options):
        data = json.loads((settings.BASE_DIR / "fixtures" / "demo_users.json").read_text(encoding="utf-8"))
        created = []
        with transaction.atomic():
            ensure_groups()
            load_participants(data)
            for entry in data["users"]:
                if User.objects.filter(username=entry["username"]).exists():
                    continue
                participant = entry.get("participant")
                user = User(
                    username=entry["username"],
                    first_name=entry["first_name"],
                    last_name=entry["last_name"],
                    is_staff=entry.get("is_staff", False),
                    participant=Participant.objects.get(name=participant) if participant else None,
                )
                user.set_password(data["password"])
                user.save()
                user.groups.set(Group.objects.filter(name__in=entry.get("groups", [])))
                created.append(user.username)
        self.stdout.write(f"Demo users created: {', '.join(created) or 'none (all present)'}.")
        self.stdout.write(
            f"Demo logins (password {data['password']!r}): {', '.join(u['username'] for u in data['users'])}"
        )
