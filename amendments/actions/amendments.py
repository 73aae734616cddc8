"""The one door for writes to amendments, positions and comments.

The amendment functions own their transaction and row lock, refuse a stale version, check that the
user may act for the amendment's delegation and record the reason in the history. Positions lock
the amendment they are on; comments are appended (edits and deletions check their author).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from amendments import notifications
from amendments.actions.draft import StaleVersion
from amendments.core import textdiff
from amendments.core.texts import MAX_NOTE_LENGTH, clean_text
from amendments.models import Amendment, Comment, Paragraph, Position

__all__ = [
    "AmendmentError",
    "StaleAmendment",
    "StaleVersion",
    "comment",
    "delete_comment",
    "edit_comment",
    "propose",
    "revise",
    "set_position",
    "submit",
    "withdraw",
]


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
    if amendment.kind == Amendment.Kind.MODIFY and proposal == textdiff.normalise(amendment.base_text):
        raise AmendmentError("No change proposed: the text is the same as the paragraph it amends.")
    amendment.proposed_text = proposal
    amendment.segments = [list(s) for s in textdiff.diff(amendment.base_text, proposal)]
    amendment.patch = textdiff.make_patch(amendment.base_text, proposal)


def _check_window(report, what):
    """After the deadline, submitting and revising submitted amendments stop; drafts can still be saved."""
    if report.window_closed():
        when = formats.date_format(timezone.localtime(report.amendment_deadline), "DATETIME_FORMAT")
        raise AmendmentError(f"The deadline for amendments ({when}) has passed: {what} is no longer possible.")


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
    form_token=None,
):
    """A new amendment by the user's delegation (or, for the secretariat, by `participant`).

    A form sent twice (same `form_token`) gives back the amendment the first one created.
    """
    participant = participant if participant is not None else getattr(user, "participant", None)
    if participant is None:
        raise AmendmentError("Only a member of a delegation can propose an amendment.")
    if user is not None and not user.is_secretariat and participant.pk != user.participant_id:
        raise PermissionDenied("You can only propose amendments for your own delegation.")
    if kind not in Amendment.Kind.values:
        raise AmendmentError(f"Unknown kind of amendment: {kind!r}.")
    if form_token is not None:
        existing = Amendment.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            paragraph = (
                Paragraph.objects.select_for_update(of=("self",))
                .select_related("section__report", "parent")
                .get(pk=paragraph_id)
            )
            if paragraph.version != expected_paragraph_version:
                raise StaleVersion(paragraph)
            deleted = Paragraph.Status.DELETED
            if paragraph.status == deleted or (paragraph.parent_id and paragraph.parent.status == deleted):
                raise AmendmentError(f"{paragraph.label} was deleted from the draft: it can no longer be amended.")
            if submit:
                _check_window(paragraph.section.report, "submitting")
            if kind == Amendment.Kind.INSERT and paragraph.number and not provisional_number.strip():
                raise AmendmentError("A new paragraph needs a provisional number, such as “2 bis”.")
            amendment = Amendment(
                participant=participant,
                author=user,
                kind=kind,
                paragraph=paragraph,
                provisional_number=clean_text(provisional_number, limit=32, what="The number", allow_empty=True),
                base_version=paragraph.version,
                base_text="" if kind == Amendment.Kind.INSERT else paragraph.text,
                justification=clean_text(
                    justification, limit=MAX_NOTE_LENGTH, what="The justification", allow_empty=True
                ),
                form_token=form_token,
            )
            _set_proposal(amendment, proposed_text)
            if submit:
                amendment.status = Amendment.Status.SUBMITTED
                amendment.submitted_at = timezone.now()
            _save(amendment, user=user, reason=reason or ("Submitted" if submit else "Draft saved"))
            if submit:
                notifications.amendment_event(amendment, "submitted")
            return amendment
    except IntegrityError:
        # Two copies of one form raced: the other one created it.
        existing = Amendment.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing


# `version` counts edits of the text: a status change is a history entry but not a new version.
def _locked(amendment_id, user, expected_version):
    amendment = Amendment.objects.select_for_update().select_related("paragraph").get(pk=amendment_id)
    _check_can_act(user, amendment)
    if amendment.version != expected_version:
        raise StaleAmendment(amendment)
    return amendment


def revise(
    amendment_id,
    *,
    user,
    expected_version,
    proposed_text,
    justification,
    onto_paragraph_version=None,
    provisional_number=None,
    submit=False,
    reason="Revised",
):
    """A new version of an open amendment.

    Its base stays the text it was written on, unless `onto_paragraph_version` says the member
    revised it against the paragraph as it is now (that version must still be the current one).
    """
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(
                f"This amendment is {amendment.get_status_display().lower()}; it can no longer be revised."
            )
        if amendment.status == Amendment.Status.SUBMITTED:
            _check_window(amendment.paragraph.section.report, "revising a submitted amendment")
        if onto_paragraph_version is not None and amendment.kind != Amendment.Kind.INSERT:
            paragraph = Paragraph.objects.select_for_update().get(pk=amendment.paragraph_id)
            if paragraph.version != onto_paragraph_version:
                raise StaleVersion(paragraph)
            amendment.base_version, amendment.base_text = paragraph.version, paragraph.text
            amendment.carried_over = Amendment.CarriedOver.NO  # revised against the current text: resolved
        if provisional_number is not None and amendment.kind == Amendment.Kind.INSERT:
            amendment.provisional_number = clean_text(provisional_number, limit=32, what="The number", allow_empty=True)
        _set_proposal(amendment, proposed_text)
        amendment.justification = clean_text(
            justification, limit=MAX_NOTE_LENGTH, what="The justification", allow_empty=True
        )
        amendment.version += 1
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        if submit and not was_submitted:
            _check_window(amendment.paragraph.section.report, "submitting")
            amendment.status, amendment.submitted_at = Amendment.Status.SUBMITTED, timezone.now()
            reason = "Revised and submitted"
        _save(amendment, user=user, reason=reason)
        if was_submitted or submit:
            notifications.amendment_event(amendment, "revised" if was_submitted else "submitted")
        return amendment


def submit(amendment_id, *, user, expected_version):
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if amendment.status != Amendment.Status.DRAFT:
            raise AmendmentError("Only a draft can be submitted.")
        _check_window(amendment.paragraph.section.report, "submitting")
        amendment.status = Amendment.Status.SUBMITTED
        amendment.submitted_at = timezone.now()
        _save(amendment, user=user, reason="Submitted")
        notifications.amendment_event(amendment, "submitted")
        return amendment


def withdraw(amendment_id, *, user, expected_version):
    with transaction.atomic():
        amendment = _locked(amendment_id, user, expected_version)
        if not amendment.is_open:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}; it cannot be withdrawn.")
        was_submitted = amendment.status == Amendment.Status.SUBMITTED
        amendment.status = Amendment.Status.WITHDRAWN
        _save(amendment, user=user, reason="Withdrawn")
        if was_submitted:
            notifications.amendment_event(amendment, "withdrawn")
        return amendment


def set_position(amendment_id, *, user, stance):
    """The user's delegation supports or opposes another delegation's submitted amendment; None clears it."""
    if user.participant_id is None:
        raise AmendmentError("Only a delegation can support or oppose an amendment.")
    if stance not in (*Position.Stance.values, None):
        raise AmendmentError(f"Unknown position: {stance!r}.")
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update().get(pk=amendment_id)
        if amendment.participant_id == user.participant_id:
            raise AmendmentError("A delegation does not take a position on its own amendment.")
        if amendment.status != Amendment.Status.SUBMITTED:
            raise AmendmentError(f"This amendment is {amendment.get_status_display().lower()}: positions are closed.")
        position = Position.objects.filter(amendment=amendment, participant_id=user.participant_id).first()
        if stance is None:
            if position is not None:
                position._history_user = user
                position.delete()
            return None
        if position is None:
            position = Position(amendment=amendment, participant_id=user.participant_id)
        elif position.stance == stance:
            return position
        position.stance, position.author = stance, user
        position._history_user = user
        position.save()
        return position


def comment(*, user, text, paragraph=None, amendment=None, participant=None, parent=None):
    """A comment on a paragraph or an amendment, spoken for the user's delegation unless given."""
    if (paragraph is None) == (amendment is None):
        raise AmendmentError("A comment is on a paragraph or on an amendment.")
    if parent is not None and (parent.paragraph_id, parent.amendment_id) != (
        getattr(paragraph, "pk", None),
        getattr(amendment, "pk", None),
    ):
        raise AmendmentError("A reply belongs under a comment on the same text.")
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


def _own_comment(comment_id, user):
    row = Comment.objects.select_for_update().get(pk=comment_id)
    if row.author_id is None or row.author_id != user.pk:
        raise PermissionDenied("Only its author can change a comment.")
    if row.deleted:
        raise AmendmentError("This comment was deleted.")
    return row


def edit_comment(comment_id, *, user, text):
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.text = clean_text(text, limit=MAX_NOTE_LENGTH, what="The comment")
        row.edited = timezone.now()
        row._history_user, row._change_reason = user, "Edited"
        row.save()
        return row


def delete_comment(comment_id, *, user):
    """The comment is shown as deleted; its words stay in the history."""
    with transaction.atomic():
        row = _own_comment(comment_id, user)
        row.deleted = True
        row._history_user, row._change_reason = user, "Deleted"
        row.save()
        return row
