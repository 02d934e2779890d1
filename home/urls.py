"""The public search pages; the other public pages are Wagtail pages (home.models)."""

from django.urls import path

from home.views import happening_now, search_page

urlpatterns = [
    path("search/", search_page, name="search"),
    path("happening-now/", happening_now, name="happening_now"),
]
