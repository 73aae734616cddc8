"""A member's own pages: my delegation (what it wrote, and what others said about it), the
notifications, and which of them come by e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from amendments.actions import notices
from amendments.models import Notification, Report
from amendments.notice_forms import EmailKindsForm
from amendments.queries.delegation import delegation_page
from amendments.views.access import AuthenticatedHttpRequest

# The notifications page lists the latest; older ones are read by then.
LISTED = 100


def my_delegation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's delegation: its drafts and amendments, what others said about them, its positions."""
    participant = request.user.participant
    if participant is None:
        return render(request, "amendments/my_delegation.html", {"page": None})
    return render(
        request,
        "amendments/my_delegation.html",
        {
            "page": delegation_page(request.user, participant),
            "report": Report.objects.filter(working_group=participant.working_group_id).current(),
        },
    )


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notifications, newest first; the unread ones are marked, and read once shown."""
    rows = list(Notification.objects.filter(recipient=request.user).select_related("report")[:LISTED])
    response = render(request, "amendments/notifications.html", {"notifications": rows})
    notices.mark_read(request.user, [row.pk for row in rows if row.read_at is None])
    return response


@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which kinds of notification the user receives by e-mail."""
    muted = set(request.user.email_opt_outs.values_list("kind", flat=True))
    form = EmailKindsForm(
        request.POST or None, initial={"kinds": [k for k in Notification.Kind.values if k not in muted]}
    )
    if request.method == "POST" and form.is_valid():
        notices.set_email_kinds(request.user, form.cleaned_data["kinds"])
        messages.success(request, "Your e-mail settings are saved.")
        return redirect("notification-settings")
    return render(
        request,
        "amendments/notification_settings.html",
        {"form": form, "email": request.user.email},
        status=400 if form.errors else 200,
    )
