"""The draft report as data: report, sections, paragraphs (with sub-items and footnotes), participants.

Every model that users change keeps its full history (django-simple-history). The writes in
amendments.actions name the acting user and the reason of each record; HistoryRequestMiddleware
fills in the user of any other save made during a request.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from amendments.queries.redlines import EarlierPosition


class WorkingGroupQuerySet(models.QuerySet):
    def of(self, user):
        """The working groups the user belongs to: through its delegation, or a staff role there
        (secretariat, Chair, Vice-Chair); a superuser, every one."""
        if user.is_superuser:
            return self.all()
        return self.filter(Q(participants__users=user) | Q(staff__user=user)).distinct()


class WorkingGroup(models.Model):
    """A body that negotiates its reports ("CSTD Working Group on Enhanced Cooperation"): its
    reports, its participants and their users, and its staff. Nothing of one is seen from another."""

    name = models.CharField(max_length=300, unique=True)

    objects = WorkingGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def sole_working_group():
    """The default working group of a new report or participant: the only one there is. With
    several (or none), the caller names it; without, the row is refused."""
    ids = list(WorkingGroup.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


class StaffRole(models.Model):
    """A user's role in one working group's staff: its secretariat, its Chair or a Vice-Chair."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", "Secretariat"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-Chair"

    user = models.ForeignKey("User", on_delete=models.CASCADE, related_name="staff_roles")
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=16, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "working_group", "role"], name="staff_role_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} of {self.working_group}"


class ParticipantQuerySet(models.QuerySet):
    def delegations(self, working_group=None):
        """The delegations and members of a working group (of `working_group`, when given): every
        participant but the Chair, whose row only signs the Chair's proposals (nobody speaks for it,
        nothing is imported on its behalf)."""
        rows = self.exclude(role=Participant.Role.CHAIR)
        return rows if working_group is None else rows.filter(working_group=working_group)

    def chair(self, working_group=None):
        """The Chair's row (of `working_group`, when given; None where there is none yet)."""
        rows = self.filter(role=Participant.Role.CHAIR)
        if working_group is not None:
            rows = rows.filter(working_group=working_group)
        return rows.order_by("pk").first()


class Participant(models.Model):
    """A delegation or member of the working group; users of a delegation speak for it.

    One row is the Chair's (role CHAIR): the Chair's proposals (compromise texts) are made in its
    name. No user belongs to it; `objects.delegations()` leaves it out of the lists of delegations.
    """

    class StakeholderGroup(models.TextChoices):
        MEMBER_STATE = "member-state", "Member State"
        PRIVATE_SECTOR = "private-sector", "Private sector"
        CIVIL_SOCIETY = "civil-society", "Civil society"
        TECHNICAL = "technical", "Technical community"
        ACADEMIC = "academic", "Academic community"
        INTERNATIONAL_ORGANISATION = "international-org", "Intergovernmental or international organisation"
        # The Chair speaks for the working group, not for a stakeholder group.
        BUREAU = "bureau", "Chair and Bureau"

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"
        CHAIR = "chair", "Chair"

    # The name of the Chair's row, which migration 0017_chair_participant creates.
    CHAIR_NAME = "Chair"

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="participants", default=sole_working_group
    )
    name = models.CharField(max_length=200)
    stakeholder_group = models.CharField(max_length=32, choices=StakeholderGroup.choices)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["working_group", "name"], name="participant_name_unique")]

    def __str__(self):
        return self.name

    @property
    def is_observer(self):
        return self.role == self.Role.OBSERVER

    @property
    def is_chair(self):
        return self.role == self.Role.CHAIR


class User(AbstractUser):
    """A person with a login; delegates belong to one participant, secretariat and Chair to none."""

    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    # Who changed an account, when and why (groups, staff or superuser status, delegation, name,
    # password). The password hash itself is left out: an old hash kept for ever is a hash to crack.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    SECRETARIAT = "Secretariat"
    CHAIR = "Chair"

    def save(self, *args, **kwargs):
        # A login only stamps last_login (django.contrib.auth saves that one field): it is not a
        # change to the account, and a history row per login would bury the changes that are.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    def in_group(self, name):
        # Groups are cached per request object: the report page asks this once per page, not per row.
        if not hasattr(self, "_group_names"):
            self._group_names = set(self.groups.values_list("name", flat=True))
        return name in self._group_names

    @property
    def is_secretariat(self):
        return self.is_superuser or self.in_group(self.SECRETARIAT)

    @property
    def is_chair(self):
        return self.in_group(self.CHAIR)

    def working_group_ids(self):
        """The ids of the working groups the user belongs to (None: a superuser, every one); cached
        per request object, as the groups are."""
        if self.is_superuser:
            return None
        if not hasattr(self, "_working_group_ids"):
            self._working_group_ids = frozenset(WorkingGroup.objects.of(self).values_list("pk", flat=True))
        return self._working_group_ids

    def belongs_to(self, working_group_id):
        ids = self.working_group_ids()
        return ids is None or working_group_id in ids


