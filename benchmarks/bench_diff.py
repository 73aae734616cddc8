"""Benchmark and degeneracy check for the redline diff engine.

Run: ``python benchmarks/bench_diff.py``. Pairs each amendment in
fixtures/wgec_ashtonhart_amendments.json with the Chair's text it targets in
fixtures/wgec_chair_proposal.json (or, without fixtures, five real pairs from the WGEC report),
prints timing per diff, and exits 1 if any diff changes far more tokens than a reference
(difflib on the same tokens) or is "delete all, insert all" where the reference is not.
"""

from __future__ import annotations

import difflib
import json
import math
import random
import statistics
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOAL_MEDIAN_US = 100.0
LONG_WORDS = 108_000

FALLBACK_PAIRS = [
    (
        "towards-fora",
        "The process towards enhanced cooperation should take account of existing work"
        " and support existing international fora to consider how they can develop and improve",
        "The process of further implementation of enhanced cooperation should take account of existing work"
        " and support existing international forums to consider how they can develop and improve",
    ),
    (
        "on-the-other-hand",
        "Multi-stakeholder fora that are involved in the development of international Internet-related public"
        " policy should, on the other hand, consider how best to ensure a balance",
        "Multi-stakeholder forums that are involved in the development of international Internet-related public"
        " policy should consider how best to ensure a balance",
    ),
    (
        "entertain-proposals",
        "Institutions and processes should entertain proposals from all stakeholders related to the fundamental"
        " importance of ensuring that the public Internet remains an open, interoperable, secure and reliable"
        " platform for general public use.",
        "Institutions and processes should encourage results that take into account the fundamental importance of"
        " ensuring that the public Internet remains an open, interoperable, secure and reliable platform for"
        " general public use.",
    ),
    (
        "particular-topic",
        "the particular topic related to the institutional framework required to further implement enhanced"
        " cooperation as envisioned in the Tunis Agenda was not only thoroughly discussed by the WGEC but also"
        " permeated discussion",
        "the topic of whether an institutional framework is required to further implement enhanced cooperation"
        " was thoroughly discussed by the WGEC and also permeated discussion",
    ),
    ("collaborative", "Collaborative approach;", "Collaborative in nature;"),
]


def _find_target(report: dict, target: dict) -> str | None:
    """The Chair's text an amendment targets (see fixtures/FORMAT.md), or None."""
    if "footnote" in target:
        for section in report["sections"]:
            for paragraph in section["paragraphs"]:
                for holder in [paragraph, *paragraph.get("items", [])]:
                    for note in holder.get("footnotes", []):
                        if str(note.get("number")) == str(target["footnote"]):
                            return note["text"]
        return None
    section = next((s for s in report["sections"] if s["key"] == target.get("section")), None)
    if section is None:
        return None
    paragraphs = section["paragraphs"]
    if "number" in target:
        paragraph = next((p for p in paragraphs if p.get("number") == str(target["number"])), None)
    elif "index" in target and 0 <= target["index"] < len(paragraphs):
        paragraph = paragraphs[target["index"]]
    else:
        paragraph = None
    if paragraph is not None and "item" in target:
        items = paragraph.get("items", [])
        paragraph = items[target["item"]] if 0 <= target["item"] < len(items) else None
    return None if paragraph is None else paragraph["text"]


def _target_name(target: dict) -> str:
    if "footnote" in target:
        return f"footnote {target['footnote']}"
    name = target.get("section", "?")
    name += f" {target['number']}" if "number" in target else f" [{target.get('index')}]"
    return name + (f" item {target['item']}" if "item" in target else "")


def load_pairs() -> tuple[str, list[tuple[str, str, str]]]:
    chair = FIXTURES / "wgec_chair_proposal.json"
    amendments = FIXTURES / "wgec_ashtonhart_amendments.json"
    if not (chair.exists() and amendments.exists()):
        return "five WGEC pairs built in (no fixtures)", FALLBACK_PAIRS
    report = json.loads(chair.read_text(encoding="utf-8"))
    data = json.loads(amendments.read_text(encoding="utf-8"))
    pairs = []
    for amendment in data["amendments"]:
        target = amendment["target"]
        base = _find_target(report, target)
        proposal = amendment.get("proposed_text")
        if base is None or proposal is None:
            continue
        name = _target_name(target)
        pairs.append((name, base, proposal))
    return f"fixtures ({data.get('participant', 'amendments')} vs the Chair's text)", pairs or FALLBACK_PAIRS


