"""Uploading members' documents: a revised text, or a Word file with tracked changes and comments.

The upload is checked (size first, then content) and aligned with the draft; nothing is created
until the reviewer confirms, and then everything is created at once or nothing.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.core.texts import parse_id
from amendments.importers import alignment, uploads
from amendments.models import Import, Participant, Report
from amendments.views.access import AuthenticatedHttpRequest

UNCHANGED_KINDS = (alignment.UNCHANGED, alignment.MOVED)


def _get_import_for_user(request: AuthenticatedHttpRequest, pk: int) -> Import:
    staged = get_object_or_404(Import.objects.select_related("report", "participant", "user"), pk=pk)
    if staged.user_id == request.user.pk:
        return staged
    if request.user.is_secretariat:
        # The secretariat shares its officers' imports; a delegation's own upload is its draft,
        # which the secretariat may not see: as if it did not exist.
        if not staged.user.is_secretariat:
            raise Http404("No such import.")
        return staged
    raise PermissionDenied("This import is someone else's.")


def _form_token(request: AuthenticatedHttpRequest) -> uuid.UUID | None:
    """The upload form's token ({% form_token %}); a missing or garbled one only means no check for a resend."""
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def _confirmed(done: Import) -> str:
    """What a confirmed import made, and that all of it waits for the delegation to submit it."""
    count, notes = len(done.result["amendments"]), len(done.result.get("comments", []))
    message = f"{count} draft amendment{'s' if count != 1 else ''} created"
    if notes:
        message += f" and {notes} draft comment{'s' if notes != 1 else ''}"
    message += ": review them and submit."
    if notes:
        message += " A draft comment is seen only by its delegation until the delegation submits it."
    return message


@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    user = request.user
    if not (user.is_secretariat or user.participant_id):
        raise PermissionDenied("Only the secretariat and the delegations import documents.")
    context = {
        "report": report,
        "participants": Participant.objects.delegations(report.working_group_id),
        "limit_mb": uploads.MAX_UPLOAD_BYTES // 2**20,
    }
    if request.method == "GET":
        return render(request, "amendments/import_upload.html", context)
    kind = request.POST.get("kind")
    file = request.FILES.get("file")
    context["kind"] = kind
    context["chosen_participant"] = parse_id(request.POST.get("participant"))  # kept when the upload is refused
    context["unrelated_ok"] = request.POST.get("unrelated_ok") == "on"
    if refused := getattr(request, "upload_refused", None):  # set by SizeLimitUploadHandler
        return render(request, "413.html", {"message": refused}, status=413)
    if kind not in Import.Kind.values:
        context["error"] = "Choose what the file holds."
    elif file is None:
        context["error"] = "Choose a file to upload."
    elif kind == Import.Kind.WORD_CHANGES and not user.is_secretariat:
        raise PermissionDenied(
            "The secretariat imports Word files with tracked changes, mapping their authors to delegations."
        )
    if "error" in context:
        return render(request, "amendments/import_upload.html", context, status=400)
    assert kind is not None and file is not None  # each, when missing, is an error above
    participant = user.participant
    if kind == Import.Kind.REVISED_TEXT and user.is_secretariat:
        chosen = request.POST.get("participant", "")
        chosen_id = parse_id(chosen)
        delegations = Participant.objects.delegations(report.working_group_id)
        participant = delegations.filter(pk=chosen_id).first() if chosen_id else None
        if participant is None:
            context["error"] = "Choose the delegation whose revised text this is."
            return render(request, "amendments/import_upload.html", context, status=400)
    if file.size is None:  # Django's upload handlers give every file they complete its size
        raise ValueError(f"Uploaded file {file.name!r} has no size.")
    try:
        uploads.check_size(file.size)  # before a single byte is read
        staged = actions.imports.stage(
            report,
            user=user,
            kind=kind,
            data=file.read(),
            filename=file.name or "upload",
            participant=participant,
            form_token=_form_token(request),  # a resent form finds the import it staged
            # Only the secretariat may import a text that hardly matches the draft: a delegation's
            # box (the form does not show it to them) is ignored, and its file refused as usual.
            unrelated_ok=user.is_secretariat and request.POST.get("unrelated_ok") == "on",
        )
    except uploads.UploadError as error:
        context["error"] = str(error)
        return render(request, "amendments/import_upload.html", context, status=400)
    return redirect(staged)


@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staged = _get_import_for_user(request, pk)
    if request.method == "POST" and staged.status == Import.Status.REVIEW:
        if request.POST.get("action") == "cancel":
            try:
                actions.imports.cancel(staged.pk, user=request.user)
            except actions.imports.ImportRefused as error:
                messages.error(request, str(error))
                return redirect(staged)
            messages.success(request, "Import cancelled: nothing was created.")
            return redirect(staged.report)
        mapping = {}
        if staged.kind == Import.Kind.WORD_CHANGES:
            for index, author in enumerate(staged.plan["authors"]):
                value = parse_id(request.POST.get(f"author-{index}"))
                if value is not None:
                    mapping[author] = value
        try:
            done = actions.imports.confirm(staged.pk, user=request.user, mapping=mapping)
        except actions.imports.ImportRefused as error:
            messages.error(request, str(error))
            return redirect(staged)
        messages.success(request, _confirmed(done))
        if staged.participant_id:
            return redirect("participant", staged.participant_id)
        return redirect(staged.report)
    authors = list(staged.plan.get("authors", {}).items())
    # What confirming a revised text makes: the changed paragraphs (a move with no change in its words
    # makes nothing). When there is none, the page says so instead of offering to create nothing.
    changes = [e for e in staged.plan.get("entries", []) if e["kind"] not in UNCHANGED_KINDS or e.get("segments")]
    return render(
        request,
        "amendments/import_review.html",
        {
            "staged": staged,
            "report": staged.report,
            "authors": authors,
            "changes": changes,
            "participants": Participant.objects.delegations(staged.report.working_group_id),
        },
    )
