"""What delegations propose and say: amendments, comments and positions."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from amendments.models.drafts import Paragraph
from amendments.models.people import Participant, User

if TYPE_CHECKING:
    from amendments.queries.redlines import EarlierPosition


class AmendmentQuerySet(models.QuerySet):
    def accepted(self):
        """Accepted, as proposed or with modifications (consolidated or not: filter `applied_in` for that)."""
        return self.filter(status__in=Amendment.ACCEPTED_STATUSES)

    def circulated(self):
        """What every member may see, and so what a circulated document holds: the submitted amendments."""
        return self.filter(submitted_at__isnull=False)

    def internal(self):
        """The secretariat's internal edition: the circulated amendments and the drafts it holds."""
        return self.filter(Q(submitted_at__isnull=False) | Q(held_by_secretariat=True))

    def visible_to(self, user):
        """Submitted amendments are public among members; drafts stay with their delegation, also
        when withdrawn or superseded before they were ever submitted. The secretariat sees only the
        drafts it holds (made for a delegation, until the delegation takes them); the Chair, none."""
        seen = Q(submitted_at__isnull=False)
        if user.participant_id:
            seen |= Q(participant_id=user.participant_id)
        if user.is_secretariat:
            seen |= Q(held_by_secretariat=True)
        return self.filter(seen)


