"""The document's identity: the secretariat corrects the masthead (symbol, distribution, language,
date of the original) and each revision's label, date and subtitle (actions.identity)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.errors import RevisionError
from amendments.actions.identity import ReportIdentity, RevisionIdentity
from amendments.forms import ReportIdentityForm, RevisionIdentityFormSet
from amendments.models import Report
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

_REPORT_FIELDS = ("title", "body", "symbol", "distribution", "language", "date")


@require_http_methods(["GET", "POST"])
@secretariat_required(message="Only the secretariat edits the document's symbol, date and labels.")
def identity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    revisions = list(report.revisions.all())
    data = request.POST if request.method == "POST" else None
    form = ReportIdentityForm(data, initial={field: getattr(report, field) for field in _REPORT_FIELDS})
    labels = RevisionIdentityFormSet(
        data,
        prefix="revisions",
        initial=[{"revision": r.pk, "name": r.name, "date": r.date, "subtitle": r.subtitle} for r in revisions],
    )
    status = 200
    if data is not None:
        if form.is_valid() and labels.is_valid():
            try:
                changed = actions.identity.edit_identity(
                    report.pk,
                    user=request.user,
                    report=ReportIdentity(**{field: form.cleaned_data[field] for field in _REPORT_FIELDS}),
                    revisions={
                        entry["revision"]: RevisionIdentity(entry["name"], entry["date"], entry["subtitle"])
                        for entry in labels.cleaned_data
                    },
                )
            except RevisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Saved: " + "; ".join(changed) + "." if changed else "Nothing changed.")
                return redirect(report)
        status = 400
    by_pk = {r.pk: r for r in revisions}
    rows = [(entry, by_pk.get(int(entry.initial.get("revision") or 0))) for entry in labels]
    return render(
        request,
        "amendments/identity.html",
        {"report": report, "form": form, "labels": labels, "rows": rows},
        status=status,
    )
