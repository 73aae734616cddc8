"""Notifications: what a delegation is told about its amendments and comments, and what everyone in
a working group is told (revisions issued, deadlines). Each is a row in the recipient's list, written
in the transaction of the change it tells about, and an e-mail once that transaction is committed,
unless the recipient switched that kind of e-mail off or has no address.

Nobody is told about what their own delegation did, and nothing is told about a draft: a draft
comment tells its amendment's delegation once it is submitted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from amendments.models import (
    Amendment,
    Comment,
    EmailOptOut,
    Notification,
    Participant,
    Position,
    Report,
    Revision,
    User,
)
from amendments.moments import moment

__all__ = [
    "REMINDER_WINDOW",
    "commented",
    "decided",
    "deadline_reminders",
    "mark_read",
    "position_taken",
    "revision_issued",
    "set_email_kinds",
]

Kind = Notification.Kind

# Reminders go out for deadlines due within this window of the command's run.
REMINDER_WINDOW = datetime.timedelta(hours=24)

# The longest quote of a comment's words in a notification's line.
_QUOTE = 120


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1].rstrip() + "…"


def _members(participant_id: int | None) -> list[User]:
    if participant_id is None:
        return []
    return list(User.objects.filter(participant_id=participant_id, is_active=True))


def _report_of(amendment: Amendment) -> Report:
    return Report.objects.get(sections__paragraphs=amendment.paragraph_id)


def _notify(
    recipients: Iterable[User], *, kind: Kind, report: Report, text: str, link: str, body: str = "", key: str = ""
) -> list[Notification]:
    """One notification per recipient (once each), and its e-mail after the commit."""
    unique = {user.pk: user for user in recipients}
    if key:
        told = Notification.objects.filter(recipient__in=unique, kind=kind, key=key).values_list("recipient", flat=True)
        for pk in set(told):
            unique.pop(pk)
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, report=report, text=text[:500], link=link, key=key)
        for user in unique.values()
    )
    _mail_after_commit(list(unique.values()), kind=kind, subject=text, body=body or text, link=link)
    return rows


def _mail_after_commit(recipients: Sequence[User], *, kind: Kind, subject: str, body: str, link: str) -> None:
    if not recipients:
        return
    ids = [user.pk for user in recipients]

    def send() -> None:
        # Read once committed: an opt-out saved meanwhile is honoured.
        muted = set(EmailOptOut.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", flat=True))
        addresses = [u.email for u in recipients if u.email and u.pk not in muted]
        text = f"{body}\n\n{settings.SITE_URL}{link}\n\nChange which e-mails you receive: {settings.SITE_URL}/notifications/settings/\n"
        messages = [(f"[WGEC] {subject}"[:200], text, settings.DEFAULT_FROM_EMAIL, [to]) for to in addresses]
        if messages:
            send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)


def _speaker(comment: Comment) -> str:
    return comment.speaker or "Someone"


def commented(comment: Comment) -> list[Notification]:
    """A comment everyone may now read: its amendment's delegation is told (a comment on their
    amendment), and so is the author of the comment it answers (a reply)."""
    if comment.draft or comment.deleted:
        return []
    amendment = comment.amendment
    paragraph = comment.paragraph if amendment is None else amendment.paragraph
    assert paragraph is not None
    report = Report.objects.get(sections__paragraphs=paragraph)
    link = (amendment.get_absolute_url() if amendment else paragraph.get_absolute_url()) + f"#c-{comment.pk}"
    on_words = f" on “{_quote(comment.anchor)}”" if comment.anchor else ""
    said = f"{_speaker(comment)}: “{_quote(comment.text)}”"
    rows: list[Notification] = []
    replied: list[User] = []
    parent = comment.parent
    if parent is not None:
        if parent.participant_id is not None:
            own = parent.participant_id == comment.participant_id
            replied = [] if own else _members(parent.participant_id)
        else:
            replied = [parent.author] if parent.author else []
        replied = [u for u in replied if u.pk != comment.author_id]
        where = amendment.target_label if amendment else paragraph.label
        rows += _notify(
            replied,
            kind=Kind.REPLY,
            report=report,
            text=f"{_speaker(comment)} replied to your comment on {where}",
            body=f"{_speaker(comment)} replied to your comment on {where}{on_words}.\n\n{said}",
            link=link,
        )
    if amendment is not None and amendment.participant_id != comment.participant_id:
        told = {u.pk for u in replied}
        owners = [u for u in _members(amendment.participant_id) if u.pk not in told and u.pk != comment.author_id]
        rows += _notify(
            owners,
            kind=Kind.COMMENT,
            report=report,
            text=f"{_speaker(comment)} commented on your amendment to {amendment.target_label}",
            body=f"{_speaker(comment)} commented{on_words} on your amendment to {amendment.target_label}.\n\n{said}",
            link=link,
        )
    return rows


def position_taken(position: Position) -> list[Notification]:
    """The amendment's (or the submission's) delegation is told that another supports or opposes it."""
    amendment = position.amendment
    stance = "supports" if position.stance == Position.Stance.SUPPORT else "opposes"
    if amendment is None:
        return _submission_position_taken(position, stance)
    text = f"{position.participant.name} {stance} your amendment to {amendment.target_label}"
    return _notify(
        _members(amendment.participant_id),
        kind=Kind.POSITION,
        report=_report_of(amendment),
        text=text,
        body=f"{text} (version {position.amendment_version}).",
        link=amendment.get_absolute_url(),
    )


def _submission_position_taken(position: Position, stance: str) -> list[Notification]:
    submission = position.submission
    assert submission is not None  # a position is on an amendment or on a submission
    report = Report.objects.get(sections=submission.section_id)
    text = f"{position.participant.name} {stance} your submission to {submission.section.heading}"
    return _notify(
        _members(submission.participant_id),
        kind=Kind.POSITION,
        report=report,
        text=text[:300],
        body=f"{text}: {submission.heading}.",
        link=f"{report.get_absolute_url()}#{submission.anchor}",
    )


def decided(amendment: Amendment) -> list[Notification]:
    """The amendment's delegation is told what the secretariat decided."""
    status = amendment.get_status_display()
    note = f"\n\n{amendment.decision_note}" if amendment.decision_note else ""
    return _notify(
        _members(amendment.participant_id),
        kind=Kind.DECISION,
        report=_report_of(amendment),
        text=f"Your amendment to {amendment.target_label}: {status.lower()}",
        body=f"The secretariat decided: {status}.{note}",
        link=amendment.get_absolute_url(),
    )


