from django.urls import path

from amendments import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("paragraphs/<int:pk>/", views.paragraph_detail, name="paragraph"),
]
