"""The Chair's proposal for a paragraph: the form the Chair (or the secretariat, for the Chair)
fills in, with the pending amendments it may supersede.

Changes nothing on GET; the write is actions.compromises.propose_compromise, against the
paragraph's and each chosen amendment's version as the page showed them: a newer one is refused,
the form shown again with what changed, and nothing is written.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from amendments import actions
from amendments.actions.errors import AmendmentError, StaleAmendment, StaleVersion
from amendments.core import textdiff
from amendments.core.texts import TextError
from amendments.forms import CompromiseForm
from amendments.models import Paragraph
from amendments.queries.redlines import amendment_redline, attach_positions
from amendments.views.access import AuthenticatedHttpRequest, chair_or_secretariat_required, get_paragraph


def _render(request, form, paragraph, *, stale=None, preview=None, status=200):
    # Each checkbox beside the card of the amendment it chooses (the choices follow `form.pending`).
    redlines = [amendment_redline(a, paragraph) for a in attach_positions(form.pending)]
    return render(
        request,
        "amendments/compromise_form.html",
        {
            "form": form,
            "paragraph": paragraph,
            "report": paragraph.section.report,
            "choices": list(zip(form["supersede"].subwidgets, redlines, strict=True)),
            "stale": stale,
            "preview": preview,
        },
        status=status,
    )


def _version_text(paragraph: Paragraph, version: int) -> str:
    record = paragraph.history.filter(version=version).order_by("-history_id").first()
    return record.text if record else ""


def _fresh_form(request, paragraph, *, text=None):
    """The form posted, again, on the paragraph and its pending amendments as they are now: their
    versions are the current ones, the choices and texts kept (a choice no longer pending drops)."""
    pending = actions.compromises.pending_to_supersede(paragraph)
    data = request.POST.copy()
    data["expected_paragraph_version"] = str(paragraph.version)
    for amendment in pending:
        data[f"version_{amendment.pk}"] = str(amendment.version)
    ids = {str(a.pk) for a in pending}
    data.setlist("supersede", [i for i in request.POST.getlist("supersede") if i in ids])
    if text is not None:
        data["proposed_text"] = text
    form = CompromiseForm(data, pending=pending)
    form.is_valid()
    return form


def _stale_paragraph(request, form, paragraph, opened):
    """The paragraph changed after the form was opened: what changed, and the Chair's text carried
    over onto the new one when the two do not touch the same words."""
    old, text = _version_text(paragraph, opened), form.cleaned_data["proposed_text"]
    merge = textdiff.merge3(old, paragraph.text, text)
    fresh = _fresh_form(request, paragraph, text=merge.text if merge.clean else None)
    stale = {"changes": textdiff.diff(old, paragraph.text), "merge": merge}
    return _render(request, fresh, paragraph, stale=stale, status=409)


def _stale_amendment(request, paragraph, current):
    """An amendment chosen was revised after the form was opened: shown as it is now, to choose again."""
    fresh = _fresh_form(request, paragraph)
    stale = {"amendment": current}
    return _render(request, fresh, paragraph, stale=stale, status=409)


@require_http_methods(["GET", "POST"])
@chair_or_secretariat_required(message="Only the Chair or the secretariat proposes a compromise.")
def propose_compromise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paragraph = get_paragraph(pk)
    pending = actions.compromises.pending_to_supersede(paragraph)
    if request.method == "GET":
        initial = {"proposed_text": paragraph.text, "expected_paragraph_version": paragraph.version}
        return _render(request, CompromiseForm(initial=initial, pending=pending), paragraph)

    form = CompromiseForm(request.POST, pending=pending)
    if not form.is_valid():
        return _render(request, form, paragraph, status=400)
    data = form.cleaned_data
    if request.POST.get("action") == "preview":
        return _render(request, form, paragraph, preview=textdiff.diff(paragraph.text, data["proposed_text"]))
    try:
        compromise = actions.compromises.propose_compromise(
            paragraph.pk,
            user=request.user,
            expected_version=data["expected_paragraph_version"],
            proposed_text=data["proposed_text"],
            supersedes=form.supersedes(),
            justification=data["justification"],
            form_token=data["form_token"],
        )
    except StaleVersion as error:
        return _stale_paragraph(request, form, error.current, data["expected_paragraph_version"])
    except StaleAmendment as error:
        return _stale_amendment(request, paragraph, error.current)
    except (AmendmentError, TextError) as error:
        form.add_error(None, str(error))
        return _render(request, form, paragraph, status=400)
    count = compromise.superseded.count()
    merged = f": it supersedes {count} amendment{'s' if count != 1 else ''}" if count else ""
    messages.success(request, f"The Chair's proposal is submitted{merged}.")
    return redirect(compromise)
