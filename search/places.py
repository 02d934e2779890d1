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
    key = f"\n{city_key(city)}|"
    table = _city_places(state.upper())
    start = table.find(key)
    if start < 0:
        return None
    lat, lon, label = table[start + len(key) : table.index("\n", start + 1)].split("|")
    return Origin(lat=float(lat), lon=float(lon), label=label)


def city_key(name):
    """A spelling-tolerant key for a city name: case, accents, punctuation and the usual
    abbreviations do not matter, because the postal data writes "Coeur D Alene" and
    "Canon City" where people write "Coeur d'Alene" and "Cañon City"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^A-Z0-9]+", " ", ascii_only.upper()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@cache
def _city_places(state):
    """Every city key of an active standard ZIP code of the state with the average of
    those ZIP codes' centroids, one line "key|lat|lon|label" each, in one string.
    Built on the first search of the state, because it reads all of its ZIP codes;
    kept as one string because a process keeps much of the memory of that many
    records for good. PO box and single-business ZIP codes are left out as they
    are not where people are."""
    points, labels = {}, {}
    for row in zipcodes.filter_by(state=state):
        if not row["active"] or row["zip_code_type"] != "STANDARD" or not row["lat"]:
            continue
        point = (float(row["lat"]), float(row["long"]))
        for rank, name in enumerate([row["city"], *row["acceptable_cities"]]):
            key = city_key(name)
            # A ZIP code listing one city twice (as "Saint Louis" and "St Louis") counts once.
            points.setdefault(key, {})[row["zip_code"]] = point
            labels[key] = min(labels.get(key, (rank, name)), (rank, name))
    lines = []
    for key, zip_points in points.items():
        lat, lon = _average(zip_points.values())
        lines.append(f"{key}|{lat!r}|{lon!r}|{labels[key][1]}, {state}")
    return "\n" + "\n".join(lines) + "\n"


def _average(points):
    points = list(points)
    return (
        sum(point[0] for point in points) / len(points),
        sum(point[1] for point in points) / len(points),
    )
