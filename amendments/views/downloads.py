"""Downloads: the clean draft and its revisions (.docx, .html, .pdf, .md, .txt), the redline (.docx, .pdf) and the
compilation of proposals (.html, .pdf, .docx). Any member may download them, and each is the circulated edition, the same
whoever downloads it: what every member may see. The secretariat may ask for the internal edition of
the redline and the compilation (`?edition=internal`), marked as such (queries.editions); the clean
draft holds no proposal, so it has one edition."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from amendments.core.document import Document, Identity
from amendments.core.texts import parse_id
from amendments.exporters import clean_draft, compilation, proposals, proposals_docx, redline_pdf, word_redline
from amendments.exporters.names import file_stem
from amendments.exporters.pdf import PDF_CONTENT_TYPE
from amendments.models import Participant, Report, Revision
from amendments.queries import editions, redline_inputs
from amendments.queries.compilation import compile_proposals
from amendments.queries.editions import Edition
from amendments.queries.snapshots import report_document, revision_document
from amendments.views.access import AuthenticatedHttpRequest

EXPORTS: dict[str, tuple[str, Callable[[Document], bytes | str]]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", clean_draft.to_docx),
    "html": ("text/html; charset=utf-8", clean_draft.to_html),
    "pdf": (PDF_CONTENT_TYPE, clean_draft.to_pdf),
    "md": ("text/markdown; charset=utf-8", clean_draft.to_md),
    "txt": ("text/plain; charset=utf-8", clean_draft.to_txt),
}


COMPILATION_EXPORTS: dict[str, Callable[[compilation.Compilation], bytes | str]] = {
    "docx": compilation.to_docx,
    "html": compilation.to_html,
    "pdf": compilation.to_pdf,
}


# A report of kind compilation is printed as the rolling document it is (exporters.proposals).
PROPOSALS_EXPORTS: dict[str, Callable[[Document], bytes | str]] = {
    "docx": proposals_docx.to_docx,
    "html": proposals.to_html,
    "pdf": proposals.to_pdf,
    "md": proposals.to_text,
    "txt": proposals.to_text,
}


# The clean exports that print each paragraph in numbered lines when asked (`?lines=on`).
NUMBERED_EXPORTS: dict[str, Callable[[Document], bytes | str]] = {
    "html": lambda document: clean_draft.to_html(document, line_numbers=True),
    "pdf": lambda document: clean_draft.to_pdf(document, line_numbers=True),
}


def _download(document: Document, fmt: str, stem: str, *, line_numbers: bool = False) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("Unknown format.")
    content_type, export = EXPORTS[fmt]
    if document.kind == "compilation":  # its current text and revisions print as the rolling document too
        export = PROPOSALS_EXPORTS[fmt]
    elif line_numbers and fmt in NUMBERED_EXPORTS:
        export, stem = NUMBERED_EXPORTS[fmt], f"{stem}-lines"
    response = HttpResponse(export(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def export_current(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The clean draft as it stands; `?lines=on`: the .html and .pdf in numbered lines."""
    report = get_object_or_404(Report, pk=pk)
    document = report_document(report)
    return _download(document, fmt, file_stem(document), line_numbers=request.GET.get("lines") == "on")


def export_revision(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    revision = get_object_or_404(Revision.objects.select_related("report"), pk=pk)
    document = revision_document(revision)
    return _download(document, fmt, file_stem(document, label=revision.name))


def _scope(request: HttpRequest, report: Report) -> tuple[Participant | None, str]:
    """The participant (of the report's working group) and status the redline and compilation downloads are asked for."""
    chosen = request.GET.get("participant", "")
    chosen_id = parse_id(chosen)
    participants = Participant.objects.filter(working_group=report.working_group_id)
    participant = participants.filter(pk=chosen_id).first() if chosen_id else None
    status = request.GET.get("status", "pending")
    return participant, status if status in redline_inputs.SCOPES else "pending"


def _edition(request: AuthenticatedHttpRequest) -> Edition:
    """The edition asked for: circulated unless the secretariat asks for the internal one."""
    if request.GET.get("edition") != Edition.INTERNAL:
        return Edition.CIRCULATED
    if not request.user.is_secretariat:
        raise PermissionDenied("Only the secretariat can download the internal edition.")
    return Edition.INTERNAL


def export_redline(request: AuthenticatedHttpRequest, pk: int, fmt: str = "docx") -> HttpResponse:
    """The report as a redline: in Word, every amendment a tracked change by its delegation; in
    PDF, each paragraph followed by its amendments' redlines, each with its delegation."""
    if fmt not in ("docx", "pdf"):
        raise Http404("Unknown format.")
    report = get_object_or_404(Report, pk=pk)
    participant, status = _scope(request, report)
    edition = _edition(request)
    document = redline_inputs.redline_document(report, participant=participant, status=status, edition=edition)
    note = f"{status.capitalize()} amendments" + (f" of {participant.name}" if participant else "")
    write = word_redline.redline_docx if fmt == "docx" else redline_pdf.to_pdf
    content = write(document, title_note=note, mark=editions.mark(edition))
    response = HttpResponse(content, content_type=EXPORTS[fmt][0])
    suffix = editions.file_suffix(edition)  # "-internal" before the extension
    stem = file_stem(document, "redline", status)
    response["Content-Disposition"] = f'attachment; filename="{stem}{suffix}.{fmt}"'
    return response


def export_compilation(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The compilation of proposals, by section and paragraph, as .html, .pdf or .docx. Its PDF is
    also the redline in PDF: each proposal's redline, insertions underlined, deletions struck through.
    A report that is itself a compilation of proposals is printed as the rolling document (.html, .pdf, .txt)."""
    report = get_object_or_404(Report, pk=pk)
    if report.kind == Report.Kind.COMPILATION:
        return _proposals_download(report, fmt)
    if fmt not in COMPILATION_EXPORTS:
        raise Http404("Unknown format.")
    participant = _scope(request, report)[0]
    edition = _edition(request)
    data = compile_proposals(report, participant=participant, edition=edition)
    content = COMPILATION_EXPORTS[fmt](data)
    response = HttpResponse(content, content_type=EXPORTS[fmt][0])
    suffix = editions.file_suffix(edition)  # "-internal" before the extension
    head = Document(title=report.title, identity=Identity.from_json(data["report"]["identity"]))
    response["Content-Disposition"] = f'attachment; filename="{file_stem(head, "compilation")}{suffix}.{fmt}"'
    return response


def _proposals_download(report: Report, fmt: str) -> HttpResponse:
    if fmt not in PROPOSALS_EXPORTS:
        raise Http404("Unknown format.")
    document = report_document(report)
    response = HttpResponse(PROPOSALS_EXPORTS[fmt](document), content_type=EXPORTS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{file_stem(document, "compilation")}.{fmt}"'
    return response
