"""Offline look-ups of US ZIP code centroids and time zones.

The `zipcodes` package ships the data, so nothing is fetched at run time.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import zipcodes

# ASCII digits only: str.isdigit() also takes "²" and "٣".
ZIP_CODE = re.compile(r"[0-9]{5}")


@dataclass(frozen=True)
class ZipCentroid:
    postal_code: str
    latitude: Decimal
    longitude: Decimal
    city: str
    state: str
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
        latitude=Decimal(lat).quantize(Decimal("0.000001")),
        longitude=Decimal(long).quantize(Decimal("0.000001")),
        city=city,
        state=state,
        timezone=timezone,
    )
