"""A whole negotiation round in a real browser: members propose; the secretariat accepts, modifies,
rejects, brackets a passage by selecting it and records "[should][shall]"; the Chair proposes a
compromise superseding two amendments; the secretariat gives the report its symbol, previews and
issues Rev.1, compares it with the original and downloads what it circulates: no delegation's
draft is in any of it, and Rev.1's files carry the symbol, "Rev.1" and its date."""

import io
import re
import zipfile

import pytest

from amendments.models import Amendment, Revision
from tests.browser.driver import force_log_in, screenshot
from tests.browser.test_brackets import SELECT
from tests.helpers import paragraph, pdf_text, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT_WORDS = "An observatory of enhanced cooperation practices should be set up."
DRAFT_NOTE = "Not yet cleared by our capital."
SYMBOL = "E/CN.16/2018/CRP.3"


def _as(page, user):
    page.context.clear_cookies()
    force_log_in(page, user)


def _decide(page, amendment, choice, final_text=None):
    page.goto(amendment.get_absolute_url())
    page.get_by_label(choice, exact=True).check()
    if final_text is not None:
        page.get_by_label(re.compile("Text as accepted with modifications")).fill(final_text)
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".messages, [role=status]").first.wait_for()


def _download(page, link):
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def _text_of(name, content):
    """Every word a downloaded file holds, tracked changes and comments included."""
    if name.endswith(".pdf"):
        return pdf_text(content)
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            xml = " ".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", xml))
    return content.decode()


