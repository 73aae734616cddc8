"""The draft as a whole: the home page, the report page with its filters, a delegation's page and
the amendment deadline."""

from collections import defaultdict

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.core.texts import parse_id
from amendments.forms import DeadlineForm
from amendments.models import Amendment, Comment, Paragraph, Participant, Report, Revision
from amendments.queries.comments import comment_counts
from amendments.queries.news import report_news
from amendments.queries.redlines import (
    amendment_redline,
    attach_positions,
    attach_submission_positions,
    positions_of,
    with_revisions,
)
from amendments.queries.reports import reports_of
from amendments.queries.snapshots import deleted_in_numbering, report_head
from amendments.queries.tree import (
    STAMP_FIELDS,
    attach_amendments,
    fill_item_places,
    report_order_key,
    report_tree,
    stamp_blocks,
    walk,
)
from amendments.templatetags.redlines import paragraph_block
from amendments.views.access import AuthenticatedHttpRequest, secretariat_required, visible_amendments

_STATUS = STAMP_FIELDS.index("status")  # in the rows of `values_list(*STAMP_FIELDS)`


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The draft being negotiated in the user's working groups; while they have none, the list of
    them (where the secretariat starts a report or creates a working group)."""
    report = Report.objects.of(request.user).current()
    if report is not None:
        return redirect(report)
    if request.user.is_secretariat or request.user.working_group_ids():
        return redirect("working-groups")
    return render(request, "amendments/no_report.html")


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
    if filters["pending"] and not any(stamp.status == Amendment.Status.SUBMITTED for stamp in stamps):
        return False
    return filters["delegation"] is None or any(stamp.participant_id == filters["delegation"] for stamp in stamps)


def _filter_sections(report, sections, filters):
    """Count every paragraph by status, then keep the ones the filters ask for. Unfiltered, a
    paragraph deleted since the last revision stays in its place as one line, so the numbering
    reads on (5, [6 deleted], 7) until the next revision renumbers."""
    counts: defaultdict[str, int] = defaultdict(int)
    deleted = []
    for section in sections:
        for node in section.nodes:
            counts[node.paragraph.get_status_display()] += 1
            if node.paragraph.status == Paragraph.Status.DELETED:
                deleted.append(node.paragraph.pk)
    lines = set() if any(filters.values()) else deleted_in_numbering(report, deleted)
    for section in sections:
        section.nodes = [node for node in section.nodes if node.paragraph.pk in lines or _keep(node, filters)]
        for node in section.nodes:
            node.deleted_line = node.paragraph.pk in lines
    return dict(counts)


def _fill_blocks(sections, visible, positions, show_redlines):
    """Each top paragraph's cached block, or its amendments to render it with; the tops shown."""
    tops = [node for section in sections for node in section.nodes if not node.deleted_line]
    cached = cache.get_many([node.block_key for node in tops])
    missing: list[int] = []
    for node in tops:
        node.block_html = cached.get(node.block_key)
        if node.block_html is None:
            missing.extend(n.paragraph.pk for n in walk([node]))
    if missing:
        amendments = with_revisions(
            visible.filter(paragraph_id__in=missing).select_related("participant").defer("patch")
        )
        attach_amendments(sections, attach_positions(amendments, positions), redlines=show_redlines)
    return tops


def _stamped(
    request: AuthenticatedHttpRequest, report: Report, show_redlines: bool, show_lines: bool, top_id: int | None = None
):
    """The report's tree with each top paragraph's block key for this reader, and what it was made
    of; with `top_id`, the amendments and positions of that top paragraph only (a block's key is
    made of its own paragraphs' rows, so it is the one the whole page computes)."""
    sections = report_tree(report)
    visible = Amendment.objects.visible_to(request.user).filter(paragraph__section__report=report)
    scope = Q(amendment__paragraph__section__report=report)
    if top_id is not None:
        ids = [n.paragraph.pk for s in sections for top in s.nodes if top.paragraph.pk == top_id for n in walk([top])]
        visible = visible.filter(paragraph_id__in=ids)
        scope &= Q(amendment__paragraph_id__in=ids)
    stamps = list(visible.values_list(*STAMP_FIELDS).order_by("created", "id"))
    positions = positions_of(scope)
    stamp_blocks(
        sections,
        stamps,
        redlines=show_redlines,
        positions=positions,
        lines=show_lines,
        comment_counts=comment_counts(request.user, report),
    )
    return sections, visible, positions, stamps


