"""Included at the site root: config/urls.py has path("", include(problem_reports.urls))."""

from django.urls import path

from problem_reports import views

app_name = "reports"

urlpatterns = [
    path("report/<id:listing_id>/", views.report, name="report"),
    path("report/<id:listing_id>/thanks/", views.thanks, name="thanks"),
]
