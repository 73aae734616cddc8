"""The items of a compilation are named with their group, member and place, at no query per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amendments.models import Paragraph
from amendments.queries.search import search
from amendments.queries.tree import fill_item_places

pytestmark = pytest.mark.django_db


def test_labels_of_compilation_items_cost_two_queries_for_any_number(compilations):
    items = list(Paragraph.objects.filter(section__report=compilations["rolling"], submission__isnull=False, parent=None)
                 .select_related("section").order_by("section__position", "position"))  # fmt: skip
    assert len(items) > 100
    with CaptureQueriesContext(connection) as queries:
        fill_item_places(items)
        labels = [p.label for p in items]
    assert len(queries) == 2
    assert labels[:2] == ["Group A, Russian Federation, item 1", "Group A, Japan, item 1"]
    assert "Uncategorized, India, item 31" in labels


def test_search_finds_an_item_of_the_rolling_document_with_its_label_at_a_fixed_cost(compilations, japan_delegate):
    rolling = compilations["rolling"]
    search(japan_delegate, "Tunis", report=rolling)  # the user's working groups and roles, read once
    with CaptureQueriesContext(connection) as few:
        one = search(japan_delegate, "continue taking an open and bottom-up", report=rolling)
    with CaptureQueriesContext(connection) as many:
        lots = search(japan_delegate, "Internet", report=rolling)
    assert "Group A, Japan, item 1" in [hit.label for hit in one.paragraphs.hits]
    assert len(lots.paragraphs.hits) > 20
    assert len(many) == len(few)
