"""Search across the reports of the user's working groups: paragraphs, amendments and comments."""

from django.http import HttpResponse
from django.shortcuts import render

from amendments.queries.search import search as find
from amendments.search_forms import SearchForm
from amendments.views.access import AuthenticatedHttpRequest


def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The search page: the form, and once words are given, what the user may see that holds them."""
    asked = "q" in request.GET
    form = SearchForm(request.GET if asked else None, user=request.user)
    results = None
    if asked and form.is_valid() and form.cleaned_data["q"]:
        results = find(request.user, form.cleaned_data["q"], report=form.cleaned_data["report"])
    return render(request, "amendments/search.html", {"form": form, "results": results, "asked": asked})
