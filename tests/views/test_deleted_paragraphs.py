"""A paragraph marked deleted keeps its place in the numbering, as "[Recommendation 6 deleted]", in
the report and the comparisons, until the next revision renumbers without it; the clean exports
leave it out."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Paragraph
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db

LINE = "[Recommendation 6 deleted]"


@pytest.fixture
def officer(secretariat_officer):
    client = Client()
    client.force_login(secretariat_officer)
    return client


@pytest.fixture
def deleted(officer):
    rec_6 = paragraph("recommendations", "6")
    officer.post(reverse("paragraph-delete", args=[rec_6.pk]), {"version": rec_6.version})
    row = Paragraph.objects.get(pk=rec_6.pk)
    assert row.status == Paragraph.Status.DELETED
    return row


def _issue(wgec, user, name, day):
    return actions.revisions.issue_revision(wgec.pk, name=name, date=datetime.date(2018, 1, day), user=user)


def test_the_report_shows_a_deleted_paragraph_as_one_line_between_its_neighbours(
    officer, russia_delegate, deleted, wgec
):
    for client in (officer, Client()):
        if client is not officer:
            client.force_login(russia_delegate)
        html = client.get(wgec.get_absolute_url()).content.decode()
        assert LINE in html and deleted.text not in html
        five, seven = (html.index(f'id="p-{paragraph("recommendations", n).pk}"') for n in ("5", "7"))
        assert five < html.index(LINE) < seven
        assert f'id="p-{deleted.pk}"' in html and ">6.</div>" in html  # the number stays visible


def test_filtering_by_the_deleted_status_shows_its_text(officer, deleted, wgec):
    html = officer.get(wgec.get_absolute_url() + "?status=deleted").content.decode()
    assert deleted.text in html and LINE not in html


def test_a_deleted_paragraph_leaves_the_numbering_at_the_next_revision(officer, secretariat_officer, deleted, wgec):
    old_seven = paragraph("recommendations", "7")
    _issue(wgec, secretariat_officer, "Rev.1", 15)
    html = officer.get(wgec.get_absolute_url()).content.decode()
    assert LINE not in html and "deleted]" not in html
    assert Paragraph.objects.get(pk=old_seven.pk).number == "6"  # renumbered without it


def test_a_paragraph_deleted_after_a_revision_shows_until_the_next_one(officer, secretariat_officer, wgec):
    _issue(wgec, secretariat_officer, "Rev.1", 15)
    rec_6 = paragraph("recommendations", "6")
    officer.post(reverse("paragraph-delete", args=[rec_6.pk]), {"version": rec_6.version})
    assert LINE in officer.get(wgec.get_absolute_url()).content.decode()
    _issue(wgec, secretariat_officer, "Rev.2", 30)
    assert LINE not in officer.get(wgec.get_absolute_url()).content.decode()
    assert Paragraph.objects.get(pk=rec_6.pk).status == Paragraph.Status.DELETED


def test_the_compare_page_names_the_deleted_paragraph(officer, secretariat_officer, wgec):
    rev1 = _issue(wgec, secretariat_officer, "Rev.1", 15)
    rec_6 = paragraph("recommendations", "6")
    officer.post(reverse("paragraph-delete", args=[rec_6.pk]), {"version": rec_6.version})
    compare = reverse("compare-revisions", args=[wgec.pk])
    html = officer.get(compare + f"?from={rev1.pk}&to=current").content.decode()
    assert LINE in html
    rev2 = _issue(wgec, secretariat_officer, "Rev.2", 30)
    html = officer.get(compare + f"?from={rev1.pk}&to={rev2.pk}").content.decode()
    assert LINE in html  # from Rev.1, where it was 6, to Rev.2, without it


def test_the_paragraph_compare_page_says_it_is_deleted(officer, deleted):
    html = officer.get(reverse("paragraph-compare", args=[deleted.pk])).content.decode()
    assert LINE in html


def test_the_clean_exports_leave_the_deleted_paragraph_out(officer, deleted, wgec):
    for fmt in ("txt", "md", "html"):
        text = officer.get(reverse("export-current", args=[wgec.pk, fmt])).content.decode()
        assert "deleted]" not in text and deleted.text[:60] not in text, fmt
