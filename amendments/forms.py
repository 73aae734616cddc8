"""The forms people type into. Text is checked by amendments.core.texts.clean_text, so the form and
the write functions refuse the same things with the same words; each field carries its own limit,
which the templates render (no page repeats a limit by hand)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from amendments.core import anchors, brackets
from amendments.core.texts import MAX_NOTE_LENGTH, MAX_REASON_LENGTH, MAX_TEXT_LENGTH, TextError, clean_text, parse_id
from amendments.models import Amendment, Paragraph, Participant

NUMBER_LENGTH = 32  # "2 bis", "15 quinquies"
HEADING_LENGTH = 300
REASON_LENGTH = MAX_REASON_LENGTH  # the "why" kept in a paragraph's history, as actions.draft checks it
REVISION_NAME_LENGTH = 100


INCOMPLETE = "The form was incomplete: reload the page and try again."


class _Form(forms.Form):
    """Labels without Django's trailing colon, as the rest of the pages write them. A hidden field
    the page should have filled in is not the user's to correct: its error is one message at the top."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        # Cleaning runs inside full_clean, so `errors` is the dict being filled, not a new cleaning.
        hidden = [field.name for field in self.hidden_fields() if field.name in self.errors]
        for name in hidden:
            del self.errors[name]
        if hidden:
            raise forms.ValidationError(INCOMPLETE)
        return super().clean()


class _RawTextField(forms.CharField):
    """A CharField that leaves NUL to clean_text, which refuses it with every other character that
    cannot be saved and says where it is (Django's own validator does not)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class _TextField(_RawTextField):
    """A CharField whose cleaning is clean_text: characters that cannot be saved, length and empty text refused."""

    def __init__(self, *, what, limit, allow_empty=False, **kwargs):
        self.what, self.limit, self.allow_empty = what, limit, allow_empty
        kwargs.setdefault("error_messages", {}).setdefault("required", f"{what} is empty.")
        # Django's own max_length check would count before normalising: leave length to clean_text.
        super().__init__(required=not allow_empty, strip=False, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.TextInput) and not widget.is_hidden:
            attrs["maxlength"] = str(self.limit)  # a hint for the browser; clean_text has the last word
        return attrs

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_text(value or "", limit=self.limit, what=self.what, allow_empty=self.allow_empty)
        except TextError as error:
            raise forms.ValidationError(str(error)) from None


class VersionField(forms.Field):
    """The version the page showed, posted back. Missing or junk is None, never a form error: the
    write function treats None as stale and refuses to overwrite anything."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return parse_id(value)


def _reason_field(label="Why (optional, kept in the history)"):
    return _TextField(what="The note", limit=REASON_LENGTH, allow_empty=True, label=label)


