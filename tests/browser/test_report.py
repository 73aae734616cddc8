"""A delegation member reads the draft in a real browser."""

import pytest

from tests.browser.driver import log_in, screenshot
from tests.helpers import PASSWORD, paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_reads_introduction_15_and_recommendation_19(page, russia_delegate):
    page.goto("/")
    assert "/accounts/login/" in page.url

    log_in(page, russia_delegate.username, PASSWORD)
    assert page.get_by_role("heading", name="Draft report of the Working Group on Enhanced Cooperation").is_visible()
    assert page.get_by_text("Russian Federation").first.is_visible()

    intro_15 = page.locator(f"#p-{paragraph('introduction', '15').pk}")
    intro_15.scroll_into_view_if_needed()
    assert intro_15.locator(".para__number").inner_text() == "15."
    assert "the particular topic related to the institutional framework required" in intro_15.inner_text()

    rec_19 = page.locator(f"#p-{paragraph('recommendations', '19').pk}")
    initiatives = rec_19.locator("ul.items > li")
    assert initiatives.count() == 2
    assert "permanent and open multistakeholder working group under the CSTD" in initiatives.nth(0).inner_text()
    assert "permanent intergovernmental mechanism" in initiatives.nth(1).inner_text()

    # The stylesheet is served (whitenoise): the body text is set in a serif face.
    font = page.evaluate("getComputedStyle(document.querySelector('.para__text')).fontFamily")
    assert "serif" in font.lower()

    assert screenshot(page, "report-page").stat().st_size > 10_000


def test_member_opens_a_paragraph_and_sees_its_history(page, japan_delegate):
    log_in(page, japan_delegate.username, PASSWORD)
    target = paragraph("recommendations", "8")
    page.locator(f"#p-{target.pk} .para__meta .para__link").click()
    assert page.get_by_role("heading", name="Recommendation 8").is_visible()
    assert page.get_by_text("Loaded from the WGEC fixtures").is_visible()
    assert page.locator(".footnote").inner_text().startswith("9")
    screenshot(page, "paragraph-page")
