"""Render every report's paragraph blocks into the cache, after a deploy or a restart of Redis."""

import time

from django.core.management.base import BaseCommand

from amendments.models import Report
from amendments.warming import warm_report


class Command(BaseCommand):
    help = (
        "Render the blocks of every report's paragraphs as members see them (with and without the "
        "redlines) into the cache, so the first page after a restart is not a cold render."
    )

    def handle(self, *args, **options):
        for report in Report.objects.order_by("pk"):
            start = time.perf_counter()
            rendered = warm_report(report)
            self.stdout.write(f"{report.title}: {rendered} blocks rendered in {time.perf_counter() - start:.1f} s")
