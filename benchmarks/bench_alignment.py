"""Benchmark for aligning a member's revised copy with the draft (amendments/importers/alignment.py).

Run: ``python benchmarks/bench_alignment.py``. Builds a draft of about 6,000 words from the real
Chair's draft (fixtures/wgec_chair_proposal.json: Introduction and Recommendations with their
items, repeated three times with different wording so the copies are not identical), then a
member's revision of it: about 10% of the paragraphs modified, some deleted, inserted and moved,
renumbered and hard-wrapped at 75 columns as a PDF conversion would be. Times
``split_revised_text`` + ``align`` (median of repeated runs), checks that the entries report
the paragraphs come back exactly and the entries report exactly the edits that were made
(paragraph by paragraph), prints a small table, and exits 1 if the median of the whole
(split + align) exceeds the goal or anything is wrong.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "wgec_chair_proposal.json"
GOAL_SECONDS = 0.5
TARGET_WORDS = 6_000
RUNS = 15

# Each copy of the draft is reworded, so the copies read like different parts of a long report.
REWORDINGS = [
    {},
    {"enhanced cooperation": "digital cooperation", "Internet": "network", "WGEC": "Working Group"},
    {"public policy": "governance", "stakeholders": "actors", "Group": "Commission", "Tunis Agenda": "Geneva Plan"},
]
NEW_PARAGRAPH = (
    "The Working Group also discussed the role of {topic} in the implementation of enhanced cooperation and "
    "invited all stakeholders to share their experience of {topic} at the next session of the Commission."
)
TOPICS = ["regional initiatives", "capacity building", "multilingualism", "open data", "cybersecurity", "standards"]


def build_draft() -> list[tuple[str, str]]:
    """``(number, text)`` paragraphs, about TARGET_WORDS words, numbered 1, 2, 3, … throughout."""
    report = json.loads(FIXTURE.read_text(encoding="utf-8"))
    base = []
    for section in report["sections"]:
        if section["key"] in ("introduction", "recommendations"):
            for p in section["paragraphs"]:
                base.append(p["text"])
                base += [item["text"] for item in p.get("items", [])]
    texts: list[str] = []
    words = 0
    copy = 0
    while words < TARGET_WORDS:
        for text in base:
            for old, new in REWORDINGS[copy % len(REWORDINGS)].items():
                text = text.replace(old, new)
            texts.append(text)
            words += len(text.split())
            if words >= TARGET_WORDS:
                break
        copy += 1
    return [(str(k), t) for k, t in enumerate(texts, 1)]


def revise(draft: list[tuple[str, str]], rng: random.Random) -> tuple[list[str], dict[str, str], int]:
    """The member's paragraphs, the entry kind expected for each draft number, and the number of
    paragraphs inserted."""
    long_ones = [k for k, (_, t) in enumerate(draft) if len(t.split()) >= 12]
    picked = rng.sample(long_ones, len(draft) * 16 // 100)
    modified = set(picked[: len(draft) // 10])
    deleted = set(picked[len(draft) // 10 : len(draft) // 10 + 3])
    moved = picked[len(draft) // 10 + 3 : len(draft) // 10 + 6]
    out: list[str] = []
    expected = {number: "unchanged" for number, _ in draft}
    inserted = 0
    for k, (number, text) in enumerate(draft):
        if k in deleted:
            expected[number] = "deleted"
            continue
        if k in moved:
            continue
        if k in modified:
            words = text.split()
            at = rng.randrange(len(words) - 3)
            words[at : at + 2] = ["substantially", "revised", "wording"]
            text = " ".join(words)
            expected[number] = "modified"
        out.append(text)
        if k % 37 == 5:
            out.append(NEW_PARAGRAPH.format(topic=TOPICS[k % len(TOPICS)]))
            inserted += 1
    for k in moved:  # each moved paragraph goes far from where it was
        out.insert((k + len(out) // 2) % len(out), draft[k][1])
        expected[draft[k][0]] = "moved"
    return out, expected, inserted


def as_wrapped_text(paragraphs: list[str]) -> str:
    """Renumbered, wrapped at 75 columns, a blank line between paragraphs."""
    return "\n\n".join(textwrap.fill(f"{n}. {text}", 75) for n, text in enumerate(paragraphs, 1)) + "\n"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from amendments.importers.alignment import INSERTED, DraftParagraph, align
    from amendments.importers.splitting import split_revised_text

    rng = random.Random(2017)
    draft_rows = build_draft()
    draft = [DraftParagraph(f"p{number}", number, text) for number, text in draft_rows]
    revised_paragraphs, expected_by_number, inserted = revise(draft_rows, rng)
    expected = Counter(expected_by_number.values())
    expected["inserted"] = inserted
    raw = as_wrapped_text(revised_paragraphs)
    lexicon = [d.text for d in draft]

    split_times, align_times = [], []
    entries = []
    for _ in range(RUNS):
        start = time.perf_counter()
        revised = split_revised_text(raw, lexicon=lexicon)
        middle = time.perf_counter()
        entries = align(draft, revised)
        end = time.perf_counter()
        split_times.append(middle - start)
        align_times.append(end - middle)
    totals = [s + a for s, a in zip(split_times, align_times, strict=True)]

    got = Counter(e.kind for e in entries)
    wrong = [e.draft_number for e in entries if e.draft_number and e.kind != expected_by_number[e.draft_number]]
    if got[INSERTED] != inserted:
        wrong.append(f"{got[INSERTED]} inserted")
    split_ok = [p.text for p in revised] == [" ".join(text.split()) for text in revised_paragraphs]
    median_total = statistics.median(totals)
    goal = "goal met" if median_total <= GOAL_SECONDS else "goal MISSED"

    print("Alignment benchmark: the Chair's draft x3, reworded, against a renumbered, wrapped revision\n")
    rows = [
        ("draft paragraphs", f"{len(draft)}", f"{sum(len(d.text.split()) for d in draft):,} words"),
        ("revised paragraphs", f"{len(revised)}", f"{len(raw.split()):,} words, {raw.count(chr(10)):,} lines"),
        ("median split s", f"{statistics.median(split_times):.3f}", f"{RUNS} runs"),
        ("median align s", f"{statistics.median(align_times):.3f}", f"{RUNS} runs"),
        ("median split+align s", f"{median_total:.3f}", f"goal <= {GOAL_SECONDS} s: {goal}"),
        ("max split+align s", f"{max(totals):.3f}", ""),
    ]
    for label, value, note in rows:
        print(f"{label:<22} {value:>8}  {note}")
    print(f"\n{'entry kind':<22} {'found':>8}  expected")
    for kind in ("unchanged", "modified", "inserted", "deleted", "moved"):
        print(f"{kind:<22} {got[kind]:>8}  {expected[kind]}")

    failed = False
    if median_total > GOAL_SECONDS:
        print(f"MISSED: median {median_total:.3f} s > {GOAL_SECONDS} s", file=sys.stderr)
        failed = True
    if wrong or not split_ok:
        print(f"WRONG: entries {wrong[:10]}, paragraphs split exactly: {split_ok}", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
