"""Amendment cards: one redline with its delegation, status and date, rendered once and cached.

A card only changes when the amendment, its status, its participant or the paragraph it amends
changes, so the rendered HTML (templates/amendments/_amendment_card.html) is cached under a key
made of those versions. The template escapes every piece of text; the result is marked safe once.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from amendments.core import line_numbers
from amendments.queries.tree import BLOCK_TEMPLATE_VERSION

register = template.Library()

CACHE_SECONDS = 24 * 60 * 60


def _superseded(a):
    """What a Chair's proposal supersedes, as (id, delegation) pairs: one query, for its cards only."""
    if not a.is_compromise:
        return ()
    rows = a.superseded.filter(status=a.Status.SUPERSEDED).select_related("participant").order_by("pk")
    return tuple((s.pk, s.participant.name) for s in rows)


def touched_lines(r) -> str:
    """Which lines of the paragraph an amendment changes, as its card says it ("lines 3–5"): against
    the text as it is now (the rebased redline when the paragraph changed since). Nothing for a new
    paragraph, for one whose change is settled (its lines were those of an earlier text) and for one
    in conflict with the text now."""
    a = r.amendment
    if a.kind == a.Kind.INSERT or r.settled or r.conflict is not None:
        return ""
    segments = r.rebased_segments if r.rebased_segments is not None else r.segments
    return line_numbers.describe(line_numbers.changed_lines(segments))


def _key(r, mode, show_target, show_justification, expanded, superseded, lines):
    a = r.amendment
    material = "|".join(
        str(part)
        for part in (
            BLOCK_TEMPLATE_VERSION,
            a.pk,
            a.version,
            a.status,
            a.updated.isoformat() if a.updated else "",
            a.paragraph.version,
            a.applied_in_id,  # set by a revision, which changes neither the version nor `updated`
            a.carried_over_in_id,
            a.carried_over,
            a.superseded_by_id,
            superseded,  # restored when the proposal is withdrawn or rejected: its own status changes too
            a.paragraph.label,
            a.participant.name,
            a.participant.role,
            getattr(a, "supported_by", ()),
            getattr(a, "opposed_by", ()),
            getattr(a, "earlier_positions", ()),
            mode,
            show_target,
            show_justification,
            expanded,
            lines,
        )
    )
    return "card:" + hashlib.sha256(material.encode()).hexdigest()


def _kind(a, show_target):
    if show_target or a.kind == a.Kind.INSERT and not a.is_compromise:
        return a.title
    return "Chair's proposal" if a.is_compromise else a.get_kind_display()


@register.simple_tag
def amendment_card(r, mode="inline", show_target=False, show_justification=False, expanded=False):
    """The card for one AmendmentRedline (see amendments.queries.redlines); `expanded` opens a
    settled amendment's redline (its own page), which lists show collapsed."""
    superseded = _superseded(r.amendment)
    lines = touched_lines(r)
    key = _key(r, mode, show_target, show_justification, expanded, superseded, lines)
    html = cache.get(key)
    if html is None:
        # No request in the context: a card is shared by every reader who may see the amendment.
        context = {
            "r": r,
            "mode": mode,
            "kind": _kind(r.amendment, show_target),
            "superseded": superseded,
            "lines": lines,
            "show_justification": show_justification,
            "expanded": expanded,
        }
        html = str(render_to_string("amendments/_amendment_card.html", context))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- the template escaped every piece of text, or the same string from the cache


@register.simple_tag
def amendment_cards(redlines, mode="inline"):
    """Several cards in a row (the report page's redlines under one paragraph)."""
    return mark_safe("".join(amendment_card(r, mode) for r in redlines))  # noqa: S308 -- each card is safe


@register.simple_tag
def paragraph_block(node, lines=False):
    """A top-level paragraph with its sub-items, footnotes and (if shown) redlines, from the cache when
    nothing it shows has changed (see amendments.queries.tree.stamp_blocks); `lines`: its text in
    numbered lines (the key says which view the block was rendered for)."""
    if node.block_html is not None:
        return mark_safe(node.block_html)  # noqa: S308 -- rendered by the template below, escaped there
    # No request in the context: the block is shared by every reader whose amendments look the same,
    # so nothing user-specific (user, CSRF token) may reach it.
    html = render_to_string("amendments/_paragraph.html", {"node": node, "lines": lines})
    cache.set(node.block_key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- the template escaped every piece of text
