"""What is new on a report since the user's last visit: paragraphs changed, amendments submitted or
decided, comments; by others, and only what the user may see.

"Since the last visit" counts from the visit before a pause (PAUSE): reloading the page, or coming
back a few minutes later, still shows what was new when the user arrived.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from amendments.models import Amendment, Comment, Paragraph, Report, ReportVisit, User
from amendments.queries.tree import fill_item_places

__all__ = ["PAUSE", "News", "report_news"]

PAUSE = datetime.timedelta(minutes=30)

# The most of each kind listed by name; the counts are whole.
_LISTED = 12


@dataclass
class News:
    since: datetime.datetime
    paragraphs: list[Paragraph] = field(default_factory=list)
    paragraph_count: int = 0
    submitted: list[Amendment] = field(default_factory=list)
    decided: list[Amendment] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.paragraph_count + len(self.submitted) + len(self.decided) + len(self.comments)


def _visit(user: User, report: Report, now: datetime.datetime) -> datetime.datetime | None:
    """Record this visit; the moment news counts from (None on a first visit)."""
    visit = ReportVisit.objects.filter(user=user, report=report).first()
    if visit is None:
        ReportVisit.objects.create(user=user, report=report, last_seen=now)
        return None
    if now - visit.last_seen > PAUSE:
        visit.since = visit.last_seen
    visit.last_seen = now
    visit.save(update_fields=["last_seen", "since"])
    return visit.since


def report_news(user: User, report: Report, now: datetime.datetime | None = None) -> News | None:
    """What changed on the report since the user's last visit, and record this visit."""
    since = _visit(user, report, now or timezone.now())
    if since is None:
        return None
    news = News(since=since)
    changed = (
        Paragraph.history.filter(section__report=report, history_date__gt=since)
        .exclude(history_user=user)
        .values_list("id", flat=True)
        .distinct()
    )
    ids = sorted(set(changed))
    news.paragraph_count = len(ids)
    news.paragraphs = list(
        Paragraph.objects.filter(pk__in=ids)
        .select_related("section", "parent__section", "parent__parent")
        .order_by("section__position", "position")[:_LISTED]
    )
    fill_item_places(news.paragraphs)
    amendments = (
        Amendment.objects.visible_to(user)
        .filter(Q(submitted_at__gt=since) | Q(decided_at__gt=since), paragraph__section__report=report)
        .select_related("participant", "paragraph__section", "paragraph__parent__section")
        .order_by("-submitted_at", "-id")
    )
    for amendment in amendments:
        if amendment.decided_at and amendment.decided_at > since and not amendment.is_open:
            news.decided.append(amendment)
        elif (
            amendment.participant_id != user.participant_id
            and amendment.submitted_at
            and amendment.submitted_at > since
        ):
            news.submitted.append(amendment)
    news.comments = list(
        Comment.objects.visible_with_their_amendments(user)
        .filter(
            Q(paragraph__section__report=report) | Q(amendment__paragraph__section__report=report),
            created__gt=since,
            deleted=False,
        )
        .exclude(author=user)
        .select_related("participant", "author", "paragraph__section", "amendment__paragraph__section")
        .order_by("-created", "-id")
    )
    return news