class AmendmentForm(_Form):
    """Propose or revise a change, a deletion or a new paragraph. Build it with `for_paragraph`."""

    class Action(models.TextChoices):
        """The button the member pressed (the form's `action`): nothing else is posted for it."""

        DRAFT = "draft", "Save as draft"
        SUBMIT = "submit", "Submit"
        PREVIEW = "preview", "Preview"

    proposed_text = _TextField(
        what="The proposed text",
        limit=MAX_TEXT_LENGTH,
        label="Proposed text",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true", "aria-describedby": "preview-heading"}),
        error_messages={"required": "The proposed text is empty."},
    )
    provisional_number = _TextField(
        what="The number",
        limit=NUMBER_LENGTH,
        allow_empty=True,
        label="Provisional number",
        help_text="For example “2 bis”.",
        error_messages={"required": "This field is required."},
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

    def __init__(self, *args, kind, numbered, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Amendment.Kind.DELETE:
            del self.fields["proposed_text"]
        else:
            self.fields["proposed_text"].label = (
                "Text of the new paragraph" if kind == Amendment.Kind.INSERT else "Your text"
            )
        if kind != Amendment.Kind.INSERT:
            del self.fields["provisional_number"]
        else:
            # After a numbered paragraph the new one needs its "N bis"; sub-items and footnotes do not.
            self.fields["provisional_number"].required = numbered
        self.fields["form_token"].initial = uuid.uuid4()

    @classmethod
    def for_paragraph(cls, paragraph: Paragraph, kind: str, data=None, **kwargs) -> AmendmentForm:
        """The form for an amendment of `kind` to `paragraph`: the one way every view builds it."""
        return cls(data, kind=kind, numbered=bool(paragraph.number), **kwargs)


class CompromiseForm(_Form):
    """The Chair's proposal for a paragraph: its text, the pending amendments it supersedes (each
    posted back with the version the page showed, `version_<id>`) and a justification."""

    proposed_text = _TextField(
        what="The proposed text",
        limit=MAX_TEXT_LENGTH,
        label="The Chair's text",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true", "aria-describedby": "preview-heading"}),
    )
    supersede = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="The amendments it supersedes",
        help_text="Each one chosen is marked “superseded by the Chair's proposal” while the proposal stands.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "An amendment you chose is no longer waiting for a decision: nothing was saved. "
            "Look at the list again."
        },
    )
    justification = _TextField(
        what="The justification",
        limit=MAX_NOTE_LENGTH,
        allow_empty=True,
        label="Justification (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_paragraph_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args, pending: list[Amendment], **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = pending
        field = cast(forms.TypedMultipleChoiceField, self.fields["supersede"])
        field.choices = [(a.pk, _pending_label(a)) for a in pending]
        for amendment in pending:
            self.fields[f"version_{amendment.pk}"] = VersionField(initial=amendment.version)

    def supersedes(self) -> dict[int, int]:
        """{id: the version the page showed} of the amendments chosen; 0, which no version is, for
        one whose version was not posted back (refused as stale)."""
        return {pk: self.cleaned_data.get(f"version_{pk}") or 0 for pk in self.cleaned_data["supersede"]}


def _pending_label(amendment: Amendment) -> str:
    when = f", submitted {amendment.submitted_at:%-d %b %Y}" if amendment.submitted_at else ""
    return f"{amendment.participant.name}: {amendment.get_kind_display().lower()}{when} (version {amendment.version})"


class CommentForm(_Form):
    text = _TextField(
        what="The comment",
        limit=MAX_NOTE_LENGTH,
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "The comment is empty."},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)


