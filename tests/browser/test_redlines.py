"""Redlines in a real browser: Introduction 15 side by side, and "compare all" on Recommendation 2."""

import pytest

from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_introduction_15_side_by_side(page, japan_delegate):
    force_log_in(page, japan_delegate)
    page.goto("/")
    intro_15 = paragraph("introduction", "15")
    page.locator(f"#p-{intro_15.pk} .para__meta .para__link").click()
    page.get_by_role("link", name="Side by side").click()

    amendment = page.locator(".amendment").first
    assert "Nick Ashton-Hart" in amendment.locator(".amendment__head").inner_text()
    base, proposal = amendment.locator(".side-by-side__col").all()
    deleted = [t.strip() for t in base.locator("del").all_inner_texts()]
    assert deleted == ["particular", "related to the", "as envisioned in the Tunis Agenda", "not only", "but"]
    assert base.locator("ins").count() == 0
    assert [t.strip() for t in proposal.locator("ins").all_inner_texts()] == ["of whether an", "is", "and"]
    assert proposal.locator("del").count() == 0
    # Readable without colour: struck through and underlined.
    assert "line-through" in base.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in proposal.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    screenshot(page, "introduction-15-side-by-side")


def test_compare_all_on_recommendation_2_with_a_second_delegation(page, japan_delegate, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    propose_change(
        russia_delegate,
        rec_2,
        rec_2.text.replace("respect for the sovereign rights of states", "respect the sovereign rights of States"),
        justification="The sovereignty of States is the starting point.",
    )
    force_log_in(page, japan_delegate)
    page.goto(f"/paragraphs/{rec_2.pk}/")
    page.get_by_role("link", name="Compare all").click()

    columns = page.locator(".compare__col")
    assert columns.count() == 3  # the current text and two proposals
    headings = page.locator(".compare__col h2").all_inner_texts()
    assert headings[1:] == ["Nick Ashton-Hart", "Russian Federation"]
    assert [t.strip() for t in columns.nth(1).locator("ins").all_inner_texts()] == [
        "implementing", "in", "having", "in their", "respecting", "having", "facilitating", "having", "in their",
        "having", "operate in", "respect the need for diversity in composition", "ensure due", "needs and views",
        "expanding",
    ]  # fmt: skip
    assert [t.strip() for t in columns.nth(2).locator("del").all_inner_texts()] == ["for", "states"]
    screenshot(page, "recommendation-2-compare-all")


def test_member_switches_every_redline_on_in_the_report(page, russia_delegate):
    force_log_in(page, russia_delegate)
    page.goto("/")
    page.get_by_role("link", name="Show every redline in place").click()
    assert page.locator(".amendment").count() == 13
    page.get_by_role("link", name="Hide the redlines").click()
    assert page.locator(".amendment").count() == 0