class ReportQuerySet(models.QuerySet):
    def of(self, user):
        """The reports of the user's working groups."""
        ids = user.working_group_ids()
        return self.all() if ids is None else self.filter(working_group_id__in=ids)

    def current(self):
        """The draft being negotiated: the one loaded first (None before any is loaded). A report
        started later from a document is reached by its own page; it does not take the place of
        the draft everyone is amending."""
        return self.order_by("created", "id").first()


class Report(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="reports", default=sole_working_group
    )
    title = models.CharField(max_length=300)
    subtitle = models.CharField(
        max_length=300, blank=True, help_text="The original text's subtitle; each revision has its own."
    )
    body = models.CharField(max_length=300, help_text="The body that writes the report.")
    # The masthead every page and export prints (amendments.core.document.Identity).
    symbol = models.CharField(max_length=100, blank=True, help_text="The document symbol: E/CN.16/2018/CRP.3.")
    distribution = models.CharField(max_length=100, blank=True, help_text="Printed as “Distr.: Limited”.")
    language = models.CharField(max_length=50, blank=True, help_text="The language of the original: English.")
    date = models.DateField(null=True, blank=True, help_text="The date of the original text.")
    amendment_deadline = models.DateTimeField(
        null=True, blank=True, help_text="After it, amendments can no longer be submitted or revised (drafts can)."
    )
    created = models.DateTimeField(auto_now_add=True)
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The form that started it from a document: a resent form finds it.",
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.title} ({self.subtitle})" if self.subtitle else self.title

    def get_absolute_url(self):
        return reverse("report", args=[self.pk])

    def window_closed(self, now=None):
        return self.amendment_deadline is not None and (now or timezone.now()) >= self.amendment_deadline


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=64, help_text="Stable identifier within the report, e.g. 'annex-3'.")
    heading = models.CharField(max_length=300)
    paragraph_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="How one numbered paragraph is named: 'Recommendation' (default: the heading).",
    )
    position = models.CharField(max_length=64, help_text="Order key; see amendments.core.ordering.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="section_key_unique"),
            models.UniqueConstraint(fields=["report", "position"], name="section_position_unique"),
        ]

    def __str__(self):
        return self.heading


