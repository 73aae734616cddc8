"""The consolidated draft as a `Document` (amendments.core.document): what a revision freezes and
what every export reads, each with the identity it prints (symbol, distribution, language, date,
the revision's label and subtitle).

The identity is read from the rows when a document is made, not from the snapshot: a label or a
symbol corrected later is printed on every later export of the same text.

Deleted paragraphs are left out. Square brackets are the text's own (written by the bracket
actions, amendments.actions.brackets): every export prints the text as it stands, whatever the status.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import replace
from typing import Any, cast

from django.utils import timezone

from amendments.core.document import (
    Block,
    BlockKind,
    Document,
    Footnote,
    Identity,
    RevisionLabel,
    Section,
)
from amendments.core.document import Submission as SubmissionData
from amendments.models import Paragraph, Report, Revision, Submission
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
        submission=p.submission.key if p.submission is not None else "",
        indent=p.indent,
        bulleted=p.bulleted,
    )


def _submission(row: Submission) -> SubmissionData:
    notes = (Footnote(number=row.heading_note_number, text=row.heading_note),) if row.heading_note else ()
    return SubmissionData(
        id=row.pk,
        key=row.key,
        heading=row.heading,
        submitter=row.participant.name,
        number=row.number,
        date=row.date.isoformat() if row.date else "",
        on_behalf_of=row.on_behalf_of,
        members=tuple(member.name for member in row.members.all()),
        title=row.title,
        addressee=row.addressee,
        disclaimer=row.disclaimer,
        status=row.status,
        footnotes=notes,
    )


def _kind(report: Report) -> dict[str, Any]:
    """What a compilation's head says beside a draft's: its kind and the lines above its body."""
    kind = "compilation" if report.kind == Report.Kind.COMPILATION else "draft"
    return {"kind": kind, "issuer": tuple(report.issuer_lines)}


def identity(report: Report, day: datetime.date | None) -> Identity:
    """The report's masthead for a text of `day`."""
    return Identity(
        symbol=report.symbol,
        distribution=report.distribution,
        language=report.language,
        date=day.isoformat() if day else "",
    )


def _label(revision: Revision) -> RevisionLabel | None:
    """How a revision is labelled in print: "Rev.1" and its date; the original text by its subtitle alone."""
    return None if revision.is_original else RevisionLabel(revision.name, revision.date.isoformat())


def report_head(report: Report, in_force: Revision | None) -> Document:
    """The report's title block as it stands now, with no text: its masthead, title and subtitle, and
    the label and date of the text in force (`in_force`: `report.revisions.in_force()`)."""
    if in_force is None:  # a report loaded without its original kept
        return Document(
            id=report.pk,
            title=report.title,
            subtitle=report.subtitle,
            body=report.body,
            identity=identity(report, report.date),
            **_kind(report),
        )
    return Document(
        id=report.pk,
        title=report.title,
        subtitle=in_force.subtitle,
        body=report.body,
        revision=_label(in_force),
        identity=identity(report, in_force.date),
        **_kind(report),
    )


def revision_document(revision: Revision) -> Document:
    """A revision's text as it was issued, printed with its label, date and subtitle as they are now."""
    report = revision.report
    return replace(
        Document.from_json(revision.snapshot),
        title=report.title,
        body=report.body,
        subtitle=revision.subtitle,
        revision=_label(revision),
        identity=identity(report, revision.date),
        **_kind(report),
    )


def current_head(report: Report, on: datetime.date | None = None) -> Document:
    """The current draft's title block, with no text: the masthead dated `on` (today), under the
    subtitle of the text in force. The current draft is no revision: it has no revision label."""
    in_force = report.revisions.in_force()
    return Document(
        id=report.pk,
        title=report.title,
        subtitle=in_force.subtitle if in_force is not None else report.subtitle,
        body=report.body,
        identity=identity(report, on or timezone.localdate()),
        **_kind(report),
    )


def report_document(
    report: Report, revision: RevisionLabel | None = None, *, subtitle: str = "", on: datetime.date | None = None
) -> Document:
    """The report as it stands now: the current draft of `on` (`current_head`); or, when one is
    being issued, the text of `revision` with its own `subtitle`."""
    if revision is None:
        head = current_head(report, on)
    else:
        day = datetime.date.fromisoformat(revision.date)
        head = Document(
            id=report.pk,
            title=report.title,
            subtitle=subtitle,
            body=report.body,
            revision=revision,
            identity=identity(report, day),
            **_kind(report),
        )
    return replace(
        head,
        sections=tuple(
            Section(
                key=s.section.key,
                heading=s.section.heading,
                paragraph_name=s.section.paragraph_name,
                blocks=tuple(_block(n) for n in s.nodes if n.paragraph.status != _DELETED),
                submissions=tuple(_submission(row) for row in s.submissions),
            )
            for s in report_tree(report)
        ),
    )


def report_snapshot(report: Report, revision: dict[str, str] | None = None) -> dict[str, Any]:
    """The report now, as the JSON a revision stores (`Document.to_json`); `revision` gives the name,
    date and subtitle of the revision being issued."""
    if revision is None:
        return report_document(report).to_json()
    label = RevisionLabel(revision["name"], revision["date"])
    return report_document(report, label, subtitle=revision.get("subtitle", "")).to_json()


def deleted_in_numbering(report: Report, deleted: Collection[int]) -> set[int]:
    """Of the deleted paragraphs `deleted` (ids), those that still hold their place in the numbering
    in force: deleted since the last revision (whose snapshot still has them), or before any. The
    report shows them as "[Recommendation 6 deleted]" until the next revision renumbers without them."""
    if not deleted:
        return set()
    latest = report.revisions.order_by("is_original", "-issued_at", "-id").values_list("snapshot", flat=True).first()
    if latest is None:
        return set(deleted)
    numbered = {block["id"] for section in latest["sections"] for block in section["paragraphs"]}
    return numbered.intersection(deleted)
