"""Dump the whole database, history included, to one JSON file (gzipped when it ends in .gz).

The file holds password hashes, e-mail addresses and every delegation's private drafts: it is
written readable by its owner only (0600), whatever the format and whatever file it replaces.

Content types and permissions are left out: `migrate` recreates them, and natural keys tie the
groups' permissions back to them. Sessions are left out: a restore should not log anyone in.
Restore with `python manage.py restore FILE` into an empty database.
"""

import gzip
import os
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def _private_file(folder: Path, suffix: str) -> str:
    """A new, empty file in `folder` that only its owner can read (mkstemp creates it 0600)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".backup-", suffix=suffix)
    os.close(handle)
    return name


class Command(BaseCommand):
    help = "Dump the whole database, history included, to FILE (.json or .json.gz)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")

    def handle(self, *args, output, **options):
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a folder.", returncode=2)
        # Write next to the target, then rename: a failure never leaves half a backup, and the
        # target (if it exists, whatever its mode) is replaced by a new file. mkstemp creates both
        # files 0600 before a byte is written; writing into them and the rename keep that mode.
        temp, packed = (_private_file(target.parent, suffix) for suffix in (".wgecjson", ".gz"))
        try:
            call_command(
                "dumpdata",
                format="wgecjson",
                natural_foreign=True,
                natural_primary=True,
                exclude=EXCLUDED,
                output=temp,
                verbosity=0,
            )
            if target.suffix == ".gz":
                with open(temp, "rb") as raw, gzip.open(packed, "wb") as gz:
                    gz.writelines(raw)
                os.replace(packed, target)
            else:
                os.replace(temp, target)
        finally:
            for leftover in (temp, packed):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        self.stdout.write(f"Backup written to {target} ({target.stat().st_size:,} bytes).")
