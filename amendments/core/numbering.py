"""Provisional numbers for new paragraphs, as negotiators write them: "2 bis", "2 ter", … No Django.

One list of the Latin ordinals serves the whole app: proposing a number, ordering new paragraphs
at one place, and reading numbers typed in members' documents (where "tres" and "nonies" also occur).
"""

from __future__ import annotations

from collections.abc import Iterable

LATIN = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"]
# Spellings seen in members' texts for the same ordinals ("2 tres" is "2 ter").
LATIN_VARIANTS = {"tres": "ter", "nonies": "novies"}
# Every spelling a reader accepts after a number, as a regular-expression alternation.
LATIN_PATTERN = "|".join(sorted([*LATIN, *LATIN_VARIANTS], key=len, reverse=True))


def next_provisional_number(after: str | None, taken: Iterable[str] = ()) -> str:
    """The first of "N bis", "N ter", … after paragraph N that no other proposal uses yet."""
    base = after.split(" ", 1)[0] if after else ""
    if not base:
        return ""
    used = {t.strip().lower() for t in taken}
    for word in LATIN:
        candidate = f"{base} {word}"
        if candidate.lower() not in used:
            return candidate
    extra = len(LATIN) + 1  # past "decies", count on: "2 (11)", "2 (12)", …
    while f"{base} ({extra})" in used:
        extra += 1
    return f"{base} ({extra})"


def provisional_order(number: str) -> tuple[int, str]:
    """Sort key: "2 bis" before "2 ter" before "2 quater"…; anything else after, in text order."""
    word = number.split(" ", 1)[1].strip().lower() if " " in number.strip() else ""
    word = LATIN_VARIANTS.get(word, word)
    return (LATIN.index(word), number) if word in LATIN else (len(LATIN), number)
