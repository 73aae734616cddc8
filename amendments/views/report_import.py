"""Starting a new report from the Chair's draft: upload, review what was read, confirm.

The secretariat uploads a .docx, PDF or text file; what `importers.report` reads from it is kept in
the officer's session under a token until it is confirmed or dropped, and nothing is written before
the confirmation. The token goes into the created report (`Report.form_token`), so a confirmation
sent twice (a double click, the back button) shows the report it created rather than a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.core.document import Block, Document
from amendments.core.texts import parse_id
from amendments.exporters.draft_text import pieces
from amendments.forms import ReportStartForm, ReportUploadForm
from amendments.importers import uploads
from amendments.importers.report import notes, read_report
from amendments.models import Report, StaffRole, User, WorkingGroup
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

ONLY_SECRETARIAT = "Only the secretariat starts a new report."
GONE = "This upload is no longer waiting for review (it was confirmed, dropped or has expired): upload the file again."


def _key(token: uuid.UUID) -> str:
    return f"new-report:{token}"


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_SECRETARIAT)
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    group = _working_group_asked(request)
    if request.method == "GET":
        return render(request, "amendments/report_new.html", {"form": ReportUploadForm(), "group": group})
    files = request.FILES  # parses the body, running the upload handlers
    refused_early = getattr(request, "upload_refused", None)  # set by SizeLimitUploadHandler
    if refused_early:  # the file was not read: say why, not that it is missing
        return render(
            request, "amendments/report_new.html", {"form": ReportUploadForm(), "error": refused_early}, status=400
        )
    form = ReportUploadForm(request.POST, files)
    error = None
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            uploads.check_size(file.size or 0)  # before a single byte is read
            document = read_report(file.read(), file.name or "")
        except uploads.UploadError as refused:
            error = str(refused)
        else:
            token = uuid.uuid4()
            request.session[_key(token)] = {
                "document": document.to_json(),
                "filename": file.name or "upload",
                "notes": notes(document),
                "working_group": group.pk if group is not None else None,
            }
            return redirect("report-new-review", token)
    if error:
        form.add_error("file", error)
    return render(request, "amendments/report_new.html", {"form": form}, status=400)


def _no_longer_staged(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    """A review page whose upload is gone: the report it created, or the upload page again."""
    existing = Report.objects.filter(form_token=token).first()
    if existing is not None:
        messages.info(request, "This report was already created.")
        return redirect(existing)
    messages.error(request, GONE)
    return redirect("report-new")


@require_http_methods(["GET", "POST"])
@secretariat_required(message=ONLY_SECRETARIAT)
def review(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    staged = request.session.get(_key(token))
    if staged is None:
        return _no_longer_staged(request, token)
    document = Document.from_json(staged["document"])
    if request.method == "POST" and request.POST.get("action") == "drop":
        del request.session[_key(token)]
        messages.success(request, "Upload dropped: nothing was created.")
        return redirect("report-new")
    current = Report.objects.of(request.user).current()
    # A report started for a working group (from the list of working groups) is written by that body.
    group = WorkingGroup.objects.filter(pk=staged.get("working_group") or 0).first()
    initial = {
        "title": document.title,
        "subtitle": document.subtitle,
        "body": document.body or (group.name if group is not None else getattr(current, "body", "")),
    }
    form = ReportStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        named = replace(document, **{field: form.cleaned_data[field] for field in ("title", "subtitle", "body")})
        try:
            report, created = actions.reports.create_report(
                named,
                user=request.user,
                reason=f"Started from {staged['filename']}",
                form_token=token,
                working_group_id=group.pk if group is not None else _working_group_of(request.user, current),
            )
        except actions.reports.ImportRefused as refused:
            form.add_error(None, str(refused))
        else:
            request.session.pop(_key(token), None)
            messages.success(request, "Report created." if created else "This report was already created.")
            return redirect(report)
    context = {
        "form": form,
        "sections": _sections(document),
        "filename": staged["filename"],
        "notes": staged.get("notes", []),
        "counts": actions.reports.counts(document),
    }
    return render(request, "amendments/report_new_review.html", context, status=400 if form.errors else 200)


def _working_group_asked(request: AuthenticatedHttpRequest) -> WorkingGroup | None:
    """The working group named by `?working_group=` (the link on the list of working groups), which
    the officer must be the secretariat of: another's is a 404, as if it did not exist."""
    asked = request.GET.get("working_group")
    if asked is None:
        return None
    number = parse_id(asked)
    group = WorkingGroup.objects.filter(pk=number).first() if number is not None else None
    if group is None or not actions.staff.is_secretariat_of(request.user, group.pk):
        raise Http404("No such working group.")
    return group


def _working_group_of(user: User, current: Report | None) -> int | None:
    """The working group a new report is started in: the one whose secretariat the user is (the
    first, for an officer of several), else the one of the report the user reads."""
    staff = user.staff_roles.filter(role=StaffRole.Role.SECRETARIAT).order_by("working_group_id").first()
    if staff is not None:
        return staff.working_group_id
    return current.working_group_id if current is not None else None


def _sections(document: Document) -> list[dict[str, Any]]:
    """What the review page shows: each section's paragraphs, then their sub-items, with the marks in
    place; in a compilation, each submission's heading and who submitted it before its items."""

    def row(block: Block) -> dict[str, Any]:
        return {
            "kind": block.kind,
            "number": block.printed_number,
            "pieces": pieces(block),
            "notes": block.footnotes,
            "indent": block.indent,
            "bulleted": block.bulleted,
        }

    return [
        {
            "key": section.key,
            "heading": section.heading,
            "runs": [
                {
                    "submission": submission,
                    "rows": [r for block in blocks for r in (row(block), *(row(item) for item in block.items))],
                }
                for submission, blocks in section.submission_blocks()
            ],
        }
        for section in document.sections
    ]
