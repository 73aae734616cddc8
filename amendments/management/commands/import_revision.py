"""Import a delegation's revised text (.txt, .md or .docx) as its draft amendments."""

from __future__ import annotations

import json as jsonlib

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from amendments import actions
from amendments.importers import plans, uploads
from amendments.management.commands._files import read_upload, refuse, the_report
from amendments.models import Import, Participant


class Command(BaseCommand):
    help = "Align a revised text with the draft and create one draft amendment per changed paragraph."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--participant", required=True, help="The delegation whose text it is (its name).")
        parser.add_argument("--report", type=int, help="The report's id (default: the draft being negotiated).")
        parser.add_argument("--dry-run", action="store_true", help="Show the alignment; create nothing.")
        parser.add_argument("--json", action="store_true", help="Print the alignment as JSON.")
        parser.add_argument(
            "--unrelated-ok", action="store_true", help="Import it even though it hardly matches the draft."
        )

    def handle(
        self,
        *args: str,
        file: str,
        participant: str,
        report: int | None = None,
        dry_run: bool = False,
        json: bool = False,
        unrelated_ok: bool = False,
        **options: object,
    ) -> None:
        delegation = Participant.objects.delegations().filter(name=participant).first()
        if delegation is None:
            raise refuse(f"No participant named {participant!r}.")
        the_draft = the_report(report)
        data = read_upload(file)
        try:
            plan = plans.revised_text_plan(the_draft, data, file, unrelated_ok=unrelated_ok)
        except uploads.UploadError as error:
            raise refuse(f"{file}: {error}") from None
        entries = plan["entries"]
        if json:
            listing = [
                {"kind": e["kind"], "number": e.get("number") or None, "text": e.get("text", "")} for e in entries
            ]
            self.stdout.write(_json(listing))
        else:
            for e in entries:
                self.stdout.write(f"{e['kind']:<10} {e.get('label', '')}")
        if dry_run:
            return
        with transaction.atomic():
            try:
                created, _ = actions.imports.apply_plan(
                    Import.Kind.REVISED_TEXT, plan, user=None, participant=delegation, reason=f"Imported from {file}"
                )
            except actions.imports.ImportRefused as error:
                raise refuse(str(error)) from None
        self.stderr.write(f"{len(created)} draft amendment(s) created for {delegation.name}.")


def _json(value: object) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)
