"""The secretariat's decisions: on one amendment from its page, or on a selection from the list of
every amendment awaiting consolidation."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.actions.errors import DecisionError
from amendments.core.texts import TextError, parse_id
from amendments.forms import DecisionForm
from amendments.models import Amendment, Report
from amendments.queries.redlines import amendment_redline
from amendments.queries.tree import fill_item_places, report_order_key
from amendments.views.access import AuthenticatedHttpRequest, get_amendment_for_user, secretariat_required


def _decide(request, ids, fallback, *, bulk):
    """Record the decision posted for `ids`, each against the version the page showed; every
    outcome is a message on the page the officer came from."""
    form = DecisionForm(request.POST, bulk=bulk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(fallback)
    versions: dict[int, int] = {}
    for i in ids:
        version = parse_id(request.POST.get(f"version-{i}", request.POST.get("version")))
        if version is not None:  # one not given or unreadable is refused as not the current version
            versions[i] = version
    try:
        decided = actions.decisions.decide(
            ids,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            final_text=form.cleaned_data.get("final_text"),
            user=request.user,
            versions=versions,
        )
    except (DecisionError, TextError) as error:
        messages.error(request, str(error))
        return redirect(fallback)
    status = decided[0].get_status_display().lower()
    messages.success(request, f"{len(decided)} amendment{'s' if len(decided) != 1 else ''} {status}.")
    return redirect(fallback)


@require_POST
@secretariat_required
def decide_amendment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    amendment = get_amendment_for_user(request, pk)
    return _decide(request, [amendment.pk], amendment.get_absolute_url(), bulk=False)


@require_http_methods(["GET", "POST"])
@secretariat_required
def decisions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every submitted or decided amendment of a draft, to decide on one at a time or a selection."""
    report = get_object_or_404(Report, pk=pk)
    if request.method == "POST":
        ids = [i for i in map(parse_id, request.POST.getlist("amendment")) if i is not None]
        return _decide(request, ids, request.get_full_path(), bulk=True)
    # Only submitted amendments are decided; visible_to keeps the page to what the officer may see.
    amendments = (
        Amendment.objects.visible_to(request.user)
        .filter(paragraph__section__report=report, applied_in=None, status__in=Amendment.DECIDABLE_STATUSES)
        .select_related("participant", "paragraph__section", "paragraph__parent__section", "paragraph__parent__parent")
    )
    rows = sorted(amendments, key=lambda a: (report_order_key(a.paragraph), a.pk))
    fill_item_places([a.paragraph for a in rows])
    return render(
        request,
        "amendments/decisions.html",
        {
            "report": report,
            "redlines": [amendment_redline(a, a.paragraph) for a in rows],
            "form": DecisionForm(bulk=True, auto_id="bulk-%s"),
        },
    )
