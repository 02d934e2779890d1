"""Included at the site root: config/urls.py has path("", include("feeds.urls"))."""

from django.urls import path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("meetings.json", views.meeting_guide, name="meeting_guide"),
]
