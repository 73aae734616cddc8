"""The search form (amendments.views.search): the words, and the report to search in."""

from __future__ import annotations

from typing import Any

from django import forms

from amendments.models import Report, User

QUERY_LENGTH = 200  # longer is not a search but a pasted text


class SearchForm(forms.Form):
    """Words to find in the texts, amendments and comments, in every report of the user's working
    groups or in one of them."""

    q = forms.CharField(
        label="Search for",
        max_length=QUERY_LENGTH,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="The paragraphs, amendments (proposed text and justification) and comments that hold every word.",
    )
    report = forms.ModelChoiceField(
        label="In", queryset=Report.objects.none(), required=False, empty_label="Every report"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Only the user's own reports can be chosen: another working group's id is "not a valid choice".
        report = self.fields["report"]
        assert isinstance(report, forms.ModelChoiceField)
        report.queryset = Report.objects.of(user)
