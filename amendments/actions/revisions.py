"""Issuing a revision: consolidate the accepted amendments into the draft, renumber, freeze a
snapshot and carry every pending amendment over, all in one transaction.

Two accepted amendments that change the same words of one paragraph stop the revision: they are
returned as collisions for the officer to resolve. Nothing is written unless everything succeeds.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from amendments.core import textdiff
from amendments.core.numbering import provisional_order
from amendments.core.ordering import key_between
from amendments.core.texts import clean_text
from amendments.models import Amendment, Paragraph, Report, Revision
from amendments.queries.snapshots import report_snapshot
from amendments.queries.tree import position_path


class RevisionError(ValueError):
    """The revision cannot be issued as asked; the message says why."""


@dataclass
class Collision:
    paragraph: Paragraph
    amendments: list  # the accepted amendments that cannot all apply
    merge: textdiff.Merge | None  # the conflicting chunks, when it is a clash of words


class RevisionConflict(Exception):
    def __init__(self, collisions):
        super().__init__(f"{len(collisions)} paragraph(s) have accepted amendments that collide.")
        self.collisions = collisions


PENDING = (Amendment.Status.DRAFT, Amendment.Status.SUBMITTED)


def _consolidate(paragraphs, accepted):
    """{paragraph id: new text}, the ids to delete, and the collisions."""
    texts, deletions, collisions = {}, set(), []
    by_paragraph = defaultdict(list)
    for amendment in accepted:
        if amendment.kind != Amendment.Kind.INSERT:
            by_paragraph[amendment.paragraph_id].append(amendment)
    for paragraph_id, group in by_paragraph.items():
        paragraph = paragraphs[paragraph_id]
        deleting = [a for a in group if a.kind == Amendment.Kind.DELETE]
        changing = [a for a in group if a.kind == Amendment.Kind.MODIFY]
        if deleting and changing:
            collisions.append(Collision(paragraph, deleting + changing, None))
            continue
        if deleting:
            deletions.add(paragraph_id)
            continue
        text, applied = paragraph.text, []
        for amendment in changing:
            merge = textdiff.merge3(amendment.base_text, text, amendment.adopted_text)
            if not merge.clean:
                collisions.append(Collision(paragraph, [*applied, amendment], merge))
                break
            text = merge.text
            applied.append(amendment)
        else:
            if text != paragraph.text:
                texts[paragraph_id] = text
    return texts, deletions, collisions


def _insert_rows(paragraphs, inserts):
    """New rows for accepted insertions, each chained after the one before it at the same place."""
    created = []
    by_place = defaultdict(list)
    for amendment in inserts:
        by_place[amendment.paragraph_id].append(amendment)
    for after_id, group in by_place.items():
        after = paragraphs[after_id]
        siblings = sorted(
            (p for p in paragraphs.values() if p.section_id == after.section_id and p.parent_id == after.parent_id),
            key=lambda p: p.position,
        )
        following = next((p.position for p in siblings if p.position > after.position), None)
        lower = after.position
        for amendment in sorted(group, key=lambda a: (provisional_order(a.provisional_number), a.pk)):
            row = Paragraph(
                section_id=after.section_id,
                parent_id=after.parent_id,
                number=amendment.provisional_number,
                kind=after.kind,
                text=amendment.adopted_text,
                position=key_between(lower, following),
                footnote_anchor="",
            )
            lower = row.position
            created.append(row)
    return created


def _document_order(rows):
    by_id = {p.pk: p for p in rows}

    def key(p):
        return (p.section.position, *position_path(p, lambda row: by_id.get(row.parent_id)))

    return sorted(rows, key=key)


def _gone(rows):
    """Deleted rows and everything under them (sub-items, their footnotes)."""
    by_id = {p.pk: p for p in rows}
    gone = set()
    for p in rows:
        row = p
        while row is not None:
            if row.status == Paragraph.Status.DELETED:
                gone.add(p.pk)
                break
            row = by_id.get(row.parent_id)
    return gone


def _renumber(rows):
    """Numbered paragraphs 1…N per section in order ("2 bis" becomes 3); footnotes 1…N in the report."""
    changed = []
    gone = _gone(rows)  # a deleted paragraph takes its sub-items and footnotes with it
    live = [p for p in rows if p.pk not in gone]
    by_section = defaultdict(list)
    for p in live:
        if p.parent_id is None and p.number:
            by_section[p.section_id].append(p)
    for numbered in by_section.values():
        for n, p in enumerate(sorted(numbered, key=lambda p: p.position), 1):
            if p.number != str(n):
                p.number = str(n)
                changed.append(p)
    footnotes = [p for p in _document_order(live) if p.kind == Paragraph.Kind.FOOTNOTE]
    for n, p in enumerate(footnotes, 1):
        if p.number != str(n):
            p.number = str(n)
            changed.append(p)
    return changed


def _carry_over(amendment, paragraph, revision, gone):
    """Rebase a pending amendment onto the revised text, or flag it for its delegation. Never lost."""
    if paragraph.pk in gone:
        amendment.carried_over_in, amendment.carried_over = revision, Amendment.CarriedOver.CONFLICT
        if amendment.kind == Amendment.Kind.INSERT:
            return "The paragraph it follows was deleted"
        return "The paragraph it amends was deleted"
    if amendment.kind == Amendment.Kind.INSERT or amendment.base_text == paragraph.text:
        return None
    amendment.carried_over_in = revision
    if amendment.kind == Amendment.Kind.DELETE:
        # Deleting the paragraph still means deleting it: only the text it deletes moves on.
        proposal = ""
    else:
        merge = textdiff.merge3(amendment.base_text, paragraph.text, amendment.proposed_text)
        if not merge.clean:
            amendment.carried_over = Amendment.CarriedOver.CONFLICT
            return "Conflicts with the revised text"
        proposal = merge.text
        if proposal == paragraph.text:
            amendment.status = Amendment.Status.SUPERSEDED
            amendment.carried_over = Amendment.CarriedOver.REBASED
            return f"Its change is already in {revision.name}"
    amendment.base_version, amendment.base_text = paragraph.version, paragraph.text
    amendment.proposed_text = proposal
    amendment.segments = [list(s) for s in textdiff.diff(paragraph.text, proposal)]
    amendment.patch = textdiff.make_patch(paragraph.text, proposal)
    amendment.version += 1
    amendment.carried_over = Amendment.CarriedOver.REBASED
    return f"Rebased onto {revision.name}"


def issue_revision(report_id, *, name, date, user):
    """Consolidate, renumber, freeze and carry over, or raise RevisionConflict / RevisionError."""
    if user is not None and not user.is_secretariat:
        raise PermissionDenied("Only the secretariat issues revisions.")
    name = clean_text(name, limit=100, what="The name of the revision")
    now = timezone.now()
    with transaction.atomic():
        # Locking the report serialises two officers issuing at once: the second waits, then
        # finds the first one's revision (same name refused) and no accepted amendment left.
        report = Report.objects.select_for_update().get(pk=report_id)
        if Revision.objects.filter(report=report, name=name).exists():
            raise RevisionError(f"{report} already has a revision named “{name}”.")
        rows = list(Paragraph.objects.select_for_update().filter(section__report=report).select_related("section"))
        paragraphs = {p.pk: p for p in rows}
        accepted = list(
            Amendment.objects.select_for_update()
            .filter(paragraph__section__report=report, applied_in=None, status__in=Amendment.ACCEPTED_STATUSES)
            .order_by("decided_at", "id")
        )
        texts, deletions, collisions = _consolidate(paragraphs, accepted)
        if collisions:
            raise RevisionConflict(collisions)

        reason = f"{name}: accepted amendments consolidated"
        touched = {}
        for paragraph_id, text in texts.items():
            paragraphs[paragraph_id].text = text
            touched[paragraph_id] = paragraphs[paragraph_id]
        for paragraph_id in deletions:
            paragraphs[paragraph_id].status = Paragraph.Status.DELETED
            touched[paragraph_id] = paragraphs[paragraph_id]
        new_rows = _insert_rows(paragraphs, [a for a in accepted if a.kind == Amendment.Kind.INSERT])
        for row in new_rows:
            row._history_user, row._change_reason = user, reason
            row.save()
            row.section = next(p.section for p in rows if p.section_id == row.section_id)
            paragraphs[row.pk] = row
        for p in _renumber(list(paragraphs.values())):
            touched.setdefault(p.pk, p)
        for p in touched.values():
            p.version += 1
        if touched:
            bulk_update_with_history(
                list(touched.values()),
                Paragraph,
                ["text", "status", "number", "version"],
                default_user=user,
                default_change_reason=f"{name}: consolidated and renumbered",
                default_date=now,
            )

        revision = Revision(report=report, name=name, date=date, issued_by=user)
        revision.snapshot = report_snapshot(report, {"name": name, "date": date.isoformat()})
        revision.save()

        for amendment in accepted:
            amendment.applied_in = revision
        if accepted:
            bulk_update_with_history(
                accepted,
                Amendment,
                ["applied_in"],
                default_user=user,
                default_change_reason=f"Consolidated in {name}",
                default_date=now,
            )

        pending = list(
            Amendment.objects.select_for_update().filter(paragraph__section__report=report, status__in=PENDING)
        )
        carried = []
        gone = _gone(list(paragraphs.values()))
        for amendment in pending:
            note = _carry_over(amendment, paragraphs[amendment.paragraph_id], revision, gone)
            if note is not None:
                amendment._change_reason = note
                carried.append(amendment)
        if carried:
            for reason_text in {a._change_reason for a in carried}:
                same = [a for a in carried if a._change_reason == reason_text]
                bulk_update_with_history(
                    same,
                    Amendment,
                    [
                        "status",
                        "base_version",
                        "base_text",
                        "proposed_text",
                        "segments",
                        "patch",
                        "version",
                        "carried_over",
                        "carried_over_in",
                    ],  # fmt: skip
                    default_user=user,
                    default_change_reason=reason_text,
                    default_date=now,
                )
        return revision