class NewCommentForm(CommentForm):
    """A new comment on a paragraph or an amendment, on some of its words if the delegate chose
    them (selected in the text, or typed): they must be in the text commented on, `subject_text`
    (the paragraph's current text, the amendment's proposed text)."""

    anchor = _TextField(
        what="The words you are commenting on",
        limit=anchors.MAX_ANCHOR_LENGTH,
        allow_empty=True,
        label="Words you are commenting on",
        help_text="Optional: copy them from the text, or select them there.",
        widget=forms.TextInput(attrs={"aria-describedby": "comment-anchor-help"}),
    )

    def __init__(self, *args, subject_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject_text = subject_text

    def clean_anchor(self):
        words = anchors.normalise(self.cleaned_data["anchor"])
        if words and anchors.locate(self.subject_text, words) is None:
            raise forms.ValidationError(f"The words you are commenting on, “{words}”, are not in the text.")
        return words


class DeadlineForm(_Form):
    deadline = forms.DateTimeField(
        required=False,
        label="Amendments close at",
        help_text="Leave empty for no deadline.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ParagraphEditForm(_Form):
    """The secretariat's edit of a paragraph's text and printed number.

    `version` is the version the text in the form is based on (the one opened, or the one a merge
    carried the text onto): a save against an older one is merged again, never written over.
    """

    class Resolution(models.TextChoices):
        """The officer's choice on a conflict page (the form's `resolve`): it only fills the form."""

        MINE = "mine", "Keep my wording where the two conflict"
        THEIRS = "theirs", "Keep their wording where the two conflict"

    version = VersionField()
    resolve = forms.ChoiceField(choices=Resolution.choices, required=False, widget=forms.HiddenInput)
    number = _TextField(what="The number", limit=NUMBER_LENGTH, allow_empty=True, label="Number as printed")
    text = _TextField(what="The text", limit=MAX_TEXT_LENGTH, label="Text", widget=forms.Textarea(attrs={"rows": 10}))
    note = _reason_field()

    def __init__(self, *args, numbered, **kwargs):
        super().__init__(*args, **kwargs)
        if not numbered:
            del self.fields["number"]  # sub-items and footnotes keep the number they have

    def clean_number(self):
        # A form that sends no number keeps the number as it is (None), rather than clearing it.
        return self.cleaned_data["number"] if self.add_prefix("number") in self.data else None


class ParagraphInsertForm(_Form):
    number = _TextField(what="The number", limit=NUMBER_LENGTH, allow_empty=True, label="Number as printed")
    text = _TextField(what="The text", limit=MAX_TEXT_LENGTH, label="Text", widget=forms.Textarea(attrs={"rows": 8}))
    note = _reason_field()
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args, after: Paragraph, **kwargs):
        super().__init__(*args, **kwargs)
        example = after.number or "2"
        self.fields[
            "number"
        ].label = f"Number as printed (e.g. “{example} bis”; renumbered when the next revision is issued)"


class StatusForm(_Form):
    """The paragraph's status in the negotiation, with the reason kept in the history."""

    version = VersionField()
    status = forms.ChoiceField(
        choices=Paragraph.Status.choices,
        label="Status",
        error_messages={"invalid_choice": "Unknown status %(value)r."},
    )
    note = _reason_field("Why (optional)")

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("initial", {"version": paragraph.version, "status": paragraph.status})
        kwargs.setdefault("auto_id", "id_status_%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["placeholder"] = "Why (optional)"


class _Selection(_Form):
    """A passage of the paragraph: typed exactly as it stands (it must occur once), or selected
    with the mouse, when the page's script fills in its offsets in the version shown (`start`,
    `end`), so that a word that occurs twice can be chosen too."""

    version = VersionField()
    passage = _TextField(
        what="The passage",
        limit=MAX_NOTE_LENGTH,
        allow_empty=True,
        label="Put a passage in [brackets]",
        widget=forms.TextInput(attrs={"placeholder": "Select it in the text, or copy it exactly", "size": 40}),
    )
    start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("initial", {"version": paragraph.version})
        super().__init__(*args, **kwargs)
        self.paragraph = paragraph

    def clean(self):
        data = super().clean()
        if data.get("start") is None or data.get("end") is None:
            data["start"] = data["end"] = None  # half a selection is none: the typed passage counts
            if not data.get("passage") and "passage" not in self.errors:
                self.add_error("passage", "The passage is empty.")
        return data


class BracketForm(_Selection):
    """A passage without consensus, selected or typed exactly as it stands, to put in [brackets]."""

    note = _reason_field("Why (optional)")

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("auto_id", "id_bracket_%s")
        super().__init__(*args, paragraph=paragraph, **kwargs)
        self.fields["note"].widget.attrs["placeholder"] = "Why (optional)"


class UnbracketForm(_Form):
    """Which brackets to remove: all of them, one bracketed passage, or alternatives by keeping one.

    The choices are the brackets of the version shown, by the offset where each starts: a choice
    that is no longer in the text is refused by the action against that version."""

    ALL = "all"
    version = VersionField()
    target = forms.ChoiceField(
        label="Remove brackets", error_messages={"invalid_choice": "Choose brackets of the text."}
    )
    note = _reason_field("Why (optional)")

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("initial", {"version": paragraph.version})
        kwargs.setdefault("auto_id", "id_unbracket_%s")
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["placeholder"] = "Why (optional)"
        found = brackets.groups(paragraph.text)
        choices: list[tuple[str, str]] = []
        if found and not any(g.is_alternatives for g in found):
            choices.append((self.ALL, "All brackets"))
        for group in found:
            if group.is_alternatives:
                choices += [
                    (f"keep:{group.start}:{n}", f"Keep “{_short(p.text)}”") for n, p in enumerate(group.passages)
                ]
            else:
                choices.append((f"at:{group.start}", f"Around “{_short(group.passages[0].text)}”"))
        cast(forms.ChoiceField, self.fields["target"]).choices = choices
        self.has_choices = bool(choices)

    def chosen(self) -> tuple[str, int | None, int | None]:
        """("all" | "at" | "keep", offset, alternative index) of the cleaned choice."""
        kind, *rest = self.cleaned_data["target"].split(":")
        numbers = [int(n) for n in rest] + [None, None]
        return kind, numbers[0], numbers[1]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class AlternativesForm(_Selection):
    """Alternatives for a passage ("[shall][should]"), two or more, each with the delegations that
    proposed it. The first is usually the passage as it stands."""

    SLOTS = 4
    note = _reason_field("Why (optional; the reason names the proposers when left empty)")

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("auto_id", "id_alt_%s")
        super().__init__(*args, paragraph=paragraph, **kwargs)
        self.fields["passage"].label = "The passage the alternatives replace"
        for n in range(1, self.SLOTS + 1):
            self.fields[f"text_{n}"] = _TextField(
                what=f"Alternative {n}", limit=MAX_TEXT_LENGTH, allow_empty=True, label=f"Alternative {n}",
                widget=forms.TextInput(attrs={"size": 50}),
            )  # fmt: skip
            self.fields[f"proposers_{n}"] = forms.ModelMultipleChoiceField(
                queryset=Participant.objects.delegations(paragraph.section.report.working_group_id).order_by("name"),
                required=False,
                label=f"Proposed by (alternative {n})",
                widget=forms.SelectMultiple(attrs={"size": 6}),
                error_messages={"invalid_choice": "Choose delegations from the list."},
            )

    def slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"text_{n}"], self[f"proposers_{n}"]) for n in range(1, self.SLOTS + 1)]

    def clean(self):
        data = super().clean()
        given = [n for n in range(1, self.SLOTS + 1) if data.get(f"text_{n}")]
        for n in range(1, self.SLOTS + 1):
            if n not in given and data.get(f"proposers_{n}"):
                self.add_error(f"text_{n}", f"Alternative {n} has proposers but no text.")
        if len(given) < 2:
            raise forms.ValidationError("Give two alternatives or more.")
        data["alternatives"] = [(data[f"text_{n}"], list(data.get(f"proposers_{n}") or [])) for n in given]
        return data


