"""Template tags that show stored text as HTML: the text is escaped by amendments.core.rendering (or
format_html) and marked safe here, once. The pages and the standalone HTML exports (templates/exports/) render through these tags."""

from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from amendments import moments
from amendments.core import anchors, brackets, line_numbers, rendering
from amendments.core.document import display_text, footnote_mark_positions, split_at_footnote_marks
from amendments.exporters.draft_text import masthead, revision_line
from amendments.models import Comment
from amendments.queries.reports import reports_of

register = template.Library()


@register.filter
def when(value):
    """A date and time as every page writes it: "3 December 2026, 14:05 CET"."""
    return moments.moment(value)


def _mark(pk, number):
    return format_html(
        '<sup class="fn-mark"><a href="#fn-{}" id="fnref-{}" aria-label="Footnote {}">{}</a></sup>',
        pk,
        pk,
        number,
        number,
    )


def _mark_tag(comments: Sequence[Comment], ids: Sequence[Comment], first: bool) -> str:
    """The opening <mark> of words some comments are on: the first stretch carries the id of the
    first comment starting there, an empty target before it the ids of the others."""
    names = ", ".join(dict.fromkeys(c.speaker or "the secretariat" for c in comments))
    refs = " ".join(f"c-{c.pk}" for c in comments)
    if not first:
        return format_html('<mark class="comment-anchor" data-comments="{}" title="Commented on by {}">', refs, names)
    targets = format_html_join(
        "", '<span class="comment-anchor__target" id="anchor-{}"></span>', ((c.pk,) for c in ids[1:])
    )
    mark_id = format_html(' id="anchor-{}"', ids[0].pk) if ids else ""
    return format_html(
        '{}<mark class="comment-anchor" data-comments="{}" title="Commented on by {}"{}>', targets, refs, names, mark_id
    )


def anchor_highlights(text: str, comments: Iterable[Comment]) -> list[rendering.Highlight]:
    """The words each comment with an anchor is on, found in the text (the first occurrence), as
    highlights for rendering.bracketed_html; deleted comments are not highlighted."""
    anchored = [c for c in comments if c.anchor and not c.deleted]
    seen: set[int] = set()
    out: list[rendering.Highlight] = []
    for piece in anchors.pieces(text, [c.anchor for c in anchored]):
        if not piece.anchors:
            continue
        starting = [anchored[i] for i in piece.anchors if i not in seen]
        seen.update(piece.anchors)
        covering = [anchored[i] for i in piece.anchors]
        opening = _mark_tag(covering, starting, first=True)
        out.append(rendering.Highlight(piece.start, piece.end, opening, _mark_tag(covering, (), first=False)))
    return out


@register.simple_tag
def commented_text(text, comments=()):
    """Any stored text (an amendment's proposed text), escaped, its brackets marked and the words
    comments are on highlighted."""
    parts = brackets.segments(text)
    return mark_safe(rendering.bracketed_html(text, parts, highlights=anchor_highlights(text, comments)))  # noqa: S308 -- every piece escaped there


def _marks(paragraph, footnotes):
    notes = [getattr(n, "paragraph", n) for n in footnotes]  # tree nodes or paragraphs
    marks, at = [], 0
    for kind, value in split_at_footnote_marks(paragraph.text, notes):
        if kind == "text":
            at += len(value)
        else:
            marks.append((at, _mark(value.pk, value.number)))
    return marks


@register.simple_tag
def paragraph_text(paragraph, footnotes=(), alternatives=(), comments=()):
    """A paragraph's text, escaped, with its footnote marks as links to the footnotes and its
    [bracketed] passages and alternatives marked; `alternatives` (`brackets.Attribution`s, the
    paragraph page gives them) name who proposed each alternative, and the words `comments` are
    on are highlighted. The status adds nothing: the brackets are the text's own."""
    parts = brackets.segments(paragraph.text, alternatives)
    marks = _marks(paragraph, footnotes)
    highlights = anchor_highlights(paragraph.text, comments)
    return mark_safe(rendering.bracketed_html(paragraph.text, parts, marks, highlights))  # noqa: S308 -- every piece escaped there


