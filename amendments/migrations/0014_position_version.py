"""Positions record the amendment's version they were given on; existing ones were given on its current one."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def _current_versions(apps, schema_editor):
    # A data migration: the history of this change is the migration itself, not a record per row.
    amendment = apps.get_model("amendments", "Amendment")
    version = Subquery(amendment.objects.filter(pk=OuterRef("amendment_id")).values("version")[:1])
    for name in ("Position", "HistoricalPosition"):
        apps.get_model("amendments", name).objects.update(amendment_version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("amendments", "0013_amendment_secretariat_draft"),
    ]

    operations = [
        migrations.AddField(
            model_name="position",
            name="amendment_version",
            field=models.PositiveIntegerField(default=1, help_text="The amendment's version the stance was given on."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="amendment_version",
            field=models.PositiveIntegerField(default=1, help_text="The amendment's version the stance was given on."),
            preserve_default=False,
        ),
        migrations.RunPython(_current_versions, migrations.RunPython.noop),
    ]
