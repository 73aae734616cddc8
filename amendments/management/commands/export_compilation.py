"""Export the compilation of proposals (the "rolling document") as .html, .pdf or .docx.

    python manage.py export_compilation -o compilation.docx
    python manage.py export_compilation -o japan.html --participant Japan --status submitted accepted
    python manage.py export_compilation --format html -o -      # to standard output
    python manage.py export_compilation -o internal.docx --internal
    python manage.py export_compilation -o compilation.pdf

A report of kind compilation (the rolling document of proposals) is printed as such, as .docx,
.html, .pdf or .txt, with --report ID (exporters.proposals); --participant, --status and --internal are for drafts.

The format comes from the file's extension unless --format says otherwise. The compilation is the
circulated edition: drafts belong to their delegation and are never in it. --internal writes the
secretariat's internal edition, with the drafts it holds for delegations, marked "Internal: includes
unsubmitted drafts" on its first page. Bad input stops with exit status 2 and one line on standard
error; the file is written to a temporary file next to it and renamed over it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from amendments.exporters import compilation, proposals, proposals_docx
from amendments.management.commands._files import refuse as _fail
from amendments.management.commands._files import the_report as _report
from amendments.management.commands._files import write_atomically
from amendments.models import Amendment, Participant, Report
from amendments.queries.compilation import COMPILED_STATUSES, compile_proposals
from amendments.queries.editions import Edition
from amendments.queries.snapshots import report_document

EXPORTERS = {"docx": compilation.to_docx, "html": compilation.to_html, "pdf": compilation.to_pdf}
PROPOSALS = {
    "docx": proposals_docx.to_docx,
    "html": proposals.to_html,
    "pdf": proposals.to_pdf,
    "txt": proposals.to_text,
}


def _format(given, output, exporters=EXPORTERS):
    if given is not None:
        if given.lower() not in exporters:
            raise _fail(f"Unknown format {given!r}: give --format html, pdf or docx.")
        return given.lower()
    if output == "-":
        raise _fail("Give --format html, pdf or docx when writing to standard output.")
    extension = Path(output).suffix.lower().lstrip(".")
    if extension == "htm":
        return "html"
    if extension not in exporters:
        raise _fail(f"Cannot tell the format from {output!r}: name a .html, .pdf or .docx file, or give --format.")
    return extension


def _participant(name):
    if name is None:
        return None
    # Exact name first; then regardless of case, as people type "japan".
    found = Participant.objects.filter(name=name).first() or Participant.objects.filter(name__iexact=name).first()
    if found is None:
        raise _fail(f"There is no participant named {name!r}.")
    return found


def _statuses(given, edition):
    if not given:
        return None
    allowed = Amendment.Status.values if edition == Edition.INTERNAL else COMPILED_STATUSES
    for status in given:
        if status not in allowed:
            why = "drafts are only in the internal edition" if status == Amendment.Status.DRAFT else "unknown status"
            raise _fail(f"Cannot compile status {status!r} ({why}): use {', '.join(allowed)}.")
    return given


class Command(BaseCommand):
    help = "Export the compilation of proposals, by section and paragraph, as html, pdf or docx."

    def add_arguments(self, parser):
        # No argparse `choices`/`type`: its errors print a usage block; ours are one line.
        parser.add_argument("-o", "--output", metavar="FILE", help="the file to write, or - for standard output")
        parser.add_argument(
            "--format", metavar="{html,pdf,docx}", help="the file format (default: from FILE's extension)"
        )
        parser.add_argument("--participant", metavar="NAME", help="only this participant's proposals")
        parser.add_argument(
            "--status",
            nargs="+",
            action="extend",
            metavar="STATUS",
            help=f"only proposals with these statuses ({', '.join(COMPILED_STATUSES)})",
        )
        parser.add_argument("--report", metavar="ID", help="the report's id (default: the draft being negotiated)")
        parser.add_argument(
            "--internal",
            action="store_true",
            help="the secretariat's internal edition, with the drafts it holds (default: the circulated one)",
        )

    def handle(self, *args, **options):
        output = options["output"]
        if not output:
            raise _fail("Give the file to write with -o FILE (or -o - for standard output).")
        report = _report(options["report"])
        if report.kind == Report.Kind.COMPILATION:
            data = PROPOSALS[_format(options["format"], output, PROPOSALS)](report_document(report))
        else:
            exporter = EXPORTERS[_format(options["format"], output)]
            edition = Edition.INTERNAL if options["internal"] else Edition.CIRCULATED
            statuses = _statuses(options["status"], edition)
            participant = _participant(options["participant"])
            data = exporter(compile_proposals(report, participant=participant, statuses=statuses, edition=edition))
        if output == "-":
            self._to_stdout(data)
        else:
            write_atomically(output, data.encode("utf-8") if isinstance(data, str) else data)

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
