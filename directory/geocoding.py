"""Offline look-ups of US ZIP codes and cities: their centres and time zones.

The `zipcodes` package ships the data, so nothing is fetched at run time.
"""

import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

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
def _tables():
    """The look-up tables of directory.postal_tables, built in a child process.

    The package keeps every record it has read (some 45 MB for all ZIP codes)
    for the life of the process that reads them; a web worker that looked one
    ZIP code up would carry them all. The child reads them and hands over a
    few MB of text, which is all this process keeps.
    """
    finished = subprocess.run(  # noqa: S603 - our own module, run by this Python
        [sys.executable, "-m", "directory.postal_tables"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        check=True,
        timeout=300,
    )
    return json.loads(finished.stdout)


def warm():
    """Build the tables now (gunicorn's master does, so its workers share them)."""
    _tables()


def _table():
    return _tables()["zips"]


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


def _city_centres(state):
    return _tables()["cities"].get(state, "\n")


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
