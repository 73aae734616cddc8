from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from amendments.models import Paragraph, Participant, Report, Section, User


@admin.register(User)
class WgecUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Delegation", {"fields": ("participant",)}),)
    list_display = ("username", "first_name", "last_name", "participant", "is_staff", "is_active")
    list_filter = UserAdmin.list_filter + ("participant",)


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ("name", "stakeholder_group", "role")
    list_filter = ("stakeholder_group", "role")
    search_fields = ("name",)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Versioned text changes only through the app (amendments.drafting: stale-version checks, clean
    text, history reasons); the admin shows it and its history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "subtitle", "body")


@admin.register(Section)
class SectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("heading", "key", "report", "position")
    list_filter = ("report",)


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "kind", "status", "version")
    list_filter = ("section__report", "section", "kind", "status")
    list_select_related = ("section", "parent__section")
    search_fields = ("text", "number")
    raw_id_fields = ("parent",)
    readonly_fields = ("version",)
