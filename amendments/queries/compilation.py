"""The compilation of proposals (the secretariat's "rolling document"), read from the database as plain data.

`compile_proposals` reads the database once (a fixed number of queries, whatever the number of
amendments) and returns JSON-serialisable data; exporters/compilation.py prints it as .html or .docx,
so what is printed is exactly what was compiled. Format:

    {
      "report": {"id": 1, "title": "...", "subtitle": "...", "body": "...",   # the subtitle in force
                 "identity": {"symbol": "...", "distribution": "...", "language": "...", "date": "2017-11-22"}},
      "title": "Compilation of proposals",
      "edition": "circulated" | "internal",           # queries.editions.Edition
      "mark": "" | "Internal: includes unsubmitted drafts",  # printed first when not empty
      "generated": "2017-11-22",                      # the local date
      "filters": {"participant": "Japan" or None, "statuses": ["submitted"] or None,
                  "status_labels": ["Submitted"] or None},
      "total": 14,                                    # proposals in the compilation
      "contents": [                                   # the table of contents
        {"heading": "Recommendations", "anchor": "s-recommendations", "count": 11,
         "paragraphs": [{"label": "Recommendation 10", "anchor": "p-40", "count": 2}]}
      ],
      "sections": [                                   # report order; only sections with proposals
        {"key": "recommendations", "heading": "Recommendations", "anchor": "s-recommendations",
         "paragraphs": [                              # report order: paragraph, its sub-items, its footnotes
           {"id": 40, "label": "Recommendation 10", "number": "10", "kind": "paragraph",
            "text": "... the current text ...", "status": "open", "status_label": "Open", "anchor": "p-40",
            "amendments": [                           # in order of submission
              {"id": 14, "participant": "Russian Federation", "observer": false,
               "stakeholder_group": "Member State", "kind": "modify", "kind_label": "Change",
               "provisional_number": "", "status": "submitted", "status_label": "Submitted",
               "submitted": "2017-11-20" or None, "version": 1, "base_version": 1,
               "supported_by": ["Japan"], "opposed_by": [],   # on the current version
               "earlier_positions": [{"participant": "Chile", "stance": "support", "version": 1}],
               "positions": ["Japan supports", "Chile supported version 1"],   # as printed
               "justification": "...", "decision_note": "...", "final_text": "...",
               "redline": "current" | "rebased" | "conflict" | "original",
               "segments": [["equal", "..."], ["delete", "..."], ["insert", "..."]]}
            ]}
         ]}
      ]
    }

"redline" says what `segments` are drawn against: "current", the paragraph as it is now (nothing
changed since the proposal was written); "rebased", the proposal carried over onto the changed text by
a clean three-way merge; "conflict", the merge was not clean, so the text as it stood when the proposal
was written; "original", the amendment was already consolidated into a revision, so its own redline is
the record (rebasing it onto the text it produced would show nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from amendments.models import Amendment, Paragraph, Participant, Report
from amendments.queries import editions
from amendments.queries.editions import Edition
from amendments.queries.redlines import (
    AmendmentPositions,
    Positions,
    amendment_redline,
    position_phrases,
    positions_of,
)
from amendments.queries.snapshots import current_head
from amendments.queries.tree import SectionView, report_tree, walk

__all__ = ["COMPILED_STATUSES", "TITLE", "compile_proposals"]

TITLE = "Compilation of proposals"
# Drafts are private to their delegation: a circulated compilation never shows them (the internal
# edition shows the drafts the secretariat holds).
COMPILED_STATUSES = tuple(s for s in Amendment.Status.values if s != Amendment.Status.DRAFT)


def _check_statuses(statuses: Iterable[str] | None) -> list[str] | None:
    if statuses is None:
        return None
    statuses = list(dict.fromkeys(statuses))  # keep the order given, drop repeats
    unknown = [s for s in statuses if s not in Amendment.Status.values]
    if unknown:
        raise ValueError(f"Unknown status {unknown[0]!r}: use {', '.join(Amendment.Status.values)}.")
    return statuses


def _local_date(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _kind_label(amendment: Amendment) -> str:
    if amendment.kind == Amendment.Kind.INSERT:
        return f"New paragraph {amendment.provisional_number}".rstrip()
    return amendment.get_kind_display()


def _label(paragraph: Paragraph) -> str:
    # "Footnote 9" alone does not say where it is; the tree has loaded its parent.
    if paragraph.is_footnote and paragraph.parent is not None:
        return f"{paragraph.label} to {paragraph.parent.label}"
    return paragraph.label


def _redline(amendment: Amendment, paragraph: Paragraph) -> tuple[str, list[Any]]:
    """(what the segments are drawn against, segments), as the module docstring describes."""
    if amendment.applied_in_id is not None:
        return "original", amendment.segments
    shown = amendment_redline(amendment, paragraph)
    if shown.current:
        return "current", shown.segments
    if shown.rebased_segments is not None:
        return "rebased", [list(s) for s in shown.rebased_segments]
    return "conflict", shown.segments


def _amendment(amendment: Amendment, paragraph: Paragraph, positions: Positions) -> dict[str, Any]:
    against, segments = _redline(amendment, paragraph)
    supported_by, opposed_by, earlier = positions.get(amendment.pk, AmendmentPositions())
    participant = amendment.participant
    return {
        "id": amendment.pk,
        "participant": participant.name,
        "observer": participant.is_observer,
        "stakeholder_group": participant.get_stakeholder_group_display(),
        "kind": amendment.kind,
        "kind_label": _kind_label(amendment),
        "provisional_number": amendment.provisional_number,
        "status": amendment.status,
        "status_label": amendment.get_status_display(),
        "submitted": _local_date(amendment.submitted_at),
        "version": amendment.version,
        "base_version": amendment.base_version,
        "supported_by": list(supported_by),
        "opposed_by": list(opposed_by),
        "earlier_positions": [
            {"participant": e.participant, "stance": e.stance, "version": e.version} for e in earlier
        ],
        "positions": position_phrases(supported_by, opposed_by, earlier),
        "justification": amendment.justification,
        "decision_note": amendment.decision_note,
        "final_text": amendment.final_text if amendment.status == Amendment.Status.ACCEPTED_MODIFIED else "",
        "redline": against,
        "segments": [list(s) for s in segments],
    }


def _participant_name(participant: Participant | str | None) -> str | None:
    if participant is None:
        return None
    return participant.name if isinstance(participant, Participant) else str(participant)


def _selected(
    report: Report, participant: Participant | str | None, statuses: Sequence[str] | None, edition: Edition
) -> QuerySet[Amendment]:
    amendments = editions.amendments(edition).filter(paragraph__section__report=report)
    if participant is not None:
        amendments = amendments.filter(participant__name=_participant_name(participant))
    if statuses is not None:
        amendments = amendments.filter(status__in=statuses)
    return (
        amendments.select_related("participant")
        .defer("patch", "final_segments")
        .order_by(F("submitted_at").asc(nulls_last=True), "created", "id")  # drafts last
    )


def _rows(view: SectionView, by_paragraph: dict[int, list[Amendment]], positions: Positions) -> list[dict[str, Any]]:
    """A section's paragraphs with proposals, in report order, each with its proposals."""
    rows = []
    for node in walk(view.nodes):
        p = node.paragraph
        found = by_paragraph.get(p.pk)
        if not found:
            continue
        for amendment in found:
            amendment.paragraph = p  # the tree's row: labels and the redline cost no query
        rows.append(
            {
                "id": p.pk,
                "label": _label(p),
                "number": p.number,
                "kind": p.kind,
                "text": p.text,
                "status": p.status,
                "status_label": p.get_status_display(),
                "anchor": f"p-{p.pk}",
                "amendments": [_amendment(a, p, positions) for a in found],
            }
        )
    return rows


