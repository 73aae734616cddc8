"""Starting a new report from a document (`importers.report`): the report, its sections and paragraphs.

Everything is created in one transaction, each row with its first history record naming the user
and the reason, or nothing is. A new report locks nothing: it is all inserts. A form resent (a
double click, the back button) carries the same `form_token`, and finds the report it created
instead of creating a second one; the unique token settles two requests that arrive together.

The new report does not become the draft being negotiated (`Report.objects.current()` stays the
first one loaded); it is reached by its own page.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from amendments.actions.errors import ImportRefused
from amendments.actions.history import save_with_history
from amendments.actions.identity import keep_original
from amendments.core.document import Block, Document, Footnote
from amendments.core.document import Submission as SubmissionData
from amendments.core.ordering import spread
from amendments.models import Paragraph, Participant, Report, Section, Submission, User, WorkingGroup

M = TypeVar("M", bound=Model)

__all__ = ["ImportRefused", "counts", "create_report"]


def counts(document: Document) -> dict[str, int]:
    """What the document would create: sections, paragraphs, sub-items (and quotes), footnotes, and
    a compilation's submissions."""
    blocks = [block for section in document.sections for block in section.blocks]
    items = [item for block in blocks for item in block.items]
    return {
        "sections": len(document.sections),
        "submissions": sum(len(section.submissions) for section in document.sections),
        "paragraphs": len(blocks),
        "items": len(items),
        "footnotes": sum(len(row.footnotes) for row in (*blocks, *items))
        + sum(len(s.footnotes) for section in document.sections for s in section.submissions),
    }


def create_report(
    document: Document,
    *,
    user: User | None,
    reason: str,
    form_token: uuid.UUID | None = None,
    working_group_id: int | None = None,
) -> tuple[Report, bool]:
    """The report made of `document`, and whether it was created now (False: this form already did).

    The body that writes it is the document's, else the current report's. Raises ImportRefused,
    creating nothing, when the document has no title or no body, or a row does not fit (a heading
    or a number longer than the database holds, a submission from someone who is not a participant)."""
    if form_token is not None:
        existing = Report.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
    # In the working group given, else the current report's; its name of the body by default.
    reports = Report.objects if working_group_id is None else Report.objects.filter(working_group_id=working_group_id)
    current = reports.current()
    if current is not None:
        working_group_id = current.working_group_id
    body = document.body.strip() or (current.body if current is not None else "")
    if not document.title.strip():
        raise ImportRefused("The report needs a title.")
    if not body:
        raise ImportRefused("The report needs the name of the body that writes it.")
    try:
        with transaction.atomic():
            return _Creation(user, reason).report(document, body, form_token, working_group_id), True
    except IntegrityError:
        existing = Report.objects.filter(form_token=form_token).first() if form_token is not None else None
        if existing is None:
            raise
        return existing, False


