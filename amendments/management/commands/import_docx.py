"""Import a Word file's tracked changes and comments as the amendments of the delegations they map to."""

from __future__ import annotations

import json as jsonlib

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from amendments import actions
from amendments.importers import plans_word, uploads, wordml
from amendments.management.commands._files import read_upload, refuse, the_report
from amendments.models import Import, Participant

#: How the command line names an author the file gives no name ("--map '(no name)=Japan'", or "--map =Japan").
NO_NAME = "(no name)"


def _named(author: str) -> str:
    return author or NO_NAME


class Command(BaseCommand):
    help = (
        "Read a .docx's tracked changes and comments; with --map AUTHOR=PARTICIPANT, create them as draft amendments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--map", action="append", default=[], metavar="AUTHOR=PARTICIPANT",
                            help=f"Whose delegation a Word author speaks for (repeat for each author; "
                                 f"'{NO_NAME}=…' or '=…' for changes without an author).")  # fmt: skip
        parser.add_argument("--report", type=int, help="The report's id (default: the draft being negotiated).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created; create nothing.")
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
        mapping = self._mapping(map)
        the_draft = the_report(report)
        with transaction.atomic():
            try:
                # The whole plan, on a dry run too: what the file would make is checked against the draft.
                plan = plans_word.word_changes_plan(the_draft, data, file)
                if not json:
                    self._list(plan)
                if dry_run:
                    return
                unmapped = [_named(a) for a in plan["authors"] if a not in mapping]
                if unmapped:
                    raise refuse(
                        f"Map every author to a delegation with --map (missing: {', '.join(unmapped)}), or use --dry-run."
                    )
                created, comments = actions.imports.apply_plan(
                    Import.Kind.WORD_CHANGES, plan, user=None, mapping=mapping, reason=f"Imported from {file}",
                    working_group_id=the_draft.working_group_id,
                )  # fmt: skip
            except (actions.imports.ImportRefused, uploads.UploadError) as error:
                raise refuse(str(error)) from None
        self.stderr.write(f"{len(created)} draft amendment(s) and {len(comments)} comment(s) created.")

    def _mapping(self, pairs: list[str]) -> dict[str, int]:
        mapping = {}
        for pair in pairs:
            author, equals, name = pair.rpartition("=")
            participant = Participant.objects.delegations().filter(name=name.strip()).first()
            if not equals or participant is None:
                raise refuse(f"--map {pair!r}: give AUTHOR=PARTICIPANT with the name of a participant.")
            author = author.strip()
            mapping["" if author == NO_NAME else author] = participant.pk
        return mapping

    def _list(self, plan: dict) -> None:
        """By author: the amendments and comments the file would make, and what it would not bring in."""
        for author, found in plan["authors"].items():
            placed = [c for c in found["comments"] if c["draft"] is not None or c.get("amendment")]
            self.stdout.write(f"{_named(author)}: {len(found['entries'])} amendment(s), {len(placed)} comment(s)")
            for conflict in found["conflicts"]:
                self.stdout.write(f"  not imported: {conflict['text']} ({conflict['why']})")
            for comment in found["comments"]:
                if comment not in placed:
                    self.stdout.write(f"  comment not imported (on text not in the draft): {comment['text'][:200]}")
        if plan["formatting_changes_by"]:
            names = ", ".join(_named(a) for a in plan["formatting_changes_by"])
            self.stdout.write(f"Formatting-only changes by {names} change no text and are not imported.")
