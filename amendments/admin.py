"""The admin: logins are managed here (by superusers); everything else is shown, with its history,
but changed only through the app (amendments.actions: stale-version checks, clean text, history reasons).

The Secretariat group holds view permissions only (migration 0009), so its officers read every page
here and change nothing, accounts included. A delegation's own drafts (amendments, comments, the
imports it made itself) are no more the secretariat's to read here than on the app's pages: the
admin lists, shows and gives the history of only what the app lets the user see.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from amendments.models import (
    Alternative,
    Amendment,
    Comment,
    Import,
    Paragraph,
    Participant,
    Position,
    Report,
    Revision,
    Section,
    StaffRole,
    Submission,
    User,
    WorkingGroup,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """The history of a row is read here, never written back.

    django-simple-history's "Revert" page saves the old version on POST with nothing more than a
    view permission, past every rule of the app's writes (and SIMPLE_HISTORY_REVERT_DISABLED only
    hides its button): it is shown, and any POST to it is refused.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("An old version is shown here, never restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(User)
class WgecUserAdmin(HistoryAdmin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Delegation", {"fields": ("participant",)}),)
    list_display = ("username", "first_name", "last_name", "participant", "is_staff", "is_active")
    list_filter = UserAdmin.list_filter + ("participant",)

    def get_queryset(self, request):
        # An officer reads the accounts of its own working groups; a superuser manages them all.
        queryset = super().get_queryset(request)
        ids = request.user.working_group_ids()
        if ids is None:
            return queryset
        mine = Q(participant__working_group__in=ids) | Q(staff_roles__working_group__in=ids)
        return queryset.filter(mine).distinct()

    def save_model(self, request, obj, form, change):
        # The history names the fields changed; simple_history's admin adds the user.
        changed = ", ".join(form.changed_data) or "nothing"
        obj._change_reason = f"Changed in the admin: {changed}" if change else "Created in the admin"
        super().save_model(request, obj, form, change)


class ReadOnly:
    """No adding, changing or deleting: the rows are viewed, and their history read."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnly, HistoryAdmin):
    """Rows of the user's working groups only (`working_group`, the path from the row to its
    working group), and the history of those only: simple_history's history pages would otherwise
    fall back to the history of a row the list leaves out."""

    working_group: str | tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = request.user.working_group_ids()
        paths = (self.working_group,) if isinstance(self.working_group, str) else self.working_group
        if ids is None or not paths:
            return queryset
        mine = Q()
        for path in paths:
            mine |= Q(**{f"{path}__in": ids})
        return queryset.filter(mine).distinct()

    def _seen_or_404(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("No such row.")

    def history_view(self, request, object_id, extra_context=None):
        self._seen_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._seen_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


_PARAGRAPH = "section__report__working_group"


class SeenOnlyAdmin(ReadOnlyHistoryAdmin):
    """Of the user's working groups' rows, those the user may see in the app."""

    def visible_rows(self, request, queryset):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.visible_rows(request, super().get_queryset(request))


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyHistoryAdmin):
    working_group = "working_group"
    list_display = ("name", "stakeholder_group", "role")
    list_filter = ("stakeholder_group", "role")
    search_fields = ("name",)


@admin.register(Report)
class ReportAdmin(ReadOnlyHistoryAdmin):
    working_group = "working_group"
    list_display = ("title", "subtitle", "kind", "body", "amendment_deadline")
    list_filter = ("kind",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyHistoryAdmin):
    working_group = "section__report__working_group"
    list_display = ("__str__", "participant", "date", "status", "section")
    list_filter = ("section__report", "status", "participant")
    list_select_related = ("participant", "section")
    search_fields = ("heading", "participant__name", "on_behalf_of")


@admin.register(Section)
class SectionAdmin(ReadOnlyHistoryAdmin):
    working_group = "report__working_group"
    list_display = ("heading", "key", "report", "position")
    list_filter = ("report",)


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyHistoryAdmin):
    working_group = _PARAGRAPH
    list_display = ("__str__", "kind", "status", "version")
    list_filter = ("section__report", "section", "kind", "status")
    list_select_related = ("section", "parent__section")
    search_fields = ("text", "number")
    raw_id_fields = ("parent",)
    readonly_fields = ("version",)


@admin.register(Amendment)
class AmendmentAdmin(SeenOnlyAdmin):
    working_group = f"paragraph__{_PARAGRAPH}"
    list_display = ("__str__", "kind", "status", "version", "submitted_at", "applied_in")
    list_filter = ("status", "kind", "paragraph__section__report", "participant")
    list_select_related = ("participant", "paragraph__section", "paragraph__parent__section", "applied_in")
    search_fields = ("proposed_text", "justification", "participant__name")
    date_hierarchy = "created"

    def visible_rows(self, request, queryset):
        return queryset.visible_to(request.user)


@admin.register(Comment)
class CommentAdmin(SeenOnlyAdmin):
    working_group = (f"paragraph__{_PARAGRAPH}", f"amendment__paragraph__{_PARAGRAPH}")
    list_display = ("__str__", "created", "edited", "deleted", "draft")
    list_filter = ("deleted", "draft", "participant")
    list_select_related = ("participant", "author")
    search_fields = ("text",)

    def visible_rows(self, request, queryset):
        return queryset.visible_with_their_amendments(request.user)


@admin.register(Alternative)
class AlternativeAdmin(ReadOnlyHistoryAdmin):
    working_group = f"paragraph__{_PARAGRAPH}"
    list_display = ("__str__", "paragraph", "group", "position")
    list_select_related = ("paragraph__section",)
    search_fields = ("text",)


@admin.register(Position)
class PositionAdmin(ReadOnlyHistoryAdmin):
    working_group = f"amendment__paragraph__{_PARAGRAPH}"
    list_display = ("__str__", "stance", "amendment_version", "updated")
    list_filter = ("stance", "participant")
    list_select_related = ("participant",)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyHistoryAdmin):
    """An issued revision never changes (Revision.save refuses); its history says who issued it."""

    working_group = "report__working_group"

    list_display = ("__str__", "report", "issued_at", "issued_by")
    list_filter = ("report",)


@admin.register(Import)
class ImportAdmin(SeenOnlyAdmin):
    working_group = "report__working_group"
    list_display = ("__str__", "report", "user", "participant", "status", "created")
    list_filter = ("status", "kind")
    list_select_related = ("report", "user", "participant")

    def visible_rows(self, request, queryset):
        # As the import pages have it: one's own uploads, and the secretariat's among its officers.
        if not request.user.is_secretariat:
            return queryset.filter(user=request.user)
        officers = User.objects.filter(Q(is_superuser=True) | Q(groups__name=User.SECRETARIAT)).values("pk")
        return queryset.filter(Q(user=request.user) | Q(user__in=officers))


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyHistoryAdmin):
    working_group = "pk"
    list_display = ("name",)


@admin.register(StaffRole)
class StaffRoleAdmin(ReadOnlyHistoryAdmin):
    working_group = "working_group"
    list_display = ("user", "working_group", "role")
    list_filter = ("role", "working_group")
