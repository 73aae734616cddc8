from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from amendments.views import api, downloads
from amendments.views import imports as import_views
from amendments.views import member_forms as form_views
from amendments.views import report as views
from amendments.views import secretariat as secretariat_views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/deadline/", form_views.deadline, name="deadline"),
    path("paragraphs/<int:pk>/", views.paragraph_detail, name="paragraph"),
    path("paragraphs/<int:pk>/compare/", views.paragraph_compare, name="paragraph-compare"),
    path("paragraphs/<int:pk>/propose/", form_views.propose, {"kind": "modify"}, name="propose-change"),
    path("paragraphs/<int:pk>/propose-deletion/", form_views.propose, {"kind": "delete"}, name="propose-deletion"),
    path("paragraphs/<int:pk>/propose-new/", form_views.propose, {"kind": "insert"}, name="propose-insertion"),
    path("paragraphs/<int:pk>/preview/", form_views.preview, name="preview"),
    path("paragraphs/<int:pk>/comments/", form_views.comment_on_paragraph, name="comment-paragraph"),
    path("participants/<int:pk>/", views.participant_detail, name="participant"),
    path("amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("amendments/<int:pk>/revise/", form_views.revise, name="amendment-revise"),
    path("amendments/<int:pk>/submit/", form_views.submit_draft, name="amendment-submit"),
    path("amendments/<int:pk>/withdraw/", form_views.withdraw, name="amendment-withdraw"),
    path("amendments/<int:pk>/position/", form_views.position, name="amendment-position"),
    path("amendments/<int:pk>/comments/", form_views.comment_on_amendment, name="comment-amendment"),
    path("comments/<int:pk>/edit/", form_views.edit_comment, name="comment-edit"),
    path("comments/<int:pk>/delete/", form_views.delete_comment, name="comment-delete"),
    # The secretariat
    path("paragraphs/<int:pk>/edit/", secretariat_views.edit_paragraph, name="paragraph-edit"),
    path("paragraphs/<int:pk>/insert/", secretariat_views.insert_paragraph, name="paragraph-insert"),
    path("paragraphs/<int:pk>/move/", secretariat_views.move_paragraph, name="paragraph-move"),
    path("paragraphs/<int:pk>/delete/", secretariat_views.delete_paragraph, name="paragraph-delete"),
    path("paragraphs/<int:pk>/status/", secretariat_views.set_status, name="paragraph-status"),
    path("paragraphs/<int:pk>/bracket/", secretariat_views.bracket_passage, name="paragraph-bracket"),
    path("paragraphs/<int:pk>/restore/<int:history_id>/", secretariat_views.restore_version, name="paragraph-restore"),
    path("sections/<int:pk>/edit/", secretariat_views.edit_heading, name="section-edit"),
    path("amendments/<int:pk>/decide/", secretariat_views.decide_amendment, name="amendment-decide"),
    path("reports/<int:pk>/decisions/", secretariat_views.decisions, name="decisions"),
    path("reports/<int:pk>/revisions/", secretariat_views.revisions, name="revisions"),
    path("reports/<int:pk>/compare/", secretariat_views.compare, name="compare-revisions"),
    path("reports/<int:pk>/export.<str:fmt>", downloads.export_current, name="export-current"),
    path("reports/<int:pk>/redline.docx", downloads.export_redline, name="export-redline"),
    path("reports/<int:pk>/compilation.<str:fmt>", downloads.export_compilation, name="export-compilation"),
    path("revisions/<int:pk>/", secretariat_views.revision_detail, name="revision"),
    path("revisions/<int:pk>/export.<str:fmt>", downloads.export_revision, name="export-revision"),
    path("reports/<int:pk>/import/", import_views.upload, name="import-upload"),
    path("imports/<int:pk>/", import_views.review, name="import"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/reports/", api.report_list, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report"),
    path("api/reports/<int:pk>/amendments/", api.report_amendments, name="api-report-amendments"),
]
