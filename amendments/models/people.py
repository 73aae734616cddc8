"""Who takes part: the working groups, their staff roles, the delegations (participants) and the users."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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