class ParagraphDeleteForm(_Form):
    """The confirmation of a paragraph's deletion, with the reason kept in the history."""

    version = VersionField()
    note = _reason_field()

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("initial", {"version": paragraph.version})
        super().__init__(*args, **kwargs)


class HeadingForm(_Form):
    heading = _TextField(what="The heading", limit=HEADING_LENGTH, label="Heading")
    note = _reason_field("Why (optional)")


class RevisionForm(_Form):
    DATE_MESSAGE = "Give the date of the revision as a date (YYYY-MM-DD)."

    name = _TextField(what="The name of the revision", limit=REVISION_NAME_LENGTH, label="Name")
    date = forms.DateField(
        label="Date",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": DATE_MESSAGE, "invalid": DATE_MESSAGE},
    )
    subtitle = _TextField(
        what="The subtitle",
        limit=HEADING_LENGTH,
        allow_empty=True,
        label="Subtitle (optional)",
        help_text="Printed under the title in place of the one before: “Revised draft of the Chair”.",
    )


class DecisionForm(_Form):
    """The secretariat's decision on one amendment, or the same decision on a selection (`bulk`)."""

    decision = forms.TypedChoiceField(
        choices=Amendment.Decision.choices,
        coerce=Amendment.Decision,
        label="Decision",
        error_messages={"required": "Choose a decision.", "invalid_choice": "Unknown decision %(value)r."},
    )
    note = _TextField(
        what="The note", limit=MAX_NOTE_LENGTH, allow_empty=True, label="Note (optional, shown to everyone)"
    )
    final_text = _RawTextField(  # checked by clean_final_text, for the one decision that reads it
        required=False,
        strip=False,
        label="Text as accepted with modifications (for “Accept with modifications”)",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, bulk=False, **kwargs):
        super().__init__(*args, **kwargs)
        decision = cast(forms.TypedChoiceField, self.fields["decision"])  # as declared above
        decision.widget = forms.Select() if bulk else forms.RadioSelect()
        # The modified text is written for one amendment: a selection takes the other decisions.
        decision.choices = [
            choice
            for choice in Amendment.Decision.choices
            if not bulk or choice[0] != Amendment.Decision.ACCEPT_MODIFIED
        ]
        if bulk:
            del self.fields["final_text"]

    def clean_final_text(self) -> str | None:
        """Only "Accept with modifications" reads the text; another decision leaves it aside. A form
        without the field leaves the refusal to the decision itself (a deletion has no text)."""
        if self.cleaned_data.get("decision") != Amendment.Decision.ACCEPT_MODIFIED:
            return None
        if self.add_prefix("final_text") not in self.data:
            return None
        try:
            return clean_text(self.cleaned_data["final_text"], limit=MAX_TEXT_LENGTH, what="The modified text")
        except TextError as error:
            raise forms.ValidationError(str(error)) from None


