"""Error pages that say what happened in the words of the app."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # An upload far over the size limit is stopped before the form's token is read: say why.
    refused = getattr(request, "upload_refused", None)
    if refused:
        return render(request, "413.html", {"message": refused}, status=413)
    return render(request, "403_csrf.html", status=403)
