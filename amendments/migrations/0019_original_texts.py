"""Every report keeps its original text as its first revision ("Original"), so that any revision can
be compared with it. A report loaded from now on keeps it when it is loaded
(actions.identity.keep_original); this step rebuilds it for the reports loaded before.

The original is read from the history: the sections and paragraphs whose first history record was
written with the report's own (same reason, same user, no later than its first issued revision),
each as that first record has it. Rows added later by an edit or a revision are not part of it.
"""

from django.db import migrations
from django.utils import timezone

from amendments.core.document import Block, Document, Footnote, Identity, Section

ORIGINAL = "Original"


def _first_records(model, **filters):
    """The first history record of each row, by row id."""
    first = {}
    for record in model.objects.filter(**filters).order_by("history_date", "history_id"):
        first.setdefault(record.id, record)
    return first


def _born_with(records, report_record, cutoff):
    return {
        pk: r
        for pk, r in records.items()
        if r.history_type == "+"
        and r.history_change_reason == report_record.history_change_reason
        and r.history_user_id == report_record.history_user_id
        and r.history_date <= cutoff
    }


def _footnotes(children, parent_id):
    notes = sorted((r for r in children.get(parent_id, []) if r.kind == "footnote"), key=lambda r: r.position)
    return tuple(Footnote(id=r.id, number=r.number, text=r.text, after=r.footnote_anchor) for r in notes)


def _block(record, children, top):
    rows = sorted((r for r in children.get(record.id, []) if r.kind != "footnote"), key=lambda r: r.position)
    return Block(
        id=record.id,
        kind=record.kind,
        number=record.number,
        text=record.text,
        status=record.status,
        items=tuple(_block(r, children, top=False) for r in rows) if top else (),
        footnotes=_footnotes(children, record.id),
    )


def _original_document(apps, report, report_record, cutoff):
    sections = _born_with(
        _first_records(apps.get_model("amendments", "HistoricalSection"), report_id=report.pk), report_record, cutoff
    )
    paragraphs = _born_with(
        _first_records(apps.get_model("amendments", "HistoricalParagraph"), section_id__in=list(sections)),
        report_record,
        cutoff,
    )
    children, tops = {}, {}
    for record in paragraphs.values():
        if record.parent_id is None:
            tops.setdefault(record.section_id, []).append(record)
        else:
            children.setdefault(record.parent_id, []).append(record)
    return Document(
        id=report.pk,
        title=report_record.title,
        subtitle=report_record.subtitle,
        body=report_record.body,
        identity=Identity(date=report.date.isoformat() if report.date else report_record.history_date.date().isoformat()),
        sections=tuple(
            Section(
                key=s.key,
                heading=s.heading,
                paragraph_name=s.paragraph_name,
                blocks=tuple(_block(r, children, top=True) for r in sorted(tops.get(s.id, []), key=lambda r: r.position)),
            )
            for s in sorted(sections.values(), key=lambda s: s.position)
        ),
    )


def keep_originals(apps, schema_editor):
    Report = apps.get_model("amendments", "Report")
    Revision = apps.get_model("amendments", "Revision")
    HistoricalReport = apps.get_model("amendments", "HistoricalReport")
    for report in Report.objects.order_by("pk"):
        if Revision.objects.filter(report=report, is_original=True).exists():
            continue
        record = HistoricalReport.objects.filter(id=report.pk).order_by("history_date", "history_id").first()
        if record is None:  # a report without history: nothing tells its original text apart
            continue
        first_issued = Revision.objects.filter(report=report).order_by("issued_at").first()
        cutoff = first_issued.issued_at if first_issued else timezone.now()
        document = _original_document(apps, report, record, cutoff)
        taken = set(Revision.objects.filter(report=report).values_list("name", flat=True))
        name = ORIGINAL if ORIGINAL not in taken else f"{ORIGINAL} text"
        revision = Revision.objects.create(
            report=report,
            name=name,
            date=report.date or record.history_date.date(),
            subtitle=record.subtitle,
            is_original=True,
            snapshot=document.to_json(),
        )
        # Issued when the report was loaded, so that it comes first wherever revisions are in order.
        revision.issued_at = record.history_date
        revision.save(update_fields=["issued_at"])


class Migration(migrations.Migration):
    dependencies = [("amendments", "0018_document_identity")]

    operations = [migrations.RunPython(keep_originals, migrations.RunPython.noop)]
