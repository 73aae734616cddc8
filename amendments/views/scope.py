"""Working groups stay apart: every URL that names a row (a report, paragraph, amendment, comment,
revision, import, participant, working group) is answered only for a user of that row's working group; for anyone
else the row does not exist (404), whatever their role in another working group.

The check runs before the view (wgec.middleware.WorkingGroupScopeMiddleware), from one table: each
URL name says which model its `pk` names. tests/views/test_working_groups.py fails for a URL of the
app that is in neither table, so a new page cannot be left out by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from amendments.models import (
    Amendment,
    Comment,
    Import,
    Paragraph,
    Participant,
    Report,
    Revision,
    Section,
    Submission,
    User,
    WorkingGroup,
)

__all__ = ["OPEN", "SCOPED", "check"]

_REPORT = "working_group_id"
_PARAGRAPH = "section__report__working_group_id"

# The query that gives the working group of the row a URL's `pk` names.
_LOOKUPS: dict[str, Callable[[], QuerySet]] = {
    "report": lambda: Report.objects.annotate(group=F(_REPORT)),
    "section": lambda: Section.objects.annotate(group=F("report__working_group_id")),
    "submission": lambda: Submission.objects.annotate(group=F("section__report__working_group_id")),
    "paragraph": lambda: Paragraph.objects.annotate(group=F(_PARAGRAPH)),
    "amendment": lambda: Amendment.objects.annotate(group=F(f"paragraph__{_PARAGRAPH}")),
    "comment": lambda: Comment.objects.annotate(
        group=Coalesce(F(f"paragraph__{_PARAGRAPH}"), F(f"amendment__paragraph__{_PARAGRAPH}"))
    ),
    "revision": lambda: Revision.objects.annotate(group=F(f"report__{_REPORT}")),
    "import": lambda: Import.objects.annotate(group=F(f"report__{_REPORT}")),
    "participant": lambda: Participant.objects.annotate(group=F(_REPORT)),
    "working-group": lambda: WorkingGroup.objects.annotate(group=F("pk")),
}

# URL name → the model its `pk` names.
SCOPED: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "report", "deadline", "identity", "decisions", "revisions", "compare-revisions", "export-current",
            "export-redline", "export-compilation", "import-upload", "api-report", "api-report-amendments",
            "screen", "screen-control",
        ),
        "report",
    ),
    "section-edit": "section",
    "submission-position": "submission",
    **dict.fromkeys(
        (
            "paragraph", "paragraph-compare", "paragraph-block", "paragraph-edit", "paragraph-insert",
            "paragraph-move", "paragraph-delete", "paragraph-status", "paragraph-bracket", "paragraph-unbracket",
            "paragraph-alternatives", "paragraph-restore", "propose-change", "propose-deletion",
            "propose-insertion", "propose-compromise", "preview", "comment-paragraph",
        ),
        "paragraph",
    ),
    **dict.fromkeys(
        (
            "amendment", "amendment-revise", "amendment-submit", "amendment-withdraw", "amendment-take-over",
            "amendment-position", "comment-amendment", "amendment-decide",
        ),
        "amendment",
    ),
    **dict.fromkeys(("comment-edit", "comment-delete", "comment-submit"), "comment"),
    **dict.fromkeys(("revision", "export-revision"), "revision"),
    "import": "import",
    **dict.fromkeys(("participant", "participant-submissions", "submissions-compare"), "participant"),
    "submission-status": "submission",
    **dict.fromkeys(("members", "members-review", "member-active"), "working-group"),
    "working-group-staff": "working-group",
}  # fmt: skip

# URL names that name no row of a working group: each view limits itself to the user's own
# (the home page, the list of reports, a new report's own upload, search) or holds nothing of one.
OPEN = frozenset(
    {
        "home",
        "report-new",
        "report-new-review",
        "api-reports",
        "api-schema",
        "working-groups",
        "working-group-new",
        "my-delegation",
        "notifications",
        "notification-settings",
        "search",
    }
)


def check(request: HttpRequest, url_name: str | None, kwargs: Mapping[str, object]) -> None:
    """Raise Http404 when the row the URL names belongs to a working group the user is not in."""
    model = SCOPED.get(url_name or "")
    if model is None:
        return
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return  # the login requirement answers first
    if user.is_superuser:
        return
    # One query: the row's working group, and whether the user is in it.
    mine = WorkingGroup.objects.filter(pk=OuterRef("group")).filter(Q(participants__users=user) | Q(staff__user=user))
    found = _LOOKUPS[model]().filter(pk=kwargs.get("pk")).annotate(mine=Exists(mine)).values_list("group", "mine")
    row = found.first()
    if row is not None and row[0] is not None and not row[1]:
        raise Http404("No such page.")
