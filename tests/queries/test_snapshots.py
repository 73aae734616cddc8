"""The snapshot of the report is the document model: what a revision stores reads back as the same document."""

import pytest

from amendments.core.document import Document
from amendments.models import Paragraph
from amendments.queries.snapshots import report_document, report_snapshot
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


def test_the_wgec_snapshot_reads_back_as_the_same_document(wgec):
    snapshot = report_snapshot(wgec)
    assert Document.from_json(snapshot) == report_document(wgec)
    assert Document.from_json(snapshot).to_json() == snapshot


def test_the_document_holds_every_section_paragraph_item_and_footnote_of_the_draft(wgec):
    document = report_document(wgec)
    rows = Paragraph.objects.filter(section__report=wgec)
    blocks = list(document.blocks())
    notes = [n for b in blocks for n in b.footnotes]
    assert [s.key for s in document.sections] == list(wgec.sections.order_by("position").values_list("key", flat=True))
    assert len(blocks) == rows.exclude(kind=Paragraph.Kind.FOOTNOTE).count()
    assert sorted(n.number for n in notes) == sorted(
        rows.filter(kind=Paragraph.Kind.FOOTNOTE).values_list("number", flat=True)
    )
    recommendation_8 = next(b for b in document.sections[2].blocks if b.number == "8")
    assert recommendation_8.id == paragraph("recommendations", "8").pk
    assert [n.number for n in recommendation_8.footnotes] == ["9"]


def test_a_deleted_paragraph_is_left_out_of_the_document(wgec):
    gone = paragraph("introduction", "3")
    gone.status = Paragraph.Status.DELETED
    gone.save()
    assert gone.pk not in {b.id for b in report_document(wgec).blocks()}
