"""Remind the delegates of each report whose deadline for amendments falls within the next 24
hours, once per deadline: in the app, and by e-mail to those who have not switched it off.

Run it every hour from cron or a systemd timer (README, "Deadline reminders"):

    python manage.py send_reminders
"""

from django.core.management.base import BaseCommand

from amendments.actions.notices import deadline_reminders


class Command(BaseCommand):
    help = "Remind delegates of amendment deadlines due within 24 hours (once per deadline); run it hourly."

    def handle(self, *args, **options):
        sent = deadline_reminders()
        reports = len({row.report_id for row in sent})
        self.stdout.write(f"Deadline reminders: {len(sent)} to delegates of {reports} report(s).")
