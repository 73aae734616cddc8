"""The secretariat's round in a real browser: decide, bracket, issue Rev.1, download the .docx."""

import docx
import pytest

from amendments import actions
from amendments.models import Amendment, Revision
from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decide(page, amendment, choice):
    page.goto(amendment.get_absolute_url())
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("1 amendment").wait_for()


def test_secretariat_decides_brackets_issues_rev1_and_downloads_it(
    page, secretariat_officer, russia_delegate, japan_delegate
):
    intro_15 = paragraph("introduction", "15")
    rec_10 = paragraph("recommendations", "10")
    nah_intro_15 = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=intro_15)
    nah_rec_3 = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph("recommendations", "3"))
    russian_rec_10 = propose_change(
        russia_delegate, rec_10, rec_10.text.replace("language barriers", "language barriers and multilingualism")
    )
    two = paragraph("introduction", "2")
    two_bis = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="The Group recalled paragraph 69 of the Tunis Agenda.", submit=True,
    )  # fmt: skip
    japanese_pending = propose_change(
        japan_delegate, intro_15, intro_15.text.replace("virtually every other issue", "nearly every other issue")
    )

    force_log_in(page, secretariat_officer)

    page.goto("/")
    _decide(page, nah_intro_15, "Accept")
    screenshot(page, "secretariat-accepts-introduction-15")
    _decide(page, russian_rec_10, "Accept")
    _decide(page, two_bis, "Accept")
    _decide(page, nah_rec_3, "Reject")
    assert Amendment.objects.get(pk=nah_rec_3.pk).status == "rejected"

    # Bracket part of Recommendation 19.
    rec_19 = paragraph("recommendations", "19")
    page.goto(rec_19.get_absolute_url())
    page.get_by_label("Put a passage in [brackets]").fill("further consideration be given")
    page.get_by_role("button", name="Bracket").click()
    page.get_by_text("Passage put in brackets.").wait_for()
    assert page.locator(".current-text .bracketed").inner_text() == "[further consideration be given]"

    # Issue Rev.1.
    page.goto(f"/reports/{intro_15.section.report_id}/revisions/")
    page.get_by_label("Name").fill("Rev.1")
    page.get_by_label("Date").fill("2018-01-15")
    page.get_by_role("button", name="Preview the revision").click()
    page.get_by_role("heading", name="Preview of Rev.1, 15 January 2018").wait_for()
    assert not Revision.objects.issued().exists()  # nothing is issued by the preview
    assert "Introduction 15" in page.locator("#plan-consolidated").locator("..").inner_text()
    screenshot(page, "rev1-preview")
    page.get_by_role("button", name="Issue Rev.1").first.click()
    page.get_by_text("Rev.1, 15 January 2018 issued.").wait_for()
    screenshot(page, "rev1-issued")
    revision = Revision.objects.issued().get()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=".docx").first.click()
    path = download_info.value.path()
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    joined = "\n".join(texts)
    assert any(t.startswith("3.") and "The Group recalled paragraph 69" in t for t in texts)  # "2 bis" became 3
    assert any(t.startswith("16.") and "the topic of whether an institutional framework" in t for t in texts)
    assert "language barriers and multilingualism" in joined
    assert "[further consideration be given]" in joined
    assert "The process towards enhanced cooperation" in joined  # the rejected change is not in
    assert revision.snapshot["revision"] == {"name": "Rev.1", "date": "2018-01-15"}

    # The still-pending amendment is there, carried over onto the new text.
    japanese_pending.refresh_from_db()
    assert (japanese_pending.status, japanese_pending.carried_over) == ("submitted", "rebased")
    assert "the topic of whether an institutional framework is required" in japanese_pending.base_text
    page.goto(japanese_pending.get_absolute_url())
    assert "Carried over onto a revised text" in page.content()
    assert "nearly" in page.locator(".redline").first.inner_text()
    screenshot(page, "pending-amendment-rebased")
