"""A member's contribution to a compilation of proposals: who submitted it, for whom, when, and as printed.

In a compilation (Report.Kind.COMPILATION) the Chair sets the framework (the sections) and the
members fill it: each submission is one member's block of items under one section, the items being
ordinary paragraph rows (Paragraph.submission), so that statuses, comments, amendments, redlines,
exports and history serve them as they serve the Chair's text.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from amendments.models.drafts import Section
from amendments.models.people import Participant


class SubmissionQuerySet(models.QuerySet):
    def of_participant(self, participant):
        """What the participant submitted or is named in (a group's submission names each member)."""
        return self.filter(models.Q(participant=participant) | models.Q(members=participant)).distinct()


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_DISCUSSION = "under-discussion", "Under discussion"
        TAKEN_UP = "taken-up", "Taken into the Chair's text"
        WITHDRAWN = "withdrawn", "Withdrawn"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="submissions")
    key = models.SlugField(max_length=64, help_text="Stable identifier within the section, e.g. '1'.")
    position = models.CharField(max_length=64, help_text="Order key among the section's submissions.")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="submissions", help_text="Who submitted it."
    )
    members = models.ManyToManyField(
        Participant,
        blank=True,
        related_name="represented_in",
        help_text="The members it stands for, where it was submitted on behalf of several.",
    )
    on_behalf_of = models.CharField(
        max_length=300, blank=True, help_text="As printed: “a group of WGEC Members and Observers”."
    )
    number = models.CharField(max_length=32, blank=True, help_text="Its number under the section, as printed.")
    heading = models.CharField(max_length=500, help_text="As printed: “Draft recommendations submitted by …”.")
    title = models.CharField(max_length=500, blank=True, help_text="Its own title, where it has one.")
    date = models.DateField(null=True, blank=True, help_text="The date it was submitted (empty: undated).")
    addressee = models.CharField(max_length=300, blank=True, help_text="Whom it was addressed to.")
    disclaimer = models.TextField(blank=True)
    heading_note_number = models.CharField(max_length=32, blank=True, help_text="A footnote on the heading.")
    heading_note = models.TextField(blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SUBMITTED)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="submission_key_unique"),
            models.UniqueConstraint(fields=["section", "position"], name="submission_position_unique"),
        ]

    def __str__(self):
        return self.heading

    @property
    def anchor(self) -> str:
        return f"submission-{self.pk}"
