"""Delegations support or oppose other delegations' submitted amendments, and can change their position."""

import pytest
from django.urls import reverse

from amendments.models import Position
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def amendment(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"))


@pytest.fixture
def japan(client, japan_delegate):
    client.login(username=japan_delegate.username, password=PASSWORD)
    return client


def test_delegation_supports_then_opposes_then_withdraws_its_position(japan, amendment, japan_delegate):
    url = reverse("amendment-position", args=[amendment.pk])
    japan.post(url, {"stance": "support"})
    assert list(Position.objects.values_list("participant__name", "stance")) == [("Japan", "support")]
    html = japan.get(amendment.get_absolute_url()).content.decode()
    assert '<span class="label">Positions:</span> Japan supports' in html

    japan.post(url, {"stance": "oppose"})
    assert list(Position.objects.values_list("participant__name", "stance")) == [("Japan", "oppose")]
    assert (
        '<span class="label">Positions:</span> Japan opposes'
        in japan.get(amendment.get_absolute_url()).content.decode()
    )

    japan.post(url, {"stance": ""})
    assert not Position.objects.exists()
    assert [r.history_type for r in Position.history.order_by("history_id")] == ["+", "~", "-"]
    assert Position.history.latest().history_user == japan_delegate


def test_positions_show_in_the_report_and_the_api(japan, amendment, wgec):
    japan.post(reverse("amendment-position", args=[amendment.pk]), {"stance": "support"})
    html = japan.get(reverse("report", args=[wgec.pk]) + "?redlines=on").content.decode()
    assert '<span class="label">Positions:</span> Japan supports' in html
    data = japan.get(reverse("api-report-amendments", args=[wgec.pk])).json()
    russian = next(a for a in data if a["participant"] == "Russian Federation")
    assert (russian["supported_by"], russian["opposed_by"]) == (["Japan"], [])


def test_delegation_cannot_take_a_position_on_its_own_amendment(client, russia_delegate, amendment):
    client.login(username=russia_delegate.username, password=PASSWORD)
    response = client.post(reverse("amendment-position", args=[amendment.pk]), {"stance": "support"}, follow=True)
    assert "does not take a position on its own amendment" in response.content.decode()
    assert not Position.objects.exists()


def test_no_position_on_another_delegations_draft(japan, russia_delegate, wgec):
    rec_7 = paragraph("recommendations", "7")
    draft = propose_change(russia_delegate, rec_7, rec_7.text + " Draft.", submit=False)
    assert japan.post(reverse("amendment-position", args=[draft.pk]), {"stance": "support"}).status_code == 404
    assert not Position.objects.exists()


def test_unknown_stance_is_refused(japan, amendment):
    response = japan.post(reverse("amendment-position", args=[amendment.pk]), {"stance": "love"}, follow=True)
    assert "Unknown position" in response.content.decode()
    assert not Position.objects.exists()
