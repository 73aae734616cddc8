"""The screen in a real browser: a typical paragraph with its proposals fits the projector without
scrolling, at 1920×1080 and 1280×720, and the control page records a proposal from the floor."""

import pytest

from amendments import actions
from amendments.models import Amendment
from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_paragraph_with_its_proposals_fits_the_projector(page, wgec, secretariat_officer, russia_delegate,
                                                             japan_delegate):  # fmt: skip
    rec_3 = paragraph("recommendations", "3")
    propose_change(russia_delegate, rec_3, rec_3.text.replace("should", "shall", 1))
    propose_change(japan_delegate, rec_3, rec_3.text + " It should build on existing international forums.")
    actions.screens.show(wgec.pk, user=secretariat_officer, paragraph_id=rec_3.pk)
    force_log_in(page, secretariat_officer)
    page.goto(f"/reports/{wgec.pk}/screen/control/")
    page.get_by_label("Delegation taking the floor").select_option(label="Brazil")
    page.get_by_label("The text as proposed").fill(rec_3.text.replace("process", "inclusive process", 1))
    page.get_by_role("button", name="Record the proposal").click()
    page.get_by_text("Recorded Brazil's proposal from the floor.").wait_for()
    assert Amendment.objects.get(from_floor=True).participant.name == "Brazil"
    on_the_table = Amendment.objects.filter(paragraph=rec_3, status=Amendment.Status.SUBMITTED).count()
    assert on_the_table >= 3  # Ashton-Hart's, if he amended it, besides these three
    for width, height in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/reports/{wgec.pk}/screen/")
        assert page.locator(".screen__proposal").count() == on_the_table
        scroll = page.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
        assert scroll[0] <= scroll[1], f"the screen scrolls at {width}×{height}: {scroll}"
        screenshot(page, f"screen-{width}x{height}")
