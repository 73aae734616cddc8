"""Exports of the clean consolidated draft: time of .docx, .html and .txt, and peak memory of the .docx.

1. The real WGEC draft (loaded into a temporary database, exported from its snapshot).
2. A synthetic draft of 1,000 paragraphs (sub-items, quotes, footnotes, bracketed paragraphs), built as a
   revision's JSON snapshot and read as a `Document`: the exporters never touch the database.
   Goal: .docx ≤ 2 s; the script exits 1 if it is missed.

Run: python benchmarks/bench_export.py (a temporary SQLite database; DATABASE_URL picks another).
"""

import gc
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()
ROOT = benchdjango.ROOT

from django.core.management import call_command  # noqa: E402

from amendments.core.document import Document  # noqa: E402
from amendments.exporters import clean_draft  # noqa: E402
from amendments.models import Report  # noqa: E402
from amendments.queries.snapshots import report_document  # noqa: E402

DOCX_GOAL_SECONDS = 2.0
WORDS = [
    "enhanced", "cooperation", "international", "public", "policy", "issues", "pertaining", "to", "the",
    "Internet", "stakeholders", "governments", "equal", "footing", "development", "capacity", "building",
    "multistakeholder", "transparency", "inclusiveness",
]  # fmt: skip


def _sentence(rng, low, high):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))) + "."


def synthetic_snapshot(rng, paragraphs=1000, sections=5):
    """A revision's JSON snapshot (`Document.to_json`); every 5th paragraph has sub-items, every 8th a footnote."""
    ids, footnote_number = iter(range(1, 10**6)), 0

    def row(kind, text, number="", status="open"):
        return {"id": next(ids), "number": number, "kind": kind, "text": text, "status": status, "footnotes": []}

    def add_footnote(target):
        nonlocal footnote_number
        footnote_number += 1
        anchor = " ".join(target["text"].split()[2:4])
        target["footnotes"].append(
            {"id": next(ids), "number": str(footnote_number), "text": _sentence(rng, 8, 30), "after": anchor}
        )

    out = []
    per_section = paragraphs // sections
    for s in range(sections):
        rows = []
        for n in range(1, per_section + 1):
            status = "bracketed" if n % 17 == 0 else "open"
            paragraph = {**row("paragraph", _sentence(rng, 40, 90), str(n), status), "items": []}
            if n % 5 == 0:
                kind = "quote" if n % 25 == 0 else "item"
                paragraph["items"] = [row(kind, _sentence(rng, 5, 40)) for _ in range(rng.randint(2, 5))]
            if n % 8 == 0:
                add_footnote(paragraph)
            if n % 40 == 0 and paragraph["items"]:
                add_footnote(paragraph["items"][0])
            rows.append(paragraph)
        out.append({"key": f"part-{s + 1}", "heading": f"Part {s + 1}", "paragraph_name": "", "paragraphs": rows})
    return {
        "report": {"id": 1, "title": "Synthetic report", "subtitle": "1,000 paragraphs", "body": "Benchmark"},
        "revision": {"name": "Rev.1", "date": "2018-01-15"},
        "sections": out,
    }


def timed(function, document, repeat):
    """Median seconds over `repeat` runs, and the last result."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_python_heap(function, document):
    """Peak of Python allocations during one call (tracemalloc; lxml's own C memory is not seen)."""
    gc.collect()
    tracemalloc.start()
    function(document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _status_kb(field):
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field + ":"))
    return int(line.split()[1])


def peak_rss_growth():
    """How far one .docx export of the synthetic draft raises resident memory, C memory (lxml) included.

    Measured in a fresh process, whose heap holds no memory freed by earlier exports; Linux only (None
    elsewhere): writing 5 to /proc/self/clear_refs resets the peak (VmHWM) to the current resident size.
    """
    child = subprocess.run(  # noqa: S603 -- this script itself, by its own path
        [sys.executable, __file__, "--rss-child"], capture_output=True, text=True, timeout=120, check=False
    )
    return int(child.stdout) if child.returncode == 0 and child.stdout.strip().isdigit() else None


def _rss_child():
    document = Document.from_json(synthetic_snapshot(random.Random(2018)))
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    clean_draft.to_docx(document)
    print((_status_kb("VmHWM") - before) * 1024)
    return 0


def _mb(value):
    return "n/a" if value is None else f"{value / 1e6:.1f} MB"


def main():
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_wgec", verbosity=0, stdout=quiet)
    real = report_document(Report.objects.current())
    synthetic = Document.from_json(synthetic_snapshot(random.Random(2018)))
    notes = sum(len(block.footnotes) for block in synthetic.blocks())
    clean_draft.to_docx(real)  # the first call imports and parses python-docx's template

    rows = []
    for label, document, repeat in (("real WGEC draft", real, 10), ("synthetic, 1,000 ¶", synthetic, 5)):
        docx_time, docx_bytes = timed(clean_draft.to_docx, document, repeat)
        html_time, html_text = timed(clean_draft.to_html, document, repeat)
        txt_time, txt_text = timed(clean_draft.to_txt, document, repeat)
        rows += [
            (f"{label}: .docx", f"{docx_time * 1000:.0f} ms", "≤ 2 s", docx_time <= DOCX_GOAL_SECONDS),
            ("  .docx size", f"{len(docx_bytes) / 1e3:.0f} kB", "", True),
            ("  .docx peak Python heap (tracemalloc)", _mb(peak_python_heap(clean_draft.to_docx, document)), "", True),
            ("  .html", f"{html_time * 1000:.0f} ms", "", True),
            ("  .html size", f"{len(html_text.encode()) / 1e3:.0f} kB", "", True),
            ("  .txt", f"{txt_time * 1000:.0f} ms", "", True),
            ("  .txt size", f"{len(txt_text.encode()) / 1e3:.0f} kB", "", True),
        ]
    rows.append(("  (synthetic footnotes)", f"{notes}", "", True))
    rows.append(("  .docx peak resident memory growth (fresh process)", _mb(peak_rss_growth()), "", True))
    return benchdjango.report(rows)


if __name__ == "__main__":
    sys.exit(_rss_child() if sys.argv[1:] == ["--rss-child"] else main())
