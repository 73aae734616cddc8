"""The form of a delegation's position on another member's submission."""

from django import forms

from amendments.forms import _Form
from amendments.models import Position


class SubmissionPositionForm(_Form):
    stance = forms.ChoiceField(
        choices=[("", "No position"), *Position.Stance.choices], required=False, label="Your delegation"
    )
