"""The redline .docx of the real WGEC draft: Ashton-Hart's 13 amendments as tracked changes and his
comments as Word comments, with a title note. Goal: ≤ 5 s for the export.

Run: python benchmarks/bench_redline_docx.py (a temporary SQLite database; DATABASE_URL picks another).
Prints a small table and exits 1 if the goal is missed.
"""

import io
import statistics
import sys
import time

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()

from django.core.management import call_command  # noqa: E402

from amendments.exporters.word_redline import redline_docx  # noqa: E402
from amendments.models import Report  # noqa: E402
from amendments.queries.redline_inputs import redline_document  # noqa: E402

GOAL_SECONDS = 5.0
RUNS = 5


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("load_wgec", verbosity=0, stdout=io.StringIO())
    report = Report.objects.current()
    start = time.perf_counter()
    document = redline_document(report)
    read_seconds = time.perf_counter() - start
    times, data = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        data = redline_docx(document, title_note="Amendments submitted by 24 November 2017")
        times.append(time.perf_counter() - start)
    export_seconds = statistics.median(times)
    rows = [
        (
            "redline .docx of the WGEC draft (median)",
            f"{export_seconds:.2f} s",
            f"≤ {GOAL_SECONDS:.0f} s",
            export_seconds <= GOAL_SECONDS,
        ),
        ("  slowest of the runs", f"{max(times):.2f} s", "", True),
        ("  size", f"{len(data) / 1e3:.0f} KB", "", True),
        ("reading the draft and its amendments", f"{read_seconds:.2f} s", "", True),
    ]
    return benchdjango.report(rows, value_width=8, goal_width=6)


if __name__ == "__main__":
    sys.exit(main())
