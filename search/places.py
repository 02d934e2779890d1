"""Turn what a visitor types as a place ("80205", "Denver, CO") into the point a search starts from.

Everything is answered from the `zipcodes` package's bundled data, so a search never waits
on, or leaks the visitor's whereabouts to, an outside geocoding service.
"""

import re
from dataclasses import dataclass

from directory.geocoding import city_centre, zip_centroid

# No US city name comes close to this; anything longer is not worth looking at.
MAX_PLACE_LENGTH = 100

_ZIP = re.compile(r"(?P<zip>[0-9]{5})(?:-[0-9]{4})?")
_CITY_STATE = re.compile(
    r"(?P<city>[^,]+),\s*(?P<state>[A-Za-z]{2})(?:\s*,\s*(?:USA|US))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Origin:
    """A point to search around, with the words to show the visitor for it."""

    lat: float
    lon: float
    label: str


def resolve_place(text):
    """The point of a ZIP code or a "City, ST", or None when we cannot place it."""
    text = (text or "").strip()
    if not text or len(text) > MAX_PLACE_LENGTH:
        return None
    if match := _ZIP.fullmatch(text):
        return _zip_place(match["zip"])
    if match := _CITY_STATE.fullmatch(text):
        return _city_place(match["city"], match["state"])
    return None


def _zip_place(code):
    centroid = zip_centroid(code)
    if centroid is None:
        return None
    return Origin(lat=float(centroid.latitude), lon=float(centroid.longitude), label=code)


def _city_place(city, state):
    centre = city_centre(city, state)
    if centre is None:
        return None
    return Origin(lat=centre.latitude, lon=centre.longitude, label=centre.label)
