"""A delegation's own page: its drafts, its submitted amendments with what became of them, the
comments addressed to it, and the positions it took on others' amendments; in a fixed number of
queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from amendments.models import Amendment, Comment, Participant, Position, User
from amendments.queries.redlines import AmendmentRedline, amendment_redline, attach_positions, with_revisions
from amendments.queries.tree import fill_item_places, report_order_key

__all__ = ["DelegationPage", "delegation_page"]

_PARAGRAPH = ("paragraph__section__report", "paragraph__parent__section", "paragraph__parent__parent")


@dataclass
class DelegationPage:
    participant: Participant
    drafts: list[AmendmentRedline]
    submitted: list[AmendmentRedline]
    # Comments by others on its amendments, and replies by others to its comments.
    addressed: list[Comment]
    positions: list[Position]


def delegation_page(user: User, participant: Participant) -> DelegationPage:
    """What the user's delegation has written and what was said about it."""
    amendments = sorted(
        attach_positions(
            with_revisions(Amendment.objects.visible_to(user).select_related("participant", "author"))
            .filter(participant=participant)
            .select_related(*_PARAGRAPH)
        ),
        key=lambda a: (report_order_key(a.paragraph), a.created),
    )
    addressed = list(
        Comment.objects.visible_with_their_amendments(user)
        .filter(Q(amendment__participant=participant) | Q(parent__participant=participant), deleted=False)
        .exclude(participant=participant)
        .select_related(
            "participant", "author", "paragraph__section", "paragraph__parent__section", "amendment__paragraph__section"
        )
        .order_by("-created", "-id")
    )
    positions = list(
        Position.objects.on_amendments()
        .filter(participant=participant)
        .select_related("amendment__participant", *(f"amendment__{field}" for field in _PARAGRAPH))
        .order_by("-updated", "-id")
    )
    fill_item_places(
        [a.paragraph for a in amendments]
        + [p.amendment.paragraph for p in positions]
        + [c.paragraph for c in addressed if c.paragraph is not None]
    )
    redlines = [amendment_redline(a, a.paragraph) for a in amendments]
    return DelegationPage(
        participant=participant,
        drafts=[r for r in redlines if r.amendment.status == Amendment.Status.DRAFT],
        submitted=[r for r in redlines if r.amendment.status != Amendment.Status.DRAFT],
        addressed=addressed,
        positions=positions,
    )
