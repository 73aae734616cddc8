from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def secretariat_views_every_model(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The Secretariat group reads every model of the app in the (read-only) admin, including
    models added after migration 0009 granted the views of its day. Django creates a new model's
    permissions after the migrations have run, so the grant follows them here."""
    from django.contrib.auth.models import Group, Permission

    from amendments.models import User

    views = Permission.objects.using(using).filter(content_type__app_label=sender.label, codename__startswith="view_")
    for secretariat in Group.objects.using(using).filter(name=User.SECRETARIAT):
        secretariat.permissions.add(*views)


class AmendmentsConfig(AppConfig):
    name = "amendments"
    verbose_name = "WGEC draft report"

    def ready(self) -> None:
        post_migrate.connect(secretariat_views_every_model, sender=self)
        from amendments import warming
        from amendments.live import events

        warming.connect()  # rendered blocks stored when what they show changes
        events.connect()  # open pages told what changed, once it is committed
