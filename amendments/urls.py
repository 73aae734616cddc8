from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from amendments import api, form_views, views

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
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/reports/", api.report_list, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report"),
    path("api/reports/<int:pk>/amendments/", api.report_amendments, name="api-report-amendments"),
]
