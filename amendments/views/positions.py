"""Delegations' positions on other members' submissions to a compilation of proposals.

(Positions on amendments are taken on the amendment's page: views/amendments.py.)
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from amendments.actions import positions
from amendments.actions.errors import AmendmentError
from amendments.models import Position, Report, Submission
from amendments.submission_forms import SubmissionPositionForm
from amendments.views.access import AuthenticatedHttpRequest, delegation_required


@require_POST
@delegation_required(message="Only the members of a delegation support or oppose a submission.")
def submission_position(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("section__report"),
        pk=pk,
        section__report__in=Report.objects.of(request.user),
    )
    back = f"{submission.section.report.get_absolute_url()}#{submission.anchor}"
    form = SubmissionPositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose support, opposition or no position.")
        return redirect(back)
    stance = form.cleaned_data["stance"] or None
    try:
        positions.set_submission_position(submission.pk, user=request.user, stance=stance)
    except AmendmentError as error:
        messages.error(request, str(error))
    else:
        participant = request.user.participant
        assert participant is not None  # delegation_required
        verb = Position.Stance(stance).label.lower() if stance else "takes no position on"
        messages.success(request, f"{participant.name} {verb} this submission.")
    return redirect(back)
