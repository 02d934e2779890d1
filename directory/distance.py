"""Distances between points on the Earth, and the units people give them in.

One formula for the whole site: the search engines, the search pages and the
HSDS API all measure with distance_km(), the arc distance Elasticsearch uses,
so a listing is the same distance away wherever it is shown.
"""

import math

# Elasticsearch's arc distance uses the mean Earth radius in metres.
EARTH_RADIUS_KM = 6371.0087714
KM_PER_MILE = 1.609344
UNITS = ("mi", "km")


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def to_units(km, units):
    """Kilometres in `units` ("mi" or "km")."""
    return km / KM_PER_MILE if units == "mi" else km


def to_km(value, units):
    """A distance given in `units` ("mi" or "km"), in kilometres."""
    return value * KM_PER_MILE if units == "mi" else value
