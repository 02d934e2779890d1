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

# ASCII digits only: str.isdigit() also takes "²" and "٣".
ZIP_CODE = re.compile(r"[0-9]{5}")

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
def _table():
    """Every ZIP code as one line "zip|lat|long|city|state|time zone" (its first record),
    in one string, built once: zipcodes.matching() scans every ZIP per call, about 5 ms,
    which an import of thousands of places cannot afford.

    One string rather than a record each, read from zipcodes.filter_by() rather than
    list_all(): the package's records of all ~42,000 ZIP codes take some 100 MB, and
    list_all() keeps them for the life of the process; these are let go at once."""
    lines = {}
    for record in zipcodes.filter_by():
        fields = ("zip_code", "lat", "long", "city", "state", "timezone")
        lines.setdefault(record["zip_code"], "|".join(record.get(f) or "" for f in fields))
    return "\n" + "\n".join(lines.values()) + "\n"


def _record(code):
    table = _table()
    start = table.find(f"\n{code}|")
    if start < 0:
        return None
    return table[start + 1 : table.index("\n", start + 1)].split("|")


def zip_centroid(postal_code):
    """The centroid of a five-digit US ZIP code, or None when it is unknown."""
    code = (postal_code or "").strip()[:5]
    if not ZIP_CODE.fullmatch(code):
        return None
    record = _record(code)
    if not record or not record[1]:
        return None
    _code, lat, long, city, state, timezone = record
    return ZipCentroid(
        postal_code=code,
        latitude=Decimal(lat).quantize(MICRODEGREE),
        longitude=Decimal(long).quantize(MICRODEGREE),
        city=city,
        state=state,
        timezone=timezone,
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
def _city_centres(state):
    """Every city key of an active standard ZIP code of the state with the average of
    those ZIP codes' centroids and the time zone most of them keep, one line
    "key|lat|lon|time zone|label" each, in one string. Built on the first look-up
    in the state, because it reads all of its ZIP codes; kept as one string because
    a process keeps much of the memory of that many records for good. PO box and
    single-business ZIP codes are left out as they are not where people are."""
    points, labels, zones = {}, {}, {}
    for row in zipcodes.filter_by(state=state):
        if not row["active"] or row["zip_code_type"] != "STANDARD" or not row["lat"]:
            continue
        point = (float(row["lat"]), float(row["long"]))
        for rank, name in enumerate([row["city"], *row["acceptable_cities"]]):
            key = city_key(name)
            # A ZIP code listing one city twice (as "Saint Louis" and "St Louis") counts once.
            points.setdefault(key, {})[row["zip_code"]] = point
            labels[key] = min(labels.get(key, (rank, name)), (rank, name))
            if row["timezone"]:
                zones.setdefault(key, Counter())[row["timezone"]] += 1
    lines = []
    for key, zip_points in points.items():
        values = list(zip_points.values())
        lat = sum(point[0] for point in values) / len(values)
        lon = sum(point[1] for point in values) / len(values)
        zone = zones[key].most_common(1)[0][0] if key in zones else ""
        lines.append(f"{key}|{lat!r}|{lon!r}|{zone}|{labels[key][1]}, {state}")
    return "\n" + "\n".join(lines) + "\n"


def city_centre(city, state):
    """The CityCentre of a US city ("Denver", "CO"), or None when the postal data has none."""
    state = (state or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", state):
        return None
    table = _city_centres(state)
    key = f"\n{city_key(city or '')}|"
    start = table.find(key)
    if start < 0:
        return None
    lat, lon, zone, label = table[start + len(key) : table.index("\n", start + 1)].split("|")
    return CityCentre(label=label, latitude=float(lat), longitude=float(lon), timezone=zone)
