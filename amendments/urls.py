from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from amendments.models import Amendment
from amendments.views import amendments as amendment_views
from amendments.views import (
    api,
    brackets,
    comments,
    compromises,
    decisions,
    delegation,
    downloads,
    identity,
    members,
    paragraphs,
    positions,
    report,
    report_import,
    revisions,
    screen,
    search,
    staff,
    submissions,
)
from amendments.views import imports as import_views

urlpatterns = [
    path("", report.home, name="home"),
    path("reports/<int:pk>/", report.report_detail, name="report"),
    path("reports/new/", report_import.upload, name="report-new"),
    path("reports/new/<uuid:token>/", report_import.review, name="report-new-review"),
    path("reports/<int:pk>/deadline/", report.deadline, name="deadline"),
    path("reports/<int:pk>/identity/", identity.identity, name="identity"),
    path("participants/<int:pk>/", report.participant_detail, name="participant"),
    path("participants/<int:pk>/submissions/", submissions.submissions, name="participant-submissions"),
    path("participants/<int:pk>/submissions/compare/", submissions.compare, name="submissions-compare"),
    path("submissions/<int:pk>/status/", submissions.set_status, name="submission-status"),
    path("my-delegation/", delegation.my_delegation, name="my-delegation"),
    path("notifications/", delegation.notification_list, name="notifications"),
    path("notifications/settings/", delegation.notification_settings, name="notification-settings"),
    path("search/", search.search, name="search"),
    path("working-groups/<int:pk>/members/", members.members, name="members"),
    path("working-groups/<int:pk>/members/<uuid:token>/", members.review, name="members-review"),
    path("working-groups/<int:pk>/members/<int:user_id>/active/", members.member_active, name="member-active"),
    # Paragraphs, and the secretariat's edits of them
    path("paragraphs/<int:pk>/", paragraphs.paragraph_detail, name="paragraph"),
    path("paragraphs/<int:pk>/compare/", paragraphs.paragraph_compare, name="paragraph-compare"),
    path("paragraphs/<int:pk>/block/", report.report_block, name="paragraph-block"),
    path("paragraphs/<int:pk>/edit/", paragraphs.edit_paragraph, name="paragraph-edit"),
    path("paragraphs/<int:pk>/insert/", paragraphs.insert_paragraph, name="paragraph-insert"),
    path("paragraphs/<int:pk>/move/", paragraphs.move_paragraph, name="paragraph-move"),
    path("paragraphs/<int:pk>/delete/", paragraphs.delete_paragraph, name="paragraph-delete"),
    path("paragraphs/<int:pk>/status/", paragraphs.set_status, name="paragraph-status"),
    path("paragraphs/<int:pk>/bracket/", brackets.bracket_passage, name="paragraph-bracket"),
    path("paragraphs/<int:pk>/unbracket/", brackets.remove_brackets, name="paragraph-unbracket"),
    path("paragraphs/<int:pk>/alternatives/", brackets.record_alternatives, name="paragraph-alternatives"),
    path("paragraphs/<int:pk>/restore/<int:history_id>/", paragraphs.restore_version, name="paragraph-restore"),
    path("sections/<int:pk>/edit/", paragraphs.edit_heading, name="section-edit"),
    # Amendments
    path(
        "paragraphs/<int:pk>/propose/", amendment_views.propose, {"kind": Amendment.Kind.MODIFY}, name="propose-change"
    ),
    path(
        "paragraphs/<int:pk>/propose-deletion/",
        amendment_views.propose,
        {"kind": Amendment.Kind.DELETE},
        name="propose-deletion",
    ),
    path(
        "paragraphs/<int:pk>/propose-new/",
        amendment_views.propose,
        {"kind": Amendment.Kind.INSERT},
        name="propose-insertion",
    ),
    path("paragraphs/<int:pk>/compromise/", compromises.propose_compromise, name="propose-compromise"),
    path("paragraphs/<int:pk>/preview/", amendment_views.preview, name="preview"),
    path("amendments/<int:pk>/", amendment_views.amendment_detail, name="amendment"),
    path("amendments/<int:pk>/revise/", amendment_views.revise, name="amendment-revise"),
    path("amendments/<int:pk>/submit/", amendment_views.submit_draft, name="amendment-submit"),
    path("amendments/<int:pk>/withdraw/", amendment_views.withdraw, name="amendment-withdraw"),
    path("amendments/<int:pk>/take-over/", amendment_views.take_over, name="amendment-take-over"),
    path("amendments/<int:pk>/position/", amendment_views.position, name="amendment-position"),
    path("submissions/<int:pk>/position/", positions.submission_position, name="submission-position"),
    # Comments
    path("paragraphs/<int:pk>/comments/", comments.comment_on_paragraph, name="comment-paragraph"),
    path("amendments/<int:pk>/comments/", comments.comment_on_amendment, name="comment-amendment"),
    path("comments/<int:pk>/edit/", comments.edit_comment, name="comment-edit"),
    path("comments/<int:pk>/delete/", comments.delete_comment, name="comment-delete"),
    path("comments/<int:pk>/submit/", comments.submit_comment, name="comment-submit"),
    # Decisions and revisions
    path("amendments/<int:pk>/decide/", decisions.decide_amendment, name="amendment-decide"),
    path("reports/<int:pk>/decisions/", decisions.decisions, name="decisions"),
    path("reports/<int:pk>/revisions/", revisions.revisions, name="revisions"),
    path("reports/<int:pk>/screen/", screen.screen, name="screen"),
    path("reports/<int:pk>/screen/control/", screen.screen_control, name="screen-control"),
    path("reports/<int:pk>/compare/", revisions.compare, name="compare-revisions"),
    path("revisions/<int:pk>/", revisions.revision_detail, name="revision"),
    # Downloads and imports
    path("reports/<int:pk>/export.<str:fmt>", downloads.export_current, name="export-current"),
    # One name for both: reverse("export-redline", args=[pk]) is the .docx, args=[pk, "pdf"] the PDF.
    path("reports/<int:pk>/redline.<str:fmt>", downloads.export_redline, name="export-redline"),
    path("reports/<int:pk>/redline.docx", downloads.export_redline, name="export-redline"),
    path("reports/<int:pk>/compilation.<str:fmt>", downloads.export_compilation, name="export-compilation"),
    path("revisions/<int:pk>/export.<str:fmt>", downloads.export_revision, name="export-revision"),
    path("reports/<int:pk>/import/", import_views.upload, name="import-upload"),
    path("imports/<int:pk>/", import_views.review, name="import"),
    # Working groups and their staff
    path("working-groups/", staff.working_groups, name="working-groups"),
    path("working-groups/new/", staff.new_working_group, name="working-group-new"),
    path("working-groups/<int:pk>/staff/", staff.staff, name="working-group-staff"),
    # The read-only API
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/reports/", api.report_list, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report"),
    path("api/reports/<int:pk>/amendments/", api.report_amendments, name="api-report-amendments"),
]
