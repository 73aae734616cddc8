"""A delegate reads the three reports of the working group in a real browser: the Chair's draft, the
rolling document of proposals and the Russian Federation's contributions, going from one to the
other with the report switcher, on a desktop screen and on a phone."""

import pytest

from amendments.models import Submission
from tests.browser.driver import ARTEFACTS, force_log_in, screenshot
from tests.helpers import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


def _shot(page, name: str) -> None:
    assert screenshot(page, name).stat().st_size > 10_000


def _switch_to(page, title: str) -> None:
    page.locator(".report-switcher").get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=title, level=1).is_visible()


@pytest.mark.parametrize("screen", WIDTHS)
def test_a_delegate_goes_from_the_draft_to_each_compilation_and_back(page, russia_delegate, compilations, screen):
    page.set_viewport_size(WIDTHS[screen])
    rolling, contributions = compilations["rolling"], compilations["contributions"]
    force_log_in(page, russia_delegate)
    page.goto("/")
    draft_title = "Draft report of the Working Group on Enhanced Cooperation"
    assert page.get_by_role("heading", name=draft_title, level=1).is_visible()
    switcher = page.locator(".report-switcher")
    assert switcher.locator("li").count() == 3
    assert "Compilation of proposals" in switcher.inner_text()
    intro_15 = page.locator(f"#p-{paragraph('introduction', '15').pk}")
    assert intro_15.locator(".para__number").inner_text() == "15."
    _shot(page, f"compilations-draft-{screen}")

    _switch_to(page, rolling.title)
    assert "Compilation of proposals" in page.locator(".doc-head").inner_text()
    assert "UNITED NATIONS" in page.locator(".doc-head__issuer").inner_text().upper()
    doria = Submission.objects.exclude(heading_note="").get(section__report=rolling)
    head = page.locator(f"#{doria.anchor} .submission__head")
    assert "on behalf of a group of WGEC Members and Observers: Avri Doria, Grace Githaiga" in head.inner_text()
    japan = Submission.objects.filter(section__report=rolling, participant__name="Japan").first()
    first = japan.items.filter(parent=None).order_by("position").first()
    assert page.locator(f"#p-{first.pk} .para__number").inner_text() == "• (1)"
    assert page.locator(f"#p-{first.pk} .para__link").first.is_visible()
    # The phone's page scrolls down, never sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[screen]["width"]
    _shot(page, f"compilations-rolling-{screen}")
    page.locator(f"#{doria.anchor}").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / f"compilations-rolling-group-{screen}.png"))  # the screen's view only

    _switch_to(page, contributions.title)
    text = page.locator("main").inner_text()
    assert "To: CSTD Secretariat" in text
    assert "do not necessarily reflect the views and position of the United Nations" in text
    assert "Submitted by Russian Federation (Member State) on 4 April 2017." in text
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[screen]["width"]
    _shot(page, f"compilations-contributions-{screen}")

    page.get_by_role("link", name="All submissions of Russian Federation").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Submissions of Russian Federation").is_visible()
    assert page.locator(".submission-list__item").count() == 7
    page.get_by_role("button", name="Compare word by word").click()
    page.wait_for_load_state()
    redline = page.locator(".redline--submissions")
    assert redline.locator("del").count() > 0 and redline.locator("ins").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[screen]["width"]
    _shot(page, f"compilations-compare-{screen}")

    page.goto(contributions.get_absolute_url())
    _switch_to(page, draft_title)
