"""The admin's map for placing a location exactly."""

from django import forms
from django.conf import settings


class MapPointWidget(forms.NumberInput):
    """The longitude input, with a map under it whose marker sets latitude and longitude.

    Without JavaScript, or with maps switched off (MAP_TILE_URL empty), the
    two number inputs still work on their own.
    """

    template_name = "directory/widgets/map_point.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "0.000001", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["tile_url"] = settings.MAP_TILE_URL
        context["attribution"] = settings.MAP_TILE_ATTRIBUTION
        return context

    @property
    def media(self):
        if not settings.MAP_TILE_URL:
            return forms.Media()
        return forms.Media(
            css={"all": ["vendor/leaflet/leaflet.css"]},
            js=["vendor/leaflet/leaflet.js", "directory/js/location-map.js"],
        )
