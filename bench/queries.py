"""The search benchmarks' fixed query mix, and how they read percentiles."""

# The fixed query mix: words, places, filters, facets and time.
QUERIES = [
    "q=alcoholics+anonymous",
    "q=narcotics",
    "q=childcare",
    "q=job+skills&near=80205",
    "q=women&near=Denver,+CO&radius=25",
    "q=smart+recovery&kind=meeting",
    "near=80205&radius=5",
    "near=10001&radius=10&kind=meeting",
    "near=60614&radius=25&day=tue&time=evening",
    "near=94103&radius=auto&min_results=10",
    "lat=39.7555&lon=-104.9613&radius=50&units=km&sort=distance",
    "kind=meeting&type=O&type=X",
    "kind=transportation&kind=childcare",
    "category=meetings&day=0&day=6",
    "category=family-support",
    "attendance=online",
    "attendance=hybrid&language=es",
    "free=true&accessible=true&audience=women",
    "starting_within=60",
    "in_progress=true",
    "starting_within=120&near=30303&radius=25",
    "sort=name&page=5",
    "day=3&time=morning&time=midday&page_size=50",
    "",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