def _working_group_users(report: Report) -> list[User]:
    """Everyone of the report's working group: its delegates, and its secretariat and Chair."""
    return list(
        User.objects.filter(
            Q(participant__working_group=report.working_group_id)
            | Q(staff_roles__working_group=report.working_group_id),
            is_active=True,
        ).distinct()
    )


def revision_issued(revision: Revision) -> list[Notification]:
    """Everyone of the working group is told that a revision was issued."""
    report = revision.report
    issuer = revision.issued_by_id
    text = f"{revision.name} of “{report.title}” was issued, dated {revision.date:%-d %B %Y}"
    return _notify(
        [u for u in _working_group_users(report) if u.pk != issuer],
        kind=Kind.REVISION,
        report=report,
        text=text,
        link=revision.get_absolute_url(),
    )


def deadline_reminders(now: datetime.datetime | None = None) -> list[Notification]:
    """Remind every delegate of the reports whose deadline for amendments falls within
    REMINDER_WINDOW, once per deadline (a moved deadline is reminded again)."""
    now = now or timezone.now()
    due = Report.objects.filter(amendment_deadline__gt=now, amendment_deadline__lte=now + REMINDER_WINDOW)
    rows: list[Notification] = []
    for report in due:
        deadline = report.amendment_deadline
        assert deadline is not None
        when = moment(deadline)
        delegates = User.objects.filter(
            participant__in=Participant.objects.filter(working_group=report.working_group_id), is_active=True
        )
        with transaction.atomic():
            rows += _notify(
                delegates,
                kind=Kind.DEADLINE,
                report=report,
                text=f"Amendments to “{report.title}” are due by {when}",
                body=f"The deadline for amendments to “{report.title}” is {when}.",
                link=report.get_absolute_url(),
                key=f"{report.pk}:{deadline.isoformat()}",
            )
    return rows


def mark_read(user: User, ids: Iterable[int]) -> int:
    """The user's notifications among `ids` are read from now."""
    return Notification.objects.filter(recipient=user, pk__in=list(ids), read_at=None).update(read_at=timezone.now())


def set_email_kinds(user: User, kinds: Iterable[str]) -> None:
    """The kinds of notification the user receives by e-mail; every other kind only in the app."""
    wanted = set(kinds)
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user, kind__in=wanted).delete()
        for kind in set(Kind.values) - wanted:
            EmailOptOut.objects.get_or_create(user=user, kind=kind)