class Paragraph(models.Model):
    """A numbered or unnumbered paragraph, or one of its sub-items or footnotes.

    Sub-items and footnotes are rows of their own (parent set) so that each can be amended alone.
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        ITEM = "item", "Sub-item"
        QUOTE = "quote", "Quoted text"
        FOOTNOTE = "footnote", "Footnote"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UNDER_DISCUSSION = "under-discussion", "Under discussion"
        AGREED_AD_REF = "agreed-ad-ref", "Agreed ad referendum"
        AGREED = "agreed", "Agreed"
        BRACKETED = "bracketed", "Not agreed (bracketed passages)"  # a label: the brackets are in the text
        DELETED = "deleted", "Deleted"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField(
        max_length=32, blank=True, help_text="As printed: '15', '2 bis'; a footnote's number; empty if none."
    )
    position = models.CharField(max_length=64, help_text="Order key among its siblings; see amendments.core.ordering.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = models.TextField()
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN)
    footnote_anchor = models.CharField(
        max_length=200, blank=True, help_text="For a footnote: the text in its parent that its mark follows."
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save; used to refuse stale edits.")
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The insert form that created it: a resent form finds it.",
    )

    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], condition=Q(parent=None), name="paragraph_position_unique"
            ),
            models.UniqueConstraint(
                fields=["parent", "position"], condition=~Q(parent=None), name="child_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(parent=None, kind="paragraph") | (~Q(parent=None) & ~Q(kind="paragraph")),
                name="paragraph_kind_matches_parent",
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("paragraph", args=[self.pk])

    @property
    def is_footnote(self):
        return self.kind == self.Kind.FOOTNOTE

    @property
    def label(self):
        """How people refer to it: "Introduction 15", "Recommendations 1, sub-item 3", "Footnote 9"."""
        if self.is_footnote:
            return f"Footnote {self.number}"
        if self.parent is not None:
            return f"{self.parent.label}, {self.get_kind_display().lower()} {self.item_place}"
        if self.number:
            return f"{self.section.paragraph_name or self.section.heading} {self.number}"
        return f"{self.section.heading}, unnumbered paragraph"

    @cached_property
    def item_place(self):
        """A sub-item's place (1-based) among its parent's sub-items; the report tree fills it in."""
        assert self.parent is not None, "only a sub-item has a place among its parent's sub-items"
        siblings = self.parent.children.exclude(kind=self.Kind.FOOTNOTE).order_by("position")
        return list(siblings.values_list("pk", flat=True)).index(self.pk) + 1

    @property
    def printed_number(self):
        """The number as the report prints it in front of the text ("15." or "2 bis.")."""
        return f"{self.number}." if self.number and not self.is_footnote else ""


class Alternative(models.Model):
    """One of the bracketed alternatives recorded for a passage of a paragraph ("[shall][should]"),
    with the delegations that proposed it.

    The alternatives of one passage share a `group`; `position` is their order in the text (1, 2…).
    The text itself holds them as written by amendments.core.brackets.alternatives_text; these rows
    only say who proposed which, and are deleted (their history kept) when one is chosen.
    """

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="alternatives")
    group = models.UUIDField(help_text="The alternatives written together for one passage.")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    proposers = models.ManyToManyField(Participant, blank=True, related_name="alternatives")

    history = HistoricalRecords(m2m_fields=[proposers])

    class Meta:
        ordering = ["paragraph", "group", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "position"], name="alternative_position_unique")]

    def __str__(self):
        return f"Alternative {self.position} of {self.paragraph_id}: {self.text}"


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
            return f"Chair's proposal for {self.paragraph.label}"
        return f"{self.get_kind_display()} to {self.paragraph.label} by {self.participant}"

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
    def target_label(self):
        if self.kind == self.Kind.INSERT:
            return f"New {self.provisional_number or 'paragraph'} after {self.paragraph.label}"
        return self.paragraph.label


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


class Position(models.Model):
    """A delegation's support for, or opposition to, another delegation's amendment."""

    class Stance(models.TextChoices):
        SUPPORT = "support", "Supports"
        OPPOSE = "oppose", "Opposes"

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="positions")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    # A revised text is not the text the stance was given on: below the amendment's version, the
    # position is shown as given on that earlier version until the delegation confirms it.
    amendment_version = models.PositiveIntegerField(help_text="The amendment's version the stance was given on.")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="positions")
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "participant"], name="one_position_per_participant"),
        ]

    def __str__(self):
        return f"{self.participant} {self.get_stance_display().lower()} amendment {self.amendment_id}"


class RevisionQuerySet(models.QuerySet):
    def issued(self):
        """The revisions the secretariat issued (Rev.1, Rev.2 …), not the original text kept with them."""
        return self.filter(is_original=False)

    def in_force(self):
        """The text in force: the last revision issued, else the original (None for neither)."""
        return self.order_by("is_original", "-issued_at", "-id").first()


class Revision(models.Model):
    """A named, dated snapshot of the consolidated draft ("Rev.1, 15 January 2018"), whose text never changes.

    The snapshot holds the whole text (amendments.core.document's JSON), so a revision can be
    shown, compared and exported at any time later, whatever happens to the draft afterwards. The
    original text is kept as the first one (`is_original`), so that it can be compared with any
    later one. Its label, date and subtitle can be corrected (`IDENTITY_FIELDS`); its text cannot.
    """

    IDENTITY_FIELDS = frozenset({"name", "date", "subtitle"})

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="revisions")
    name = models.CharField(max_length=100)
    date = models.DateField()
    subtitle = models.CharField(max_length=300, blank=True, help_text="Its own: “Revised draft of the Chair”.")
    is_original = models.BooleanField(default=False, help_text="The original text, kept when the report was loaded.")
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()
    # Records who issued the revision and when, and every correction of its label. The snapshot
    # never changes (save refuses), so the history does not keep a second copy of the whole text.
    history = HistoricalRecords(excluded_fields=["snapshot"])

    objects = RevisionQuerySet.as_manager()

    class Meta:
        # The original first, whenever it was kept (a migration kept those of older reports).
        ordering = ["-is_original", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "name"], name="revision_name_unique"),
            models.UniqueConstraint(fields=["report"], condition=Q(is_original=True), name="one_original_per_report"),
        ]

    def __str__(self):
        return f"{self.name}, {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.IDENTITY_FIELDS:
                raise ValueError("An issued revision's text cannot be changed; its label is saved with update_fields.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("revision", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValueError("An issued revision cannot be deleted.")


class Import(models.Model):
    """An uploaded document waiting for review: what it would become, before anything is created.

    The plan (JSON) holds the alignment of the document with the draft; confirming turns it into
    draft amendments (and comments) in one transaction.
    """

    class Kind(models.TextChoices):
        REVISED_TEXT = "revised-text", "Revised text"
        WORD_CHANGES = "word-changes", "Word tracked changes"

    class Status(models.TextChoices):
        REVIEW = "review", "To review"
        DONE = "done", "Imported"
        CANCELLED = "cancelled", "Cancelled"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="imports")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    plan = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REVIEW)
    created = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict, help_text="What confirming created: amendment and comment ids.")
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The upload form that created it: a resent form finds it.",
    )

    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"

    def get_absolute_url(self):
        return reverse("import", args=[self.pk])
