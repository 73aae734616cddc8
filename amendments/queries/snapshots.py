"""The consolidated draft as a `Document` (amendments.core.document): what a revision freezes and
what every export reads.

Deleted paragraphs are left out. Square brackets are the text's own (written by the bracket
actions, amendments.actions.brackets): every export prints the text as it stands, whatever the status.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from amendments.core.document import Block, BlockKind, Document, Footnote, RevisionLabel, Section
from amendments.models import Paragraph, Report
from amendments.queries.tree import Node, report_tree

_DELETED = Paragraph.Status.DELETED


def _block(node: Node) -> Block:
    p = node.paragraph
    return Block(
        id=p.pk,
        kind=cast(BlockKind, p.kind),
        number=p.number,
        text=p.text,
        status=p.status,
        items=tuple(_block(child) for child in node.items if child.paragraph.status != _DELETED)
        if p.parent_id is None
        else (),
        footnotes=tuple(
            Footnote(
                id=f.paragraph.pk, number=f.paragraph.number, text=f.paragraph.text, after=f.paragraph.footnote_anchor
            )
            for f in node.footnotes
            if f.paragraph.status != _DELETED
        ),
    )


def report_document(report: Report, revision: RevisionLabel | None = None) -> Document:
    """The report as it stands now (labelled as `revision` when one is being issued)."""
    return Document(
        id=report.pk,
        title=report.title,
        subtitle=report.subtitle,
        body=report.body,
        revision=revision,
        sections=tuple(
            Section(
                key=s.section.key,
                heading=s.section.heading,
                paragraph_name=s.section.paragraph_name,
                blocks=tuple(_block(n) for n in s.nodes if n.paragraph.status != _DELETED),
            )
            for s in report_tree(report)
        ),
    )


def report_snapshot(report: Report, revision: dict[str, str] | None = None) -> dict[str, Any]:
    """The report now, as the JSON a revision stores (`Document.to_json`)."""
    label = RevisionLabel(revision["name"], revision["date"]) if revision else None
    return report_document(report, label).to_json()


def deleted_in_numbering(report: Report, deleted: Collection[int]) -> set[int]:
    """Of the deleted paragraphs `deleted` (ids), those that still hold their place in the numbering
    in force: deleted since the last revision (whose snapshot still has them), or before any. The
    report shows them as "[Recommendation 6 deleted]" until the next revision renumbers without them."""
    if not deleted:
        return set()
    latest = report.revisions.order_by("-issued_at", "-id").values_list("snapshot", flat=True).first()
    if latest is None:
        return set(deleted)
    numbered = {block["id"] for section in latest["sections"] for block in section["paragraphs"]}
    return numbered.intersection(deleted)
