"""An HTML revised text is read by its blocks: one paragraph per block, footnote marks and notes apart."""

from amendments.importers.html_text import html_to_markdown, looks_like_html
from amendments.importers.splitting import split_revised_text

PAGE = """<!DOCTYPE html><html><head><title>Draft</title><style>p { margin: 0 }</style></head><body>
<h2>Introduction</h2>
<p class="para"><span class="para__number">2 bis.</span>The group met<sup class="fn-mark"><a href="#fn-1">1</a></sup>
in Geneva.</p>
<ul class="items"><li># Transparency:</li><li>Inclusiveness:</li></ul>
<aside class="notes"><p class="note"><span class="note__number">1</span>The funding is acknowledged.</p></aside>
</body></html>"""


def test_an_html_document_is_told_from_text():
    assert looks_like_html(PAGE)
    assert looks_like_html("<!-- saved -->\n<html lang='en'><body><p>x</p></body></html>")
    assert not looks_like_html("The Group met in <b>Geneva</b>.")


def test_html_blocks_become_paragraphs_with_numbers_items_and_footnotes():
    revised = split_revised_text(html_to_markdown(PAGE), kind="md")
    assert [(p.number, p.text, p.bullet, p.heading) for p in revised] == [
        ("", "Introduction", False, True),
        ("2 bis", "The group met in Geneva.", False, False),
        ("", "# Transparency:", True, False),
        ("", "Inclusiveness:", True, False),
    ]
    assert [(n.number, n.text) for n in revised.footnotes] == [("1", "The funding is acknowledged.")]


def test_styles_scripts_and_the_head_are_no_text():
    markdown = html_to_markdown(PAGE)
    assert "margin" not in markdown
    assert "Draft" not in markdown