class ReportUploadForm(_Form):
    """The Chair's draft a new report is started from."""

    file = forms.FileField(
        label="The draft (.docx, PDF or UTF-8 text)",
        error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,.pdf,.txt,.md,application/pdf,text/plain,text/markdown,"
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )  # fmt: skip


class ReportStartForm(_Form):
    """The confirmation of a new report: its title block as read from the file, to correct if need be."""

    title = _TextField(what="The title", limit=HEADING_LENGTH, label="Title")
    subtitle = _TextField(what="The subtitle", limit=HEADING_LENGTH, allow_empty=True, label="Subtitle")
    body = _TextField(what="The name of the body", limit=HEADING_LENGTH, label="Written by (the body)")


class RevisionConfirmForm(RevisionForm):
    """The revision form as it is posted: sent without a fingerprint it asks for a preview; the
    preview sends every field back hidden, with the fingerprint of what it showed, to issue."""

    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput)

    def revision_options(self) -> dict[str, Any]:
        """The fields as the keyword arguments of issuing the revision (and of its preview)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "fingerprint"}


def _iso_date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportIdentityForm(_Form):
    """What the report prints above its text: title, body and the masthead (symbol, distribution,
    language and the date of the original)."""

    DATE_MESSAGE = "Give the date of the original text as a date (YYYY-MM-DD)."

    title = _TextField(what="The title", limit=HEADING_LENGTH, label="Title")
    body = _TextField(what="The body that writes the report", limit=HEADING_LENGTH, label="Body")
    symbol = _TextField(
        what="The symbol",
        limit=100,
        allow_empty=True,
        label="Document symbol",
        help_text="As the UN prints it: E/CN.16/2018/CRP.3. A revision adds its label: …/Rev.1.",
    )
    distribution = _TextField(
        what="The distribution",
        limit=100,
        allow_empty=True,
        label="Distribution",
        help_text="Printed “Distr.: …”: Limited, General.",
    )
    language = _TextField(
        what="The language",
        limit=50,
        allow_empty=True,
        label="Language of the original",
        help_text="Printed “Original: English”.",
    )
    date = forms.DateField(
        required=False,
        label="Date of the original text",
        error_messages={"invalid": DATE_MESSAGE},
        input_formats=["%Y-%m-%d"],
        widget=_iso_date_input(),
    )


class RevisionIdentityForm(_Form):
    """One revision's label, date and subtitle (its text never changes)."""

    DATE_MESSAGE = "Give the date of the revision as a date (YYYY-MM-DD)."

    revision = forms.IntegerField(widget=forms.HiddenInput)
    name = _TextField(what="The label of the revision", limit=REVISION_NAME_LENGTH, label="Label")
    date = forms.DateField(
        label="Date",
        error_messages={"required": DATE_MESSAGE, "invalid": DATE_MESSAGE},
        input_formats=["%Y-%m-%d"],
        widget=_iso_date_input(),
    )
    subtitle = _TextField(what="The subtitle", limit=HEADING_LENGTH, allow_empty=True, label="Subtitle")


RevisionIdentityFormSet = forms.formset_factory(RevisionIdentityForm, extra=0)
