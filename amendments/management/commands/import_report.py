"""Start a new report from the Chair's draft (.docx, UTF-8 text or PDF)."""

from __future__ import annotations

from dataclasses import replace

from django.core.management.base import BaseCommand, CommandParser

from amendments import actions
from amendments.core.document import Block, Document
from amendments.importers import uploads
from amendments.importers.report import notes, read_report
from amendments.management.commands._files import read_upload, refuse


def describe(document: Document) -> list[str]:
    """What the report would hold, one line per section, paragraph and sub-item (footnotes under them)."""
    title = document.title or "(none: give one with --title)"
    lines = [f"Title: {title}", f"Subtitle: {document.subtitle}", f"Body: {document.body}"]
    for section in document.sections:
        lines.append(f"== {section.heading} [{section.key}]")
        for submission, blocks in section.submission_blocks():
            if submission is not None:
                lines.append(f"-- {submission.number}. {submission.heading[:70]}")
                lines.append(f"   from {submission.submitter}, {submission.date or 'undated'}")
            lines.extend(_block_lines(blocks))
    return lines


def _block_lines(blocks: list[Block]) -> list[str]:
    lines = []
    for block in blocks:
        lines.append(f"{block.printed_number or '-'} {block.text[:70]}")
        for note in block.footnotes:
            lines.append(f"    footnote {note.number}: {note.text[:60]}")
        for item in block.items:
            marker = ">" if item.kind == "quote" else item.printed_number or "•"
            lines.append(f"    {marker} {item.text[:66]}")
            lines.extend(f"        footnote {note.number}: {note.text[:56]}" for note in item.footnotes)
    return lines


class Command(BaseCommand):
    help = "Start a new report from a document: sections from headings, numbered paragraphs, sub-items, footnotes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--title", help="The report's title (default: the document's).")
        parser.add_argument("--subtitle", help="The report's subtitle (default: the document's).")
        parser.add_argument(
            "--body", help="The body that writes it (default: the document's, else the current report's)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created; create nothing.")

    def handle(
        self,
        *args: str,
        file: str,
        title: str | None = None,
        subtitle: str | None = None,
        body: str | None = None,
        dry_run: bool = False,
        **options: object,
    ) -> None:
        data = read_upload(file)
        try:
            document = read_report(data, file)
        except uploads.UploadError as error:
            raise refuse(f"{file}: {error}") from None
        if title is not None:
            document = replace(document, title=title.strip())
        if subtitle is not None:
            document = replace(document, subtitle=subtitle.strip())
        if body is not None:
            document = replace(document, body=body.strip())
        for note in notes(document):
            self.stderr.write(note)
        found = actions.reports.counts(document)
        submissions = f"{found['submissions']} submission(s), " if found["submissions"] else ""
        summary = (
            f"{found['sections']} section(s), {submissions}{found['paragraphs']} paragraph(s), "
            f"{found['items']} sub-item(s), {found['footnotes']} footnote(s)"
        )
        if dry_run:
            self.stdout.write("\n".join(describe(document)))
            self.stdout.write(f"Would create {document.title!r}: {summary}. Nothing was created (--dry-run).")
            return
        if not document.title:
            raise refuse(f"{file}: the document has no title; give one with --title.")
        try:
            report, _ = actions.reports.create_report(document, user=None, reason=f"Started from {file}")
        except actions.reports.ImportRefused as error:
            raise refuse(f"{file}: {error}") from None
        self.stdout.write(f"Created report {report.pk}, {report}: {summary}.")
