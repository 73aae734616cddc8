"""The form of a user's notification settings (amendments.views.delegation)."""

from __future__ import annotations

from typing import Any

from django import forms

from amendments.models import Notification


class EmailKindsForm(forms.Form):
    """The kinds of notification a user receives by e-mail; the app lists every kind anyway."""

    kinds = forms.MultipleChoiceField(
        label="Send me an e-mail for",
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every notification is listed in the app, whatever you choose here.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
