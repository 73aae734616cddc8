"""The Chair's draft as test material: the paragraphs, and the edits a member might make to them.

Shared by the splitting and alignment tests; plain Python, no database.
"""

from __future__ import annotations

import json
from pathlib import Path

from amendments.importers.alignment import INSERTED, UNCHANGED, DraftParagraph, Entry, align
from amendments.importers.splitting import split_revised_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "wgec_chair_proposal.json"
AMENDMENTS = ROOT / "fixtures" / "wgec_ashtonhart_amendments.json"
SEEDS = ROOT.parent / "shared" / "seeds"  # beside the repository; the tests skip without it
SEED_PDF = SEEDS / "001_b93f5ca9234f8f38.txt"
SEED_REDLINE = SEEDS / "003_4d58786081c62579.txt"

SECTIONS = ("introduction", "recommendations")


def chair_draft(*, items: bool = False) -> list[DraftParagraph]:
    """Introduction + Recommendations of the Chair's draft, flattened; keys like "introduction/4"."""
    report = json.loads(FIXTURE.read_text(encoding="utf-8"))
    out = []
    for section in report["sections"]:
        if section["key"] not in SECTIONS:
            continue
        for p in section["paragraphs"]:
            out.append(DraftParagraph(f"{section['key']}/{p['number']}", p["number"], p["text"]))
            for k, item in enumerate(p.get("items", []) if items else []):
                out.append(DraftParagraph(f"{section['key']}/{p['number']}/item-{k}", item["number"], item["text"]))
    return out


DRAFT = chair_draft()
TEXT = {d.key: d.text for d in DRAFT}


def intro(n: int) -> str:
    return TEXT[f"introduction/{n}"]


def rec(n: int) -> str:
    return TEXT[f"recommendations/{n}"]


INTRO = [intro(n) for n in range(1, 16)]
RECS = [rec(n) for n in range(1, 20)]


def report(intro_texts: list[str] = INTRO, rec_texts: list[str] = RECS, *, renumber: bool = True) -> str:
    """A clean revised copy: headings, paragraphs renumbered 1., 2., 3., …, blank lines between.
    With ``renumber=False`` the introduction's texts carry their own numbers."""
    intro_blocks = [f"{k}. {t}" for k, t in enumerate(intro_texts, 1)] if renumber else intro_texts
    rec_blocks = [f"{k}. {t}" for k, t in enumerate(rec_texts, 1)]
    return "\n\n".join(["Introduction", *intro_blocks, "Recommendations", *rec_blocks]) + "\n"


# Edits to a list of paragraph texts; paragraph numbers n are 1-based, as in the draft.
def edited(texts: list[str], n: int, old: str, new: str) -> list[str]:
    return [t.replace(old, new) if k == n else t for k, t in enumerate(texts, 1)]


def inserted_after(texts: list[str], n: int, *new: str) -> list[str]:
    return [*texts[:n], *new, *texts[n:]]


def deleted(texts: list[str], n: int) -> list[str]:
    return texts[: n - 1] + texts[n:]


def swapped(texts: list[str], n: int) -> list[str]:
    """Paragraphs n and n + 1 change places."""
    return [*texts[: n - 1], texts[n], texts[n - 1], *texts[n + 1 :]]


def moved_after(texts: list[str], n: int, after: int) -> list[str]:
    rest = deleted(texts, n)
    return inserted_after(rest, after - 1, texts[n - 1])


def merged(texts: list[str], n: int) -> list[str]:
    """Paragraphs n and n + 1 become one."""
    return [*texts[: n - 1], f"{texts[n - 1]} {texts[n]}", *texts[n + 1 :]]


def split(texts: list[str], n: int, before: str) -> list[str]:
    """Paragraph n becomes two, the second starting at ``before``."""
    at = texts[n - 1].index(before)
    return [*texts[: n - 1], texts[n - 1][:at].rstrip(), texts[n - 1][at:], *texts[n:]]


def summary(entries: list[Entry]) -> list[tuple]:
    """The entries that are not "unchanged", as short tuples, in order."""
    out = []
    for e in entries:
        if e.kind == INSERTED:
            out.append((INSERTED, e.provisional_number, e.new_text[:30]))
        elif e.kind != UNCHANGED:
            out.append((e.kind, e.draft_key))
    return out


def align_text(raw: str, *, kind: str = "txt", draft: list[DraftParagraph] = DRAFT) -> list[Entry]:
    return align(draft, split_revised_text(raw, kind=kind))


def assert_every_draft_paragraph_once(entries: list[Entry], draft: list[DraftParagraph] = DRAFT) -> None:
    """No draft paragraph is lost or reported twice: each is matched, moved or deleted exactly once."""
    keys = [e.draft_key for e in entries if e.kind != INSERTED]
    assert sorted(keys) == sorted(d.key for d in draft)
