"""Included at the site root: config/urls.py has path("", include("feeds.urls"))."""

from django.urls import path

from feeds import hsds_views, views

app_name = "feeds"

urlpatterns = [
    path("meetings.json", views.meeting_guide, name="meeting_guide"),
    path("api/hsds/", hsds_views.index, name="hsds_index"),
    path("api/hsds/openapi.json", hsds_views.openapi, name="hsds_openapi"),
    path("api/hsds/services", hsds_views.services, name="hsds_services"),
    path("api/hsds/services/<str:service_id>", hsds_views.service, name="hsds_service"),
    path("api/hsds/organizations", hsds_views.organizations, name="hsds_organizations"),
    path(
        "api/hsds/organizations/<str:organization_id>",
        hsds_views.organization,
        name="hsds_organization",
    ),
    path("api/hsds/taxonomies", hsds_views.taxonomies, name="hsds_taxonomies"),
    path(
        "api/hsds/taxonomies/<str:taxonomy_id>",
        hsds_views.taxonomy,
        name="hsds_taxonomy",
    ),
    path("api/hsds/taxonomy_terms", hsds_views.taxonomy_terms, name="hsds_taxonomy_terms"),
    path(
        "api/hsds/taxonomy_terms/<str:term_id>",
        hsds_views.taxonomy_term,
        name="hsds_taxonomy_term",
    ),
    path(
        "api/hsds/service_at_locations",
        hsds_views.service_at_locations,
        name="hsds_service_at_locations",
    ),
    path(
        "api/hsds/service_at_locations/<str:service_at_location_id>",
        hsds_views.service_at_location,
        name="hsds_service_at_location",
    ),
]
