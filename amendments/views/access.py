"""Who may see and change what: the loaders every view goes through, and the role decorators.

A row the user may not even see is a 404, as if it did not exist; a row the user may see but not
change is a 403 with a message saying whose it is.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from amendments.models import Amendment, Comment, Paragraph, User
from amendments.queries.redlines import with_revisions

View = Callable[..., HttpResponse]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view gets: LoginRequiredMiddleware lets no anonymous user through (a view marked
    login_not_required would take a plain HttpRequest)."""

    user: User


def _role_required(allowed: Callable[[User], bool], message: str, methods: Iterable[str] | None) -> Callable:
    guarded = None if methods is None else frozenset(methods)

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
            if (guarded is None or request.method in guarded) and not allowed(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return checked

    return decorate


def secretariat_required(
    view: View | None = None,
    *,
    message: str = "Only the secretariat can do this.",
    methods: Iterable[str] | None = None,
) -> Callable:
    """The view is the secretariat's (for `methods` only, when given: the page may be open to read)."""
    decorate = _role_required(lambda user: user.is_secretariat, message, methods)
    return decorate(view) if view is not None else decorate


def delegation_required(
    view: View | None = None, *, message: str = "Only the members of a delegation propose amendments."
) -> Callable:
    """The view speaks for the user's delegation, so a user without one is refused."""
    decorate = _role_required(lambda user: user.participant_id is not None, message, None)
    return decorate(view) if view is not None else decorate


def chair_or_secretariat_required(
    view: View | None = None, *, message: str = "Only the Chair or the secretariat can do this."
) -> Callable:
    """The view is the Chair's, which the secretariat also works for (the Chair's proposals)."""
    decorate = _role_required(lambda user: user.is_chair or user.is_secretariat, message, None)
    return decorate(view) if view is not None else decorate


def visible_amendments(user: User) -> QuerySet[Amendment]:
    """The amendments the user may see, with what every card shows."""
    return with_revisions(Amendment.objects.visible_to(user).select_related("participant", "author"))


def get_paragraph(pk: int) -> Paragraph:
    return get_object_or_404(Paragraph.objects.select_related("section__report", "parent__section"), pk=pk)


def get_amendment_for_user(request: AuthenticatedHttpRequest, pk: int) -> Amendment:
    """The amendment if this user may see it; another delegation's draft is a 404, as if it did not exist."""
    queryset = visible_amendments(request.user).select_related("paragraph__section__report", "paragraph__parent")
    return get_object_or_404(queryset, pk=pk)


def may_change(user: User, amendment: Amendment) -> bool:
    """The secretariat, the delegation whose amendment it is, or the Chair for the Chair's proposals."""
    if user.is_chair and amendment.is_compromise:
        return True
    return user.is_secretariat or amendment.participant_id == user.participant_id


def get_own_amendment(request: AuthenticatedHttpRequest, pk: int) -> Amendment:
    """The amendment, if the user's delegation may change it: 404 if it may not even see it, else 403."""
    amendment = get_amendment_for_user(request, pk)
    if not may_change(request.user, amendment):
        raise PermissionDenied(f"Only {amendment.participant.name} can change its amendment.")
    return amendment


def get_comment_for_user(request: AuthenticatedHttpRequest, pk: int) -> Comment:
    """A comment the user may see: on a paragraph, or on an amendment the user may see; another
    delegation's draft is a 404, as if it did not exist."""
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("amendment", "paragraph"), pk=pk
    )
    if comment.amendment_id:
        get_amendment_for_user(request, comment.amendment_id)
    return comment


def view_mode(request: HttpRequest) -> str:
    """How the page lays out redlines: "inline" unless side by side is asked for."""
    return "side" if request.GET.get("view") == "side" else "inline"
