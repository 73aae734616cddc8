"""Provisional numbers for new paragraphs, as negotiators write them: "2 bis", "2 ter", … No Django."""

LATIN = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"]


def next_provisional_number(after, taken=()):
    """The first of "N bis", "N ter", … after paragraph N that no other proposal uses yet."""
    base = after.split(" ", 1)[0] if after else ""
    if not base:
        return ""
    taken = {t.strip().lower() for t in taken}
    for word in LATIN:
        candidate = f"{base} {word}"
        if candidate.lower() not in taken:
            return candidate
    extra = len(LATIN) + 1  # past "decies", count on: "2 (11)", "2 (12)", …
    while f"{base} ({extra})" in taken:
        extra += 1
    return f"{base} ({extra})"
