"""The draft as data: reports, their sections and paragraphs (sub-items and footnotes are rows with a
parent), and the bracketed alternatives written into a paragraph."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from amendments.models.people import Participant, WorkingGroup, sole_working_group


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
    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft report"
        # A framework of sections set by the Chair, filled by the members' submissions.
        COMPILATION = "compilation", "Compilation of proposals"

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="reports", default=sole_working_group
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DRAFT, db_default=Kind.DRAFT)
    issuer = models.TextField(
        db_default="",
        blank=True,
        help_text="The lines printed above the body's name, one a line: “UNITED NATIONS”, the parent body.",
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

    @property
    def is_compilation(self):
        return self.kind == self.Kind.COMPILATION

    @property
    def issuer_lines(self) -> list[str]:
        return [line for line in self.issuer.splitlines() if line.strip()]

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
    # In a compilation: the member's submission the item belongs to, and how the list printed it.
    submission = models.ForeignKey("Submission", null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    # db_default too: the data migrations written before these fields insert rows without them.
    indent = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="Its depth in a list (0: not indented)."
    )
    bulleted = models.BooleanField(
        default=False, db_default=False, help_text="Printed with a bullet (before its label, if any)."
    )
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
        if self.submission is not None:
            where = self.section.paragraph_name or self.section.heading
            return f"{where}, {self.submission.participant}, item {self.submission_place}"
        if self.number:
            return f"{self.section.paragraph_name or self.section.heading} {self.number}"
        return f"{self.section.heading}, unnumbered paragraph"

    @cached_property
    def item_place(self):
        """A sub-item's place (1-based) among its parent's sub-items; the report tree fills it in."""
        assert self.parent is not None, "only a sub-item has a place among its parent's sub-items"
        siblings = self.parent.children.exclude(kind=self.Kind.FOOTNOTE).order_by("position")
        return list(siblings.values_list("pk", flat=True)).index(self.pk) + 1

    @cached_property
    def submission_place(self):
        """An item's place (1-based) in its submission; the report tree fills it in."""
        assert self.submission_id is not None, "only a submission's item has a place in it"
        items = Paragraph.objects.filter(submission_id=self.submission_id, parent=None).order_by("position")
        return list(items.values_list("pk", flat=True)).index(self.pk) + 1

    @property
    def printed_number(self):
        """The number as the report prints it in front of the text ("15." or "2 bis."); a list label
        that carries its own punctuation ("(1)", "a)", "I.") is printed as it is."""
        if not self.number or self.is_footnote:
            return ""
        return self.number if self.number[-1] in ".)" else f"{self.number}."


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
