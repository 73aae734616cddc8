"""The secretariat's brackets on a paragraph's page: bracket a passage (selected or typed), record
alternatives for one, remove brackets or keep one alternative.

Each write goes to actions.brackets against the version the page showed; a refusal is a message on
the paragraph's page (the alternatives' own page keeps what was typed).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from amendments import actions
from amendments.core.texts import TextError
from amendments.forms import AlternativesForm, BracketForm, UnbracketForm
from amendments.views.access import AuthenticatedHttpRequest, get_paragraph, secretariat_required
from amendments.views.paragraphs import _back, _paragraph_action, _refused


@require_POST
@secretariat_required
def bracket_passage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paragraph = get_paragraph(pk)
    form = BracketForm(request.POST, paragraph=paragraph)
    if not form.is_valid():
        return _refused(request, form, paragraph)
    data = form.cleaned_data
    return _paragraph_action(
        request, paragraph, actions.brackets.bracket_passage, "Passage put in brackets.",
        version=data["version"], note=data["note"], passage=data["passage"], start=data["start"], end=data["end"],
    )  # fmt: skip


@require_POST
@secretariat_required
def remove_brackets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove all brackets, those of one passage, or alternatives by keeping one of them."""
    paragraph = get_paragraph(pk)
    form = UnbracketForm(request.POST, paragraph=paragraph)
    if not form.is_valid():
        return _refused(request, form, paragraph)
    data = form.cleaned_data
    kind, start, index = form.chosen()
    if kind == "keep":
        return _paragraph_action(
            request, paragraph, actions.brackets.keep_alternative, "Alternative kept; the others removed.",
            version=data["version"], note=data["note"], start=start, index=index,
        )  # fmt: skip
    if kind == "at":
        return _paragraph_action(
            request, paragraph, actions.brackets.remove_brackets, "Brackets removed.",
            version=data["version"], note=data["note"], start=start,
        )  # fmt: skip
    return _paragraph_action(
        request, paragraph, actions.brackets.remove_all_brackets, "All brackets removed.",
        version=data["version"], note=data["note"],
    )  # fmt: skip


def _alternatives_page(request, form, paragraph, *, status=200):
    return render(
        request,
        "amendments/paragraph_alternatives.html",
        {"form": form, "paragraph": paragraph, "report": paragraph.section.report},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
def record_alternatives(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alternatives for a passage and their proposers. The page's script passes a selection
    made on the paragraph's page in the query (passage, start, end); typed, it must occur once."""
    paragraph = get_paragraph(pk)
    if request.method == "GET":
        passage = request.GET.get("passage", "")[:1000]
        initial: dict[str, object] = {"version": paragraph.version, "passage": passage}
        for name in ("start", "end"):
            if request.GET.get(name, "").isdigit():
                initial[name] = int(request.GET[name])
        if passage.strip():
            initial["text_1"] = passage.strip()  # the passage as it stands is usually one of them
        return _alternatives_page(request, AlternativesForm(initial=initial, paragraph=paragraph), paragraph)
    form = AlternativesForm(request.POST, paragraph=paragraph)
    if not form.is_valid():
        return _alternatives_page(request, form, paragraph, status=400)
    data = form.cleaned_data
    try:
        actions.brackets.record_alternatives(
            paragraph.pk,
            alternatives=data["alternatives"],
            passage=data["passage"],
            start=data["start"],
            end=data["end"],
            expected_version=data["version"],
            user=request.user,
            reason=data["note"],
        )
    except actions.brackets.StaleVersion as stale:
        # What was typed is kept against the text as it is now; a selection's offsets were the old text's.
        fresh_data = request.POST.copy()
        fresh_data.update({"version": str(stale.current.version), "start": "", "end": ""})
        fresh = AlternativesForm(fresh_data, paragraph=stale.current)
        fresh.is_valid()
        fresh.add_error(None, "The paragraph was changed since you opened the page: look at its text and send again.")
        return _alternatives_page(request, fresh, stale.current, status=409)
    except (TextError, actions.brackets.DraftingError) as error:
        form.add_error(None, str(error))
        return _alternatives_page(request, form, paragraph, status=400)
    messages.success(request, "Alternatives recorded.")
    return _back(paragraph)
