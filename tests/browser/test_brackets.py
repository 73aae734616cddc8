"""The secretariat brackets words by selecting them, records "[should][shall]" with their proposers
and keeps one, in a real browser (static/js/brackets.js fills the forms from the selection)."""

import pytest

from amendments.models import Alternative, Paragraph
from tests.browser.driver import force_log_in, screenshot
from tests.helpers import paragraph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Selects the n-th (from 0) occurrence of a word in the paragraph's text as a person does with the
# mouse: a range in the page's text nodes, which fires the page's selection events.
SELECT = """([word, n]) => {
  const root = document.querySelector("[data-bracket-text]");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let at = node.nodeValue.indexOf(word);
    while (at >= 0) {
      if (seen++ === n) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        return true;
      }
      at = node.nodeValue.indexOf(word, at + 1);
    }
  }
  return false;
}"""


def test_secretariat_brackets_a_repeated_word_by_selecting_it_and_records_alternatives(page, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    second = rec_5.text.index("should", rec_5.text.index("should") + 1)
    force_log_in(page, secretariat_officer)

    page.goto(rec_5.get_absolute_url())
    assert page.evaluate(SELECT, ["should", 1])
    assert page.locator("#id_bracket_passage").input_value() == "should"
    assert page.locator("#id_bracket_start").input_value() == str(second)
    screenshot(page, "brackets-word-selected")
    page.get_by_role("button", name="Bracket", exact=True).click()
    page.get_by_text("Passage put in brackets.").wait_for()
    stored = Paragraph.objects.get(pk=rec_5.pk)
    assert stored.text == rec_5.text[:second] + "[should]" + rec_5.text[second + 6 :]
    assert page.locator(".current-text .bracketed").inner_text() == "[should]"

    # Alternatives for the first "should", chosen by selecting it too.
    assert page.evaluate(SELECT, ["should", 0])
    page.get_by_role("link", name="Record alternatives…").click()
    assert page.get_by_label("Alternative 1", exact=True).input_value() == "should"
    page.get_by_label("Proposed by (alternative 1)").select_option(label="Japan")
    page.get_by_label("Alternative 2", exact=True).fill("shall")
    page.get_by_label("Proposed by (alternative 2)").select_option(label=["Brazil", "Mexico"])
    screenshot(page, "brackets-alternatives-form")
    page.get_by_role("button", name="Write the alternatives into the text").click()
    page.get_by_text("Alternatives recorded.").wait_for()
    first = rec_5.text.index("should")
    stored = Paragraph.objects.get(pk=rec_5.pk)
    assert stored.text.startswith(rec_5.text[:first] + "[should][shall] reach out")
    assert Alternative.objects.count() == 2
    labels = page.locator(".current-text .alternative__by")
    assert labels.all_inner_texts() == ["Japan", "Brazil, Mexico"]
    screenshot(page, "brackets-alternatives-shown")

    # Remove brackets: keep "shall".
    page.get_by_label("Remove brackets").select_option(label="Keep “shall”")
    page.get_by_role("button", name="Remove brackets").click()
    page.get_by_text("Alternative kept; the others removed.").wait_for()
    stored = Paragraph.objects.get(pk=rec_5.pk)
    assert stored.text.startswith(rec_5.text[:first] + "shall reach out")
    assert "[should]" in stored.text and not Alternative.objects.exists()
    screenshot(page, "brackets-alternative-kept")
