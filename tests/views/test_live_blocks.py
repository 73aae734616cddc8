"""The block an open report page fetches when the live layer says a paragraph changed: the same
block the report page shows this reader, under the same visibility and filters."""

import pytest
from django.urls import reverse

from amendments.models import Paragraph
from tests.helpers import count_queries, paragraph, propose_change

pytestmark = pytest.mark.django_db


def _block(client, target: Paragraph, query: str = "") -> str:
    response = client.get(reverse("paragraph-block", args=[target.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_paragraphs_block_is_the_one_the_report_page_shows(client, wgec, japan_delegate, russia_delegate):
    rec_3 = paragraph("recommendations", "3")
    propose_change(russia_delegate, rec_3, rec_3.text + " Submitted words.")
    client.force_login(japan_delegate)
    page = client.get(reverse("report", args=[wgec.pk]) + "?redlines=on").content.decode()
    block = _block(client, rec_3, "?redlines=on")
    assert block.strip().startswith(f'<article class="para" id="p-{rec_3.pk}">') and "Submitted words." in block
    assert block in page


def test_a_delegations_draft_is_in_its_own_block_and_no_one_elses(client, wgec, japan_delegate, russia_delegate):
    rec_3 = paragraph("recommendations", "3")
    draft = propose_change(russia_delegate, rec_3, rec_3.text + " Draft words.", submit=False)
    client.force_login(russia_delegate)
    assert f'id="a-{draft.pk}"' in _block(client, rec_3, "?redlines=on")
    client.force_login(japan_delegate)
    assert f'id="a-{draft.pk}"' not in _block(client, rec_3, "?redlines=on")
    assert "Draft words." not in _block(client, rec_3, "?redlines=on")


def test_a_paragraph_the_pages_filters_leave_out_is_no_content(client, wgec, japan_delegate):
    rec_3 = paragraph("recommendations", "3")
    assert rec_3.status != Paragraph.Status.AGREED
    client.force_login(japan_delegate)
    response = client.get(reverse("paragraph-block", args=[rec_3.pk]) + "?status=agreed")
    assert response.status_code == 204 and response.content == b""


def test_a_sub_item_has_no_block_of_its_own(client, wgec, japan_delegate):
    item = Paragraph.objects.filter(section__report=wgec, parent__isnull=False).first()
    client.force_login(japan_delegate)
    assert client.get(reverse("paragraph-block", args=[item.pk])).status_code == 404


def test_a_block_costs_the_same_queries_whatever_the_amendments_elsewhere(
    client, wgec, japan_delegate, russia_delegate
):
    rec_3, rec_4 = paragraph("recommendations", "3"), paragraph("recommendations", "4")
    client.force_login(japan_delegate)
    url = reverse("paragraph-block", args=[rec_3.pk]) + "?redlines=on"
    before = count_queries(client, url)
    propose_change(russia_delegate, rec_4, rec_4.text + " Elsewhere.")
    propose_change(russia_delegate, rec_3, rec_3.text + " Here.")
    assert count_queries(client, url) == before
