"""Issued revisions of a draft, and uploads under review (imports)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from amendments.models.drafts import Report
from amendments.models.people import Participant, User


class IssueHold(models.Model):
    """While the secretariat confirms a revision it has previewed, the delegations' writes to the
    report's amendments wait.

    A revision is issued from its preview only if nothing it reads changed since (its fingerprint):
    with twenty delegations at work, something always had, and the revision could never be issued.
    The preview sets the hold, for a few minutes at most; issuing the revision ends it. No history:
    it is a lock, and what it held back is refused with a message, never lost.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, primary_key=True, related_name="issue_hold")
    name = models.CharField(max_length=100, help_text="The revision being issued.")
    until = models.DateTimeField()
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"{self.name} being issued"


class RevisionQuerySet(models.QuerySet):
    def issued(self):
        """The revisions the secretariat issued (Rev.1, Rev.2 …), not the original text kept with them."""
        return self.filter(is_original=False)

    def in_force(self):
        """The text in force: the last revision issued, else the original (None for neither)."""
        return self.order_by("is_original", "-issued_at", "-id").first()


class Revision(models.Model):
    """A named, dated snapshot of the consolidated draft ("Rev.1, 15 January 2018"), whose text never changes.

    The snapshot holds the whole text (amendments.core.document's JSON), so a revision can be
    shown, compared and exported at any time later, whatever happens to the draft afterwards. The
    original text is kept as the first one (`is_original`), so that it can be compared with any
    later one. Its label, date and subtitle can be corrected (`IDENTITY_FIELDS`); its text cannot.
    """

    IDENTITY_FIELDS = frozenset({"name", "date", "subtitle"})

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="revisions")
    name = models.CharField(max_length=100)
    date = models.DateField()
    subtitle = models.CharField(max_length=300, blank=True, help_text="Its own: “Revised draft of the Chair”.")
    is_original = models.BooleanField(default=False, help_text="The original text, kept when the report was loaded.")
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()
    # Records who issued the revision and when, and every correction of its label. The snapshot
    # never changes (save refuses), so the history does not keep a second copy of the whole text.
    history = HistoricalRecords(excluded_fields=["snapshot"])

    objects = RevisionQuerySet.as_manager()

    class Meta:
        # The original first, whenever it was kept (a migration kept those of older reports).
        ordering = ["-is_original", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "name"], name="revision_name_unique"),
            models.UniqueConstraint(fields=["report"], condition=Q(is_original=True), name="one_original_per_report"),
        ]

    def __str__(self):
        return f"{self.name}, {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.IDENTITY_FIELDS:
                raise ValueError("An issued revision's text cannot be changed; its label is saved with update_fields.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("revision", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValueError("An issued revision cannot be deleted.")


class Import(models.Model):
    """An uploaded document waiting for review: what it would become, before anything is created.

    The plan (JSON) holds the alignment of the document with the draft; confirming turns it into
    draft amendments (and comments) in one transaction.
    """

    class Kind(models.TextChoices):
        REVISED_TEXT = "revised-text", "Revised text"
        WORD_CHANGES = "word-changes", "Word tracked changes"

    class Status(models.TextChoices):
        REVIEW = "review", "To review"
        DONE = "done", "Imported"
        CANCELLED = "cancelled", "Cancelled"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="imports")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    plan = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REVIEW)
    created = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict, help_text="What confirming created: amendment and comment ids.")
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The upload form that created it: a resent form finds it.",
    )

    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"

    def get_absolute_url(self):
        return reverse("import", args=[self.pk])
