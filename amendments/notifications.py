"""E-mail to the secretariat and the delegations, sent only once the change is committed."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from amendments.models import Amendment, User


class Event(StrEnum):
    """What a delegation did to an amendment that the secretariat is told about."""

    SUBMITTED = "submitted"
    REVISED = "revised"
    WITHDRAWN = "withdrawn"


_EVENTS = {
    Event.SUBMITTED: "submitted an amendment",
    Event.REVISED: "revised a submitted amendment",
    Event.WITHDRAWN: "withdrew an amendment",
}


def _link(amendment: Amendment) -> str:
    return f"{settings.SITE_URL}{amendment.get_absolute_url()}"


def _secretariat_addresses() -> list[str]:
    return list(
        User.objects.filter(groups__name=User.SECRETARIAT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def amendment_event(amendment: Amendment, event: Event) -> None:
    """Tell the secretariat that a delegation submitted, revised or withdrew an amendment."""

    def send() -> None:
        recipients = _secretariat_addresses()
        if not recipients:
            return
        subject = f"[WGEC] {amendment.participant.name} {_EVENTS[event]}: {amendment.target_label}"
        body = (
            f"{amendment.participant.name} {_EVENTS[event]} (version {amendment.version}).\n\n"
            f"{amendment.target_label}\n\nProposed text:\n{amendment.proposed_text or '(deletion)'}\n\n{_link(amendment)}\n"
        )
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients], fail_silently=True)

    transaction.on_commit(send)


def decision(amendment: Amendment) -> None:
    """Tell the proposing delegation what the secretariat decided."""

    def send() -> None:
        recipients = list(
            amendment.participant.users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
        if not recipients:
            return
        subject = f"[WGEC] Your amendment to {amendment.target_label}: {amendment.get_status_display().lower()}"
        body = f"The secretariat decided: {amendment.get_status_display()}.\n\n{_link(amendment)}\n"
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients], fail_silently=True)

    transaction.on_commit(send)
