"""A new report from a document, in a real browser: the secretariat uploads the Chair's draft in
Word, reviews what was read and creates the report, which it then sees with its numbers."""

import pytest

from amendments.exporters.clean_draft import to_docx
from amendments.models import Paragraph, Report
from amendments.queries.snapshots import report_document
from tests.browser.driver import force_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_starts_a_new_report_from_a_word_file(page, secretariat_officer, wgec, tmp_path):
    draft = tmp_path / "chair-draft.docx"
    draft.write_bytes(to_docx(report_document(wgec)))
    force_log_in(page, secretariat_officer)
    page.goto("/")
    page.get_by_role("link", name="Start a new report from a document").click()
    page.get_by_label("The draft (.docx, PDF or UTF-8 text)").set_input_files(str(draft))
    page.get_by_role("button", name="Upload and review").click()
    page.get_by_role("heading", name="Review the new report: chair-draft.docx").wait_for()
    assert "38 paragraphs, 22 sub-items and 9 footnotes were read" in page.locator(".lede").inner_text()
    assert page.get_by_role("heading", name="Annex III – Institutional Framework").is_visible()
    assert Report.objects.count() == 1

    page.get_by_label("Title", exact=True).fill("Draft report, second reading")
    page.get_by_role("button", name="Create the report").click()
    page.get_by_role("heading", name="Draft report, second reading").wait_for()
    page.get_by_text("Report created.").wait_for()
    new = Report.objects.exclude(pk=wgec.pk).get()
    assert page.url.endswith(new.get_absolute_url())
    rec_15 = Paragraph.objects.get(section__report=new, section__key="introduction", number="15", parent=None)
    paragraph = page.locator(f"#p-{rec_15.pk}")
    assert "15." in paragraph.inner_text()
    assert rec_15.text[:40] in paragraph.inner_text()

    page.goto("/")  # the draft being negotiated is still the WGEC one
    page.get_by_role("heading", name=wgec.title).wait_for()