class Amendment(models.Model):
    """A participant's proposed change to one paragraph, sub-item or footnote, pinned to the text it amends.

    The base (the paragraph's version and text when the amendment was written) never moves; the
    proposal, its word diff against the base and the patch text are stored together, so a redline
    is read from the row, not recomputed. Each saved edit is a new version in the history.
    """

    class Kind(models.TextChoices):
        MODIFY = "modify", "Change"
        DELETE = "delete", "Deletion"
        INSERT = "insert", "New paragraph"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_MODIFIED = "accepted-modified", "Accepted with modifications"
        REJECTED = "rejected", "Rejected"
        NOTED = "noted", "Noted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUPERSEDED = "superseded", "Superseded"

    class CarriedOver(models.TextChoices):
        NO = "", "—"
        REBASED = "rebased", "Carried over onto a revised text"
        CONFLICT = "conflict", "Conflicts with a revised text: to be revised by its delegation"

    class Decision(models.TextChoices):
        """What the secretariat decides on a submitted amendment; `status` is the status it gives."""

        ACCEPT = "accept", "Accept"
        ACCEPT_MODIFIED = "accept-modified", "Accept with modifications"
        REJECT = "reject", "Reject"
        NOTE = "note", "Note"

        @property
        def status(self):
            return DECISION_STATUSES[self]

    # Still with their delegation: they can be revised, submitted or withdrawn.
    OPEN_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED})
    # Their text goes into the next revision.
    ACCEPTED_STATUSES = frozenset({Status.ACCEPTED, Status.ACCEPTED_MODIFIED})
    # The secretariat can decide on them, or change its decision, until they are consolidated.
    DECIDABLE_STATUSES = frozenset(
        {Status.SUBMITTED, Status.ACCEPTED, Status.ACCEPTED_MODIFIED, Status.REJECTED, Status.NOTED}
    )

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text="Who wrote it; empty for amendments imported from the participant's own documents.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text="The text amended; for a new paragraph, the one it is inserted after.",
    )
    provisional_number = models.CharField(max_length=32, blank=True, help_text="For a new paragraph: '2 bis'.")
    base_version = models.PositiveIntegerField(help_text="The paragraph's version this amendment was written on.")
    base_text = models.TextField(blank=True, help_text="The exact text amended (empty for a new paragraph).")
    proposed_text = models.TextField(blank=True, help_text="The full proposed text (empty for a deletion).")
    segments = models.JSONField(default=list, help_text="The word diff base → proposal as [op, text] pairs.")
    patch = models.TextField(blank=True, help_text="The same diff as diff-match-patch patch text.")
    justification = models.TextField(blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    held_by_secretariat = models.BooleanField(
        default=False,
        help_text="A draft the secretariat made for the delegation (an import on its behalf): the secretariat "
        "sees it too, until the delegation revises, submits or takes it over.",
    )
    updated = models.DateTimeField(auto_now=True)
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The form that created it: a resent form finds it.",
    )
    from_floor = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Made orally in the session and recorded by the secretariat (submitted at once); "
        "its delegation revises or withdraws it like any other.",
    )
    # The secretariat's decision.
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    final_text = models.TextField(
        blank=True, help_text="Accepted with modifications: the text the secretariat adopted."
    )
    final_segments = models.JSONField(default=list, help_text="The modification: the member's proposal → final_text.")
    applied_in = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="applied_amendments"
    )
    # What issuing a revision did to a pending amendment.
    carried_over = models.CharField(max_length=16, choices=CarriedOver.choices, blank=True, default="")
    carried_over_in = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_amendments"
    )
    # The Chair's proposal that merged this amendment (status SUPERSEDED while it stands); cleared
    # when the proposal is withdrawn or rejected and the amendment is back on the table.
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded"
    )

    objects = AmendmentQuerySet.as_manager()
    # Set by queries.redlines.attach_positions on the amendments a page shows (participant names
    # on the current version; stances on earlier versions; all of them as they read).
    supported_by: tuple[str, ...]
    opposed_by: tuple[str, ...]
    earlier_positions: "tuple[EarlierPosition, ...]"
    position_phrases: tuple[str, ...]
    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["created", "id"]
        # Beside the single-column indexes of the foreign keys, for the filters that run on every page.
        indexes = [
            # A report's amendments by status: `paragraph__section__report=…, status__in=…` joins
            # through paragraph_id (the decisions page, the Word redline and compilation exports).
            models.Index(fields=["paragraph", "status"], name="amendment_paragraph_status"),
            # One delegation's amendments: visible_to's own-drafts branch, the exports' participant filter.
            models.Index(fields=["participant", "status"], name="amendment_participant_status"),
            # Accepted and not yet consolidated (`applied_in=None, status__in=ACCEPTED_STATUSES`):
            # issue_revision, the revisions and decisions pages.
            models.Index(fields=["status"], condition=Q(applied_in=None), name="amendment_unapplied_status"),
            # visible_to's public branch (`submitted_at__isnull=False`) and the exports' order by submission.
            models.Index(fields=["submitted_at", "id"], name="amendment_submitted_at"),
        ]

    def __str__(self):
        if self.is_compromise:
            return self.title
        return f"{self.title} by {self.participant}"

    def get_absolute_url(self):
        return reverse("amendment", args=[self.pk])

    @property
    def is_compromise(self):
        """A Chair's proposal: made in the name of the Chair (by the Chair or the secretariat),
        usually merging amendments it supersedes."""
        return self.participant.is_chair

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def adopted_text(self):
        """The text that goes into the draft when the amendment is consolidated."""
        return self.final_text if self.status == self.Status.ACCEPTED_MODIFIED else self.proposed_text

    @property
    def title(self) -> str:
        """What the amendment is, in words: "Change to Recommendation 13", "Deletion of
        Recommendation 13", "New paragraph 2 bis after Recommendation 13", "Chair's proposal for …"."""
        if self.is_compromise:
            return f"Chair's proposal for {self.paragraph.label}"
        if self.kind == self.Kind.INSERT:
            number = f" {self.provisional_number}" if self.provisional_number else ""
            return f"New paragraph{number} after {self.paragraph.label}"
        return f"{self.get_kind_display()} {KIND_PREPOSITIONS[self.kind]} {self.paragraph.label}"

    @property
    def target_label(self):
        if self.kind == self.Kind.INSERT:
            return f"New {self.provisional_number or 'paragraph'} after {self.paragraph.label}"
        return self.paragraph.label


# The word that joins a kind to the paragraph it is about: a change to, a deletion of, a new paragraph after.
KIND_PREPOSITIONS: dict[str, str] = {
    Amendment.Kind.MODIFY: "to",
    Amendment.Kind.DELETE: "of",
    Amendment.Kind.INSERT: "after",
}

DECISION_STATUSES = {
    Amendment.Decision.ACCEPT: Amendment.Status.ACCEPTED,
    Amendment.Decision.ACCEPT_MODIFIED: Amendment.Status.ACCEPTED_MODIFIED,
    Amendment.Decision.REJECT: Amendment.Status.REJECTED,
    Amendment.Decision.NOTE: Amendment.Status.NOTED,
}


