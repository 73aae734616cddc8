"""The one door for writes to amendments and comments.

Each function owns its transaction and row lock, refuses a stale version, checks that the user
may act for the amendment's delegation and records the reason in the history.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from amendments import redline
from amendments.drafting import StaleVersion
from amendments.models import Amendment, Comment, Paragraph
from amendments.texts import MAX_NOTE_LENGTH, clean_text

__all__ = ["AmendmentError", "StaleAmendment", "StaleVersion", "propose", "revise", "submit", "withdraw", "comment"]


class AmendmentError(ValueError):
    """The request makes no sense for this amendment; the message says why."""


class StaleAmendment(Exception):
    def __init__(self, current):
        super().__init__(f"The amendment was changed by someone else (now version {current.version}).")
        self.current = current


def _save(amendment, *, user, reason):
    amendment._history_user = user
    amendment._change_reason = reason
    amendment.save()
    return amendment


def _set_proposal(amendment, proposed_text):
    """Store the proposal with its word diff and patch; refuse a proposal that changes nothing."""
    if amendment.kind == Amendment.Kind.DELETE:
        proposal = ""
    else:
        proposal = clean_text(proposed_text, what="The proposed text")
    if amendment.kind == Amendment.Kind.MODIFY and proposal == redline.normalise(amendment.base_text):
        raise AmendmentError("No change proposed: the text is the same as the paragraph it amends.")
    amendment.proposed_text = proposal
    amendment.segments = [list(s) for s in redline.diff(amendment.base_text, proposal)]
    amendment.patch = redline.make_patch(amendment.base_text, proposal)


def _check_can_act(user, amendment):
    if not (user.is_secretariat or (user.participant_id and user.participant_id == amendment.participant_id)):
        raise PermissionDenied("Only the amendment's own delegation may change it.")


def propose(
    *,
    user,
    paragraph_id,
    kind,
    expected_paragraph_version,
    proposed_text="",
    justification="",
    provisional_number="",
    participant=None,
    submit=False,
    reason=None,
):
    """A new amendment by the user's delegation (or, for the secretariat, by `participant`)."""
    participant = participant if participant is not None else user.participant
    if participant is None:
        raise AmendmentError("Only a member of a delegation can propose an amendment.")
    if user is not None and not user.is_secretariat and participant.pk != user.participant_id:
        raise PermissionDenied("You can only propose amendments for your own delegation.")
    if kind not in Amendment.Kind.values:
        raise AmendmentError(f"Unknown kind of amendment: {kind!r}.")
    with transaction.atomic():
        paragraph = Paragraph.objects.select_for_update().get(pk=paragraph_id)
        if paragraph.version != expected_paragraph_version:
            raise StaleVersion(paragraph)
        if kind == Amendment.Kind.INSERT and paragraph.is_footnote and not provisional_number:
            raise AmendmentError("A new footnote needs its number.")
        amendment = Amendment(
            participant=participant,
            author=user,
            kind=kind,
            paragraph=paragraph,
            provisional_number=provisional_number,
            base_version=paragraph.version,
            base_text="" if kind == Amendment.Kind.INSERT else paragraph.text,
            justification=clean_text(justification, limit=MAX_NOTE_LENGTH, what="The justification", allow_empty=True),
        )
        _set_proposal(amendment, proposed_text)
        if submit:
            amendment.status = Amendment.Status.SUBMITTED
            amendment.submitted_at = timezone.now()
        return _save(amendment, user=user, reason=reason or ("Submitted" if submit else "Draft saved"))


# `version` counts edits of the text: a status change is a history entry but not a new version.
def _locked(amendment_id, user, expected_version):
    amendment = Amendment.objects.select_for_update().select_related("paragraph").get(pk=amendment_id)
    _check_can_act(user, amendment)
    if amendment.version != expected_version:
        raise StaleAmendment(amendment)
    return amendment


def revise(amendment_id, *, user, expected_version, proposed_text, justification, reason="Revised"):
    """A new version of an open amendment; its base stays the text it was written on."""
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(
                f"This amendment is {amendment.get_status_display().lower()}; it can no longer be revised."
            )
        _set_proposal(amendment, proposed_text)
        amendment.justification = clean_text(
            justification, limit=MAX_NOTE_LENGTH, what="The justification", allow_empty=True
        )
        amendment.version += 1
        return _save(amendment, user=user, reason=reason)


def submit(amendment_id, *, user, expected_version):
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if amendment.status != Amendment.Status.DRAFT:
            raise AmendmentError("Only a draft can be submitted.")
        amendment.status = Amendment.Status.SUBMITTED
        amendment.submitted_at = timezone.now()
        return _save(amendment, user=user, reason="Submitted")


def withdraw(amendment_id, *, user, expected_version):
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}; it cannot be withdrawn.")
        amendment.status = Amendment.Status.WITHDRAWN
        return _save(amendment, user=user, reason="Withdrawn")


def comment(*, user, text, paragraph=None, amendment=None, participant=None, parent=None):
    """A comment on a paragraph or an amendment, spoken for the user's delegation unless given."""
    if (paragraph is None) == (amendment is None):
        raise AmendmentError("A comment is on a paragraph or on an amendment.")
    row = Comment(
        paragraph=paragraph,
        amendment=amendment,
        parent=parent,
        author=user,
        participant=participant if participant is not None else getattr(user, "participant", None),
        text=clean_text(text, limit=MAX_NOTE_LENGTH, what="The comment"),
    )
    row._history_user = user
    row._change_reason = "Commented"
    row.save()
    return row
