"""The screen of a session negotiating "on screen": which paragraph the secretariat projects."""

from django.db import models

from amendments.models.drafts import Paragraph, Report
from amendments.models.people import User


class Screen(models.Model):
    """What a report's projector view shows now. One row per report, made the first time the
    secretariat shows a paragraph; it is state, not a record, so it keeps no history (what was
    negotiated is in the paragraphs' and amendments' own history)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="screen")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"Screen of {self.report}"
