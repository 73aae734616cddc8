"""What every page's header shows: the signed-in user's count of unread notifications."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from amendments.models import Notification


def notices(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted only when a template shows it (one query), not for a response that renders no header.
    return {
        "unread_notifications": SimpleLazyObject(lambda: Notification.objects.filter(recipient=user).unread().count())
    }
