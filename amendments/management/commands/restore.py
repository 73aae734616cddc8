"""Restore a backup made by `python manage.py backup` into an empty database (all or nothing)."""

import gzip
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.test.utils import override_settings

from amendments.models import Participant


def _made_by_migrations() -> dict[type[Model], QuerySet]:
    """The rows the migrations themselves put in a new database: the Chair's row (migration
    0017_chair_participant) and its history. The backup holds its own copy of them."""
    chair_ids = list(Participant.objects.filter(role=Participant.Role.CHAIR).values_list("pk", flat=True))
    history = Participant.history.model
    return {
        Participant: Participant.objects.filter(pk__in=chair_ids),
        history: history.objects.filter(id__in=chair_ids),
    }


class Command(BaseCommand):
    help = "Migrate an empty database and load a backup file (.json or .json.gz) into it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, file, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.", returncode=2)
        call_command("migrate", verbosity=0, interactive=False)
        migrated = _made_by_migrations()
        filled = [
            m._meta.label
            for m in apps.get_app_config("amendments").get_models()
            if m.objects.exclude(pk__in=migrated[m].values("pk") if m in migrated else []).exists()
        ]
        if filled:
            raise CommandError(
                f"The database is not empty ({', '.join(filled[:3])} …): restore into an empty one.", returncode=2
            )
        with tempfile.TemporaryDirectory() as folder:
            plain = Path(folder) / "backup.wgecjson"  # loaddata picks the exact format by extension
            if source.suffix == ".gz":
                with gzip.open(source, "rb") as packed, open(plain, "wb") as raw:
                    shutil.copyfileobj(packed, raw)
            else:
                shutil.copyfile(source, plain)
            try:
                # The backup holds the history: loading a row's many-to-many fields must not add
                # records of its own (simple_history writes one on every m2m change otherwise).
                with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                    # Cleared first, history last (deleting the row records its deletion), so the
                    # backup's own rows take their place under the same ids.
                    for rows in migrated.values():
                        rows.delete()
                    call_command("loaddata", str(plain), verbosity=0)
            except Exception as error:  # loaddata wraps every kind of bad input differently
                raise CommandError(f"The backup could not be loaded: {error}", returncode=2) from None
        self.stdout.write(f"Restored {source}.")
