"""Report page with every redline shown: server time and SQL query count.

1. The real WGEC data (Chair's draft and Ashton-Hart's amendments): goal ≤ 50 ms, and a query count that
   does not grow with paragraphs or amendments.
2. A synthetic report of 1,000 paragraphs with 5,000 amendments of one to four words each: goal ≤ 3× the time
   it takes just to tokenise and HTML-escape the same text, measured in the same run.

Rendered paragraph blocks and redline cards are cached by the versions they show; both the first
render (nothing cached) and later renders are reported.

Run: python benchmarks/bench_report.py (a temporary SQLite database; DATABASE_URL picks another).
"""

import html
import os
import random
import statistics
import sys
import time

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()
ROOT = benchdjango.ROOT

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from amendments import actions  # noqa: E402
from amendments.actions.history import save_with_history  # noqa: E402
from amendments.core import textdiff  # noqa: E402
from amendments.core.ordering import spread  # noqa: E402
from amendments.models import Amendment, Paragraph, Participant, Report, Section, User  # noqa: E402

WORDS = [
    "enhanced", "cooperation", "international", "public", "policy", "issues", "pertaining", "to", "the",
    "Internet", "stakeholders", "governments", "equal", "footing", "development", "capacity", "building",
    "multistakeholder", "transparency", "inclusiveness",
]  # fmt: skip


def timed(client, url, repeat):
    """Median time of repeated requests (blocks cached after the first) and the last body."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times), response.content


def cold(client, url):
    """Time and SQL queries of one request with nothing cached: every block rendered."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        seconds = time.perf_counter() - start
    return seconds, len(queries)


def synthetic_report(rng, paragraphs=1000, amendments=5000):
    report = Report.objects.create(title="Synthetic report", subtitle="1,000 paragraphs", body="Benchmark")
    section = Section.objects.create(report=report, key="body", heading="Body", position="m")
    rows = []
    for n, key in enumerate(spread(paragraphs), 1):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + "."
        row = Paragraph(section=section, number=str(n), position=key, text=text)
        save_with_history(row, user=None, reason="Benchmark")
        rows.append(row)
    participants = [
        Participant.objects.create(name=f"Delegation {i}", stakeholder_group="member-state") for i in range(20)
    ]
    with transaction.atomic():
        for i in range(amendments):
            target = rows[i % paragraphs]
            words = target.text.split()
            at = rng.randrange(len(words) - 4)
            count = rng.randint(1, 4)
            words[at : at + count] = [rng.choice(WORDS) + "x" for _ in range(count)]
            actions.amendments.propose(
                user=None,
                participant=participants[i % len(participants)],
                paragraph_id=target.pk,
                kind="modify",
                expected_paragraph_version=target.version,
                proposed_text=" ".join(words),
                submit=True,
            )
    return report


def baseline(report):
    """Tokenise and HTML-escape every text the page shows: paragraphs and every redline segment."""
    texts = list(Paragraph.objects.filter(section__report=report).values_list("text", flat=True))
    for segments in Amendment.objects.filter(paragraph__section__report=report).values_list("segments", flat=True):
        texts.extend(text for _, text in segments)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for text in texts:
            textdiff.tokenise(text)
            html.escape(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_wgec", verbosity=0, stdout=quiet)
    # A delegate of the WGEC: a user sees only its own working group's reports.
    User.objects.create_user("reader", password="bench-password", participant=Participant.objects.get(name="Japan"))
    client = Client()
    client.login(username="reader", password="bench-password")

    real = Report.objects.get(title__startswith="Draft report")
    real_url = f"/reports/{real.pk}/?redlines=on"
    client.get(real_url)  # the process's first request compiles templates and URL patterns
    real_cold, real_queries = cold(client, real_url)
    real_time, _ = timed(client, real_url, repeat=30)

    # The same page with ten more amendments must not cost more queries.
    nah = Participant.objects.get(name="Nick Ashton-Hart")
    for target in Paragraph.objects.filter(section__key="recommendations", parent=None)[:10]:
        actions.amendments.propose(
            user=None,
            participant=nah,
            paragraph_id=target.pk,
            kind="modify",
            expected_paragraph_version=target.version,
            proposed_text=target.text + " Added.",
            submit=True,
        )
    _, more_queries = cold(client, real_url)

    start = time.perf_counter()
    synthetic = synthetic_report(random.Random(2017))
    setup_seconds = time.perf_counter() - start
    url = f"/reports/{synthetic.pk}/?redlines=on"
    synth_cold, synth_queries = cold(client, url)
    synth_time, body = timed(client, url, repeat=5)
    base_time = baseline(synthetic)

    rows = [
        ("real report page, every redline shown", f"{real_time * 1000:.1f} ms", "≤ 50 ms", real_time <= 0.050),
        ("  the same, nothing cached", f"{real_cold * 1000:.1f} ms", "≤ 50 ms", real_cold <= 0.050),
        (
            "  SQL queries (13 amendments → 23)",
            f"{real_queries} → {more_queries}",
            "constant",
            real_queries == more_queries,
        ),
        ("synthetic page (1,000 ¶, 5,000 amendments)", f"{synth_time * 1000:.0f} ms", "", True),
        ("  SQL queries", f"{synth_queries}", "same as real", synth_queries == real_queries),
        ("  tokenise + escape the same text", f"{base_time * 1000:.0f} ms", "", True),
        ("  ratio page / baseline", f"{synth_time / base_time:.2f}×", "≤ 3×", synth_time <= 3 * base_time),
        ("  the same, nothing cached", f"{synth_cold * 1000:.0f} ms", "", True),
        ("  ratio nothing cached / baseline", f"{synth_cold / base_time:.2f}×", "", True),
        ("  page size", f"{len(body) / 1e6:.1f} MB", "", True),
        ("  building the synthetic data", f"{setup_seconds:.1f} s", "", True),
    ]
    return benchdjango.report(rows, value_width=14, goal_width=12)


if __name__ == "__main__":
    sys.exit(main())
