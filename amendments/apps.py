from django.apps import AppConfig


class AmendmentsConfig(AppConfig):
    name = "amendments"
    verbose_name = "WGEC draft report"
