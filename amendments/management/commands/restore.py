"""Restore a backup made by `python manage.py backup` into an empty database (all or nothing)."""

import gzip
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Migrate an empty database and load a backup file (.json or .json.gz) into it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, file, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.", returncode=2)
        call_command("migrate", verbosity=0, interactive=False)
        filled = [m._meta.label for m in apps.get_app_config("amendments").get_models() if m.objects.exists()]
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
                with transaction.atomic():
                    call_command("loaddata", str(plain), verbosity=0)
            except Exception as error:  # loaddata wraps every kind of bad input differently
                raise CommandError(f"The backup could not be loaded: {error}", returncode=2) from None
        self.stdout.write(f"Restored {source}.")
