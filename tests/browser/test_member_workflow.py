"""The members' workflow in a real browser: propose with a live preview, support, revise, refusal."""

import re

import pytest

from amendments.models import Amendment, Position
from tests.browser.driver import browser_page, force_log_in, screenshot
from tests.helpers import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser."""
    with browser_page(browser, live_server) as page:
        yield page


def test_russia_proposes_japan_supports_russia_revises_japan_is_refused(
    page, second_page, russia_delegate, japan_delegate
):
    rec_10 = paragraph("recommendations", "10")

    # Russia proposes an insertion in Recommendation 10 and watches the redline follow its typing.
    force_log_in(page, russia_delegate)
    page.goto(f"/paragraphs/{rec_10.pk}/")
    page.get_by_role("link", name="Propose a change").click()
    text = page.get_by_label("Your text")
    text.click()
    text.press("End")
    text.press_sequentially(" Multilingualism should be promoted.", delay=5)
    preview = page.locator("#preview")
    preview.locator("ins").filter(has_text="Multilingualism should be promoted.").wait_for()
    screenshot(page, "member-proposes-with-live-preview")
    page.get_by_label("Justification (optional)").fill("Language is a barrier to participation.")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Amendment submitted.").wait_for()
    amendment = Amendment.objects.get(participant__name="Russian Federation")
    assert amendment.status == "submitted" and amendment.proposed_text.endswith("Multilingualism should be promoted.")

    # Japan sees it and supports it.
    force_log_in(second_page, japan_delegate)
    second_page.goto(f"/paragraphs/{rec_10.pk}/")
    card = second_page.locator(f"#a-{amendment.pk}")
    assert "Russian Federation" in card.inner_text()
    card.get_by_role("link", name=re.compile("Details")).click()
    second_page.get_by_role("button", name="Support").click()
    second_page.get_by_text("Japan supports this amendment.").wait_for()
    assert "Japan supports" in second_page.locator(".positions").inner_text()
    assert Position.objects.get().participant.name == "Japan"
    screenshot(second_page, "japan-supports")

    # Russia revises it; the diff between the versions appears.
    page.goto(f"/amendments/{amendment.pk}/")
    page.get_by_role("link", name="Revise").click()
    text = page.get_by_label("Your text")
    text.fill(text.input_value().replace("should be promoted", "must be promoted"))
    page.get_by_role("button", name="Save the new version").click()
    page.get_by_text("Saved as version 2.").wait_for()
    diff = page.locator(".redline").last
    assert diff.locator("del").inner_text().strip() == "should"
    assert diff.locator("ins").inner_text().strip() == "must"
    screenshot(page, "russia-revision-diff")

    # Japan tries to revise Russia's amendment and is refused.
    response = second_page.goto(f"/amendments/{amendment.pk}/revise/")
    assert response.status == 403
    assert "Only Russian Federation can change its amendment." in second_page.content()
    screenshot(second_page, "japan-refused")
    assert Amendment.objects.get(pk=amendment.pk).version == 2

    # Japan's support was given on version 1: its page says so and asks Japan to confirm.
    second_page.goto(f"/amendments/{amendment.pk}/")
    assert "Japan supported version 1" in second_page.locator(".positions").inner_text()
    notice = second_page.locator(".position-confirm")
    assert "You supported version 1; the text has changed since" in notice.inner_text()
    assert notice.locator("ins").inner_text().strip() == "must"
    screenshot(second_page, "japan-asked-to-confirm")
    notice.get_by_role("button", name="Confirm support on version 2").click()
    second_page.get_by_text("Japan supports this amendment.").wait_for()
    assert "Japan supports" in second_page.locator(".positions").inner_text()
    assert Position.objects.values_list("stance", "amendment_version").get() == ("support", 2)
