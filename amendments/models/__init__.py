"""The app's data, one module per area: who takes part (people), the draft (drafts), what delegations
propose and say (proposals), and issued revisions and uploads (revisions), and what users are told (notices).

Every model that users change keeps its full history (django-simple-history). The writes in
amendments.actions name the acting user and the reason of each record; HistoryRequestMiddleware
fills in the user of any other save made during a request. Everything is imported from here
(`from amendments.models import Amendment`), as the migrations do.
"""

from amendments.models.drafts import Alternative, Paragraph, Report, ReportQuerySet, Section
from amendments.models.notices import EmailOptOut, Notification, NotificationQuerySet, ReportVisit
from amendments.models.people import (
    Participant,
    ParticipantQuerySet,
    StaffRole,
    User,
    WorkingGroup,
    WorkingGroupQuerySet,
    sole_working_group,
)
from amendments.models.proposals import (
    DECISION_STATUSES,
    Amendment,
    AmendmentQuerySet,
    Comment,
    CommentQuerySet,
    Position,
    PositionQuerySet,
)
from amendments.models.revisions import Import, IssueHold, Revision, RevisionQuerySet
from amendments.models.screens import Screen
from amendments.models.submissions import Submission, SubmissionQuerySet

__all__ = [
    "DECISION_STATUSES",
    "Alternative",
    "Amendment",
    "AmendmentQuerySet",
    "Comment",
    "CommentQuerySet",
    "EmailOptOut",
    "Import",
    "IssueHold",
    "Notification",
    "NotificationQuerySet",
    "Paragraph",
    "Participant",
    "ParticipantQuerySet",
    "Position",
    "PositionQuerySet",
    "Report",
    "ReportQuerySet",
    "ReportVisit",
    "Revision",
    "RevisionQuerySet",
    "Screen",
    "Section",
    "StaffRole",
    "Submission",
    "SubmissionQuerySet",
    "User",
    "WorkingGroup",
    "WorkingGroupQuerySet",
    "sole_working_group",
]
