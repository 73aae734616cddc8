from django.shortcuts import get_object_or_404, redirect, render

from amendments.models import Paragraph, Report
from amendments.reading import report_tree


def home(request):
    report = Report.objects.order_by("-created", "-id").first()
    if report is None:
        return render(request, "amendments/no_report.html")
    return redirect(report)


def report_detail(request, pk):
    report = get_object_or_404(Report, pk=pk)
    sections = report_tree(report)
    counts = {}
    for section in sections:
        for node in section.nodes:
            status = node.paragraph.get_status_display()
            counts[status] = counts.get(status, 0) + 1
    return render(request, "amendments/report.html", {"report": report, "sections": sections, "status_counts": counts})


def paragraph_detail(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("section__report", "parent__section"), pk=pk)
    history = paragraph.history.select_related("history_user").order_by("-history_date", "-history_id")
    footnotes = [n for n in paragraph.children.all() if n.is_footnote]
    items = [n for n in paragraph.children.all() if not n.is_footnote]
    return render(
        request,
        "amendments/paragraph.html",
        {
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "history": history,
            "footnotes": footnotes,
            "items": items,
        },
    )
