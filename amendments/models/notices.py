"""What a user is told about: notifications in the app (and by e-mail unless switched off), and
the last time they opened each report, for "new since your last visit"."""

from django.db import models
from django.db.models import Q

from amendments.models.drafts import Report
from amendments.models.people import User


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    """One thing a user is told about, in the app's list and, unless they switched that kind off,
    by e-mail. Written in the transaction of the change it tells about, so it exists only if the
    change does; the e-mail leaves once that transaction is committed."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comments on my delegation's amendments"
        REPLY = "reply", "Replies to my delegation's comments"
        POSITION = "position", "Support or opposition to my delegation's amendments"
        DECISION = "decision", "Decisions on my delegation's amendments"
        REVISION = "revision", "Revisions issued"
        DEADLINE = "deadline", "Deadline reminders"

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500, help_text="What happened, in one line.")
    link = models.CharField(max_length=300, help_text="The page it is about, a path of the app.")
    # A reminder is sent once per deadline (the command may run every hour): this names which.
    key = models.CharField(max_length=100, blank=True, help_text="What a reminder is for: sent once per key.")
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.text}"


class EmailOptOut(models.Model):
    """A kind of notification the user reads in the app only, not by e-mail."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_opt_outs")
    kind = models.CharField(max_length=16, choices=Notification.Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_unique")]

    def __str__(self):
        return f"{self.user}: no e-mail for {self.kind}"


class ReportVisit(models.Model):
    """When the user last opened a report's page, and the moment "new since your last visit" counts
    from: it moves on only after a pause, so reloading the page keeps what was new."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="report_visits")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()
    since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "report"], name="report_visit_unique")]

    def __str__(self):
        return f"{self.user} on {self.report}"
