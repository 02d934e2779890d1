"""Turn what a visitor types as a place ("80205", "Denver, CO") into the point a search starts from.

Everything is answered from the `zipcodes` package's bundled data, so a search never waits
on, or leaks the visitor's whereabouts to, an outside geocoding service.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import zipcodes

from directory.geocoding import zip_centroid

# No US city name comes close to this; anything longer is not worth looking at.
MAX_PLACE_LENGTH = 100

_ZIP = re.compile(r"(?P<zip>[0-9]{5})(?:-[0-9]{4})?")
_CITY_STATE = re.compile(
    r"(?P<city>[^,]+),\s*(?P<state>[A-Za-z]{2})(?:\s*,\s*(?:USA|US))?",
    re.IGNORECASE,
)
# Visitors and the postal data abbreviate these words inconsistently ("St Louis" and
# "Saint Louis" are both in the data), so both sides are keyed by the short form.
_ABBREVIATIONS = {"SAINT": "ST", "FORT": "FT", "MOUNT": "MT"}


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
    return _city_places().get((city_key(city), state.upper()))


def city_key(name):
    """A spelling-tolerant key for a city name: case, accents, punctuation and the usual
    abbreviations do not matter, because the postal data writes "Coeur D Alene" and
    "Canon City" where people write "Coeur d'Alene" and "Cañon City"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^A-Z0-9]+", " ", ascii_only.upper()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@cache
def _city_places():
    """Every (city key, state) of an active standard ZIP code mapped to the average of those
    ZIP codes' centroids. Built once, on first use, because it reads all ~42,000 ZIP codes;
    PO box and single-business ZIP codes are left out as they are not where people are."""
    points, labels = {}, {}
    for row in zipcodes.list_all():
        if not row["active"] or row["zip_code_type"] != "STANDARD" or not row["lat"]:
            continue
        point = (float(row["lat"]), float(row["long"]))
        for rank, name in enumerate([row["city"], *row["acceptable_cities"]]):
            key = (city_key(name), row["state"])
            # A ZIP code listing one city twice (as "Saint Louis" and "St Louis") counts once.
            points.setdefault(key, {})[row["zip_code"]] = point
            labels[key] = min(labels.get(key, (rank, name)), (rank, name))
    return {
        key: _average(f"{labels[key][1]}, {key[1]}", zip_points.values())
        for key, zip_points in points.items()
    }


def _average(label, points):
    points = list(points)
    lat = sum(point[0] for point in points) / len(points)
    lon = sum(point[1] for point in points) / len(points)
    return Origin(lat=lat, lon=lon, label=label)
