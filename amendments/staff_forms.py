"""The forms of a working group's staff page and of a new working group (amendments.views.staff)."""

from __future__ import annotations

from typing import Any

from django import forms

from amendments.actions.staff import NAME_LENGTH
from amendments.models import StaffRole, WorkingGroup

PERSON_LENGTH = 254  # an e-mail address at most (RFC 5321), and so a login made of one


class _Form(forms.Form):
    """Labels without Django's trailing colon, as the other forms write them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StaffRoleForm(_Form):
    """Give a role: to a user of the working group (by login or address), or a new person's address."""

    person = forms.CharField(
        label="Login or e-mail address",
        max_length=PERSON_LENGTH,
        help_text="A user of this working group, or the e-mail address of a new person, who is sent a link to "
        "choose a password.",
        widget=forms.TextInput(attrs={"list": "staff-people", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label="Role", choices=StaffRole.Role.choices)


class RemoveRoleForm(_Form):
    """The Remove button beside one role of the working group."""

    remove = forms.ModelChoiceField(queryset=StaffRole.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, working_group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["remove"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = StaffRole.objects.filter(working_group=working_group)
        field.error_messages["invalid_choice"] = "That role was removed already: reload the page."


class WorkingGroupForm(_Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_LENGTH,
        help_text="The body's full name, e.g. “CSTD Working Group on Enhanced Cooperation”.",
    )
