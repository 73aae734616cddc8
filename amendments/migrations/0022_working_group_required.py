"""Every report and participant belongs to a working group, and a delegation's name is unique in it."""

import django.db.models.deletion
from django.db import migrations, models

import amendments.models


class Migration(migrations.Migration):
    dependencies = [("amendments", "0021_one_working_group")]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="working_group",
            field=models.ForeignKey(
                default=amendments.models.sole_working_group,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participants",
                to="amendments.workinggroup",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="working_group",
            field=models.ForeignKey(
                default=amendments.models.sole_working_group,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="amendments.workinggroup",
            ),
        ),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.UniqueConstraint(fields=("working_group", "name"), name="participant_name_unique"),
        ),
        migrations.AddConstraint(
            model_name="staffrole",
            constraint=models.UniqueConstraint(fields=("user", "working_group", "role"), name="staff_role_unique"),
        ),
    ]
