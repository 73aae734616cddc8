"""Documents in, in a real browser: a revised text becomes draft amendments to review and submit;
a Word file with tracked changes by two authors becomes two delegations' amendments and comments."""

import pytest

from amendments.models import Amendment, Comment, Paragraph
from tests.actions.test_imports import _recommendations_text, _two_author_docx
from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegation_uploads_a_revised_text_and_submits_the_amendments(page, russia_delegate, tmp_path):
    rec_10 = paragraph("recommendations", "10")
    revised = tmp_path / "russia-revised.txt"
    revised.write_text(
        _recommendations_text({"10": rec_10.text.replace("language barriers", "language barriers and multilingualism")})
    )
    force_log_in(page, russia_delegate)
    page.goto("/")
    page.get_by_role("link", name="Import a document").click()
    page.get_by_label("File (at most 10 MB)").set_input_files(str(revised))
    page.get_by_role("button", name="Upload and align").click()
    page.get_by_role("heading", name="Revised text: russia-revised.txt").wait_for()
    assert "Recommendation 10" in page.locator(".import-entries").inner_text()
    screenshot(page, "import-review")
    page.get_by_role("button", name="Create the draft amendments").click()
    page.get_by_text("1 draft amendment created").wait_for()
    amendment = Amendment.objects.get(participant=russia_delegate.participant)
    assert amendment.status == "draft" and "multilingualism" in amendment.proposed_text

    page.goto(amendment.get_absolute_url())
    page.get_by_role("link", name="Submit").click()  # to the confirmation
    page.get_by_role("heading", name="Submit this amendment?").wait_for()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Amendment submitted.").wait_for()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"


def test_secretariat_imports_a_word_file_by_two_authors(
    page, secretariat_officer, russia_delegate, japan_delegate, tmp_path
):
    source = tmp_path / "tracked.docx"
    source.write_bytes(_two_author_docx())
    force_log_in(page, secretariat_officer)
    page.goto("/")
    page.get_by_role("link", name="Import a document").click()
    page.get_by_label("A Word file with tracked changes").check()
    page.get_by_label("File (at most 10 MB)").set_input_files(str(source))
    page.get_by_role("button", name="Upload and align").click()
    page.get_by_role("heading", name="Alice Delegate").wait_for()
    page.locator("section.import-author", has_text="Alice Delegate").get_by_role("combobox").select_option(
        label="Russian Federation"
    )
    page.locator("section.import-author", has_text="Bob Delegate").get_by_role("combobox").select_option(label="Japan")
    screenshot(page, "import-word-authors")
    page.get_by_role("button", name="Create the draft amendments").click()
    page.get_by_text("2 draft amendments created and 1 draft comment:").wait_for()
    assert Amendment.objects.get(participant=russia_delegate.participant).paragraph == paragraph("recommendations", "2")
    assert Amendment.objects.get(participant=japan_delegate.participant).paragraph == paragraph("recommendations", "3")
    comment = Comment.objects.get(participant=japan_delegate.participant)
    assert comment.paragraph == Paragraph.objects.get(section__key="recommendations", number="12", parent=None)
