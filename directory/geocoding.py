"""Offline look-ups of US ZIP codes and cities: their centres and time zones.

The `zipcodes` package ships the data, so nothing is fetched at run time.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import zipcodes

MICRODEGREE = Decimal("0.000001")
# The postal data and the people who type city names abbreviate these words
# inconsistently ("St Louis" and "Saint Louis" are both in the data), so both
# sides are keyed by the short form.
_ABBREVIATIONS = {"SAINT": "ST", "FORT": "FT", "MOUNT": "MT"}


@dataclass(frozen=True)
class ZipCentroid:
    postal_code: str
    latitude: Decimal
    longitude: Decimal
    city: str
    state: str
    timezone: str


@dataclass(frozen=True)
class CityCentre:
    """The average of a city's standard ZIP code centres, and the time zone most of them keep."""

    label: str  # "Denver, CO", as the postal data spells the city
    latitude: float
    longitude: float
    timezone: str


@cache
def _by_code():
    """{ZIP: its first record}, built once: zipcodes.matching() scans every ZIP per call,
    about 5 ms, which an import of thousands of places cannot afford."""
    records = {}
    for record in zipcodes.list_all():
        records.setdefault(record["zip_code"], record)
    return records


def zip_centroid(postal_code):
    """The centroid of a five-digit US ZIP code, or None when it is unknown."""
    code = (postal_code or "").strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    match = _by_code().get(code)
    if not match or not match.get("lat"):
        return None
    return ZipCentroid(
        postal_code=code,
        latitude=Decimal(match["lat"]).quantize(MICRODEGREE),
        longitude=Decimal(match["long"]).quantize(MICRODEGREE),
        city=match["city"],
        state=match["state"],
        timezone=match.get("timezone") or "",
    )


def city_key(name):
    """A spelling-tolerant key for a city name: case, accents, punctuation and the usual
    abbreviations do not matter, because the postal data writes "Coeur D Alene" and
    "Canon City" where people write "Coeur d'Alene" and "Cañon City"."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^A-Z0-9]+", " ", ascii_only.upper()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@cache
def _city_centres():
    """Every (city key, state) of an active standard ZIP code mapped to the average of those
    ZIP codes' centroids. Built once, on first use, because it reads all ~42,000 ZIP codes;
    PO box and single-business ZIP codes are left out as they are not where people are."""
    points, labels, zones = {}, {}, {}
    for row in zipcodes.list_all():
        if not row["active"] or row["zip_code_type"] != "STANDARD" or not row["lat"]:
            continue
        point = (float(row["lat"]), float(row["long"]))
        for rank, name in enumerate([row["city"], *row["acceptable_cities"]]):
            key = (city_key(name), row["state"])
            # A ZIP code listing one city twice (as "Saint Louis" and "St Louis") counts once.
            points.setdefault(key, {})[row["zip_code"]] = point
            labels[key] = min(labels.get(key, (rank, name)), (rank, name))
            if row["timezone"]:
                zones.setdefault(key, Counter())[row["timezone"]] += 1
    centres = {}
    for key, zip_points in points.items():
        values = list(zip_points.values())
        centres[key] = CityCentre(
            label=f"{labels[key][1]}, {key[1]}",
            latitude=sum(point[0] for point in values) / len(values),
            longitude=sum(point[1] for point in values) / len(values),
            timezone=zones[key].most_common(1)[0][0] if key in zones else "",
        )
    return centres


def city_centre(city, state):
    """The CityCentre of a US city ("Denver", "CO"), or None when the postal data has none."""
    return _city_centres().get((city_key(city or ""), (state or "").strip().upper()))
