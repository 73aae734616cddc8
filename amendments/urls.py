from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from amendments import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("paragraphs/<int:pk>/", views.paragraph_detail, name="paragraph"),
    path("paragraphs/<int:pk>/compare/", views.paragraph_compare, name="paragraph-compare"),
    path("participants/<int:pk>/", views.participant_detail, name="participant"),
    path("amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/reports/", api.report_list, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report"),
    path("api/reports/<int:pk>/amendments/", api.report_amendments, name="api-report-amendments"),
]
