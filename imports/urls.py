from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/", views.run_detail, name="run"),
    path("<id:pk>/apply/", views.apply, name="apply"),
]
