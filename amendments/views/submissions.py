"""A compilation's submissions: a delegation's across the reports, two of them compared word by
word, and the secretariat's setting of a submission's status."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.core import textdiff
from amendments.models import Participant, Submission
from amendments.queries.submissions import participant_submissions, submission_text
from amendments.submission_forms import SubmissionCompareForm, SubmissionStatusForm
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required


def _submission_url(submission: Submission) -> str:
    return f"{submission.section.report.get_absolute_url()}#{submission.anchor}"


def submissions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything a delegation submitted or is named in, across the compilations, with where it
    stands (report, meeting or group), its date and status."""
    participant = get_object_or_404(Participant, pk=pk)
    rows = participant_submissions(participant)
    return render(
        request,
        "amendments/submissions.html",
        {
            "participant": participant,
            "rows": [(row, _submission_url(row)) for row in rows],
            "compare_form": SubmissionCompareForm(submissions=rows, initial=_pair(rows)) if len(rows) > 1 else None,
        },
    )


def _pair(rows: list[Submission]) -> dict[str, int]:
    """The two to compare when none are asked for: the delegation's last two of one report, if it
    has two in one (a meeting's contribution and the next one's), else its last two."""
    for report_id in dict.fromkeys(reversed([row.section.report_id for row in rows])):
        same = [row for row in rows if row.section.report_id == report_id]
        if len(same) > 1:
            return {"a": same[-2].pk, "b": same[-1].pk}
    return {"a": rows[-2].pk, "b": rows[-1].pk}


def compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two of a delegation's submissions as one redline: what the second changes from the first."""
    participant = get_object_or_404(Participant, pk=pk)
    rows = participant_submissions(participant)
    if len(rows) < 2:
        messages.info(request, f"{participant.name} has fewer than two submissions to compare.")
        return redirect("participant-submissions", participant.pk)
    form = SubmissionCompareForm(request.GET or _pair(rows), submissions=rows)
    if not form.is_valid():
        return render(
            request,
            "amendments/submission_compare.html",
            {"participant": participant, "form": form, "old": None, "new": None, "segments": []},
            status=400,
        )
    by_id = {row.pk: row for row in rows}
    old, new = by_id[form.cleaned_data["a"]], by_id[form.cleaned_data["b"]]
    return render(
        request,
        "amendments/submission_compare.html",
        {
            "participant": participant,
            "form": form,
            "old": old,
            "new": new,
            "old_url": _submission_url(old),
            "new_url": _submission_url(new),
            "segments": textdiff.diff(submission_text(old), submission_text(new)),
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_required(message="Only the secretariat sets the status of a submission.")
def set_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The secretariat sets where a submission stands: submitted, under discussion, taken into the
    Chair's text, withdrawn (the reason is kept in its history)."""
    submission = get_object_or_404(Submission.objects.select_related("section__report", "participant"), pk=pk)
    form = SubmissionStatusForm(request.POST or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.submissions.set_status(
                submission.pk,
                status=data["status"],
                expected_status=data["shown"] or None,
                user=request.user,
                reason=data["note"],
            )
        except actions.submissions.DraftingError as error:
            messages.error(request, str(error))
            return redirect("submission-status", submission.pk)
        messages.success(request, "Status of the submission saved.")
        return redirect(_submission_url(submission))
    return render(
        request,
        "amendments/submission_status.html",
        {"submission": submission, "report": submission.section.report, "form": form},
        status=400 if form.errors else 200,
    )
