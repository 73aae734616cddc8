"""Thin views: load through the access-checking helpers, hand read models to the templates."""

from collections import defaultdict

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from amendments import redline
from amendments.models import Amendment, Comment, Paragraph, Participant, Report
from amendments.reading import amendment_redline, amendment_versions, report_order_key, report_tree


def _visible_amendments(user):
    return Amendment.objects.visible_to(user).select_related("participant", "author")


def _get_amendment_for_user(request, pk):
    """The amendment if this user may see it; another delegation's draft is a 404, as if it did not exist."""
    queryset = _visible_amendments(request.user).select_related("paragraph__section__report", "paragraph__parent")
    return get_object_or_404(queryset, pk=pk)


def _get_paragraph(pk):
    return get_object_or_404(Paragraph.objects.select_related("section__report", "parent__section"), pk=pk)


def _view_mode(request):
    return "side" if request.GET.get("view") == "side" else "inline"


def home(request):
    report = Report.objects.order_by("-created", "-id").first()
    if report is None:
        return render(request, "amendments/no_report.html")
    return redirect(report)


def report_detail(request, pk):
    report = get_object_or_404(Report, pk=pk)
    sections = report_tree(report)
    paragraphs = {node.paragraph.pk: node.paragraph for s in sections for node in _walk(s.nodes)}
    by_paragraph = defaultdict(list)
    for amendment in _visible_amendments(request.user).filter(paragraph__section__report=report):
        by_paragraph[amendment.paragraph_id].append(amendment)
    show_redlines = request.GET.get("redlines") == "on"
    redlines = {}
    for paragraph_id, amendments in by_paragraph.items():
        paragraph = paragraphs[paragraph_id]
        for amendment in amendments:
            amendment.paragraph = paragraph  # already loaded: no query per amendment
        if show_redlines:
            redlines[paragraph_id] = [amendment_redline(a, paragraph) for a in amendments]
    counts = defaultdict(int)
    for section in sections:
        for node in section.nodes:
            counts[node.paragraph.get_status_display()] += 1
    return render(
        request,
        "amendments/report.html",
        {
            "report": report,
            "sections": sections,
            "status_counts": dict(counts),
            "amendments_by_paragraph": dict(by_paragraph),
            "redlines": redlines,
            "show_redlines": show_redlines,
            "amendment_total": sum(len(a) for a in by_paragraph.values()),
        },
    )


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.items)
        yield from _walk(node.footnotes)


def paragraph_detail(request, pk):
    paragraph = _get_paragraph(pk)
    children = list(paragraph.children.all())
    amendments = list(_visible_amendments(request.user).filter(paragraph=paragraph))
    for amendment in amendments:
        amendment.paragraph = paragraph
    return render(
        request,
        "amendments/paragraph.html",
        {
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "history": paragraph.history.select_related("history_user").order_by("-history_date", "-history_id"),
            "footnotes": [c for c in children if c.is_footnote],
            "items": [c for c in children if not c.is_footnote],
            "redlines": [amendment_redline(a, paragraph) for a in amendments],
            "comments": Comment.objects.filter(paragraph=paragraph).select_related("participant", "author"),
            "view_mode": _view_mode(request),
        },
    )


def paragraph_compare(request, pk):
    """Every proposal for one paragraph side by side, as a compilation table shows them."""
    paragraph = _get_paragraph(pk)
    amendments = [
        a
        for a in _visible_amendments(request.user).filter(paragraph=paragraph)
        if a.status not in {Amendment.Status.WITHDRAWN, Amendment.Status.SUPERSEDED}
    ]
    for amendment in amendments:
        amendment.paragraph = paragraph
    return render(
        request,
        "amendments/compare.html",
        {
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "redlines": [amendment_redline(a, paragraph) for a in amendments],
        },
    )


def participant_detail(request, pk):
    participant = get_object_or_404(Participant, pk=pk)
    amendments = sorted(
        _visible_amendments(request.user)
        .filter(participant=participant)
        .select_related("paragraph__section__report", "paragraph__parent__section"),
        key=lambda a: (report_order_key(a.paragraph), a.created),
    )
    return render(
        request,
        "amendments/participant.html",
        {
            "participant": participant,
            "redlines": [amendment_redline(a, a.paragraph) for a in amendments],
            "comments": Comment.objects.filter(participant=participant).select_related(
                "paragraph__section", "paragraph__parent__section", "amendment"
            ),
        },
    )


def amendment_detail(request, pk):
    amendment = _get_amendment_for_user(request, pk)
    versions = amendment_versions(amendment)
    numbers = [v["version"] for v in versions]
    try:
        new = int(request.GET.get("to", numbers[-1]))
        old = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[-1]))
    except ValueError:
        raise Http404("No such version.") from None
    by_number = {v["version"]: v for v in versions}
    if old not in by_number or new not in by_number:
        raise Http404("No such version.")
    version_diff = redline.diff(by_number[old]["record"].proposed_text, by_number[new]["record"].proposed_text)
    return render(
        request,
        "amendments/amendment.html",
        {
            "amendment": amendment,
            "report": amendment.paragraph.section.report,
            "redline": amendment_redline(amendment, amendment.paragraph),
            "versions": versions,
            "version_from": old,
            "version_to": new,
            "version_diff": version_diff,
            "history": amendment.history.select_related("history_user").order_by("history_date", "history_id"),
            "comments": amendment.comments.select_related("participant", "author"),
            "view_mode": _view_mode(request),
        },
    )
