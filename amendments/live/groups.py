"""Who hears what: the channel-layer groups a page's connection joins, and the group of each notice.

Every page of a report joins the report's group; a delegate's page also joins its delegation's,
and a secretariat officer's the secretariat's. A notice about a row every member may see goes to
the report's group; one about a delegation's draft only to that delegation's group and, if the
secretariat holds the draft for it, to the secretariat's, the same rule as
`Amendment.objects.visible_to`.
"""

from __future__ import annotations

from typing import Any


def report_group(report_id: int) -> str:
    return f"report-{report_id}"


def delegation_group(report_id: int, participant_id: int) -> str:
    return f"report-{report_id}-participant-{participant_id}"


def secretariat_group(report_id: int) -> str:
    return f"report-{report_id}-secretariat"


def groups_for(user: Any, report_id: int) -> list[str]:
    """The groups a page of this user on this report listens to."""
    groups = [report_group(report_id)]
    if user.participant_id:
        groups.append(delegation_group(report_id, user.participant_id))
    if user.is_secretariat:
        groups.append(secretariat_group(report_id))
    return groups


class Audience:
    """Who may see one row: everyone on the report, or only a delegation (and the secretariat if it
    holds the row for it)."""

    __slots__ = ("participant_id", "public", "secretariat")

    def __init__(self, *, public: bool, participant_id: int | None = None, secretariat: bool = False) -> None:
        self.public = public
        self.participant_id = participant_id
        self.secretariat = secretariat

    def groups(self, report_id: int) -> list[str]:
        if self.public:
            return [report_group(report_id)]
        groups = [delegation_group(report_id, self.participant_id)] if self.participant_id else []
        if self.secretariat:
            groups.append(secretariat_group(report_id))
        return groups


EVERYONE = Audience(public=True)


def private(row: Any) -> Audience:
    """A delegation's unpublished row (an amendment before it is submitted, a draft comment)."""
    return Audience(public=False, participant_id=row.participant_id, secretariat=row.held_by_secretariat)
