"""The Secretariat and Chair groups exist in every database, not only after `load_demo`.

User.is_secretariat and User.is_chair ask for these groups by name. The Secretariat also gets the
app's permissions, so its officers can read the admin (which changes nothing: it is read-only).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "Secretariat"
CHAIR = "Chair"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create the app's now, so a
    # freshly migrated database grants them at once.
    app_config = apps.get_app_config("amendments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    Group.objects.get_or_create(name=CHAIR)
    secretariat.permissions.add(*Permission.objects.filter(content_type__app_label="amendments"))


class Migration(migrations.Migration):
    dependencies = [
        ("amendments", "0007_amendment_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