class _Creation:
    """The rows of one new report, each saved with its history record and checked first."""

    def __init__(self, user: User | None, reason: str) -> None:
        self.user, self.reason = user, reason

    def save(self, row: M, what: str) -> M:
        try:
            return save_with_history(row, user=self.user, reason=self.reason, clean=True)
        except ValidationError as error:
            raise ImportRefused(f"{what}: {_first_message(error)}") from None

    def report(
        self, document: Document, body: str, form_token: uuid.UUID | None, working_group_id: int | None
    ) -> Report:
        if working_group_id is None:  # the first report of a new installation: its body becomes one
            working_group_id = _working_group_named(body, user=self.user, reason=self.reason)
        participants = _participants(document, working_group_id)
        report = self.save(
            Report(
                working_group_id=working_group_id,
                kind=Report.Kind.COMPILATION if document.kind == "compilation" else Report.Kind.DRAFT,
                issuer="\n".join(document.issuer),
                title=document.title.strip(),
                subtitle=document.subtitle.strip(),
                body=body,
                form_token=form_token,
                **_identity(document),
            ),
            "The report",
        )
        for key, section in zip(spread(len(document.sections)), document.sections, strict=True):
            row = self.save(
                Section(
                    report=report,
                    key=section.key,
                    heading=section.heading,
                    paragraph_name=section.paragraph_name,
                    position=key,
                ),
                f"The section {section.heading!r}",
            )
            submissions = self.submissions(row, section.submissions, participants)
            for place, block in zip(spread(len(section.blocks)), section.blocks, strict=True):
                what = f"{section.heading} {block.number}" if block.number else f"{section.heading}, a paragraph"
                if block.submission and block.submission not in submissions:
                    raise ImportRefused(f"{what}: no submission {block.submission!r} in the section.")
                paragraph = self.save(
                    Paragraph(section=row, number=block.number, kind=Paragraph.Kind.PARAGRAPH, text=block.text,
                              position=place, submission=submissions.get(block.submission), indent=block.indent,
                              bulleted=block.bulleted),
                    what,
                )  # fmt: skip
                self.children(paragraph, block.items, block.footnotes, what)
        keep_original(report, user=self.user, reason=self.reason)
        return report

    def submissions(
        self, section: Section, submissions: tuple[SubmissionData, ...], participants: dict[str, Participant]
    ) -> dict[str, Submission]:
        rows: dict[str, Submission] = {}
        for place, data in zip(spread(len(submissions)), submissions, strict=True):
            what = f"The submission {data.heading[:80]!r}"
            if len(data.footnotes) > 1:
                raise ImportRefused(f"{what}: its heading has {len(data.footnotes)} footnotes; the app keeps one.")
            note = data.footnotes[0] if data.footnotes else None
            row = self.save(
                Submission(
                    section=section,
                    key=data.key,
                    position=place,
                    participant=participants[data.submitter],
                    on_behalf_of=data.on_behalf_of,
                    number=data.number,
                    heading=data.heading,
                    title=data.title,
                    date=_day(data.date),
                    addressee=data.addressee,
                    disclaimer=data.disclaimer,
                    heading_note_number=note.number if note else "",
                    heading_note=note.text if note else "",
                ),
                what,
            )
            row.members.set([participants[name] for name in data.members])
            rows[data.key] = row
        return rows

    def children(self, parent: Paragraph, items: tuple[Block, ...], notes: tuple[Footnote, ...], what: str) -> None:
        """Sub-items first, then footnotes, in one run of order keys (as the WGEC draft is loaded)."""
        keys = spread(len(items) + len(notes))
        for k, (key, item) in enumerate(zip(keys[: len(items)], items, strict=True), start=1):
            kind = Paragraph.Kind.QUOTE if item.kind == "quote" else Paragraph.Kind.ITEM
            child = self.save(
                Paragraph(section=parent.section, parent=parent, number=item.number, kind=kind, text=item.text,
                          position=key),
                f"{what}, sub-item {k}",
            )  # fmt: skip
            self.children(child, (), item.footnotes, f"{what}, sub-item {k}")
        for key, note in zip(keys[len(items) :], notes, strict=True):
            footnote = Paragraph(
                section=parent.section,
                parent=parent,
                number=note.number,
                kind=Paragraph.Kind.FOOTNOTE,
                text=note.text,
                footnote_anchor=note.after,
                position=key,
            )
            self.save(footnote, f"Footnote {note.number}")


def _working_group_named(name: str, *, user: User | None, reason: str) -> int:
    existing = WorkingGroup.objects.filter(name=name).first()
    return (existing or save_with_history(WorkingGroup(name=name), user=user, reason=reason)).pk


def _participants(document: Document, working_group_id: int) -> dict[str, Participant]:
    """The participants a compilation's submissions name, by name; refuses when one is missing."""
    names = {
        name
        for section in document.sections
        for submission in section.submissions
        for name in (submission.submitter, *submission.members)
    }
    found = {p.name: p for p in Participant.objects.filter(working_group_id=working_group_id, name__in=names)}
    missing = sorted(names - set(found))
    if missing:
        raise ImportRefused(
            "These are named as submitters or members but are not participants of the working group: "
            f"{', '.join(missing)}. Add them on the members page (or import the members) first."
        )
    return found


def _day(iso: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _identity(document: Document) -> dict[str, object]:
    """The masthead the document printed, as the report's fields (a date that is no ISO date is left out)."""
    identity = document.identity
    try:
        day = datetime.date.fromisoformat(identity.date) if identity.date else None
    except ValueError:
        day = None
    return {
        "symbol": identity.symbol,
        "distribution": identity.distribution,
        "language": identity.language,
        "date": day,
    }


def _first_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return f"{field.replace('_', ' ')}: {messages[0]}"
    return error.messages[0]