def changed_tokens(segments, tokenise) -> int:
    return sum(len(tokenise(text)) for op, text in segments if op != "equal")


def reference_changed(ta: list[str], tb: list[str]) -> tuple[int, bool]:
    """Tokens difflib changes on the same tokens, and whether it keeps anything equal."""
    opcodes = difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    changed = sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    return changed, any(tag == "equal" for tag, *_ in opcodes)


def degenerate(segments, ours: int, reference: int, reference_keeps: bool, base: str, proposal: str) -> str:
    if ours > 1.5 * reference + 2:
        return f"changes {ours} tokens, reference {reference}"
    if base and proposal and reference_keeps and not any(op == "equal" for op, _ in segments):
        return "delete all, insert all"
    return ""


def per_call_us(fn) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # at least 0.2 s per run
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with few pairs, p95 is the slowest one, not an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from amendments.core.textdiff import diff, normalise, tokenise

    source, pairs = load_pairs()
    failures = []
    rows = []
    for name, base, proposal in pairs:
        segments = diff(base, proposal)
        ours = changed_tokens(segments, tokenise)
        reference, keeps = reference_changed(tokenise(base), tokenise(proposal))
        problem = degenerate(segments, ours, reference, keeps, normalise(base), normalise(proposal))
        if problem:
            failures.append(f"{name}: {problem}")
        us = per_call_us(lambda base=base, proposal=proposal: diff(base, proposal))
        rows.append((name, len(base.split()), ours, reference, us))

    print(f"Redline diff benchmark: {source}\n")
    print(f"{'pair':<28} {'words':>6} {'changed':>8} {'difflib':>8} {'us/diff':>9}")
    for name, words, ours, reference, us in rows:
        print(f"{name:<28} {words:>6} {ours:>8} {reference:>8} {us:>9.1f}")

    timings = [row[-1] for row in rows]
    median = statistics.median(timings)

    # Synthetic long text: 108,000 words of report vocabulary, 1% of them replaced.
    rng = random.Random(2017)
    vocabulary = sorted({w for _, b, p in pairs for w in (b + " " + p).split()})
    words = [rng.choice(vocabulary) for _ in range(LONG_WORDS)]
    amended = list(words)
    positions = rng.sample(range(LONG_WORDS), LONG_WORDS // 100)
    for i in positions:
        amended[i] = rng.choice([w for w in ("AMENDED", "REVISED", "NEW") if w != words[i]])
    long_base, long_proposal = " ".join(words), " ".join(amended)
    start = time.perf_counter()
    long_segments = diff(long_base, long_proposal)
    long_ms = (time.perf_counter() - start) * 1e3
    long_changed = changed_tokens(long_segments, tokenise)
    long_reference = 2 * len(positions)  # each replaced word: one deleted, one inserted token
    problem = degenerate(long_segments, long_changed, long_reference, True, long_base, long_proposal)
    if problem:
        failures.append(f"long text: {problem}")

    goal = "goal met" if median <= GOAL_MEDIAN_US else "goal MISSED"
    summary = [
        ("pairs", f"{len(rows)}", ""),
        ("median us per diff", f"{median:.1f}", f"goal <= {GOAL_MEDIAN_US:.0f} us: {goal}"),
        ("p95 us per diff", f"{percentile(timings, 0.95):.1f}", ""),
        ("degenerate pairs", f"{len(failures)}", "vs difflib: > 1.5x + 2 tokens, or delete all/insert all"),
        ("long text words", f"{LONG_WORDS:,}", f"{len(positions):,} replaced (1%)"),
        ("long text diff ms", f"{long_ms:.1f}", "one diff, no time limit"),
        ("long text changed tokens", f"{long_changed:,}", f"reference {long_reference:,}"),
    ]
    print()
    for label, value, note in summary:
        print(f"{label:<26} {value:>10}  {note}")
    for failure in failures:
        print(f"DEGENERATE {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
