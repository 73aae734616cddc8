"""E-mail to the secretariat and the delegations, sent only once the change is committed."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F

from amendments.models import Amendment, Position, Report, StaffRole, User


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


def _secretariat_addresses(amendment: Amendment) -> list[str]:
    """The secretariat of the amendment's working group."""
    group = Report.objects.filter(sections__paragraphs=amendment.paragraph_id).values("working_group")
    return list(
        User.objects.filter(
            staff_roles__role=StaffRole.Role.SECRETARIAT, staff_roles__working_group__in=group, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def amendment_event(amendment: Amendment, event: Event) -> None:
    """Tell the secretariat that a delegation submitted, revised or withdrew an amendment."""

    def send() -> None:
        recipients = _secretariat_addresses(amendment)
        if not recipients:
            return
        subject = f"[WGEC] {amendment.participant.name} {_EVENTS[event]}: {amendment.target_label}"
        body = (
            f"{amendment.participant.name} {_EVENTS[event]} (version {amendment.version}).\n\n"
            f"{amendment.target_label}\n\nProposed text:\n{amendment.proposed_text or '(deletion)'}\n\n{_link(amendment)}\n"
        )
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients], fail_silently=True)

    transaction.on_commit(send)


def positions_to_confirm(amendments: Sequence[Amendment], *, why: str) -> None:
    """Ask the delegations whose position was given on an earlier version of these amendments to
    confirm it on the new text (`why`: "Russian Federation revised it", "Rev.1 carried it over onto
    its text").

    Read once the change is committed, so only the positions it left behind are counted; one
    message per member with an e-mail address, each naming the version its delegation took a
    stance on and linking to the amendment, where the change since is shown.
    """
    if not amendments:
        return
    by_id = {a.pk: a for a in amendments}

    def send() -> None:
        outdated = (
            Position.objects.filter(amendment_id__in=by_id, amendment_version__lt=F("amendment__version"))
            .select_related("participant")
            .order_by("amendment_id", "participant__name")
        )
        messages: list[tuple[str, str, str, list[str]]] = []
        for position in outdated:
            assert position.amendment_id is not None  # filtered on amendment ids above
            amendment = by_id[position.amendment_id]
            recipients = position.participant.users.filter(is_active=True).exclude(email="")
            stance = "supported" if position.stance == Position.Stance.SUPPORT else "opposed"
            subject = (
                f"[WGEC] Please confirm your position: {amendment.participant.name}'s amendment to "
                f"{amendment.target_label} has changed"
            )
            body = (
                f"{position.participant.name} {stance} version {position.amendment_version} of the amendment by "
                f"{amendment.participant.name} to {amendment.target_label}. {why}: "
                f"it is now version {amendment.version}, and the text has changed since.\n\n"
                f"Please confirm your position on version {amendment.version}, or withdraw it:\n{_link(amendment)}\n"
            )
            sender = settings.DEFAULT_FROM_EMAIL
            messages.extend((subject, body, sender, [to]) for to in recipients.values_list("email", flat=True))
        if messages:
            send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)


def _delegation_messages(
    amendments: Sequence[Amendment], subject: str, body: str
) -> list[tuple[str, str, str, list[str]]]:
    """One message per member with an e-mail address of each amendment's delegation; `subject` and
    `body` are formatted with the amendment (`{a}`) and its link (`{link}`)."""
    messages: list[tuple[str, str, str, list[str]]] = []
    for amendment in amendments:
        recipients = amendment.participant.users.filter(is_active=True).exclude(email="")
        text = subject.format(a=amendment), body.format(a=amendment, link=_link(amendment))
        messages.extend((*text, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients.values_list("email", flat=True))
    return messages


def superseded(compromise: Amendment, amendments: Sequence[Amendment]) -> None:
    """Tell the delegations whose amendments a Chair's proposal merged that it supersedes them."""
    if not amendments:
        return

    def send() -> None:
        subject = "[WGEC] Your amendment to {a.target_label} is superseded by the Chair's proposal"
        body = (
            "The Chair's proposal for {a.target_label} merges several amendments, yours among them: "
            "it is superseded by the Chair's proposal, which is decided on in its place.\n\n"
            f"The Chair's proposal:\n{compromise.proposed_text}\n\n{_link(compromise)}\n\nYour amendment: {{link}}\n"
        )
        messages = _delegation_messages(amendments, subject, body)
        if messages:
            send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)


def restored(compromise: Amendment, amendments: Sequence[Amendment], *, why: str) -> None:
    """Tell the delegations that their amendments are back on the table (`why`: "was withdrawn")."""
    if not amendments:
        return

    def send() -> None:
        subject = "[WGEC] Your amendment to {a.target_label} is back on the table"
        body = (
            f"The Chair's proposal that superseded your amendment {why}: "
            f"your amendment is submitted again, as it was.\n\n{{link}}\n\nThe Chair's proposal: {_link(compromise)}\n"
        )
        messages = _delegation_messages(amendments, subject, body)
        if messages:
            send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)
