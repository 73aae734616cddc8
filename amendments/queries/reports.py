"""The reports a user may open, for the switcher every report page shows: one query."""

from __future__ import annotations

from typing import Any

from amendments.models import Report, WorkingGroup


def reports_of(user: Any) -> list[Report]:
    """Report.objects.of(user) in one query (the user's working groups as a subquery, not a query of
    their own), working group by working group, each group's in the order they were loaded."""
    rows = Report.objects.all()
    if not user.is_superuser:
        rows = rows.filter(working_group__in=WorkingGroup.objects.of(user))
    return list(rows.select_related("working_group").order_by("working_group__name", "created", "id"))
