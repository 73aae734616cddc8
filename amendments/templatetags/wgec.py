"""The one edge where HTML is produced from user text: every piece is escaped here."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from amendments import redline
from amendments.reading import split_at_footnote_marks

register = template.Library()


def _escape_lines(text):
    # Line breaks inside a paragraph are part of its text: show them.
    return "<br>".join(conditional_escape(line) for line in text.split("\n"))


@register.simple_tag
def paragraph_text(paragraph, footnotes=()):
    """A paragraph's text, escaped, with its footnote marks as links to the footnotes."""
    html = []
    notes = [getattr(n, "paragraph", n) for n in footnotes]  # tree nodes or paragraphs
    for kind, value in split_at_footnote_marks(paragraph.text, notes):
        if kind == "text":
            html.append(_escape_lines(value))
        else:
            html.append(
                format_html(
                    '<sup class="fn-mark"><a href="#fn-{}" id="fnref-{}" aria-label="Footnote {}">{}</a></sup>',
                    value.pk,
                    value.pk,
                    value.number,
                    value.number,
                )
            )
    return mark_safe("".join(html))  # noqa: S308 -- every piece was escaped above


@register.simple_tag
def plain_text(text):
    """Any stored text, escaped, with its line breaks shown."""
    return mark_safe(_escape_lines(text))  # noqa: S308 -- escaped line by line


@register.simple_tag
def redline_inline(segments):
    """A redline with deletions struck through and insertions underlined (escaped by the engine)."""
    return mark_safe(redline.inline_html(segments))  # noqa: S308 -- the engine escapes every segment


@register.simple_tag
def redline_side(segments, side):
    """One column of a side-by-side redline: "base" (with its deletions) or "proposal" (with its insertions)."""
    base, proposal = redline.side_by_side_html(segments)
    return mark_safe(base if side == "base" else proposal)  # noqa: S308 -- the engine escapes every segment
