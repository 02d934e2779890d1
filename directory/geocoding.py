"""Offline look-ups of US ZIP code centroids and time zones.

The `zipcodes` package ships the data, so nothing is fetched at run time.
"""

from dataclasses import dataclass
from decimal import Decimal

import zipcodes


@dataclass(frozen=True)
class ZipCentroid:
    postal_code: str
    latitude: Decimal
    longitude: Decimal
    city: str
    state: str
    timezone: str


def zip_centroid(postal_code):
    """The centroid of a five-digit US ZIP code, or None when it is unknown."""
    code = (postal_code or "").strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    try:
        matches = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    if not matches or not matches[0].get("lat"):
        return None
    match = matches[0]
    return ZipCentroid(
        postal_code=code,
        latitude=Decimal(match["lat"]).quantize(Decimal("0.000001")),
        longitude=Decimal(match["long"]).quantize(Decimal("0.000001")),
        city=match["city"],
        state=match["state"],
        timezone=match.get("timezone") or "",
    )
