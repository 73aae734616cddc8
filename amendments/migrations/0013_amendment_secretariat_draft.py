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
    # Historical models carry no history tracking: a bulk update records nothing, as intended for
    # a flag that only says who has sight of the row.
    officer = Q(author__is_superuser=True) | Q(author__groups__name=SECRETARIAT)
    Amendment = apps.get_model("amendments", "Amendment")
    Comment = apps.get_model("amendments", "Comment")
    drafts = Amendment.objects.filter(officer, submitted_at__isnull=True).values_list("pk", flat=True)
    Amendment.objects.filter(pk__in=list(drafts)).update(held_by_secretariat=True)
    notes = Comment.objects.filter(officer, draft=True).values_list("pk", flat=True)
    Comment.objects.filter(pk__in=list(notes)).update(held_by_secretariat=True)


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
