"""Forms members type into. Text is checked by amendments.texts, so the form and the write
functions refuse the same things with the same words."""

import uuid

from django import forms

from amendments.core.texts import MAX_NOTE_LENGTH, MAX_TEXT_LENGTH, TextError, clean_text


class _TextField(forms.CharField):
    """A CharField whose cleaning is clean_text: control characters, length and empty text refused."""

    def __init__(self, *, what, limit, allow_empty=False, **kwargs):
        self.what, self.limit, self.allow_empty = what, limit, allow_empty
        # Django's own max_length check would count before normalising: leave length to clean_text.
        super().__init__(required=not allow_empty, strip=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_text(value or "", limit=self.limit, what=self.what, allow_empty=self.allow_empty)
        except TextError as error:
            raise forms.ValidationError(str(error)) from None


class AmendmentForm(forms.Form):
    """Propose or revise a change, a deletion or a new paragraph."""

    ACTIONS = {"draft": "Save as draft", "submit": "Submit", "preview": "Preview"}

    proposed_text = _TextField(
        what="The proposed text",
        limit=MAX_TEXT_LENGTH,
        label="Proposed text",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true"}),
        error_messages={"required": "The proposed text is empty."},
    )
    provisional_number = _TextField(
        what="The number", limit=32, allow_empty=True, label="Provisional number", help_text="For example “2 bis”."
    )
    justification = _TextField(
        what="The justification",
        limit=MAX_NOTE_LENGTH,
        allow_empty=True,
        label="Justification (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_paragraph_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind, numbered=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "delete":
            del self.fields["proposed_text"]
        if kind != "insert":
            del self.fields["provisional_number"]
        else:
            # After a numbered paragraph the new one needs its "N bis"; sub-items and footnotes do not.
            self.fields["provisional_number"].required = numbered
        self.fields["form_token"].initial = uuid.uuid4()


class CommentForm(forms.Form):
    text = _TextField(
        what="The comment",
        limit=MAX_NOTE_LENGTH,
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "The comment is empty."},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        required=False,
        label="Amendments close at",
        help_text="Leave empty for no deadline.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
