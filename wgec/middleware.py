"""What the project adds to every response."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

# What is worth compressing: text. A .docx, .xlsx, .odt or .pdf download is compressed already.
COMPRESSED_TYPES = ("text/", "application/json", "application/xml", "application/javascript")


class CompressedPagesMiddleware(GZipMiddleware):
    """Pages are sent gzip-compressed to a browser that accepts it.

    A report page shows each amendment's redline against the whole paragraph, so a long report with
    every redline open weighs megabytes of repeated text (7.8 MB for 1,000 paragraphs with 5,000
    amendments), over a conference network shared by a whole room: compressed, it is a twentieth of
    that. Django's middleware, not the proxy's, so that every deployment gets it and with its BREACH
    mitigation (random bytes in each gzip header: the pages carry CSRF tokens beside text a user
    typed). Downloads that are compressed files already are sent as they are.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class PrivateNoStoreMiddleware:
    """Nothing the app answers is kept by a browser's cache, a proxy or the back button.

    A page, an API answer or a download may show a delegation's private draft, and pages are shared
    on conference computers: `private, no-store` on every response the app makes is the one rule
    that cannot miss one. Static files never get here (whitenoise answers them first, cached for
    good under hashed names).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response


class WorkingGroupScopeMiddleware:
    """A row of another working group is a 404 before any view runs (amendments.views.scope)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: object, args: object, kwargs: dict) -> None:
        from amendments.views import scope  # the app's models load after the settings

        match = request.resolver_match
        if match is not None and not match.namespace:
            scope.check(request, match.url_name, kwargs)
