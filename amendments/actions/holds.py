"""The hold on a report's amendments while the secretariat confirms a revision it has previewed.

A revision is issued from its preview only if nothing the revision reads changed since
(`revisions.revision_fingerprint`). While delegations keep writing, something always has: each
fresh preview holds the report's rows while it is made, the writes that waited for them land the
moment it is done, and the confirmation that follows finds them. So the preview sets a hold
(`HOLD`, models.IssueHold): until the revision is issued, or the hold runs out, a delegation's
proposal, revision, submission or withdrawal on that report is refused with a message that says
why and until when, and nothing it wrote is lost (the form keeps it); so is another officer's
decision. The officer issuing is not held. Issuing the revision ends the hold, in its transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from amendments import moments
from amendments.actions.errors import AmendmentError
from amendments.models import IssueHold

if TYPE_CHECKING:
    from amendments.models import User

__all__ = ["HOLD", "check_not_held", "end_hold", "hold_for_issue"]

# Long enough to read a preview and confirm it; an abandoned preview holds no longer than this.
HOLD = datetime.timedelta(minutes=2)


def hold_for_issue(report_id: int, *, name: str, user: User | None) -> IssueHold:
    """Hold the report's amendments for `HOLD` from now, for the revision `name`; a hold already
    there (an earlier preview) is renewed. Committed at once, before the preview locks its rows,
    so that a write waiting for them finds the hold when it gets them."""
    with transaction.atomic():
        hold, _ = IssueHold.objects.update_or_create(
            report_id=report_id, defaults={"name": name, "until": timezone.now() + HOLD, "by": user}
        )
        return hold


def end_hold(report_id: int) -> None:
    """The revision is issued (or the preview given up): the delegations write again."""
    IssueHold.objects.filter(report_id=report_id).delete()


def check_not_held(
    user: User | None, paragraph_ids: int | Iterable[int], what: str, *, error: type[ValueError] = AmendmentError
) -> None:
    """Refuse the write `what` ("saving an amendment") to amendments of the paragraphs' report while
    a revision of it is being issued, unless `user` is the officer issuing it. Called once the write
    holds its rows: a write that waited for a preview's locks sees the hold the preview set. The
    refusal is `error`, the one the write's callers already handle."""
    if user is None:
        return  # a command or a migration, not a person at a form
    ids = [paragraph_ids] if isinstance(paragraph_ids, int) else list(paragraph_ids)
    hold = (
        IssueHold.objects.filter(report__sections__paragraphs__id__in=ids, until__gt=timezone.now())
        .exclude(by=user)
        .select_related("by")
        .first()
    )
    if hold is not None:
        by = f" ({hold.by.get_full_name() or hold.by.username})" if hold.by else ""
        raise error(
            f"The secretariat{by} is issuing {hold.name} of this report: {what} waits until it is issued "
            f"({moments.moment(hold.until)} at the latest). Nothing was saved; try again in a moment."
        )
