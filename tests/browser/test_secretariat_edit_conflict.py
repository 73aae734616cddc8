"""Two secretariat officers edit one paragraph in their browsers: the second is offered both
changes merged and saves them; then a paragraph is deleted after a confirmation and stays in the
numbering as one line."""

import pytest

from amendments.models import Paragraph, User
from tests.browser.driver import ARTEFACTS, browser_page, force_log_in, screenshot
from tests.helpers import make_user, paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser, live_server):
    """Another officer's browser."""
    with browser_page(browser, live_server) as page:
        yield page


def test_two_officers_keep_both_changes_and_a_deletion_is_confirmed(page, second_page, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    original = rec_5.text
    omar = make_user("officer-2", groups=[User.SECRETARIAT], is_staff=True, first_name="Omar", last_name="Clerk")
    force_log_in(page, secretariat_officer)
    force_log_in(second_page, omar)
    edit = f"/paragraphs/{rec_5.pk}/edit/"
    page.goto(edit)
    second_page.goto(edit)  # both open version 1

    page.get_by_label("Text").fill(original.replace("proactively", "actively"))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Recommendation 5 saved.").wait_for()

    second_page.get_by_label("Text").fill(original.replace("easily understandable", "plain"))
    second_page.get_by_role("button", name="Save").click()
    second_page.get_by_role("heading", name="Sofia Officer saved this paragraph after you opened it").wait_for()
    screenshot(second_page, "secretariat-edit-merged")
    assert Paragraph.objects.get(pk=rec_5.pk).text == original.replace("proactively", "actively")
    second_page.get_by_role("button", name="Save").click()
    second_page.get_by_text("Recommendation 5 saved.").wait_for()
    saved = Paragraph.objects.get(pk=rec_5.pk).text
    assert saved == original.replace("proactively", "actively").replace("easily understandable", "plain")

    rec_6 = paragraph("recommendations", "6")
    page.goto(f"/paragraphs/{rec_6.pk}/")
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("heading", name="Delete Recommendation 6?").wait_for()
    screenshot(page, "secretariat-delete-confirm")
    assert Paragraph.objects.get(pk=rec_6.pk).status == Paragraph.Status.OPEN
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("Marked deleted").wait_for()
    assert Paragraph.objects.get(pk=rec_6.pk).status == Paragraph.Status.DELETED
    page.goto(f"/reports/{rec_6.section.report_id}/#p-{rec_6.pk}")
    page.get_by_text("[Recommendation 6 deleted]").wait_for()
    page.locator(f"#p-{paragraph('recommendations', '5').pk}").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / "report-deleted-paragraph-line.png"))  # the rows around it
