"""The demo's two compilations of proposals, read from the real documents in fixtures/seeds by the
app's importers: the 2013–14 rolling document of draft recommendations, and the Russian
Federation's written contributions of 2017 to the third and fourth meetings."""

from __future__ import annotations

from django.conf import settings

from amendments.actions.reports import create_report
from amendments.core.contributions import read_contribution
from amendments.importers.compilation import MeetingContribution, from_contributions, read_rolling_text
from amendments.models import Report, WorkingGroup

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
ROLLING_DOCUMENT = "seed_004_rolling_document.txt"
CONTRIBUTIONS = (
    ("seed_000_contribution_russia_2017-04.txt", "meeting-3", "Contributions to the third meeting"),
    ("seed_001_contribution_russia_4th_meeting.txt", "meeting-4", "Contributions to the fourth meeting"),
)
CONTRIBUTIONS_TITLE = "Contributions to the third and fourth meetings"
CONTRIBUTOR = "Russian Federation"


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def load_compilations(group: WorkingGroup, reason: str) -> list[Report]:
    """The compilations created now (none when they are already loaded)."""
    created = []
    rolling = read_rolling_text(_seed(ROLLING_DOCUMENT))
    compilations = Report.objects.filter(working_group=group, kind=Report.Kind.COMPILATION)
    if not compilations.filter(title=rolling.title, subtitle=rolling.subtitle).exists():
        created.append(create_report(rolling, user=None, reason=reason, working_group_id=group.pk)[0])
    if not compilations.filter(title=CONTRIBUTIONS_TITLE).exists():
        entries = [
            MeetingContribution(read_contribution(_seed(name)), CONTRIBUTOR, key, heading)
            for name, key, heading in CONTRIBUTIONS
        ]
        document = from_contributions(entries, title=CONTRIBUTIONS_TITLE, body=rolling.body, issuer=rolling.issuer)
        created.append(create_report(document, user=None, reason=reason, working_group_id=group.pk)[0])
    return created
