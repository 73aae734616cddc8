"""The read-only JSON API: reports, their text in order, and the amendments a user may see."""

import json

import pytest
from django.urls import reverse

from amendments.core import textdiff
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def test_anonymous_requests_are_refused(client, wgec):
    for url in (reverse("api-reports"), reverse("api-report", args=[wgec.pk]), reverse("api-schema")):
        response = client.get(url)
        assert response.status_code == 403, url


def test_reports_list_gives_their_ids_and_identity(japan, wgec):
    assert japan.get(reverse("api-reports")).json() == [
        {
            "id": wgec.pk,
            "title": wgec.title,
            "subtitle": wgec.subtitle,
            "body": wgec.body,
            "symbol": "",
            "distribution": "",
            "language": "English",
            "date": "2017-11-11",
        }
    ]


def test_report_gives_sections_and_paragraphs_in_order(japan, wgec):
    data = japan.get(reverse("api-report", args=[wgec.pk])).json()
    assert [s["key"] for s in data["sections"]] == [
        "executive-summary",
        "introduction",
        "recommendations",
        "annex-1",
        "annex-2",
        "annex-3",
    ]
    recommendations = data["sections"][2]["paragraphs"]
    top = [p["number"] for p in recommendations if p["parent"] is None]
    assert top == [str(n) for n in range(1, 20)]
    rec_8 = paragraph("recommendations", "8")
    footnote = next(p for p in recommendations if p["kind"] == "footnote")
    assert (footnote["number"], footnote["parent"]) == ("9", rec_8.pk)
    first = recommendations[0]
    assert set(first) == {"id", "number", "kind", "parent", "text", "status"}
    assert first["status"] == "open"


def test_amendments_carry_their_segments_and_hide_other_delegations_drafts(japan, russia_delegate, wgec):
    target = paragraph("recommendations", "6")
    propose_change(russia_delegate, target, "A Russian draft.", submit=False)
    data = japan.get(reverse("api-report-amendments", args=[wgec.pk])).json()
    assert len(data) == 13
    assert all(a["participant"] == "Nick Ashton-Hart" for a in data)
    rec_2 = next(a for a in data if a["paragraph"] == paragraph("recommendations", "2").pk)
    assert (rec_2["kind"], rec_2["status"], rec_2["version"]) == ("modify", "submitted", 1)
    assert ["delete", "growing"] in rec_2["segments"] and ["insert", "expanding"] in rec_2["segments"]
    assert textdiff.text_of(rec_2["segments"], "base") == rec_2["base_text"]
    assert textdiff.text_of(rec_2["segments"], "proposal") == rec_2["proposed_text"]
    assert {op for op, _ in rec_2["segments"]} <= {"equal", "insert", "delete"}


def test_own_drafts_are_in_the_api(client, russia_delegate, wgec):
    propose_change(russia_delegate, paragraph("recommendations", "6"), "A Russian draft.", submit=False)
    client.force_login(russia_delegate)
    data = client.get(reverse("api-report-amendments", args=[wgec.pk])).json()
    assert [a["status"] for a in data if a["participant"] == "Russian Federation"] == ["draft"]


def test_openapi_schema_lists_the_endpoints(japan, wgec):
    response = japan.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert {"/api/reports/", "/api/reports/{id}/", "/api/reports/{id}/amendments/"} <= set(schema["paths"])


def test_unknown_report_is_a_404(japan, wgec):
    assert japan.get(reverse("api-report", args=[999])).status_code == 404
