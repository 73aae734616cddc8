"""The Chair's proposals: a compromise text for a paragraph that merges several amendments.

The Chair or the secretariat writes it; it is made in the name of the Chair (the Chair's row among
the participants, `Participant.Role.CHAIR`) and submitted at once, then decided on like any
amendment (`decisions.decide`) and consolidated like any accepted one. The amendments it merges
are superseded by it (status SUPERSEDED, `superseded_by` set): off the table while it stands, back
on it, submitted as they were, if it is withdrawn or rejected (`amendments.restore_superseded`).

Lock order, as every write: the report, the paragraph, then the amendments it supersedes in id
order (the new proposal is an insert).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from amendments import notifications
from amendments.actions.amendments import (
    SUPERSEDED,
    _clean_justification,
    _locked_paragraph,
    _set_proposal,
)
from amendments.actions.errors import AmendmentError, StaleAmendment, StaleVersion
from amendments.actions.history import save_with_history
from amendments.actions.locking import lock_amendments, lock_report, retry_on_conflict
from amendments.models import Amendment, Paragraph, Participant
from amendments.notifications import Event

if TYPE_CHECKING:
    from amendments.models import User

__all__ = [
    "AmendmentError",
    "StaleAmendment",
    "StaleVersion",
    "may_propose",
    "pending_to_supersede",
    "propose_compromise",
]


def may_propose(user: User) -> bool:
    """The Chair proposes compromises; the secretariat writes them for the Chair too."""
    return user.is_chair or user.is_secretariat


def pending_to_supersede(paragraph: Paragraph) -> list[Amendment]:
    """The amendments of the paragraph a compromise may merge: submitted and not yet decided.
    New paragraphs proposed after it are left out: they add text, they do not change this one."""
    return list(
        Amendment.objects.filter(paragraph=paragraph, status=Amendment.Status.SUBMITTED)
        .exclude(kind=Amendment.Kind.INSERT)
        .select_related("participant", "paragraph__section", "paragraph__parent__section")
        .order_by("submitted_at", "pk")
    )


def _chair(working_group_id: int | None) -> Participant:
    """The Chair's row of the working group, made with its history by its first Chair's proposal."""
    chair = Participant.objects.chair(working_group_id)
    if chair is None:
        chair = Participant(
            working_group_id=working_group_id,
            name=Participant.CHAIR_NAME,
            stakeholder_group=Participant.StakeholderGroup.BUREAU,
            role=Participant.Role.CHAIR,
        )
        save_with_history(chair, user=None, reason="The Chair's row, for the Chair's proposals")
    return chair


def _check_supersedable(amendment: Amendment, paragraph: Paragraph, expected_version: int | None) -> None:
    if amendment.paragraph_id != paragraph.pk:
        raise AmendmentError(
            f"{amendment} is not an amendment to {paragraph.label}: a compromise merges one paragraph's."
        )
    if amendment.kind == Amendment.Kind.INSERT:
        raise AmendmentError(f"{amendment} adds a paragraph: a compromise on {paragraph.label} cannot merge it.")
    if amendment.version != expected_version:
        raise StaleAmendment(amendment)
    if amendment.status != Amendment.Status.SUBMITTED:
        raise AmendmentError(
            f"{amendment} is {amendment.get_status_display().lower()}: "
            "only a submitted amendment not yet decided on can be superseded."
        )


def _locked_superseded(user: User, paragraph: Paragraph, supersedes: Mapping[int, int]) -> list[Amendment]:
    """The amendments to supersede, locked in id order; each as the proposer saw it (`supersedes`:
    {id: version}) and still waiting for a decision."""
    # Only amendments the user may see: a delegation's draft is not even named in the refusal.
    visible = Amendment.objects.visible_to(user).filter(pk__in=supersedes)
    rows = lock_amendments(visible.select_related("participant", "paragraph__section", "paragraph__parent__section"))
    if len(rows) != len(supersedes):
        raise AmendmentError("Some of the amendments to supersede do not exist, or are not submitted.")
    for amendment in rows:
        _check_supersedable(amendment, paragraph, supersedes.get(amendment.pk))
    return rows


@retry_on_conflict
def propose_compromise(
    paragraph_id: int,
    *,
    user: User,
    expected_version: int,
    proposed_text: str,
    supersedes: Mapping[int, int],
    justification: str = "",
    form_token: UUID | None = None,
) -> Amendment:
    """The Chair's proposal for the paragraph (at `expected_version`, the version the proposer
    read): submitted at once, superseding the amendments of `supersedes` ({id: the version the
    proposer read}), which may be none.

    Open after the deadline for amendments: the Chair's proposals answer the amendments submitted
    before it. A form sent twice (same `form_token`) gives back the proposal the first one created.
    """
    if not may_propose(user):
        raise PermissionDenied("Only the Chair or the secretariat proposes a compromise.")
    if form_token is not None:
        existing = Amendment.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    try:
        return _propose(paragraph_id, user, expected_version, proposed_text, supersedes, justification, form_token)
    except IntegrityError:
        # Two copies of one form raced: the other one created it.
        existing = Amendment.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing


def _propose(
    paragraph_id: int,
    user: User,
    expected_version: int,
    proposed_text: str,
    supersedes: Mapping[int, int],
    justification: str,
    form_token: UUID | None,
) -> Amendment:
    with transaction.atomic():
        report_id = Paragraph.objects.filter(pk=paragraph_id).values_list("section__report_id", flat=True).first()
        if report_id is None:
            raise Paragraph.DoesNotExist(f"No paragraph {paragraph_id}.")
        report = lock_report(report_id)
        paragraph = _locked_paragraph(paragraph_id, expected_version)
        superseded = _locked_superseded(user, paragraph, supersedes)
        compromise = Amendment(
            participant=_chair(report.working_group_id),
            author=user,
            kind=Amendment.Kind.MODIFY,
            paragraph=paragraph,
            base_version=paragraph.version,
            base_text=paragraph.text,
            justification=_clean_justification(justification),
            form_token=form_token,
            status=Amendment.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        _set_proposal(compromise, proposed_text)
        merged = f", superseding {len(superseded)} amendment{'s' if len(superseded) != 1 else ''}" if superseded else ""
        save_with_history(compromise, user=user, reason=f"Submitted as the Chair's proposal{merged}")
        for amendment in superseded:
            amendment.status, amendment.superseded_by = Amendment.Status.SUPERSEDED, compromise
            save_with_history(amendment, user=user, reason=SUPERSEDED)
        notifications.amendment_event(compromise, Event.SUBMITTED)
        notifications.superseded(compromise, superseded)
        return compromise
