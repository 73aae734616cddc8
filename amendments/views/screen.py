"""Negotiating on screen: a report's projector view, and the secretariat's page that drives it.

The screen shows one paragraph (the one the secretariat chose, else the first) in large type with
every circulated proposal on it as an attributed redline and its bracketed alternatives; delegates
open the same page to follow the screen on their laptops. The control page moves it and records
proposals made orally from the floor as submitted amendments of the delegation that made them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.errors import AmendmentError, DraftingError, StaleVersion
from amendments.models import Amendment, Paragraph, Report, Screen
from amendments.queries.alternatives import attributions
from amendments.queries.redlines import amendment_redline, attach_positions
from amendments.screen_forms import FloorProposalForm, ShowParagraphForm
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

# How often the page reloads itself where no live connection updates it.
REFRESH_SECONDS = 10


def _shown(report: Report) -> tuple[Screen | None, Paragraph | None]:
    screen = Screen.objects.filter(report=report).first()
    paragraph_id = screen.paragraph_id if screen is not None else None
    if paragraph_id is None:
        order = actions.screens.negotiated_paragraphs(report.pk)
        paragraph_id = order[0] if order else None
    paragraph = (
        Paragraph.objects.select_related("section__report").filter(pk=paragraph_id).first()
        if paragraph_id is not None
        else None
    )
    return screen, paragraph


def _on_screen(paragraph: Paragraph | None) -> dict[str, Any]:
    """The paragraph with the proposals still on the table: circulated, not decided nor withdrawn."""
    if paragraph is None:
        return {"paragraph": None, "redlines": [], "alternatives": [], "alternative_pairs": []}
    proposals = attach_positions(
        Amendment.objects.circulated()
        .filter(paragraph=paragraph, status=Amendment.Status.SUBMITTED)
        .select_related("participant")
        .order_by("submitted_at", "id")
    )
    alternatives = attributions(paragraph)
    return {
        "paragraph": paragraph,
        "alternative_pairs": [pair for a in alternatives for pair in zip(a.texts, a.proposers, strict=True)],
        "items": list(paragraph.children.exclude(kind=Paragraph.Kind.FOOTNOTE).order_by("position")),
        "redlines": [amendment_redline(a, paragraph) for a in proposals],
        "alternatives": alternatives,
    }


def screen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.of(request.user), pk=pk)
    _, paragraph = _shown(report)
    context = {"report": report, "refresh": REFRESH_SECONDS, **_on_screen(paragraph)}
    return render(request, "amendments/screen.html", context)


def _choices(report: Report) -> list[tuple[int, str]]:
    rows = Paragraph.objects.filter(pk__in=actions.screens.negotiated_paragraphs(report.pk)).select_related("section")
    by_id = {p.pk: p for p in rows}
    return [(pk, by_id[pk].label) for pk in actions.screens.negotiated_paragraphs(report.pk)]


@require_http_methods(["GET", "POST"])
@secretariat_required(message="Only the secretariat drives the screen.")
def screen_control(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.of(request.user), pk=pk)
    _, paragraph = _shown(report)
    action = request.POST.get("action") if request.method == "POST" else None
    floor = FloorProposalForm(
        request.POST if action == "floor" else None,
        working_group_id=report.working_group_id,
        initial={
            "proposed_text": paragraph.text if paragraph else "",
            "version": paragraph.version if paragraph else 1,
        },
    )
    show = ShowParagraphForm(
        request.POST if action == "show" else None,
        choices=_choices(report),
        initial={"paragraph": paragraph.pk if paragraph else None},
    )
    here = reverse("screen-control", args=[report.pk])
    try:
        if action in ("next", "previous"):
            actions.screens.step(report.pk, user=request.user, by=1 if action == "next" else -1)
            return redirect(here)
        if action == "show" and show.is_valid():
            actions.screens.show(report.pk, user=request.user, paragraph_id=show.cleaned_data["paragraph"])
            return redirect(here)
        if action == "floor" and floor.is_valid() and paragraph is not None:
            data = floor.cleaned_data
            amendment = actions.amendments.propose(
                user=request.user,
                participant=data["participant"],
                paragraph_id=paragraph.pk,
                kind=Amendment.Kind.MODIFY,
                expected_paragraph_version=data["version"],
                proposed_text=data["proposed_text"],
                from_floor=True,
            )
            messages.success(request, f"Recorded {amendment.participant.name}'s proposal from the floor.")
            return redirect(here)
    except StaleVersion as stale:
        # The words typed are kept; the form now carries the new version, so sending it again
        # proposes them on the text as it is now, which the page shows.
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        floor = FloorProposalForm(data, working_group_id=report.working_group_id)
        floor.is_valid()
        floor.add_error(None, f"{stale} Read it as it is now; your words are kept: send them again to propose them.")
        paragraph = stale.current
    except (AmendmentError, DraftingError, PermissionDenied) as error:
        floor.add_error(None, str(error))
    context = {"report": report, "show_form": show, "floor_form": floor, **_on_screen(paragraph)}
    return render(request, "amendments/screen_control.html", context, status=400 if action else 200)