class CommentQuerySet(models.QuerySet):
    def published(self):
        """The comments everyone may read: not the drafts a delegation has yet to submit."""
        return self.filter(draft=False)

    def internal(self):
        """The secretariat's internal edition: the published comments and the drafts it holds."""
        return self.filter(Q(draft=False) | Q(held_by_secretariat=True))

    def visible_to(self, user):
        """Published comments, and the user's own delegation's drafts. A draft speaks for its
        delegation before it has said so: the Chair never reads it, the secretariat only the ones
        its import made for the delegation."""
        if user is None:
            return self.published()
        seen = Q(draft=False)
        if user.participant_id:
            seen |= Q(participant_id=user.participant_id)
        if user.is_secretariat:
            seen |= Q(held_by_secretariat=True)
        return self.filter(seen)

    def visible_with_their_amendments(self, user):
        """`visible_to`, less the comments on an amendment the user may not see (a delegation's
        note on its own draft is published with the draft, not before)."""
        on_seen = Q(amendment=None) | Q(amendment__in=Amendment.objects.visible_to(user))
        return self.visible_to(user).filter(on_seen)


class Comment(models.Model):
    """A remark on a paragraph or on an amendment, by a delegation, the Chair or the secretariat.

    A comment imported from a delegation's Word file is a draft until the delegation submits it,
    and keeps the words it was anchored to and the date it was written in the file."""

    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    amendment = models.ForeignKey(Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="comments")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(
        default=False, help_text="Deleted by its author: kept in the history, shown as deleted."
    )
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The comment form that created it: a resent form finds it.",
    )
    anchor = models.TextField(blank=True, help_text="The words the comment was anchored to in the file it came from.")
    written = models.DateTimeField(null=True, blank=True, help_text="When it was written, as the file says.")
    draft = models.BooleanField(default=False, help_text="Seen only by its delegation until the delegation submits it.")
    held_by_secretariat = models.BooleanField(
        default=False,
        help_text="A draft the secretariat's import made for the delegation: the secretariat sees it too, "
        "until the delegation edits or submits it.",
    )

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["form_token"])
    # Not a column: whether the page's text holds the anchor's words (queries.comments.find_anchors).
    anchor_found = False

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__isnull=False) | Q(amendment__isnull=False), name="comment_has_subject"
            ),
        ]

    def __str__(self):
        return f"Comment by {self.participant or self.author}"

    @property
    def speaker(self):
        return str(self.participant) if self.participant_id else (self.author.get_full_name() if self.author else "")


class PositionQuerySet(models.QuerySet):
    def on_amendments(self):
        return self.filter(amendment__isnull=False)

    def on_submissions(self):
        return self.filter(submission__isnull=False)


class Position(models.Model):
    """A delegation's support for, or opposition to, another delegation's amendment, or another
    member's submission to a compilation of proposals (exactly one of the two)."""

    class Stance(models.TextChoices):
        SUPPORT = "support", "Supports"
        OPPOSE = "oppose", "Opposes"

    amendment = models.ForeignKey(Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="positions")
    submission = models.ForeignKey(
        "Submission", null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    # A revised text is not the text the stance was given on: below the amendment's version, the
    # position is shown as given on that earlier version until the delegation confirms it. A
    # submission has no versions: its positions are on version 1.
    amendment_version = models.PositiveIntegerField(help_text="The amendment's version the stance was given on.")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="positions")
    updated = models.DateTimeField(auto_now=True)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "participant"], name="one_position_per_participant"),
            models.UniqueConstraint(
                fields=["submission", "participant"],
                condition=Q(submission__isnull=False),
                name="one_position_per_participant_on_submission",
            ),
            models.CheckConstraint(
                condition=Q(amendment__isnull=False, submission__isnull=True)
                | Q(amendment__isnull=True, submission__isnull=False),
                name="position_on_amendment_or_submission",
            ),
        ]

    def __str__(self):
        stance = self.get_stance_display().lower()
        if self.submission_id is not None:
            return f"{self.participant} {stance} submission {self.submission_id}"
        return f"{self.participant} {stance} amendment {self.amendment_id}"
