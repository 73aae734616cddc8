"""Japan supports version 1 of a Russian amendment; Russia revises it: Japan's pages say "Japan
supported version 1", show what changed since and ask Japan to confirm or withdraw, by mail too;
once Japan confirms, the page says "Japan supports" again."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Position
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = pytest.mark.django_db

NOTICE = "You supported version 1; the text has changed since"
SUPPORTS = '<span class="label">Positions:</span> Japan supports'
EARLIER = '<span class="label">Positions:</span> Japan supported version 1'


def _login(user):
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def amendment(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"))


@pytest.fixture
def japan(japan_delegate):
    japan_delegate.email = "delegate@japan.example"
    japan_delegate.save()
    return _login(japan_delegate)


@pytest.fixture
def russia(russia_delegate):
    return _login(russia_delegate)


@pytest.fixture
def revised(japan, russia, amendment, django_capture_on_commit_callbacks):
    """Japan supported version 1; Russia then revised it (version 2)."""
    japan.post(reverse("amendment-position", args=[amendment.pk]), {"stance": "support", "version": 1})
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = russia.post(
            reverse("amendment-revise", args=[amendment.pk]),
            {
                "proposed_text": amendment.proposed_text.replace("prompt", "swift"),
                "justification": "",
                "expected_paragraph_version": amendment.paragraph.version,
                "expected_version": 1,
                "action": "submit",
            },
        )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.version == 2
    return amendment


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_after_the_revision_japans_pages_say_it_supported_version_1_and_ask_it_to_confirm(japan, revised, wgec):
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 1)
    html = _page(japan, revised.get_absolute_url())
    assert EARLIER in html and SUPPORTS not in html
    assert NOTICE in html
    assert "<del>prompt</del><ins>swift</ins>" in html  # version 1 → version 2
    assert "Confirm support on version 2" in html and ">Withdraw</button>" in html
    paragraph_page = _page(japan, revised.paragraph.get_absolute_url())
    assert NOTICE in paragraph_page and EARLIER in paragraph_page
    report_page = _page(japan, reverse("report", args=[wgec.pk]) + "?redlines=on")
    assert EARLIER in report_page and SUPPORTS not in report_page


def test_other_delegations_see_the_earlier_position_but_are_not_asked(russia, revised):
    html = _page(russia, revised.get_absolute_url())
    assert EARLIER in html
    assert NOTICE not in html and "Confirm support" not in html


def test_the_api_keeps_the_earlier_position_apart(japan, revised, wgec):
    data = japan.get(reverse("api-report-amendments", args=[wgec.pk])).json()
    shown = next(a for a in data if a["id"] == revised.pk)
    assert (shown["supported_by"], shown["opposed_by"]) == ([], [])
    assert shown["earlier_positions"] == [{"participant": "Japan", "stance": "support", "version": 1}]


def test_japans_members_are_mailed_with_a_link(revised):
    asked = [m for m in mail.outbox if "Please confirm your position" in m.subject]
    assert [m.to for m in asked] == [["delegate@japan.example"]]
    assert revised.get_absolute_url() in asked[0].body


def test_japan_confirms_on_version_2_and_then_supports(japan, revised):
    response = japan.post(
        reverse("amendment-position", args=[revised.pk]), {"stance": "support", "version": 2}, follow=True
    )
    assert "Japan supports this amendment." in response.content.decode()
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 2)
    assert Position.history.latest().history_change_reason == "Support confirmed on version 2"
    html = _page(japan, revised.get_absolute_url())
    assert SUPPORTS in html and "Japan supported version 1" not in html
    assert NOTICE not in html


def test_japan_withdraws_its_support_from_the_notice(japan, revised):
    japan.post(reverse("amendment-position", args=[revised.pk]), {"stance": "", "version": 2})
    assert not Position.objects.exists()
    html = _page(japan, revised.get_absolute_url())
    assert NOTICE not in html and "Japan supported" not in html


def test_confirming_a_version_the_page_did_not_show_is_refused(japan, revised):
    response = japan.post(
        reverse("amendment-position", args=[revised.pk]), {"stance": "support", "version": 1}, follow=True
    )
    assert "The amendment was changed by someone else (now version 2)." in response.content.decode()
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 1)


def test_once_the_secretariat_decides_japan_is_no_longer_asked(japan, revised, secretariat_officer):
    actions.decisions.decide([revised.pk], decision="reject", user=secretariat_officer)
    html = _page(japan, revised.get_absolute_url())
    assert EARLIER in html  # the record stays as it was
    assert NOTICE not in html and "Confirm support" not in html
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 1)
