"""The report page right after a restart: the cache emptied, `warm_cache` run, then the first page.

The synthetic report of bench_report.py (1,000 paragraphs, 5,000 amendments), every redline shown,
as a ratio to the time it takes just to tokenise and HTML-escape the same text, measured in the
same run: goal ≤ 3×; and the size of that page as sent to a browser, gzip-compressed: goal ≤ 2 MB.
Every one of the 5,000 amendments is open, so each has its card (the whole paragraph again):
uncompressed, the page is printed too. Once the secretariat has decided them, their cards collapse
into one line per paragraph: that page's own size, uncompressed, goal ≤ 2 MB. Also printed: the same first page with nothing warmed (the cold render), how
long `warm_cache` takes, and what an edit costs now that its block is rendered when it commits.

Templates render as in a server (no test instrumentation). The cache here is the process's own (LocMemCache): the page and warm_cache share it as the app
instances share Redis. Run: python benchmarks/bench_restart.py
"""

import gzip
import statistics
import sys
import time
from typing import NamedTuple
from unittest import mock

import bench_report  # noqa: E402  (sets Django up, as every benchmark here)
import benchdjango  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from amendments import actions  # noqa: E402
from amendments.models import Amendment, Paragraph, Participant, User, WorkingGroup  # noqa: E402
from amendments.templatetags import redlines  # noqa: E402


class Page(NamedTuple):
    seconds: float  # the request, compression included
    blocks: int  # the paragraph blocks it had to render
    sent: int  # bytes sent, gzip-compressed
    size: int  # bytes of the page itself


def first_page(client, url) -> Page:
    """One request as a browser makes it (it accepts gzip)."""
    with mock.patch.object(redlines, "render_to_string", wraps=redlines.render_to_string) as render:
        start = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        seconds = time.perf_counter() - start
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    blocks = sum(1 for c in render.call_args_list if c.args[0] == "amendments/_paragraph.html")
    return Page(seconds, blocks, len(response.content), len(gzip.decompress(response.content)))


def decide_every_amendment(report, rng) -> None:
    """The secretariat's decisions on the whole round: each amendment accepted or rejected (none consolidated yet)."""
    officer = User.objects.create_user("officer", password="bench-password")
    officer.groups.add(Group.objects.get_or_create(name=User.SECRETARIAT)[0])
    ids = list(Amendment.objects.filter(paragraph__section__report=report).values_list("pk", flat=True))
    rng.shuffle(ids)
    half = len(ids) // 2
    for decision, chosen in (("accept", ids[:half]), ("reject", ids[half:])):
        actions.decisions.decide(chosen, decision=decision, user=officer)


def main():
    import random

    # Not setup_test_environment(): it instruments every template render, which the page is made
    # of; a server renders without. Mail stays in memory.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WARM_BLOCKS_ON_WRITE = True  # as with REDIS_URL: the process's cache stands for the shared one
    call_command("migrate", verbosity=0)
    WorkingGroup.objects.create(name="Benchmark working group")
    start = time.perf_counter()
    report = bench_report.synthetic_report(random.Random(2017))
    setup_seconds = time.perf_counter() - start
    member = Participant.objects.create(name="Reader delegation", stakeholder_group="member-state")
    User.objects.create_user("reader", password="bench-password", participant=member)
    client = Client()
    client.login(username="reader", password="bench-password")
    url = f"/reports/{report.pk}/?redlines=on"
    client.get(url)  # the process's first request compiles templates and URL patterns

    cache.clear()
    cold = first_page(client, url)

    warm_times, page_times, rendered = [], [], []
    for _ in range(3):
        cache.clear()  # the restart: nothing in the cache
        start = time.perf_counter()
        call_command("warm_cache", stdout=sys.stderr if "-v" in sys.argv else mock.Mock())
        warm_times.append(time.perf_counter() - start)
        opened = first_page(client, url)
        page_times.append(opened.seconds)
        rendered.append(opened.blocks)
    warm, page = statistics.median(warm_times), statistics.median(page_times)
    base = bench_report.baseline(report)

    # An edit of one paragraph with its five amendments: its block is rendered when it commits.
    edits = []
    for target in Paragraph.objects.filter(section__report=report).order_by("position")[:5]:
        start = time.perf_counter()
        actions.draft.edit_paragraph(
            target.pk, text=target.text + " Edited.", expected_version=target.version, user=None
        )
        edits.append(time.perf_counter() - start)
        rendered.append(first_page(client, url.split("?")[0]).blocks)  # a write renders the page as it opens
    edit = statistics.median(edits)

    decide_every_amendment(report, random.Random(2018))
    decided = first_page(client, url)

    rows = [
        ("first page after a restart and warm_cache", f"{page * 1000:.0f} ms", "", True),
        ("  tokenise + escape the same text", f"{base * 1000:.0f} ms", "", True),
        ("  ratio page / baseline", f"{page / base:.2f}×", "≤ 3×", page <= 3 * base),
        ("  sent to the browser (gzip)", f"{opened.sent / 1e6:.2f} MB", "≤ 2 MB", opened.sent <= 2e6),
        ("  the page uncompressed (5,000 open cards)", f"{opened.size / 1e6:.1f} MB", "", True),
        ("the page once every amendment is decided", f"{decided.size / 1e6:.2f} MB", "≤ 2 MB", decided.size <= 2e6),
        ("  sent to the browser (gzip)", f"{decided.sent / 1e6:.2f} MB", "", True),
        ("  blocks rendered by the page (also after edits)", f"{max(rendered)}", "0", max(rendered) == 0),
        ("first page after a restart, nothing warmed", f"{cold.seconds * 1000:.0f} ms", "", True),
        ("  ratio nothing warmed / baseline", f"{cold.seconds / base:.2f}×", "", True),
        ("  blocks it rendered", f"{cold.blocks}", "", True),
        ("warm_cache (two views of 1,000 ¶)", f"{warm:.1f} s", "", True),
        ("an edit, its block rendered at commit", f"{edit * 1000:.0f} ms", "", True),
        ("building the synthetic data (warmed at commit)", f"{setup_seconds:.1f} s", "", True),
    ]
    return benchdjango.report(rows)


if __name__ == "__main__":
    sys.exit(main())
