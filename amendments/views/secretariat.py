"""What the secretariat does in the browser: edit the draft, set statuses and brackets, decide on
amendments, issue revisions, compare and export them. Every view checks the secretariat role,
changes nothing on GET and hands every write to drafting, deciding or revising."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.core import textdiff
from amendments.core.comparison import compare_snapshots
from amendments.core.texts import TextError, parse_id
from amendments.models import Amendment, Report, Revision, Section
from amendments.queries.redlines import amendment_redline
from amendments.queries.snapshots import report_snapshot
from amendments.queries.tree import fill_item_places, report_order_key
from amendments.views.report import _get_amendment_for_user, _get_paragraph


def _require_secretariat(user):
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat can do this.")


_int = parse_id


def _back(paragraph):
    return redirect(paragraph.get_absolute_url())


@require_http_methods(["GET", "POST"])
def edit_paragraph(request, pk):
    """Edit a paragraph's text and number. A save over someone else's newer save is refused with a
    page showing their change and yours as redlines; your text is kept."""
    _require_secretariat(request.user)
    paragraph = _get_paragraph(pk)
    context = {"paragraph": paragraph, "report": paragraph.section.report, "text": paragraph.text,
               "number": paragraph.number, "note": "", "version": paragraph.version}  # fmt: skip
    if request.method == "GET":
        return render(request, "amendments/paragraph_edit.html", context)
    # A form without a number field (sub-items, footnotes) keeps the number as it is.
    text, number, note = request.POST.get("text", ""), request.POST.get("number"), request.POST.get("note", "")
    opened = _int(request.POST.get("version"))
    context.update(text=text, number=paragraph.number if number is None else number, note=note)
    try:
        actions.draft.edit_paragraph(
            paragraph.pk, text=text, number=number, expected_version=opened, user=request.user, reason=note
        )
    except actions.draft.StaleVersion as stale:
        current = stale.current
        record = paragraph.history.filter(version=opened).order_by("-history_id").first()
        theirs = textdiff.diff(record.text if record else "", current.text)
        context.update(
            conflict={
                "theirs": theirs,
                "yours": textdiff.diff(current.text, text),
                "by": current.history.latest().history_user,
            },
            version=current.version,
            paragraph=current,
        )
        return render(request, "amendments/paragraph_edit.html", context, status=409)
    except (TextError, actions.draft.DraftingError) as error:
        context["error"] = str(error)
        return render(request, "amendments/paragraph_edit.html", context, status=400)
    messages.success(request, f"{paragraph.label} saved.")
    return _back(paragraph)


@require_http_methods(["GET", "POST"])
def insert_paragraph(request, pk):
    _require_secretariat(request.user)
    after = _get_paragraph(pk)
    context = {"after": after, "report": after.section.report, "text": "", "number": "", "note": ""}
    if request.method == "POST":
        context.update(
            text=request.POST.get("text", ""), number=request.POST.get("number", ""), note=request.POST.get("note", "")
        )
        try:
            row = actions.draft.insert_paragraph_after(
                after.pk,
                number=context["number"],
                text=context["text"],
                user=request.user,
                reason=context["note"] or "Inserted",
            )
        except (TextError, actions.draft.DraftingError) as error:
            context["error"] = str(error)
            return render(request, "amendments/paragraph_insert.html", context, status=400)
        messages.success(request, "Paragraph inserted.")
        return _back(row)
    return render(request, "amendments/paragraph_insert.html", context)


def _paragraph_action(request, pk, action, done, **kwargs):
    """Run one drafting function against the version the page showed; refusals become messages."""
    _require_secretariat(request.user)
    paragraph = _get_paragraph(pk)
    try:
        action(paragraph.pk, expected_version=_int(request.POST.get("version")), user=request.user,
               reason=request.POST.get("note", ""), **kwargs)  # fmt: skip
    except actions.draft.StaleVersion:
        messages.error(request, "The paragraph was changed since you opened the page: look at it again and retry.")
    except (TextError, actions.draft.DraftingError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(paragraph)


@require_POST
def move_paragraph(request, pk):
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _paragraph_action(request, pk, actions.draft.move_paragraph, f"Moved {direction}.", direction=direction)


@require_POST
def delete_paragraph(request, pk):
    return _paragraph_action(
        request, pk, actions.draft.delete_paragraph, "Marked deleted: it leaves the consolidated text."
    )


@require_POST
def set_status(request, pk):
    status = request.POST.get("status", "")
    return _paragraph_action(request, pk, actions.draft.set_status, "Status saved.", status=status)


@require_POST
def bracket_passage(request, pk):
    return _paragraph_action(
        request, pk, actions.draft.bracket_passage, "Passage put in brackets.", passage=request.POST.get("passage", "")
    )


@require_POST
def restore_version(request, pk, history_id):
    return _paragraph_action(
        request, pk, actions.draft.restore_version, "Earlier text restored as a new version.", history_id=history_id
    )


@require_http_methods(["GET", "POST"])
def edit_heading(request, pk):
    _require_secretariat(request.user)
    section = get_object_or_404(Section.objects.select_related("report"), pk=pk)
    context = {"section": section, "report": section.report, "heading": section.heading}
    if request.method == "POST":
        context["heading"] = request.POST.get("heading", "")
        try:
            actions.draft.edit_heading(
                section.pk, heading=context["heading"], user=request.user, reason=request.POST.get("note", "")
            )
        except TextError as error:
            context["error"] = str(error)
            return render(request, "amendments/heading_edit.html", context, status=400)
        messages.success(request, "Heading saved.")
        return redirect(section.report.get_absolute_url() + f"#s-{section.key}")
    return render(request, "amendments/heading_edit.html", context)


def _decide(request, ids, fallback):
    versions = {i: parse_id(request.POST.get(f"version-{i}", request.POST.get("version"))) for i in ids}
    try:
        decided = actions.decisions.decide(
            ids,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
            final_text=request.POST.get("final_text"),
            user=request.user,
            versions=versions,
        )
    except (actions.decisions.DecisionError, TextError) as error:
        messages.error(request, str(error))
        return redirect(fallback)
    status = decided[0].get_status_display().lower()
    messages.success(request, f"{len(decided)} amendment{'s' if len(decided) != 1 else ''} {status}.")
    return redirect(fallback)


@require_POST
def decide_amendment(request, pk):
    _require_secretariat(request.user)
    amendment = _get_amendment_for_user(request, pk)
    return _decide(request, [amendment.pk], amendment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def decisions(request, pk):
    """Every submitted or decided amendment of a draft, to decide on one at a time or a selection."""
    _require_secretariat(request.user)
    report = get_object_or_404(Report, pk=pk)
    if request.method == "POST":
        ids = [i for i in map(parse_id, request.POST.getlist("amendment")) if i is not None]
        return _decide(request, ids, request.get_full_path())
    amendments = (
        Amendment.objects.filter(paragraph__section__report=report, applied_in=None)
        .exclude(status__in=[Amendment.Status.DRAFT, Amendment.Status.WITHDRAWN, Amendment.Status.SUPERSEDED])
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
            "choices": [(k, v) for k, v in actions.decisions.DECISION_LABELS.items() if k != "accept-modified"],
        },
    )


@require_http_methods(["GET", "POST"])
def revisions(request, pk):
    """The revisions of a draft, and the form to issue the next one."""
    report = get_object_or_404(Report, pk=pk)
    context = {
        "report": report,
        "revisions": report.revisions.select_related("issued_by"),
        "accepted": Amendment.objects.filter(
            paragraph__section__report=report, applied_in=None, status__in=Amendment.ACCEPTED_STATUSES
        ).count(),
        "name": f"Rev.{report.revisions.count() + 1}",
        "date": timezone.localdate().isoformat(),
    }
    if request.method == "GET":
        return render(request, "amendments/revisions.html", context)
    _require_secretariat(request.user)
    context.update(name=request.POST.get("name", ""), date=request.POST.get("date", ""))
    try:
        date = datetime.date.fromisoformat(context["date"])
    except ValueError:
        context["error"] = "Give the date of the revision as a date (YYYY-MM-DD)."
        return render(request, "amendments/revisions.html", context, status=400)
    try:
        revision = actions.revisions.issue_revision(report.pk, name=context["name"], date=date, user=request.user)
    except actions.revisions.RevisionConflict as conflict:
        context["collisions"] = conflict.collisions
        return render(request, "amendments/revisions.html", context, status=409)
    except (actions.revisions.RevisionError, TextError) as error:
        context["error"] = str(error)
        return render(request, "amendments/revisions.html", context, status=400)
    messages.success(request, f"{revision} issued.")
    return redirect(revision)


def revision_detail(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("report", "issued_by"), pk=pk)
    return render(
        request,
        "amendments/revision.html",
        {"revision": revision, "snapshot": revision.snapshot, "report": revision.report},
    )


def _snapshot_for(report, key):
    if key in (None, "", "current"):
        return report_snapshot(report), "the current draft"
    revision = report.revisions.filter(pk=_int(key)).first()
    if revision is None:
        raise Http404("No such revision.")
    return revision.snapshot, str(revision)


def compare(request, pk):
    """Two states of the draft (revisions, or the current draft) as a whole-report redline."""
    report = get_object_or_404(Report, pk=pk)
    revisions_list = list(report.revisions.all())
    default_from = str(revisions_list[-1].pk) if revisions_list else "current"
    old, old_name = _snapshot_for(report, request.GET.get("from", default_from))
    new, new_name = _snapshot_for(report, request.GET.get("to", "current"))
    return render(
        request,
        "amendments/compare_revisions.html",
        {
            "report": report,
            "revisions": revisions_list,
            "sections": compare_snapshots(old, new),
            "old_name": old_name,
            "new_name": new_name,
            "from_key": request.GET.get("from", default_from),
            "to_key": request.GET.get("to", "current"),
        },
    )
