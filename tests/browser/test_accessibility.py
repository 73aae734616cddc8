"""Accessibility in a real browser: axe-core finds no serious or critical violation on the main
pages, everything is reachable by keyboard, and redlines read without colour."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from amendments.models import Amendment
from tests.browser.driver import log_in, screenshot
from tests.helpers import PASSWORD, paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe():
    if not AXE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("axe-core is required in CI: `make test` installs it with npm.")
        pytest.skip("axe-core is not installed (npm ci).")
    return AXE.read_text(encoding="utf-8")


def _serious_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def audit_page(browser, live_server):
    """A page on which axe-core may be injected: the app's CSP rightly refuses inline scripts."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_main_pages_have_no_serious_or_critical_violation(audit_page, axe, russia_delegate, japan_delegate):
    page = audit_page
    rec_2, rec_10 = paragraph("recommendations", "2"), paragraph("recommendations", "10")
    propose_change(japan_delegate, rec_2, rec_2.text.replace("equal footing", "an equal footing"))
    report_id = rec_2.section.report_id
    log_in(page, russia_delegate.username, PASSWORD)
    nah = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=rec_2)
    for url in (
        "/accounts/login/",
        reverse("report", args=[report_id]),
        reverse("report", args=[report_id]) + "?redlines=on",
        reverse("paragraph", args=[rec_2.pk]),
        reverse("paragraph", args=[rec_2.pk]) + "?view=side",
        reverse("paragraph-compare", args=[rec_2.pk]),
        reverse("propose-change", args=[rec_10.pk]),
        reverse("amendment", args=[nah.pk]),
        reverse("compare-revisions", args=[report_id]),
        reverse("search") + "?q=equal+footing",
    ):
        page.goto(url)
        assert _serious_violations(page, axe) == [], url


def test_the_staff_pages_have_no_serious_or_critical_violation(audit_page, axe, secretariat_officer, chair):
    page = audit_page
    group_id = paragraph("recommendations", "2").section.report.working_group_id
    log_in(page, secretariat_officer.username, PASSWORD)
    for url in (
        reverse("working-groups"),
        reverse("working-group-new"),
        reverse("working-group-staff", args=[group_id]),
    ):
        page.goto(url)
        assert _serious_violations(page, axe) == [], url


def test_a_member_proposes_a_change_with_the_keyboard_alone(page, russia_delegate):
    rec_10 = paragraph("recommendations", "10")
    log_in(page, russia_delegate.username, PASSWORD)
    page.goto(reverse("paragraph", args=[rec_10.pk]))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the text"
    for _ in range(40):  # tab until the link to the form has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Propose a change":
            break
    else:
        pytest.fail("“Propose a change” cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/propose/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "proposed_text":
            break
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Typed with the keyboard.")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "submit":
            break
    else:
        pytest.fail("the Submit button cannot be reached with Tab")
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none"  # a visible focus ring
    page.keyboard.press("Enter")
    page.get_by_text("Amendment submitted.").wait_for()
    assert Amendment.objects.get(participant=russia_delegate.participant).proposed_text.endswith(
        "Typed with the keyboard."
    )
    screenshot(page, "keyboard-only-submission")


def test_redlines_read_without_colour(page, japan_delegate):
    rec_2 = paragraph("recommendations", "2")
    log_in(page, japan_delegate.username, PASSWORD)
    page.goto(reverse("paragraph", args=[rec_2.pk]))
    page.emulate_media(forced_colors="active")  # as with Windows high contrast: colours overridden
    deletion, insertion = page.locator(".redline del").first, page.locator(".redline ins").first
    assert "line-through" in deletion.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in insertion.evaluate("e => getComputedStyle(e).textDecorationLine")
    # A screen reader hears where each change starts.
    assert "deletion" in deletion.evaluate("e => getComputedStyle(e, '::before').content")
    assert "insertion" in insertion.evaluate("e => getComputedStyle(e, '::before').content")
