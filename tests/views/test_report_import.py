"""The secretariat starts a new report from a document: upload, review, confirm (once)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from amendments.exporters.clean_draft import to_docx
from amendments.importers import uploads
from amendments.importers.report import TRACKED_CHANGES
from amendments.models import Paragraph, Report, Section, User
from amendments.queries.snapshots import report_document
from tests.helpers import make_user
from tests.wordfiles import ins, make_docx, p, r

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


@pytest.fixture
def wgec_docx(wgec):
    return to_docx(report_document(wgec))


def _upload(client, data, name="chair-draft.docx"):
    return client.post(reverse("report-new"), {"file": SimpleUploadedFile(name, data)})


def _staged(client):
    return [key for key, _ in client.session.items() if key.startswith("new-report:")]


def test_the_review_shows_sections_numbers_and_texts_and_creates_nothing(officer, wgec, wgec_docx):
    response = _upload(officer, wgec_docx)
    assert response.status_code == 302
    review = officer.get(response["Location"])
    assert review.status_code == 200
    html = review.content.decode()
    assert "6 sections, 38 paragraphs, 22 sub-items and 9 footnotes were read" in html
    assert '<h2 id="new-recommendations" class="doc-section__heading">Recommendations</h2>' in html
    assert '<span class="para__num">15.</span> It should be further noted' in html
    assert '<sup class="fn-mark">9</sup>' in html
    assert 'value="Draft report of the Working Group on Enhanced Cooperation"' in html
    assert list(Report.objects.all()) == [wgec]


def test_confirming_creates_the_report_beside_the_wgec_one(officer, wgec, wgec_docx, secretariat_officer):
    review_url = _upload(officer, wgec_docx)["Location"]
    fields = {"title": "Draft report, second reading", "subtitle": "Chair's revised proposal", "body": wgec.body}
    response = officer.post(review_url, {**fields, "action": "confirm"})
    new = Report.objects.exclude(pk=wgec.pk).get()
    assert response["Location"] == new.get_absolute_url()
    assert (new.title, new.subtitle, new.body) == tuple(fields.values())
    assert new.history.get().history_user == secretariat_officer
    assert new.history.get().history_change_reason == "Started from chair-draft.docx"
    assert list(Section.objects.filter(report=new).values_list("heading", flat=True)) == list(
        Section.objects.filter(report=wgec).values_list("heading", flat=True)
    )
    assert Paragraph.objects.get(section__report=new, section__key="recommendations", number="7").text == (
        Paragraph.objects.get(section__report=wgec, section__key="recommendations", number="7").text
    )
    assert Report.objects.current() == wgec
    assert officer.get(reverse("home"))["Location"] == wgec.get_absolute_url()
    page = officer.get(new.get_absolute_url())
    assert page.status_code == 200 and "Draft report, second reading" in page.content.decode()
    assert _staged(officer) == []


def test_a_confirmation_sent_again_shows_the_report_it_created(officer, wgec, wgec_docx):
    review_url = _upload(officer, wgec_docx)["Location"]
    fields = {"title": "Second", "subtitle": "", "body": wgec.body, "action": "confirm"}
    first = officer.post(review_url, fields)
    again = officer.post(review_url, fields)
    assert Report.objects.count() == 2
    assert again["Location"] == first["Location"]
    assert "This report was already created." in officer.get(again["Location"]).content.decode()


def test_a_title_left_empty_is_asked_for_and_nothing_is_created(officer, wgec, wgec_docx):
    review_url = _upload(officer, wgec_docx)["Location"]
    response = officer.post(review_url, {"title": "", "subtitle": "", "body": wgec.body, "action": "confirm"})
    assert response.status_code == 400
    assert "The title is empty." in response.content.decode()
    assert list(Report.objects.all()) == [wgec]


def test_dropping_the_upload_creates_nothing(officer, wgec, wgec_docx):
    review_url = _upload(officer, wgec_docx)["Location"]
    response = officer.post(review_url, {"action": "drop"})
    assert response["Location"] == reverse("report-new")
    assert _staged(officer) == []
    assert officer.get(review_url)["Location"] == reverse("report-new")
    assert list(Report.objects.all()) == [wgec]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Not a .docx, PDF or UTF-8 text file."),
        (make_docx(p(r("  "))), "The file has no paragraphs to start a report from."),
        (b"PK\x03\x04 broken", "The file is damaged or incomplete; save it again in Word and upload it again."),
    ],
    ids=["empty", "an-image", "no-paragraphs", "a-broken-zip"],
)
def test_a_file_that_is_no_draft_is_refused_with_a_message(officer, wgec, data, message):
    response = _upload(officer, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _staged(officer) == []
    assert list(Report.objects.all()) == [wgec]


def test_no_file_is_asked_for(officer):
    response = officer.post(reverse("report-new"), {})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()


def test_only_the_secretariat_starts_a_report(officer, russia_delegate, wgec_docx):
    review_url = _upload(officer, wgec_docx)["Location"]
    chair = make_user("chair", groups=[User.CHAIR])
    for user in (russia_delegate, chair):
        other = Client()
        other.force_login(user)
        assert other.get(reverse("report-new")).status_code == 403
        assert _upload(other, wgec_docx).status_code == 403
        assert other.post(review_url, {"title": "X", "body": "Y", "action": "confirm"}).status_code == 403
    assert Report.objects.count() == 1


def test_the_report_page_links_the_secretariat_to_a_new_report(officer, wgec, russia_delegate):
    assert reverse("report-new") in officer.get(wgec.get_absolute_url()).content.decode()
    member = Client()
    member.force_login(russia_delegate)
    assert reverse("report-new") not in member.get(wgec.get_absolute_url()).content.decode()


def test_junk_in_the_confirmation_is_refused_field_by_field(officer, wgec, wgec_docx):
    review_url = _upload(officer, wgec_docx)["Location"]
    response = officer.post(
        review_url, {"title": "A\x00title", "subtitle": "x" * 5000, "body": "", "action": "confirm"}
    )
    assert response.status_code == 400
    assert response.content.decode().count('class="error"') == 3
    assert list(Report.objects.all()) == [wgec]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(officer, wgec):
    response = _upload(officer, b"x" * (uploads.MAX_UPLOAD_BYTES + 1), name="big.txt")
    html = response.content.decode()
    assert response.status_code == 400
    assert "the limit is 10 MB" in html
    assert "Choose a file to upload." not in html
    assert _staged(officer) == []
    assert list(Report.objects.all()) == [wgec]


def test_the_review_says_when_tracked_changes_were_left_out(officer):
    data = make_docx(p(r("Draft report")) + p(r("1.\tThe group met "), ins("Alice", "twice "), r("this year.")))
    review = officer.get(_upload(officer, data)["Location"])
    assert TRACKED_CHANGES in review.content.decode()
    assert "The group met this year." in review.content.decode()
