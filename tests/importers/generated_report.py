"""A generated report for the round trips: 200 paragraphs in five sections, with sub-items, quoted
paragraphs, footnotes, "N bis" numbers, and Arabic, Chinese and Cyrillic text among the English.

The same seed gives the same report, so a module can convert it once and each test build it again.
"""

import random

from amendments.core.ordering import spread
from amendments.models import Paragraph, Report, Section, WorkingGroup

PARAGRAPHS = 200
SECTIONS = ["Introduction", "Findings", "Recommendations", "Institutional framework", "Annex"]
WORDS = [
    "governments",
    "institutions",
    "stakeholders",
    "cooperation",
    "development",
    "capacity",
    "building",
    "policy",
    "public",
    "international",
    "regional",
    "national",
    "dialogue",
    "framework",
    "mechanism",
    "transparency",
    "inclusiveness",
    "network",
    "security",
    "resilience",
    "infrastructure",
    "connectivity",
    "access",
    "affordability",
    "literacy",
    "research",
    "innovation",
    "investment",
    "trade",
    "data",
    "protection",
    "privacy",
    "standards",
    "interoperability",
    "multilingual",
    "content",
    "culture",
    "education",
    "health",
    "agriculture",
    "finance",
    "gender",
    "youth",
    "community",
    "academia",
    "industry",
    "society",
    "platform",
    "coordination",
    "review",
    "monitoring",
    "evaluation",
    "reporting",
    "consultation",
    "participation",
    "partnership",
    "sustainability",
    "environment",
    "energy",
    "climate",
    "accountability",
    "legitimacy",
    "effectiveness",
    "efficiency",
]
FOREIGN = [
    "التعاون المعزز",  # Arabic
    "加强合作",  # Chinese
    "усиленное сотрудничество",  # Cyrillic
    "Рабочая группа",
    "مجتمع المعلومات",
    "信息社会",
]
CYRILLIC = [
    "Рабочая",
    "группа",
    "рекомендует",
    "правительствам",
    "и",
    "всем",
    "заинтересованным",
    "сторонам",
    "укреплять",
    "сотрудничество",
    "в",
    "области",
    "международной",
    "публичной",
    "политики",
]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    if rng.random() < 0.3:
        chosen.insert(rng.randint(2, len(chosen) - 1), f"«{rng.choice(FOREIGN)}»")
    return " ".join(chosen) + "."


def _text(rng: random.Random, n: int) -> str:
    if n % 23 == 0:
        return " ".join(rng.choice(CYRILLIC) for _ in range(24)).capitalize() + "."
    return " ".join(_sentence(rng, rng.randint(10, 18)) for _ in range(rng.randint(1, 3)))


def build(seed: int = 2017) -> Report:
    """The report, saved: its paragraphs, sub-items, quotes and footnotes."""
    rng = random.Random(seed)
    group, _ = WorkingGroup.objects.get_or_create(name="Test body")
    report = Report.objects.create(
        working_group=group, title="Generated report", subtitle="Two hundred paragraphs", body="Test body"
    )
    per_section = PARAGRAPHS // len(SECTIONS)
    number, note = 0, 0
    for s, (heading, section_key) in enumerate(zip(SECTIONS, spread(len(SECTIONS)), strict=True)):
        section = Section.objects.create(report=report, key=f"s{s}", heading=heading, position=section_key)
        for k, key in enumerate(spread(per_section)):
            if k % 17 == 5:
                label = f"{number} bis"
            else:
                number += 1
                label = str(number)
            text = _text(rng, number + k)
            row = Paragraph.objects.create(section=section, number=label, position=key, text=text)
            children: list[tuple[str, str, str, str]] = []  # kind, number, text, footnote anchor
            if k % 9 == 3:
                children += [("item", "", _sentence(rng, rng.randint(4, 9)).rstrip(".") + ";", "") for _ in range(3)]
            if k % 31 == 7:
                children += [("quote", "", f"{60 + q}. {_sentence(rng, 14)}", "") for q in range(2)]
            if k % 7 == 2:
                note += 1
                source = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
                note_text = f"See the contribution on {source}, at https://example.org/wgec/{note}.pdf"
                children.append((Paragraph.Kind.FOOTNOTE, str(note), note_text, " ".join(text.split()[:6])))
            for (kind, child_number, child_text, anchor), child_key in zip(
                children, spread(len(children)), strict=True
            ):
                Paragraph.objects.create(
                    section=section, parent=row, kind=kind, number=child_number, text=child_text,
                    footnote_anchor=anchor, position=child_key,
                )  # fmt: skip
    return report
