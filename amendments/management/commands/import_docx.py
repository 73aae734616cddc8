"""Import a Word file's tracked changes and comments as the amendments of the delegations they map to."""

from __future__ import annotations

import json as jsonlib

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from amendments import actions
from amendments.importers import plans, uploads, wordml
from amendments.management.commands._files import read_upload, refuse, the_report
from amendments.models import Import, Participant


class Command(BaseCommand):
    help = (
        "Read a .docx's tracked changes and comments; with --map AUTHOR=PARTICIPANT, create them as draft amendments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--map", action="append", default=[], metavar="AUTHOR=PARTICIPANT",
                            help="Whose delegation a Word author speaks for (repeat for each author).")  # fmt: skip
        parser.add_argument("--report", type=int, help="The report's id (default: the draft being negotiated).")
        parser.add_argument("--dry-run", action="store_true", help="Show what was found; create nothing.")
        parser.add_argument("--json", action="store_true", help="Print, by author, the changes and comments found.")

    def handle(
        self,
        *args: str,
        file: str,
        map: list[str],
        report: int | None = None,
        dry_run: bool = False,
        json: bool = False,
        **options: object,
    ) -> None:
        data = read_upload(file)
        try:
            if uploads.sniff(data, file) != "docx":
                raise refuse(f"{file}: not a Word file (.docx).")
            document = wordml.read_docx(data)
        except uploads.UploadError as error:
            raise refuse(f"{file}: {error}") from None
        if json:
            self.stdout.write(jsonlib.dumps(document.summary(), ensure_ascii=False, indent=2))
        else:
            summary = document.summary()["by_author"]
            for author, found in summary.items():
                self.stdout.write(f"{author}: {len(found['changes'])} change(s), {len(found['comments'])} comment(s)")
        if dry_run:
            return
        mapping = {}
        for pair in map:
            author, _, name = pair.partition("=")
            participant = Participant.objects.filter(name=name.strip()).first()
            if not author.strip() or participant is None:
                raise refuse(f"--map {pair!r}: give AUTHOR=PARTICIPANT with the name of a participant.")
            mapping[author.strip()] = participant.pk
        unmapped = [a for a in document.authors() if a not in mapping]
        if unmapped:
            raise refuse(
                f"Map every author to a delegation with --map (missing: {', '.join(unmapped)}), or use --dry-run."
            )
        the_draft = the_report(report)
        with transaction.atomic():
            try:
                plan = plans.word_changes_plan(the_draft, data, file)
                created, comments = actions.imports.apply_plan(
                    Import.Kind.WORD_CHANGES, plan, user=None, mapping=mapping, reason=f"Imported from {file}"
                )
            except (actions.imports.ImportRefused, uploads.UploadError) as error:
                raise refuse(str(error)) from None
        self.stderr.write(f"{len(created)} draft amendment(s) and {len(comments)} comment(s) created.")