@register.simple_tag
def numbered_text(paragraph, footnotes=()):
    """`paragraph_text` in the paragraph's fixed lines, each after its line number (core.line_numbers)."""
    lines = line_numbers.wrap(paragraph.text)
    if not lines:
        return paragraph_text(paragraph, footnotes)
    parts = brackets.segments(paragraph.text)
    html = rendering.numbered_lines_html(paragraph.text, parts, lines, _marks(paragraph, footnotes))
    return mark_safe(html)  # noqa: S308 -- every piece escaped there


@register.simple_tag
def snapshot_text(paragraph):
    """A frozen revision's paragraph (snapshot dict) as it prints, with its footnote marks."""
    text = display_text(paragraph)
    marks = [
        (at, format_html('<sup class="fn-mark">{}</sup>', note["number"]))
        for at, note in footnote_mark_positions(paragraph)
    ]
    return mark_safe(rendering.bracketed_html(text, brackets.segments(text), marks))  # noqa: S308 -- escaped there


@register.simple_tag
def plain_text(text):
    """Any stored text, escaped, with its line breaks shown."""
    return mark_safe(rendering.escape_lines(text))  # noqa: S308 -- escaped line by line


@register.simple_tag
def redline_inline(segments):
    """A redline with deletions struck through and insertions underlined (escaped by the engine)."""
    return mark_safe(rendering.inline_html(segments))  # noqa: S308 -- the engine escapes every segment


@register.simple_tag
def redline_side(segments, side):
    """One column of a side-by-side redline: "base" (with its deletions) or "proposal" (with its insertions)."""
    base, proposal = rendering.side_by_side_html(segments)
    return mark_safe(base if side == "base" else proposal)  # noqa: S308 -- the engine escapes every segment


def _export_marks(block, first_mark):
    marks = []
    for n, (at, note) in enumerate(footnote_mark_positions(block), first_mark):
        number = note["number"] if isinstance(note, dict) else note.number
        mark = format_html(
            '<sup class="fn-mark"><a href="#fn-{}" id="fnref-{}" aria-label="Footnote {}">{}</a></sup>',
            n,
            n,
            number,
            number,
        )
        marks.append((at, mark))
    return marks


@register.simple_tag
def footnoted_text(block, first_mark, numbered=False):
    """A block's printed text (a `Block` or its JSON), escaped, with its footnote marks as links to
    notes "#fn-N", numbered from `first_mark` in reading order: the marks of an exported draft, whose
    notes are numbered through the document. `numbered`: in its fixed lines, each after its number."""
    text = display_text(block)
    marks = _export_marks(block, first_mark)
    lines = line_numbers.wrap(text) if numbered else []
    if lines:
        whole = [brackets.Segment("text", 0, len(text))]  # the clean text: its brackets are plain characters
        return mark_safe(rendering.numbered_lines_html(text, whole, lines, marks))  # noqa: S308 -- escaped there
    html, start = [], 0
    for at, mark in marks:
        html.append(rendering.escape_lines(text[start:at]))
        html.append(mark)
        start = at
    html.append(rendering.escape_lines(text[start:]))
    return mark_safe("".join(html))  # noqa: S308 -- every piece was escaped above


@register.inclusion_tag("amendments/_doc_head.html")
def document_head(head, state=""):
    """The title block of a page showing the draft or a revision, as its exports print it: the
    masthead (symbol, distribution, date, language), body, title, subtitle, then `state` (what text
    this is: "Rev.1, 15 January 2018"); `head` is a Document (queries.snapshots)."""
    return {"head": head, "masthead": masthead(head), "state": state or revision_line(head)}


@register.inclusion_tag("amendments/_report_switcher.html", takes_context=True)
def report_switcher(context, report=None, reports=None):
    """The reports of the user's working groups (`reports`, or one query), each with its kind,
    `report` marked as the one shown: how a reader goes from the draft to a compilation and back,
    without JavaScript."""
    if reports is None:
        reports = reports_of(context["user"])
    return {"reports": reports, "current": report, "several_groups": len({r.working_group_id for r in reports}) > 1}
