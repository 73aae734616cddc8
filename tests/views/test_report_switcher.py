"""Every report page lists the reports of the reader's working groups, each with its kind, so a
reader goes from the draft to a compilation and back (links: no JavaScript needed)."""

import pytest
from django.urls import reverse

from amendments.models import Report, WorkingGroup

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> str:
    start = html.index('<nav class="report-switcher"')
    return html[start : html.index("</nav>", start)]


def test_each_report_page_lists_the_three_reports_with_their_kinds(client, japan_delegate, wgec, compilations):
    client.force_login(japan_delegate)
    reports = [wgec, compilations["rolling"], compilations["contributions"]]
    for shown in reports:
        switcher = _switcher(client.get(reverse("report", args=[shown.pk])).content.decode())
        assert f'<span aria-current="page"><strong>{shown.title}</strong></span>' in switcher
        for other in reports:
            if other != shown:
                assert f'<a href="{other.get_absolute_url()}">{other.title}</a>' in switcher
        assert switcher.count("Compilation of proposals") == 2
        assert switcher.count("Draft report</span>") + switcher.count("Draft report ·") == 1


def test_the_home_page_leads_to_the_draft_which_lists_the_reports(client, japan_delegate, wgec, compilations):
    client.force_login(japan_delegate)
    response = client.get(reverse("home"), follow=True)
    switcher = _switcher(response.content.decode())
    assert response.redirect_chain[-1][0] == wgec.get_absolute_url()
    assert compilations["rolling"].title in switcher
    assert compilations["contributions"].title in switcher


def test_the_switcher_lists_only_the_readers_working_group(client, japan_delegate, wgec, compilations):
    other = WorkingGroup.objects.create(name="Another working group")
    elsewhere = Report.objects.create(working_group=other, title="A report of another group", body="Another body")
    client.force_login(japan_delegate)
    switcher = _switcher(client.get(reverse("report", args=[wgec.pk])).content.decode())
    assert elsewhere.title not in switcher
    assert "Another working group" not in switcher
    assert client.get(reverse("report", args=[elsewhere.pk])).status_code == 404
