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
    if not ZIP_CODE.fullmatch(code):
        return None
    match = _by_code().get(code)
    if not match or not match.get("lat"):
        return None
    return ZipCentroid(
        postal_code=code,
        latitude=Decimal(match["lat"]).quantize(Decimal("0.000001")),
        longitude=Decimal(match["long"]).quantize(Decimal("0.000001")),
        city=match["city"],
        state=match["state"],
        timezone=match.get("timezone") or "",
    )
