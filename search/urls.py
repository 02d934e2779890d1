from django.urls import path

from search import api

urlpatterns = [
    path("api/v1/search", api.search, name="api-search"),
    path("api/v1/suggest", api.suggest, name="api-suggest"),
    path("api/v1/listings/<id:listing_id>", api.listing, name="api-listing"),
    path("api/v1/openapi.json", api.openapi, name="api-openapi"),
]
