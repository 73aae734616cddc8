"""The forms about members' submissions to a compilation: a delegation's position on one, the
secretariat's status of one, and the choice of two to compare."""

from __future__ import annotations

from typing import cast

from django import forms

from amendments.forms import _Form, _reason_field
from amendments.models import Position, Submission


class SubmissionPositionForm(_Form):
    stance = forms.ChoiceField(
        choices=[("", "No position"), *Position.Stance.choices], required=False, label="Your delegation"
    )


class SubmissionStatusForm(_Form):
    """A submission's status in the negotiation; `shown` is the status the page showed (a stale one is refused)."""

    shown = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        choices=Submission.Status.choices,
        label="Status",
        error_messages={"invalid_choice": "Unknown status %(value)r."},
    )
    note = _reason_field()

    def __init__(self, *args, submission: Submission, **kwargs):
        kwargs.setdefault("initial", {"shown": submission.status, "status": submission.status})
        super().__init__(*args, **kwargs)


class SubmissionCompareForm(_Form):
    """Two of a delegation's submissions, to compare word by word."""

    a = forms.TypedChoiceField(coerce=int, label="Compare")
    b = forms.TypedChoiceField(coerce=int, label="with")

    def __init__(self, *args, submissions: list[Submission], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.pk, submission_choice_label(s)) for s in submissions]
        for name in ("a", "b"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = choices  # as declared above


def submission_choice_label(submission: Submission) -> str:
    """Its section and date first, then its report: a narrow select shows only the start."""
    when = f"{submission.date:%-d %B %Y}" if submission.date else "undated"
    return f"{submission.section.heading} ({when}), in {submission.section.report.title}"
