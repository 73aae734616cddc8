"""A delegate finds their way, in a real browser: Russia submits an amendment; Japan comments on
three words of it it selects, and opposes it; Russia sees both in "My delegation" and in the
header's count, and the e-mail on the server's console; finds the amendment again by searching;
the line-numbered view shows its lines; the compilation's PDF holds its text. At 1280 and 375 px."""

import re

import pytest

from amendments.models import Amendment, Comment, Position
from tests.browser.driver import browser_page, force_log_in, screenshot
from tests.browser.test_word_comments import SELECT
from tests.helpers import paragraph, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDED = "through regular reports to the Commission"
WORDS = "regular reports to"  # three words of it, selected with the mouse


@pytest.fixture
def japan_page(browser, live_server):
    with browser_page(browser, live_server) as page:
        yield page


def _submit_amendment(page, target):
    page.goto(f"/paragraphs/{target.pk}/")
    page.get_by_role("link", name="Propose a change").click()
    text = page.get_by_label("Your text")
    text.fill(text.input_value().rstrip(".") + f", {ADDED}.")
    page.get_by_label("Justification (optional)").fill("Progress should be seen.")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Amendment submitted.").wait_for()
    return Amendment.objects.get(participant__name="Russian Federation", proposed_text__contains=ADDED)


def test_russia_finds_japans_comment_and_opposition_searches_and_downloads(
    page, japan_page, russia_delegate, japan_delegate, settings, capfd
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    russia_delegate.email = "delegate@russia.example"
    russia_delegate.save()
    target = paragraph("recommendations", "6")

    force_log_in(page, russia_delegate)
    amendment = _submit_amendment(page, target)

    # Japan selects three words of the proposed text, comments on them, and opposes the amendment.
    force_log_in(japan_page, japan_delegate)
    japan_page.goto(amendment.get_absolute_url())
    assert japan_page.evaluate(SELECT, WORDS)
    japan_page.get_by_role("button", name="Comment on the selected words").click()
    japan_page.keyboard.type("Which reports, and how often?")
    japan_page.get_by_role("button", name="Comment", exact=True).click()
    japan_page.locator("[data-comment-text] mark.comment-anchor").wait_for()
    screenshot(japan_page, "delegate-japan-comments-on-words")
    japan_page.get_by_role("button", name="Oppose").click()
    japan_page.get_by_text("Japan opposes this amendment.").wait_for()
    assert Comment.objects.get(amendment=amendment).anchor == WORDS
    assert Position.objects.get(amendment=amendment).stance == Position.Stance.OPPOSE

    # Russia sees both in its header's count and on "My delegation", and was e-mailed.
    page.goto("/")
    count = page.locator(".nav-notices .count")
    assert count.inner_text() == "2"
    screenshot(page, "delegate-header-count")
    page.get_by_role("link", name="My delegation").click()
    addressed = page.locator("#addressed ~ .comment-list").first
    assert "Which reports, and how often?" in addressed.inner_text()
    assert "Japan opposes" in page.locator(".mine").first.inner_text()
    screenshot(page, "delegate-my-delegation")
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    listing = page.locator(".notices").inner_text()
    assert "Japan commented on your amendment to Recommendation 6" in listing
    assert "Japan opposes your amendment to Recommendation 6" in listing
    page.goto("/")
    assert page.locator(".nav-notices .count").count() == 0
    console = capfd.readouterr().out
    assert "Subject: [WGEC] Japan commented on your amendment to Recommendation 6" in console
    assert "To: delegate@russia.example" in console

    # Russia finds the amendment again by searching for its words, highlighted.
    page.get_by_placeholder("Search").fill("regular reports Commission")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    hit = page.locator(".search-hit").filter(has=page.locator(f'a[href="{amendment.get_absolute_url()}"]')).first
    assert [m.lower() for m in hit.locator("mark").all_inner_texts()][:2] == ["regular", "reports"]
    screenshot(page, "delegate-search")
    hit.locator(f'a[href="{amendment.get_absolute_url()}"]').first.click()
    page.wait_for_url(f"**{amendment.get_absolute_url()}")

    # The line-numbered report shows the lines the amendment changes.
    report = target.section.report
    page.goto(f"/reports/{report.pk}/?lines=on&redlines=on")
    block = page.locator(f"#p-{target.pk}")
    card = page.locator(f"#a-{amendment.pk}")
    lines = card.locator(".amendment__lines").inner_text()
    assert re.fullmatch(r"lines? \d+(–\d+)?", lines), lines
    last = int(lines.split("–")[-1].split()[-1])
    assert block.locator(".para__text .line__number").count() >= last
    block.scroll_into_view_if_needed()
    screenshot(page, "delegate-line-numbers")

    # The compilation's PDF holds the amendment's text.
    response = page.request.get(f"/reports/{report.pk}/compilation.pdf")
    assert response.ok
    assert ADDED in pdf_text(response.body())

    # At 375 px the pages fit the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    for url in ("/my-delegation/", "/notifications/", amendment.get_absolute_url(), "/search/?q=regular+reports"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    screenshot(page, "delegate-amendment-375")
