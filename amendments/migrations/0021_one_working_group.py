"""The reports and participants there are become one working group's (see `into_one_working_group`).

Its own migration: PostgreSQL cannot alter a table in the transaction that wrote rows of it.
"""

from django.db import migrations


def into_one_working_group(apps, schema_editor):
    """The reports and participants there are become one working group's, named after the body
    that writes the first report; the secretariat and the Chair (Django groups) get their staff
    role in it. A database without reports or participants gets none."""
    WorkingGroup = apps.get_model("amendments", "WorkingGroup")
    Report = apps.get_model("amendments", "Report")
    Participant = apps.get_model("amendments", "Participant")
    StaffRole = apps.get_model("amendments", "StaffRole")
    User = apps.get_model("amendments", "User")
    HistoricalParticipant = apps.get_model("amendments", "HistoricalParticipant")
    if not Report.objects.exists():
        # A new database: only the Chair's row that 0017 made. Each working group has its own,
        # made with its first Chair's proposal (actions.compromises).
        unused = Participant.objects.filter(role="chair", amendments=None).values_list("pk", flat=True)
        HistoricalParticipant.objects.filter(id__in=list(unused)).delete()
        Participant.objects.filter(pk__in=list(unused)).delete()
        if not Participant.objects.exists():
            return
    first = Report.objects.order_by("created", "id").first()
    group = WorkingGroup.objects.create(name=first.body if first is not None and first.body else "Working group")
    for model in (Report, Participant):
        for row in model.objects.filter(working_group=None):
            row.working_group = group
            row.save(update_fields=["working_group"])
    for name, role in (("Secretariat", "secretariat"), ("Chair", "chair")):
        for user in User.objects.filter(groups__name=name):
            StaffRole.objects.get_or_create(user=user, working_group=group, role=role)


class Migration(migrations.Migration):
    dependencies = [("amendments", "0020_working_groups")]

    operations = [migrations.RunPython(into_one_working_group, migrations.RunPython.noop)]
