"""A delegate selects three words of an amendment's proposed text, comments on them with the
button the selection shows (static/js/comments.js), and finds them highlighted, in a real browser."""

import pytest

from amendments.models import Comment
from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPOSAL = "Public policy should aim to bridge the digital divide."
WORDS = "bridge the digital"

# Selects the words in the proposed text as a person does with the mouse: a range over the page's
# text, which fires the page's selection events.
SELECT = """(words) => {
  const root = document.querySelector("[data-comment-text]");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.nodeValue.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


def test_a_delegate_comments_on_three_selected_words_and_sees_them_highlighted(page, japan_delegate, russia_delegate):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "12"), PROPOSAL)
    force_log_in(page, japan_delegate)
    page.goto(amendment.get_absolute_url())
    button = page.get_by_role("button", name="Comment on the selected words")
    assert not button.is_visible()  # nothing selected yet

    assert page.evaluate(SELECT, WORDS)
    button.wait_for()  # shown below the selection
    screenshot(page, "word-comments-selection")
    button.click()
    assert page.get_by_label("Words you are commenting on").input_value() == WORDS
    assert page.locator("#comment-quote").inner_text() == f"On “{WORDS}”:"
    box = page.locator("#new-comment")
    assert box.evaluate("element => element === document.activeElement")  # ready to type
    page.keyboard.type("Which divide: the digital one only?")
    screenshot(page, "word-comments-words-chosen")
    page.get_by_role("button", name="Comment", exact=True).click()

    mark = page.locator("[data-comment-text] mark.comment-anchor")
    mark.wait_for()
    row = Comment.objects.get(amendment=amendment)
    assert row.anchor == WORDS and row.text == "Which divide: the digital one only?"
    assert mark.inner_text() == WORDS and mark.get_attribute("id") == f"anchor-{row.pk}"
    page.locator(f"#c-{row.pk} .comment__anchor a").click()  # the quote leads to the words
    assert page.evaluate("location.hash") == f"#anchor-{row.pk}"
    screenshot(page, "word-comments-highlighted")


def test_on_a_paragraph_page_the_selected_words_leave_out_its_printed_number(page, japan_delegate):
    rec_5 = paragraph("recommendations", "5")
    force_log_in(page, japan_delegate)
    page.goto(rec_5.get_absolute_url())
    assert page.evaluate(
        """() => {
      const root = document.querySelector("[data-comment-text]");
      const body = root.querySelector(".para__body").firstChild;
      const range = document.createRange();
      range.setStart(root, 0);  // from before the printed number "5."
      range.setEnd(body, "Those institutions".length);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      return true;
    }"""
    )
    page.get_by_role("button", name="Comment on the selected words").click()
    assert page.get_by_label("Words you are commenting on").input_value() == "Those institutions"
    page.keyboard.type("Which ones?")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.locator(".current-text mark.comment-anchor").wait_for()
    assert Comment.objects.get(paragraph=rec_5).anchor == "Those institutions"
    assert page.locator(".current-text mark.comment-anchor").inner_text() == "Those institutions"
