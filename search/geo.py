"""Distances in search: the nearest of a listing's places, and the "auto" radius."""

from directory.distance import distance_km, to_units

# The radius steps "auto" widens through, the distance choices of TSML UI and
# beyond; the first that holds enough listings is used.
AUTO_RADIUS_STEPS = (1, 2, 5, 10, 15, 25, 50, 100, 250, 500)


def nearest_km(point, locations):
    """Distance to the nearest of a listing's located places, or None without any."""
    located = [loc for loc in locations if loc["lat"] is not None]
    if point is None or not located:
        return None
    return min(distance_km(point.lat, point.lon, loc["lat"], loc["lon"]) for loc in located)


def auto_radius(nth_nearest_km, units):
    """The smallest step (in `units`) that reaches the N-th nearest listing."""
    if nth_nearest_km is None:
        return AUTO_RADIUS_STEPS[-1]
    distance = to_units(nth_nearest_km, units)
    return next((step for step in AUTO_RADIUS_STEPS if step >= distance), AUTO_RADIUS_STEPS[-1])