def test_a_full_round_from_proposals_to_rev1_circulated_without_drafts(
    page, secretariat_officer, chair, russia_delegate, japan_delegate
):
    rec_6, rec_9, rec_10 = (paragraph("recommendations", n) for n in ("6", "9", "10"))
    report_url = rec_6.section.report.get_absolute_url()
    ashton_hart = {
        key: Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(*key))
        for key in (("introduction", "15"), ("recommendations", "3"), ("recommendations", "9"))
    }

    # Members propose: Japan through the form, Russia one submitted change and one draft of its own.
    _as(page, japan_delegate)
    page.goto(rec_6.get_absolute_url())
    page.get_by_role("link", name="Propose a change").click()
    page.get_by_label("Your text").fill(rec_6.text.replace("factual information", "factual and verifiable information"))
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Amendment submitted.").wait_for()
    screenshot(page, "round-1-japan-proposes")
    japanese = Amendment.objects.get(participant__name="Japan", paragraph=rec_6)
    russian = propose_change(
        russia_delegate,
        rec_6,
        rec_6.text.replace("open, accessible and timely", "open, accessible, timely and multilingual"),
    )
    draft = propose_change(
        russia_delegate, rec_10, f"{rec_10.text} {DRAFT_WORDS}", submit=False, justification=DRAFT_NOTE
    )

    # The secretariat accepts, accepts with modifications, rejects.
    _as(page, secretariat_officer)
    _decide(page, ashton_hart[("introduction", "15")], "Accept")
    modified = ashton_hart[("recommendations", "9")].proposed_text.replace("should", "shall", 1)
    _decide(page, ashton_hart[("recommendations", "9")], "Accept with modifications", final_text=modified)
    _decide(page, ashton_hart[("recommendations", "3")], "Reject")
    screenshot(page, "round-2-secretariat-decides")
    statuses = {k: Amendment.objects.get(pk=a.pk).status for k, a in ashton_hart.items()}
    assert list(statuses.values()) == ["accepted", "rejected", "accepted-modified"]

    # It brackets a passage by selecting it, and records "[should][shall]" in Recommendation 5.
    rec_19 = paragraph("recommendations", "19")
    page.goto(rec_19.get_absolute_url())
    assert page.evaluate(SELECT, ["further consideration be given", 0])
    page.get_by_role("button", name="Bracket", exact=True).click()
    page.get_by_text("Passage put in brackets.").wait_for()
    rec_5 = paragraph("recommendations", "5")
    page.goto(rec_5.get_absolute_url())
    assert page.evaluate(SELECT, ["should", 0])
    page.get_by_role("link", name="Record alternatives…").click()
    page.get_by_label("Alternative 2", exact=True).fill("shall")
    page.get_by_label("Proposed by (alternative 2)").select_option(label="Japan")
    page.get_by_role("button", name="Write the alternatives into the text").click()
    page.get_by_text("Alternatives recorded.").wait_for()
    screenshot(page, "round-3-brackets-and-alternatives")
    assert "[should][shall]" in paragraph("recommendations", "5").text

    # The Chair proposes a compromise that merges Japan's and Russia's changes.
    _as(page, chair)
    page.goto(rec_6.get_absolute_url())
    page.get_by_role("link", name="Propose a compromise").click()
    merged = rec_6.text.replace("factual information", "factual and verifiable information").replace(
        "open, accessible and timely", "open, accessible, timely and multilingual"
    )
    page.get_by_label("The Chair's text").fill(merged)
    page.get_by_label(re.compile(r"^Japan: change")).check()
    page.get_by_label(re.compile(r"^Russian Federation: change")).check()
    page.get_by_role("button", name="Submit the Chair's proposal").click()
    page.get_by_text("Chair's proposal", exact=False).first.wait_for()
    screenshot(page, "round-4-chairs-proposal")
    compromise = Amendment.objects.get(participant__name="Chair")
    for amendment in (japanese, russian):
        amendment.refresh_from_db()
        assert (amendment.status, amendment.superseded_by) == ("superseded", compromise)
    page.goto(rec_6.get_absolute_url())
    assert (
        page.locator(".amendment__superseded-by").get_by_role("link", name="Superseded by the Chair's proposal").count()
        == 2
    )

    # The secretariat accepts it, gives the report its symbol, previews and issues Rev.1.
    _as(page, secretariat_officer)
    _decide(page, compromise, "Accept")
    page.goto(report_url)
    page.get_by_role("link", name="Symbol, date and labels").click()
    page.get_by_label("Document symbol").fill(SYMBOL)
    page.get_by_label("Distribution").fill("Limited")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved: symbol; distribution.").wait_for()
    screenshot(page, "round-5-identity")
    page.goto(report_url)
    page.locator(".doc-tools").get_by_role("link", name="Revisions").click()
    page.get_by_label("Name").fill("Rev.1")
    page.get_by_label("Date").fill("2018-01-15")
    page.get_by_label(re.compile("^Subtitle")).fill("Revised draft of the Chair")
    page.get_by_role("button", name="Preview the revision").click()
    page.get_by_role("heading", name="Preview of Rev.1, 15 January 2018").wait_for()
    assert not Revision.objects.issued().exists()
    screenshot(page, "round-6-preview")
    page.get_by_role("button", name="Issue Rev.1").first.click()
    page.get_by_text("Rev.1, 15 January 2018 issued.").wait_for()
    screenshot(page, "round-7-rev1")
    rev1 = Revision.objects.issued().get()
    assert merged in [p["text"] for s in rev1.snapshot["sections"] for p in s["paragraphs"]]
    assert page.locator(".doc-head__symbol").inner_text() == f"{SYMBOL}/Rev.1"

    # Rev.1 against the original.
    page.goto(report_url)
    page.locator(".doc-tools").get_by_role("link", name="Revisions").click()
    page.get_by_role("link", name="Compare two revisions").click()
    page.get_by_label("From").select_option(label="Original, 11 November 2017")
    page.get_by_label("to", exact=True).select_option(label="Rev.1, 15 January 2018")
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("heading", name="From Original, 11 November 2017 to Rev.1, 15 January 2018").wait_for()
    assert any("verifiable" in text for text in page.locator("ins").all_inner_texts())
    screenshot(page, "round-8-compare-with-original")

    # What the secretariat circulates holds no delegation's draft.
    page.goto(report_url)
    tools = page.locator(".doc-tools")
    links = [
        tools.get_by_role("link", name=".docx").first,
        tools.get_by_role("link", name=".pdf").first,
        tools.get_by_role("link", name="pending").first,  # the Word redline
        tools.get_by_role("link", name="pending").nth(1),  # the redline as PDF
        *(tools.get_by_role("link", name=ext).nth(1) for ext in (".html", ".docx", ".pdf")),
    ]
    names = []
    for link in links:
        name, content = _download(page, link)
        names.append(name)
        text = _text_of(name, content)
        assert "Nick Ashton-Hart" in text or "Working Group on Enhanced Cooperation" in text, name
        assert DRAFT_WORDS not in text and DRAFT_NOTE not in text and "observatory" not in text, name
    assert all(name.startswith("E-CN.16-2018-CRP.3-current-") for name in names), names
    assert Amendment.objects.get(pk=draft.pk).status == "draft"

    # Rev.1's files carry the symbol, "Rev.1" and its date.
    page.goto(rev1.get_absolute_url())
    screenshot(page, "round-9-rev1-page")
    for ext in (".docx", ".pdf"):
        name, content = _download(page, page.locator(".toolbar").get_by_role("link", name=ext))
        assert name == f"E-CN.16-2018-CRP.3-Rev.1-2018-01-15{ext}"
        text = _text_of(name, content)
        for words in (f"{SYMBOL}/Rev.1", "Distr.: Limited", "Rev.1, 15 January 2018", "Revised draft of the Chair"):
            assert words in text, (ext, words)
        assert "Chair's initial proposal of 11 November 2017" not in text.replace("’", "'"), ext
