"""Distances, as Elasticsearch computes them, so both engines agree."""

import math

# Elasticsearch's arc distance uses the mean Earth radius in metres.
EARTH_RADIUS_KM = 6371.0087714
KM_PER_MILE = 1.609344

# The radius steps "auto" widens through, the distance choices of TSML UI and
# beyond; the first that holds enough listings is used.
AUTO_RADIUS_STEPS = (1, 2, 5, 10, 15, 25, 50, 100, 250, 500)


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def to_units(km, units):
    return km / KM_PER_MILE if units == "mi" else km


def to_km(value, units):
    return value * KM_PER_MILE if units == "mi" else value


def nearest_km(point, locations):
    """Distance to the nearest of a listing's locations, or None without any."""
    if point is None or not locations:
        return None
    return min(distance_km(point.lat, point.lon, loc["lat"], loc["lon"]) for loc in locations)


def auto_radius(nth_nearest_km, units):
    """The smallest step (in `units`) that reaches the N-th nearest listing."""
    if nth_nearest_km is None:
        return AUTO_RADIUS_STEPS[-1]
    distance = to_units(nth_nearest_km, units)
    return next((step for step in AUTO_RADIUS_STEPS if step >= distance), AUTO_RADIUS_STEPS[-1])
