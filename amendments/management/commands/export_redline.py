"""A .docx of the report in which every amendment is a real tracked change, by its delegation; or,
with --format pdf, the redline as PDF: each paragraph followed by its amendments' redlines.

The circulated edition (submitted amendments, published comments) unless --internal asks for the
secretariat's internal one, with the drafts it holds, marked so on its first page."""

from django.core.management.base import BaseCommand

from amendments.exporters import redline_pdf
from amendments.exporters.word_redline import counts, redline_docx
from amendments.management.commands._files import refuse, the_report, write_output
from amendments.models import Participant
from amendments.queries import editions
from amendments.queries.editions import Edition
from amendments.queries.redline_inputs import SCOPES, redline_document


class Command(BaseCommand):
    help = "Write the report as a Word redline (amendments as tracked changes, comments as Word comments) or a PDF."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The file to write, or - for standard output.")
        parser.add_argument("--format", default="docx", help="docx (default: tracked changes) or pdf.")
        parser.add_argument("--participant", help="Only this delegation's amendments and comments (its name).")
        parser.add_argument("--status", default="pending", help="pending (default) or accepted.")
        parser.add_argument("--report", type=int, help="The report's id (default: the draft being negotiated).")
        parser.add_argument(
            "--internal",
            action="store_true",
            help="The secretariat's internal edition, with the drafts it holds (default: the circulated one).",
        )

    def handle(self, *args, output, participant=None, status="pending", report=None, internal=False, **options):
        fmt = options.get("format") or "docx"
        if fmt not in ("docx", "pdf"):
            raise refuse(f"--format {fmt!r}: use docx or pdf.")
        if status not in SCOPES:
            raise refuse(f"--status {status!r}: use pending or accepted.")
        delegation = None
        if participant:
            delegation = Participant.objects.filter(name=participant).first()
            if delegation is None:
                raise refuse(f"No participant named {participant!r}.")
        edition = Edition.INTERNAL if internal else Edition.CIRCULATED
        document = redline_document(the_report(report), participant=delegation, status=status, edition=edition)
        note = f"{status.capitalize()} amendments" + (f" of {delegation.name}" if delegation else "")
        write = redline_docx if fmt == "docx" else redline_pdf.to_pdf
        write_output(output, write(document, title_note=note, mark=editions.mark(edition)))
        if output != "-":
            amendments, comments = counts(document)
            written = f"{amendments} amendment(s)" + (f" and {comments} comment(s)" if fmt == "docx" else "")
            self.stderr.write(f"{written} written to {output}.")
