"""The forms of the screen's control page: which paragraph to show, and a proposal from the floor."""

from django import forms

from amendments.forms import _Form
from amendments.models import Participant


class ShowParagraphForm(_Form):
    paragraph = forms.TypedChoiceField(coerce=int, label="Show")

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["paragraph"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class FloorProposalForm(_Form):
    """What a delegation proposed orally: who, and the paragraph's words as it would have them."""

    participant = forms.ModelChoiceField(queryset=Participant.objects.none(), label="Delegation taking the floor")
    proposed_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="The text as proposed")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, working_group_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Participant.objects.delegations(working_group_id).order_by("name")
