"""Thin views: load through the access-checking helpers, hand read models to the templates."""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from amendments.actions.decisions import DECISION_LABELS
from amendments.core import textdiff
from amendments.core.texts import parse_id
from amendments.models import Amendment, Comment, Paragraph, Participant, Report
from amendments.queries.comments import comment_threads
from amendments.queries.redlines import amendment_redline, amendment_versions, attach_positions, positions_of
from amendments.queries.tree import (
    STAMP_FIELDS,
    attach_amendments,
    fill_item_places,
    report_order_key,
    report_tree,
    stamp_blocks,
    walk,
)


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


def _report_filters(request):
    """The report page's filters, read leniently: an unknown value filters nothing."""
    status = request.GET.get("status", "")
    delegation = request.GET.get("delegation", "")
    return {
        "status": status if status in Paragraph.Status.values else "",
        "pending": request.GET.get("pending") == "1",
        "delegation": parse_id(delegation),
    }


def _keep(node, filters):
    stamps = [stamp for n in walk([node]) for stamp in n.stamps]
    if filters["status"]:
        if node.paragraph.status != filters["status"]:
            return False
    elif node.paragraph.status == Paragraph.Status.DELETED:
        return False  # deleted paragraphs only when asked for
    if filters["pending"] and not any(stamp[3] == Amendment.Status.SUBMITTED for stamp in stamps):
        return False
    return filters["delegation"] is None or any(stamp[7] == filters["delegation"] for stamp in stamps)


def report_detail(request, pk):
    """The whole draft. Each paragraph's block is cached under the versions of all it shows, so a
    request loads full amendment rows only for the paragraphs whose block has changed."""
    report = get_object_or_404(Report, pk=pk)
    sections = report_tree(report)
    show_redlines = request.GET.get("redlines") == "on"
    filters = _report_filters(request)
    visible = Amendment.objects.visible_to(request.user).filter(paragraph__section__report=report)
    stamps = list(visible.values_list(*STAMP_FIELDS).order_by("created", "id"))
    positions = positions_of(Q(amendment__paragraph__section__report=report))
    stamp_blocks(sections, stamps, redlines=show_redlines, positions=positions)
    counts = defaultdict(int)
    for section in sections:
        for node in section.nodes:
            counts[node.paragraph.get_status_display()] += 1
        section.nodes = [node for node in section.nodes if _keep(node, filters)]
    tops = [node for section in sections for node in section.nodes]
    cached = cache.get_many([node.block_key for node in tops])
    missing = []
    for node in tops:
        node.block_html = cached.get(node.block_key)
        if node.block_html is None:
            missing.extend(n.paragraph.pk for n in walk([node]))
    if missing:
        amendments = visible.filter(paragraph_id__in=missing).select_related("participant").defer("patch")
        attach_amendments(sections, attach_positions(amendments, positions), redlines=show_redlines)
    return render(
        request,
        "amendments/report.html",
        {
            "report": report,
            "sections": sections,
            "status_counts": dict(counts),
            "show_redlines": show_redlines,
            "amendment_total": len(stamps),
            "filters": filters,
            "filtering": any(filters.values()),
            "statuses": Paragraph.Status.choices,
            "delegations": Participant.objects.filter(
                amendments__in=Amendment.objects.visible_to(request.user).filter(paragraph__section__report=report)
            ).distinct(),
            "shown": len(tops),
        },
    )


def paragraph_detail(request, pk):
    paragraph = _get_paragraph(pk)
    children = list(paragraph.children.all())
    amendments = attach_positions(_visible_amendments(request.user).filter(paragraph=paragraph))
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
            "threads": comment_threads(
                Comment.objects.filter(paragraph=paragraph).select_related("participant", "author")
            ),
            "comment_draft": request.session.pop("comment_draft", ""),
            "view_mode": _view_mode(request),
        },
    )


def paragraph_compare(request, pk):
    """Every proposal for one paragraph side by side, as a compilation table shows them."""
    paragraph = _get_paragraph(pk)
    amendments = attach_positions(
        a
        for a in _visible_amendments(request.user).filter(paragraph=paragraph)
        if a.status not in {Amendment.Status.WITHDRAWN, Amendment.Status.SUPERSEDED}
    )
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
        attach_positions(
            _visible_amendments(request.user)
            .filter(participant=participant)
            .select_related("paragraph__section__report", "paragraph__parent__section", "paragraph__parent__parent")
        ),
        key=lambda a: (report_order_key(a.paragraph), a.created),
    )
    comments = list(
        Comment.objects.filter(participant=participant)
        .filter(Q(amendment=None) | Q(amendment__in=Amendment.objects.visible_to(request.user)))
        .select_related("participant", "author", "paragraph__section", "paragraph__parent__section", "amendment")
    )
    fill_item_places([a.paragraph for a in amendments] + [c.paragraph for c in comments if c.paragraph_id])
    return render(
        request,
        "amendments/participant.html",
        {
            "participant": participant,
            "report": Report.objects.order_by("-created", "-id").first(),
            "redlines": [amendment_redline(a, a.paragraph) for a in amendments],
            "comments": comments,
        },
    )


def amendment_detail(request, pk):
    amendment = _get_amendment_for_user(request, pk)
    attach_positions([amendment])
    user = request.user
    own = user.is_secretariat or amendment.participant_id == user.participant_id
    # What a delegation wrote before submitting stays with it: others see the submitted versions on.
    my_position = None
    if user.participant_id and not own:
        my_position = (
            amendment.positions.filter(participant_id=user.participant_id).values_list("stance", flat=True).first()
        )
    versions = amendment_versions(amendment)
    if not own and amendment.submitted_at:
        versions = [v for v in versions if v["record"].history_date >= amendment.submitted_at] or versions[-1:]
    numbers = [v["version"] for v in versions]
    try:
        new = int(request.GET.get("to", numbers[-1]))
        old = int(request.GET.get("from", numbers[-2] if len(numbers) > 1 else numbers[-1]))
    except ValueError:
        raise Http404("No such version.") from None
    by_number = {v["version"]: v for v in versions}
    if old not in by_number or new not in by_number:
        raise Http404("No such version.")
    version_diff = textdiff.diff(by_number[old]["record"].proposed_text, by_number[new]["record"].proposed_text)
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
            "history": amendment.history.select_related("history_user")
            .filter(**({} if own or not amendment.submitted_at else {"history_date__gte": amendment.submitted_at}))
            .order_by("history_date", "history_id"),
            "threads": comment_threads(amendment.comments.select_related("participant", "author")),
            "comment_draft": request.session.pop("comment_draft", ""),
            "view_mode": _view_mode(request),
            "can_change": own and amendment.is_open,
            "can_take_position": bool(user.participant_id) and not own and amendment.status == "submitted",
            "choices": list(DECISION_LABELS.items()),
            "my_position": my_position,
        },
    )