def _contents_entry(heading: str, anchor: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "heading": heading,
        "anchor": anchor,
        "count": sum(len(row["amendments"]) for row in rows),
        "paragraphs": [
            {"label": row["label"], "anchor": row["anchor"], "count": len(row["amendments"])} for row in rows
        ],
    }


def compile_proposals(
    report: Report,
    *,
    participant: Participant | str | None = None,
    statuses: Iterable[str] | None = None,
    edition: Edition = Edition.CIRCULATED,
) -> dict[str, Any]:
    """The proposals on `report`, by section and paragraph, in the format of the module docstring.

    edition: circulated (the submitted amendments, whoever asks) or internal (with the drafts the
    secretariat holds; see queries.editions). participant: a Participant or a name. statuses:
    Amendment.Status values to keep (ValueError for an unknown one). Five queries at most: the text in force (1), the tree
    (2), the amendments with their participants (1), the positions (1).
    """
    statuses = _check_statuses(statuses)
    head = current_head(report)
    sections = report_tree(report)
    by_paragraph: dict[int, list[Amendment]] = {}
    for amendment in _selected(report, participant, statuses, edition):
        by_paragraph.setdefault(amendment.paragraph_id, []).append(amendment)
    # Positions of every amendment on the report in one query, rather than an IN list of ids.
    positions = positions_of(Q(amendment__paragraph__section__report=report)) if by_paragraph else {}

    compiled, contents = [], []
    for view in sections:
        rows = _rows(view, by_paragraph, positions)
        if not rows:
            continue
        anchor = f"s-{view.section.key}"
        compiled.append(
            {"key": view.section.key, "heading": view.section.heading, "anchor": anchor, "paragraphs": rows}
        )
        contents.append(_contents_entry(view.section.heading, anchor, rows))
    labels = dict(Amendment.Status.choices)
    return {
        "report": {
            "id": report.pk,
            "title": report.title,
            "subtitle": head.subtitle,
            "body": report.body,
            "identity": head.identity.to_json(),
        },
        "title": TITLE,
        "edition": edition.value,
        "mark": editions.mark(edition),
        "generated": timezone.localdate().isoformat(),
        "filters": {
            "participant": _participant_name(participant),
            "statuses": statuses,
            "status_labels": [labels.get(s, s) for s in statuses] if statuses is not None else None,
        },
        "total": sum(entry["count"] for entry in contents),
        "contents": contents,
        "sections": compiled,
    }
