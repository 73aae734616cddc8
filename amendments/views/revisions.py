"""Revisions: the list of a draft's revisions and the secretariat's form to issue the next one, a
revision's text, and the comparison of any two states of the draft.

Issuing takes two posts of the same form: the first shows a preview (actions.revision_plans:
the next revision's text against the current draft and what happens to every amendment) and
writes nothing but a hold on the delegations' amendments (actions.holds) while the officer
confirms; the preview's button sends the form back with the fingerprint of what it showed, and the
issue refuses, with a fresh preview, once the draft or its amendments changed.
"""

from collections import Counter
from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.errors import RevisionChanged, RevisionConflict, RevisionError
from amendments.actions.revision_plans import RevisionPlan
from amendments.core.comparison import compare_snapshots
from amendments.core.texts import TextError, parse_id
from amendments.forms import RevisionConfirmForm, RevisionForm
from amendments.models import Amendment, Paragraph, Report, Revision
from amendments.queries.snapshots import report_snapshot, revision_document
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required

CURRENT = "current"  # the key that names the current draft in a comparison


def _revisions_page(request, report, form, *, collisions=None, status=200):
    return render(
        request,
        "amendments/revisions.html",
        {
            "report": report,
            "revisions": report.revisions.select_related("issued_by"),
            "accepted": Amendment.objects.accepted().filter(paragraph__section__report=report, applied_in=None).count(),
            "form": form,
            "collisions": collisions,
        },
        status=status,
    )


def _preview_page(request, report, form, plan: RevisionPlan, *, hold, changed: str = "", status=200):
    """The next revision's text against the current draft, what happens to every amendment, and the
    form that issues it: every field hidden as the officer gave it, with the plan's fingerprint."""
    sections = compare_snapshots(plan.current, plan.snapshot)
    rows = [row for _, section_rows in sections for row in section_rows]
    confirm = RevisionConfirmForm(
        initial={**form.revision_options(), "name": plan.name, "fingerprint": plan.fingerprint},
        auto_id=False,  # shown above and below the preview: no id twice on the page
    )
    return render(
        request,
        "amendments/revision_preview.html",
        {
            "report": report,
            "plan": plan,
            "confirm_form": confirm,
            "changed": changed,
            "hold": hold,
            "sections": sections,
            "changes": Counter(row.change for row in rows),
            "renumbered": sum(row.renumbered for row in rows),
            "kinds": Paragraph.Kind,
        },
        status=status,
    )


def _held_preview(request, report, form, options, **page):
    """A preview, the delegations' amendments held first (actions.holds) so that it can be confirmed."""
    hold = actions.holds.hold_for_issue(report.pk, name=options["name"], user=request.user)
    plan = actions.revision_plans.plan_revision(report.pk, user=request.user, **options)
    return _preview_page(request, report, form, plan, hold=hold, **page)


@require_http_methods(["GET", "POST"])
@secretariat_required(methods=["POST"])
def revisions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The revisions of a draft, open to every reader, and the secretariat's form to issue the next
    one: previewed first, issued only from the preview."""
    report = get_object_or_404(Report, pk=pk)
    if request.method == "GET":
        initial = {"name": f"Rev.{report.revisions.issued().count() + 1}", "date": timezone.localdate()}
        return _revisions_page(request, report, RevisionForm(initial=initial))
    if request.POST.get("cancel"):
        # "Back without issuing" from the preview: the delegations need not wait for the hold to run out.
        actions.holds.end_hold(report.pk)
        messages.info(request, "Nothing was issued. The delegations can save their amendments again.")
        return redirect("revisions", report.pk)
    form = RevisionConfirmForm(request.POST)
    if not form.is_valid():
        return _revisions_page(request, report, form, status=400)
    options, fingerprint = form.revision_options(), form.cleaned_data["fingerprint"]
    try:
        if not fingerprint:
            return _held_preview(request, report, form, options)
        try:
            revision = actions.revisions.issue_revision(
                report.pk, user=request.user, expected_fingerprint=fingerprint, **options
            )
        except RevisionChanged as changed:
            return _held_preview(request, report, form, options, changed=str(changed), status=409)
    except RevisionConflict as conflict:
        actions.holds.end_hold(report.pk)  # nothing to confirm: the delegations write again
        return _revisions_page(request, report, form, collisions=conflict.collisions, status=409)
    except (RevisionError, TextError) as error:
        actions.holds.end_hold(report.pk)
        form.add_error(None, str(error))
        return _revisions_page(request, report, form, status=400)
    messages.success(request, f"{revision} issued.")
    return redirect(revision)


def revision_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(Revision.objects.select_related("report", "issued_by"), pk=pk)
    head = replace(revision_document(revision), sections=())
    return render(
        request,
        "amendments/revision.html",
        {
            "revision": revision,
            "head": head,
            # The original prints no revision line: the page says what it is.
            "state": "" if head.revision else f"Original text, {revision.date:%-d %B %Y}",
            "snapshot": revision.snapshot,
            "report": revision.report,
        },
    )


def _snapshot_for(report, key):
    if key in (None, "", CURRENT):
        return report_snapshot(report), "the current draft"
    revision = report.revisions.filter(pk=parse_id(key)).first()
    if revision is None:
        raise Http404("No such revision.")
    return revision.snapshot, str(revision)


def compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two states of the draft (revisions, or the current draft) as a whole-report redline."""
    report = get_object_or_404(Report, pk=pk)
    revisions_list = list(report.revisions.all())
    # By default, what changed since the text in force: the last revision issued, else the original.
    in_force = report.revisions.in_force()
    from_key = request.GET.get("from", str(in_force.pk) if in_force is not None else CURRENT)
    to_key = request.GET.get("to", CURRENT)
    old, old_name = _snapshot_for(report, from_key)
    # The same state on both sides (the default before any revision) is read once.
    new, new_name = (old, old_name) if to_key == from_key else _snapshot_for(report, to_key)
    return render(
        request,
        "amendments/compare_revisions.html",
        {
            "report": report,
            "revisions": revisions_list,
            "sections": compare_snapshots(old, new),
            "old_name": old_name,
            "new_name": new_name,
            "from_key": from_key,
            "to_key": to_key,
            "current_key": CURRENT,
            "kinds": Paragraph.Kind,
        },
    )