def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole draft. Each paragraph's block is cached under the versions of all it shows, so a
    request loads full amendment rows only for the paragraphs whose block has changed."""
    # The switcher's list holds the report shown (the scope check let the reader in): no query of its own.
    reports = reports_of(request.user)
    report = next((r for r in reports if r.pk == pk), None) or get_object_or_404(Report, pk=pk)
    in_force = report.revisions.in_force()
    show_redlines = request.GET.get("redlines") == "on"
    show_lines = request.GET.get("lines") == "on"
    filters = _report_filters(request)
    sections, visible, positions, stamps = _stamped(request, report, show_redlines, show_lines)
    if report.is_compilation:  # who supports or opposes each submission: one query
        attach_submission_positions([s for view in sections for s in view.submissions], request.user.participant_id)
    counts = _filter_sections(report, sections, filters)
    tops = _fill_blocks(sections, visible, positions, show_redlines)
    return render(
        request,
        "amendments/report.html",
        {
            "report": report,
            "reports": reports,
            "head": report_head(report, in_force),
            "state": current_state(in_force),
            "sections": sections,
            "status_counts": counts,
            "show_redlines": show_redlines,
            "show_lines": show_lines,
            "amendment_total": len(stamps),
            "pending_total": sum(stamp[_STATUS] in Amendment.OPEN_STATUSES for stamp in stamps),
            "filters": filters,
            "filtering": any(filters.values()),
            "statuses": Paragraph.Status.choices,
            "delegations": Participant.objects.filter(amendments__in=visible).distinct(),
            "shown": len(tops),
            "news": report_news(request.user, report),
        },
    )


def current_state(in_force: Revision | None) -> str:
    """What the report page shows: the current draft, and the text it starts from."""
    if in_force is None:
        return "Current draft"
    if in_force.is_original:
        return f"Current draft, based on the original text of {in_force.date:%-d %B %Y}"
    return f"Current draft, based on {in_force.name} of {in_force.date:%-d %B %Y}"


def participant_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant, pk=pk)
    amendments = sorted(
        attach_positions(
            visible_amendments(request.user)
            .filter(participant=participant)
            .select_related("paragraph__section__report", "paragraph__parent__section", "paragraph__parent__parent")
        ),
        key=lambda a: (report_order_key(a.paragraph), a.created),
    )
    comments = list(
        Comment.objects.visible_with_their_amendments(request.user)
        .filter(participant=participant)
        .select_related("participant", "author", "paragraph__section", "paragraph__parent__section", "amendment")
    )
    fill_item_places([a.paragraph for a in amendments] + [c.paragraph for c in comments if c.paragraph is not None])
    return render(
        request,
        "amendments/participant.html",
        {
            "participant": participant,
            "report": Report.objects.filter(working_group=participant.working_group_id).current(),
            "redlines": [amendment_redline(a, a.paragraph) for a in amendments],
            "comments": comments,
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_required(message="Only the secretariat sets the deadline.")
def deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The secretariat sets or clears the amendment deadline of the current draft."""
    report = get_object_or_404(Report, pk=pk)
    form = DeadlineForm(request.POST or None, initial={"deadline": report.amendment_deadline})
    if request.method == "POST" and form.is_valid():
        actions.draft.set_deadline(report.pk, form.cleaned_data["deadline"], user=request.user)
        messages.success(request, "Deadline saved." if form.cleaned_data["deadline"] else "Deadline removed.")
        return redirect(report)
    return render(
        request, "amendments/deadline.html", {"form": form, "report": report}, status=400 if form.errors else 200
    )


def report_block(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One top-level paragraph as the report page shows it to this reader, with the page's
    filters and views from the query string: what an open report page fetches when the live
    layer says the paragraph changed (static/js/live.js). Empty (204) where the filters now leave
    it out of the page."""
    paragraph = get_object_or_404(Paragraph.objects.select_related("section__report"), pk=pk, parent=None)
    report = paragraph.section.report
    show_redlines = request.GET.get("redlines") == "on"
    show_lines = request.GET.get("lines") == "on"
    sections, visible, positions, _ = _stamped(request, report, show_redlines, show_lines, top_id=pk)
    _filter_sections(report, sections, _report_filters(request))
    for section in sections:
        section.nodes = [node for node in section.nodes if node.paragraph.pk == pk]
    node = next((node for section in sections for node in section.nodes), None)
    if node is None:
        return HttpResponse(status=204)
    if node.deleted_line:
        return render(request, "amendments/_deleted_paragraph.html", {"p": node.paragraph})
    _fill_blocks(sections, visible, positions, show_redlines)
    return HttpResponse(paragraph_block(node, show_lines))
