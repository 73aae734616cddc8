"""Export the clean consolidated draft: the current state, or an issued revision, as .docx, .html, .pdf, .md or .txt.

    python manage.py export_draft --format docx --revision "Rev.1" -o rev1.docx
    python manage.py export_draft --format pdf -o draft.pdf
    python manage.py export_draft --format pdf --line-numbers -o draft-lines.pdf
    python manage.py export_draft --format txt -o -          # the current state to standard output

Bad input stops with exit status 2 and one line on standard error. The file is written to a temporary
file next to it and renamed over it, so a failed export never leaves half a file behind.
"""

from django.core.management.base import BaseCommand

from amendments.exporters import clean_draft
from amendments.management.commands._files import refuse as _fail
from amendments.management.commands._files import the_report as _report
from amendments.management.commands._files import write_atomically
from amendments.models import Revision
from amendments.queries.snapshots import report_document, revision_document

# The formats that can print each paragraph in numbered lines (--line-numbers).
NUMBERED = {
    "html": lambda document: clean_draft.to_html(document, line_numbers=True),
    "pdf": lambda document: clean_draft.to_pdf(document, line_numbers=True),
}

EXPORTERS = {
    "docx": clean_draft.to_docx,
    "html": clean_draft.to_html,
    "pdf": clean_draft.to_pdf,
    "md": clean_draft.to_md,
    "txt": clean_draft.to_txt,
}


def _document(report, name):
    if name is None:
        return report_document(report)
    revision = Revision.objects.filter(report=report, name=name).select_related("report").first()
    if revision is None:
        issued = ", ".join(report.revisions.values_list("name", flat=True)) or "none"
        raise _fail(f"Report {report.pk} has no revision named {name!r} (issued: {issued}).")
    # The row, not the stored data, is authoritative for what the revision is called and when it was issued.
    return revision_document(revision)


class Command(BaseCommand):
    help = "Export the clean consolidated draft (current state or a revision) as docx, html, pdf, md or txt."

    def add_arguments(self, parser):
        # No argparse `choices`/`type`: its errors print a usage block; ours are one line.
        parser.add_argument("--format", metavar="{docx,html,pdf,md,txt}", help="the file format")
        parser.add_argument("--revision", help='an issued revision by name, e.g. "Rev.1" (default: the current state)')
        parser.add_argument("--report", help="the report's id (default: the draft being negotiated)")
        parser.add_argument(
            "--line-numbers", action="store_true", help="html and pdf: each paragraph in numbered lines, as cited"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="the file to write, or - for standard output")

    def handle(self, *args, **options):
        exporter = EXPORTERS.get(options["format"])
        if exporter is None:
            given = f"Unknown format {options['format']!r}" if options["format"] else "No format given"
            raise _fail(f"{given}: give --format docx, html, pdf, md or txt.")
        if options["line_numbers"]:
            exporter = NUMBERED.get(options["format"])
            if exporter is None:
                raise _fail("--line-numbers is for --format html or pdf.")
        if not options["output"]:
            raise _fail("Give the file to write with -o FILE (or -o - for standard output).")
        data = exporter(_document(_report(options["report"]), options["revision"]))
        if options["output"] == "-":
            self._to_stdout(data)
        else:
            write_atomically(options["output"], data.encode("utf-8") if isinstance(data, str) else data)

    def _to_stdout(self, data):
        # The real stream, not the OutputWrapper: .docx is bytes, and text goes out as UTF-8 whatever the locale.
        stream = self.stdout._out
        binary = getattr(stream, "buffer", None)
        if binary is None:  # StringIO or BytesIO given to call_command: write what it takes
            stream.write(data)
            return
        stream.flush()
        binary.write(data.encode("utf-8") if isinstance(data, str) else data)
        binary.flush()
