"""Amendment cards: one redline with its delegation, status and date, rendered once and cached.

A card only changes when the amendment, its status, its participant or the paragraph it amends
changes, so the rendered HTML is cached under a key made of those versions. Every piece of text
is escaped here (format_html / the redline engine); the result is marked safe once.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from amendments.core import rendering

register = template.Library()

CACHE_SECONDS = 24 * 60 * 60
OBSERVER_TAG = mark_safe(' <span class="tag tag--observer">observer</span>')  # noqa: S308 -- a constant


def _key(r, mode, show_target, show_justification):
    a = r.amendment
    material = "|".join(
        str(part)
        for part in (
            a.pk,
            a.version,
            a.status,
            a.updated.isoformat() if a.updated else "",
            a.paragraph.version,
            a.paragraph.label,
            a.participant.name,
            a.participant.role,
            getattr(a, "supported_by", ()),
            getattr(a, "opposed_by", ()),
            mode,
            show_target,
            show_justification,
        )
    )
    return "card:" + hashlib.sha256(material.encode()).hexdigest()


def _lines(text):
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in text.split("\n")))


def _head(a, show_target):
    observer = OBSERVER_TAG if a.participant.is_observer else ""
    if a.kind == a.Kind.INSERT:
        number = f" {a.provisional_number}" if a.provisional_number else ""
        kind = f"New paragraph{number} after {a.paragraph.label}"
    else:
        kind = a.get_kind_display() + (f" to {a.paragraph.label}" if show_target else "")
    if a.submitted_at:
        when = localtime(a.submitted_at)
        date = format_html('<time datetime="{}">{}</time>', when.isoformat(), format_date(when, "j M Y"))
    else:
        date = "not submitted"
    return format_html(
        '<header class="amendment__head"><a class="amendment__who" href="{}">{}</a>{}'
        ' <span class="amendment__kind">{}</span>'
        ' <span class="badge badge--{}">{}</span>'
        ' <span class="amendment__date">{} · v{}</span>'
        ' <a class="amendment__link" href="{}">Details<span class="visually-hidden"> of the amendment by {}</span></a>'
        "</header>",
        reverse("participant", args=[a.participant_id]),
        a.participant.name,
        observer,
        kind,
        a.status,
        a.get_status_display(),
        date,
        a.version,
        a.get_absolute_url(),
        a.participant.name,
    )


def _body(r, mode):
    a = r.amendment
    parts = []
    if not r.current:
        if r.rebased_segments is not None:
            follow = " Carried over to the current text without conflict."
        elif r.conflict:
            follow = " It conflicts with changes made since: see below."
        else:
            follow = ""
        parts.append(
            format_html(
                '<p class="notice notice--stale">Based on an earlier text (version {}) of the paragraph.{}</p>',
                a.base_version,
                follow,
            )
        )
    if mode == "side":
        base, proposal = rendering.side_by_side_html(r.segments)
        parts.append(
            format_html(
                '<div class="side-by-side">'
                '<div class="side-by-side__col"><p class="side-by-side__label">{}</p><p class="redline">{}</p></div>'
                '<div class="side-by-side__col"><p class="side-by-side__label">Proposed</p><p class="redline">{}</p></div>'
                "</div>",
                "(no text)" if a.kind == a.Kind.INSERT else "Text amended",
                mark_safe(base),  # noqa: S308 -- the engine escapes every segment
                mark_safe(proposal),  # noqa: S308
            )
        )
    else:
        inline = mark_safe(rendering.inline_html(r.segments))  # noqa: S308 -- the engine escapes every segment
        parts.append(format_html('<p class="redline">{}</p>', inline))
    if r.rebased_segments is not None:
        rebased = mark_safe(rendering.inline_html(r.rebased_segments))  # noqa: S308 -- escaped by the engine
        parts.append(
            format_html(
                '<p class="side-by-side__label">Against the current text</p><p class="redline redline--rebased">{}</p>',
                rebased,
            )
        )
    elif r.conflict:
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((_lines(c.base), _lines(c.ours), _lines(c.theirs)) for c in r.conflict.conflicts),
        )
        parts.append(
            format_html(
                '<table class="conflict"><caption>Conflicts with the current text</caption>'
                '<thead><tr><th scope="col">Text amended</th><th scope="col">The paragraph now</th>'
                '<th scope="col">This amendment</th></tr></thead><tbody>{}</tbody></table>',
                rows,
            )
        )
    return parts


def _positions(a):
    lines = []
    for label, names in (
        ("Supported by", getattr(a, "supported_by", ())),
        ("Opposed by", getattr(a, "opposed_by", ())),
    ):
        if names:
            lines.append(
                format_html('<p class="positions"><span class="label">{}:</span> {}</p>', label, ", ".join(names))
            )
    return lines


@register.simple_tag
def amendment_card(r, mode="inline", show_target=False, show_justification=False):
    """The card for one AmendmentRedline (see amendments.reading)."""
    key = _key(r, mode, show_target, show_justification)
    html = cache.get(key)
    if html is None:
        a = r.amendment
        parts = [_head(a, show_target), *_body(r, mode), *_positions(a)]
        if show_justification and a.justification:
            parts.append(
                format_html(
                    '<p class="amendment__justification"><span class="label">Justification:</span> {}</p>',
                    _lines(a.justification),
                )
            )
        html = format_html(
            '<article class="amendment amendment--{}" id="a-{}" aria-label="{} by {}">{}</article>',
            a.status,
            a.pk,
            a.get_kind_display(),
            a.participant.name,
            mark_safe("".join(parts)),  # noqa: S308 -- each part was built with format_html
        )
        cache.set(key, str(html), CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- built above from escaped parts, or the same string from the cache


@register.simple_tag
def amendment_cards(redlines, mode="inline"):
    """Several cards in a row (the report page's redlines under one paragraph)."""
    return mark_safe("".join(amendment_card(r, mode) for r in redlines))  # noqa: S308 -- each card is safe


@register.simple_tag
def paragraph_block(node):
    """A top-level paragraph with its sub-items, footnotes and (if shown) redlines, from the cache when
    nothing it shows has changed (see amendments.reading.stamp_blocks)."""
    if node.block_html is not None:
        return mark_safe(node.block_html)  # noqa: S308 -- rendered by the template below, escaped there
    # No request in the context: the block is shared by every reader whose amendments look the same,
    # so nothing user-specific (user, CSRF token) may reach it.
    html = render_to_string("amendments/_paragraph.html", {"node": node})
    cache.set(node.block_key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- the template escaped every piece of text
