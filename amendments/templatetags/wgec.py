"""The one edge where HTML is produced from user text: every piece is escaped here."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from amendments.core import rendering
from amendments.core.document import display_text, footnote_mark_positions, split_at_footnote_marks
from amendments.models import Paragraph

register = template.Library()

# A passage without consensus, in the text's own [square brackets].
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def _escape_lines(text):
    # Line breaks inside a paragraph are part of its text: show them.
    return "<br>".join(conditional_escape(line) for line in text.split("\n"))


def _with_brackets(text):
    """Escaped text whose bracketed passages are marked, so they stand out on screen too."""
    out, start = [], 0
    for match in _BRACKETED.finditer(text):
        out.append(_escape_lines(text[start : match.start()]))
        out.append(f'<span class="bracketed">{_escape_lines(match.group())}</span>')
        start = match.end()
    out.append(_escape_lines(text[start:]))
    return "".join(out)


def _mark(pk, number):
    return format_html(
        '<sup class="fn-mark"><a href="#fn-{}" id="fnref-{}" aria-label="Footnote {}">{}</a></sup>',
        pk,
        pk,
        number,
        number,
    )


@register.simple_tag
def paragraph_text(paragraph, footnotes=()):
    """A paragraph's text, escaped, with its footnote marks as links to the footnotes, and in
    [brackets] when the whole paragraph has no consensus."""
    notes = [getattr(n, "paragraph", n) for n in footnotes]  # tree nodes or paragraphs
    html = []
    for kind, value in split_at_footnote_marks(paragraph.text, notes):
        html.append(_with_brackets(value) if kind == "text" else _mark(value.pk, value.number))
    body = "".join(html)
    if paragraph.status == Paragraph.Status.BRACKETED:
        body = f'<span class="bracketed bracketed--whole">[{body}]</span>'
    return mark_safe(body)  # noqa: S308 -- every piece was escaped above


@register.simple_tag
def snapshot_text(paragraph):
    """A frozen revision's paragraph (snapshot dict) as it prints, with its footnote marks."""
    text = display_text(paragraph)
    html, start = [], 0
    for at, note in footnote_mark_positions(paragraph):
        html.append(_with_brackets(text[start:at]))
        html.append(format_html('<sup class="fn-mark">{}</sup>', note["number"]))
        start = at
    html.append(_with_brackets(text[start:]))
    return mark_safe("".join(html))  # noqa: S308 -- every piece was escaped above


@register.simple_tag
def plain_text(text):
    """Any stored text, escaped, with its line breaks shown."""
    return mark_safe(_escape_lines(text))  # noqa: S308 -- escaped line by line


@register.simple_tag
def redline_inline(segments):
    """A redline with deletions struck through and insertions underlined (escaped by the engine)."""
    return mark_safe(rendering.inline_html(segments))  # noqa: S308 -- the engine escapes every segment


@register.simple_tag
def redline_side(segments, side):
    """One column of a side-by-side redline: "base" (with its deletions) or "proposal" (with its insertions)."""
    base, proposal = rendering.side_by_side_html(segments)
    return mark_safe(base if side == "base" else proposal)  # noqa: S308 -- the engine escapes every segment
