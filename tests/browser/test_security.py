"""In a real browser: no page breaks the Content-Security-Policy, and hostile text typed into any
field shows literally without running."""

import pytest
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Paragraph, Participant
from tests.browser.driver import log_in
from tests.helpers import PASSWORD, paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "<a href=\"javascript:window.__pwned='link'\">click me</a>",
    '"><svg onload="window.__pwned = \'svg\'">',
    "</textarea><script>window.__pwned = 'textarea'</script>",
    "<b>unclosed <i>broken & markup",
    "\u202eevil right-to-left override\u202c",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
]
TEXT = " ".join(HOSTILE)

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _watch(page):
    page.add_init_script(WATCH)
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return messages, dialogs


def _assert_clean(page, messages, dialogs):
    assert page.evaluate("window.__violations") == [], page.url
    assert messages == [], page.url
    assert dialogs == [], page.url
    assert page.evaluate("window.__pwned") is None, page.url


def _pages(report, amendment, revisionless=True):
    rec_2 = paragraph("recommendations", "2")
    return [
        reverse("report", args=[report]) + "?redlines=on",
        reverse("paragraph", args=[rec_2.pk]),
        reverse("paragraph-compare", args=[rec_2.pk]),
        reverse("amendment", args=[amendment.pk]),
        reverse("participant", args=[amendment.participant_id]),
        reverse("decisions", args=[report]),
        reverse("revisions", args=[report]),
        reverse("compare-revisions", args=[report]),
        reverse("deadline", args=[report]),
        reverse("paragraph-edit", args=[rec_2.pk]),
        reverse("paragraph-insert", args=[rec_2.pk]),
        "/no-such-page/",
    ]


def test_no_page_breaks_the_content_security_policy(page, secretariat_officer, russia_delegate):
    messages, dialogs = _watch(page)
    page.goto("/accounts/login/")
    _assert_clean(page, messages, dialogs)
    page.goto("/accounts/password-reset/")
    _assert_clean(page, messages, dialogs)
    log_in(page, secretariat_officer.username, PASSWORD)
    amendment = Amendment.objects.filter(participant__name="Nick Ashton-Hart").first()
    report = amendment.paragraph.section.report_id
    for url in _pages(report, amendment):
        page.goto(url)
        _assert_clean(page, messages, dialogs)

    # A member's pages, with the live preview's script at work.
    page.context.clear_cookies()
    log_in(page, russia_delegate.username, PASSWORD)
    rec_10 = paragraph("recommendations", "10")
    page.goto(reverse("propose-change", args=[rec_10.pk]))
    page.get_by_label("Your text").fill(rec_10.text + " Typed.")
    page.locator("#preview ins").wait_for()
    _assert_clean(page, messages, dialogs)


def test_hostile_text_in_every_field_shows_literally_and_never_runs(page, secretariat_officer, russia_delegate):
    messages, dialogs = _watch(page)
    rec_5 = paragraph("recommendations", "5")
    participant = Participant.objects.create(name=HOSTILE[1] + " Delegation", stakeholder_group="civil-society")

    # The secretariat writes it into a paragraph.
    log_in(page, secretariat_officer.username, PASSWORD)
    page.goto(reverse("paragraph-edit", args=[rec_5.pk]))
    page.get_by_label("Text").fill(TEXT)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Recommendation 5 saved.").wait_for()
    assert Paragraph.objects.get(pk=rec_5.pk).text == TEXT

    # A member writes it into an amendment, its justification and a comment.
    page.context.clear_cookies()
    log_in(page, russia_delegate.username, PASSWORD)
    rec_6 = paragraph("recommendations", "6")
    page.goto(reverse("propose-change", args=[rec_6.pk]))
    page.get_by_label("Your text").fill(TEXT)
    page.get_by_label("Justification (optional)").fill(TEXT)
    page.locator("#preview ins").first.wait_for()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Amendment submitted.").wait_for()
    amendment = Amendment.objects.get(participant=russia_delegate.participant)
    assert amendment.proposed_text == TEXT and amendment.justification == TEXT
    page.get_by_label("Add a comment as Russian Federation").fill(TEXT)
    page.get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_load_state()
    assert Comment.objects.get(author=russia_delegate).text == TEXT
    actions.comments.comment(
        user=None, participant=participant, paragraph=rec_6, text="From a delegation with a hostile name."
    )

    everything, the_name = HOSTILE[:6], [HOSTILE[1] + " Delegation"]
    for url, expected in (
        (reverse("report", args=[rec_5.section.report_id]) + "?redlines=on", everything),
        (reverse("paragraph", args=[rec_5.pk]), everything),
        (reverse("paragraph", args=[rec_6.pk]), everything + the_name),
        (amendment.get_absolute_url(), everything),
        (reverse("participant", args=[participant.pk]), the_name),
    ):
        page.goto(url)
        _assert_clean(page, messages, dialogs)
        shown = page.locator("main").inner_text()
        for piece in expected:
            assert piece in shown, (url, piece)
        assert page.locator("main script, main img, main svg, main a[href^='javascript']").count() == 0, url
