"""Issuing a revision on a synthetic report: 1,000 paragraphs, 5,000 accepted amendments that don't
overlap (five per paragraph, each changing other words). Goal: ≤ 5 s; then its .docx export, ≤ 2 s.
Peak memory is the growth of the process's peak resident size during each step.

Run: python benchmarks/bench_revision.py (a temporary SQLite database; DATABASE_URL picks another).
"""

import datetime
import random
import resource
import sys
import time

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()
ROOT = benchdjango.ROOT

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from amendments import actions  # noqa: E402
from amendments.core.document import Document  # noqa: E402
from amendments.core.ordering import spread  # noqa: E402
from amendments.exporters import clean_draft  # noqa: E402
from amendments.management.commands.load_demo import ensure_groups  # noqa: E402
from amendments.models import Amendment, Paragraph, Participant, Report, Section, User, WorkingGroup  # noqa: E402

WORDS = ["enhanced", "cooperation", "international", "public", "policy", "issues", "pertaining", "Internet",
         "stakeholders", "governments", "equal", "footing", "development", "capacity", "building"]  # fmt: skip
PARAGRAPHS, PER_PARAGRAPH = 1000, 5


def build(rng):
    report = Report.objects.create(title="Synthetic report", subtitle="1,000 paragraphs", body="Benchmark")
    section = Section.objects.create(report=report, key="body", heading="Body", position="m")
    participants = [
        Participant.objects.create(name=f"Delegation {i}", stakeholder_group="member-state") for i in range(20)
    ]
    ids = []
    with transaction.atomic():
        for n, key in enumerate(spread(PARAGRAPHS), 1):
            words = [rng.choice(WORDS) for _ in range(60)]
            row = Paragraph.objects.create(section=section, number=str(n), position=key, text=" ".join(words) + ".")
            for i in range(PER_PARAGRAPH):
                changed = list(words)
                at = 10 * i + 2  # five separate places, never touching each other
                changed[at] = changed[at].upper() + "X"
                amendment = actions.amendments.propose(
                    user=None, participant=participants[(n + i) % 20], paragraph_id=row.pk, kind="modify",
                    expected_paragraph_version=row.version, proposed_text=" ".join(changed) + ".", submit=True,
                )  # fmt: skip
                ids.append(amendment.pk)
    return report, ids


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def measured(step):
    """Seconds, and how much the process's peak memory grew (RSS: no tracing slows the step down)."""
    before = peak_rss()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    return result, seconds, peak_rss() - before


def main():
    call_command("migrate", verbosity=0)
    ensure_groups()
    WorkingGroup.objects.create(name="Benchmark working group")  # the synthetic report's and delegations'
    officer = User.objects.create_user("officer", is_staff=True)
    officer.groups.add(*officer.groups.model.objects.filter(name=User.SECRETARIAT))
    start = time.perf_counter()
    report, ids = build(random.Random(2018))
    for batch in range(0, len(ids), 500):
        actions.decisions.decide(ids[batch : batch + 500], decision="accept", user=officer)
    setup = time.perf_counter() - start

    revision, issue_seconds, issue_peak = measured(
        lambda: actions.revisions.issue_revision(report.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=officer)
    )
    applied = Amendment.objects.filter(applied_in=revision).count()
    changed = sum("X" in p["text"] for p in revision.snapshot["sections"][0]["paragraphs"])
    docx, docx_seconds, docx_peak = measured(lambda: clean_draft.to_docx(Document.from_json(revision.snapshot)))

    rows = [
        ("issue Rev.1 (1,000 ¶, 5,000 accepted)", f"{issue_seconds:.2f} s", "≤ 5 s", issue_seconds <= 5),
        ("  peak memory growth", f"{issue_peak / 1e6:.0f} MB", "", True),
        ("  amendments consolidated", f"{applied:,}", "5,000", applied == PARAGRAPHS * PER_PARAGRAPH),
        ("  paragraphs with all five changes", f"{changed:,}", "1,000", changed == PARAGRAPHS),
        ("export Rev.1 to .docx", f"{docx_seconds:.2f} s", "≤ 2 s", docx_seconds <= 2),
        ("  peak memory growth", f"{docx_peak / 1e6:.0f} MB", "", True),
        ("  size", f"{len(docx) / 1e6:.1f} MB", "", True),
        ("building and deciding the data", f"{setup:.1f} s", "", True),
    ]
    return benchdjango.report(rows)


if __name__ == "__main__":
    sys.exit(main())
