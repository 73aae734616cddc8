"""The Chair's row among the participants: the Chair's proposals (compromise texts) are made in its name.

Created with its first history record, as the app's writes create every row. Nobody belongs to it;
`Participant.objects.delegations()` leaves it out wherever a delegation is chosen.
"""

from django.db import migrations
from django.utils import timezone

CHAIR_ROLE = "chair"
NAMES = ("Chair", "Chair of the working group")
REASON = "The Chair's row, for the Chair's proposals"


def create_chair(apps, schema_editor):
    Participant = apps.get_model("amendments", "Participant")
    HistoricalParticipant = apps.get_model("amendments", "HistoricalParticipant")
    if Participant.objects.filter(role=CHAIR_ROLE).exists():
        return
    # A delegation that happens to be called "Chair" keeps its name: the Chair's row takes the other.
    name = next(n for n in NAMES if not Participant.objects.filter(name=n).exists())
    chair = Participant.objects.create(name=name, stakeholder_group="bureau", role=CHAIR_ROLE)
    HistoricalParticipant.objects.create(
        id=chair.pk,
        name=chair.name,
        stakeholder_group=chair.stakeholder_group,
        role=chair.role,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=REASON,
    )


class Migration(migrations.Migration):
    dependencies = [("amendments", "0016_compromise_texts")]

    operations = [migrations.RunPython(create_chair, migrations.RunPython.noop)]
