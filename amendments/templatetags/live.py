"""The live connection of a page (amendments/live): `{% live report %}` in a page's template."""

from typing import Any

from django import template
from django.urls import reverse

from amendments.models import Report

register = template.Library()


@register.inclusion_tag("amendments/_live.html")
def live(
    report: Report | int, watch: Any = "", blocks: bool = False, screen: bool = False, poll: int = 0
) -> dict[str, Any]:
    """The attributes static/js/live.js reads: the socket of the report, and what the page shows.

    `watch`: the paragraphs the page shows (their ids; "*" for the whole report, "" for none);
    `blocks`: the page is the report page, whose paragraphs are fetched one by one; `screen`: the
    page follows what the projector shows; `poll`: while
    the connection is down, the page reloads its text every so many seconds (the screen).
    """
    if watch is None:
        watch = ""
    elif isinstance(watch, int):
        watch = str(watch)
    elif not isinstance(watch, str):
        watch = " ".join(str(pk) for pk in watch)
    report_id = report.pk if isinstance(report, Report) else report
    return {
        "socket": reverse("live-report", urlconf="amendments.live.routing", kwargs={"pk": report_id}),
        "block_url": reverse("paragraph-block", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "watch": watch,
        "blocks": blocks,
        "screen": screen,
        "poll": poll,
    }
