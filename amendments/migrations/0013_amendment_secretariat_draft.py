"""Drafts the secretariat made for a delegation (`held_by_secretariat`): it sees those, and no
other delegation's draft.

The drafts already in the database that a secretariat officer wrote for a delegation (an import on
its behalf) are marked held, so the secretariat does not lose sight of what it imported.
"""

from django.db import migrations, models
from django.db.models import Q

SECRETARIAT = "Secretariat"
AMENDMENT_HELP = (
    "A draft the secretariat made for the delegation (an import on its behalf): the secretariat "
    "sees it too, until the delegation revises, submits or takes it over."
)
COMMENT_HELP = (
    "A draft the secretariat's import made for the delegation: the secretariat sees it too, "
    "until the delegation edits or submits it."
)


def mark_held(apps, schema_editor):
    # The flag is new: it says who had sight of the row all along (its author was an officer), so the
    # row and its history records get it alike, as 0014 does for positions, and no "changed" record
    # is invented. (Migration models have no history tracking; each table is written here.)
    officer = Q(author__is_superuser=True) | Q(author__groups__name=SECRETARIAT)
    for name, held in (("Amendment", Q(submitted_at__isnull=True)), ("Comment", Q(draft=True))):
        model = apps.get_model("amendments", name)
        historical = apps.get_model("amendments", f"Historical{name}")
        ids = list(model.objects.filter(officer, held).values_list("pk", flat=True))
        model.objects.filter(pk__in=ids).update(held_by_secretariat=True)
        historical.objects.filter(id__in=ids).update(held_by_secretariat=True)


class Migration(migrations.Migration):
    dependencies = [
        ("amendments", "0012_comment_drafts"),
    ]

    operations = [
        migrations.AddField(
            model_name="amendment",
            name="held_by_secretariat",
            field=models.BooleanField(default=False, help_text=AMENDMENT_HELP),
        ),
        migrations.AddField(
            model_name="comment",
            name="held_by_secretariat",
            field=models.BooleanField(default=False, help_text=COMMENT_HELP),
        ),
        migrations.AddField(
            model_name="historicalamendment",
            name="held_by_secretariat",
            field=models.BooleanField(default=False, help_text=AMENDMENT_HELP),
        ),
        migrations.AddField(
            model_name="historicalcomment",
            name="held_by_secretariat",
            field=models.BooleanField(default=False, help_text=COMMENT_HELP),
        ),
        migrations.RunPython(mark_held, migrations.RunPython.noop),
    ]
