from django.urls import path

from search import api
from search.health import healthz
from search.views import happening_now, search_page

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("search/", search_page, name="search"),
    path("happening-now/", happening_now, name="happening_now"),
    path("api/v1/search", api.search, name="api-search"),
    path("api/v1/suggest", api.suggest, name="api-suggest"),
    path("api/v1/listings/<int:listing_id>", api.listing, name="api-listing"),
    path("api/v1/openapi.json", api.openapi, name="api-openapi"),
]
