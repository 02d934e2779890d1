"""The ZIP code and city tables directory.geocoding looks places up in.

Run as `python -m directory.postal_tables`, which prints them as JSON:
geocoding runs it in a child process so that the `zipcodes` package's
records never stay in a web worker (see geocoding._tables). Each table is one
string of lines, found with str.find: far smaller than a record each.
"""

import json
import sys
from collections import Counter

import zipcodes

from directory.geocoding import city_key


def zip_table(records):
    """Every ZIP code as one line "zip|lat|long|city|state|time zone" (its first
    record): zipcodes.matching() scans every ZIP per call, about 5 ms, which an
    import of thousands of places cannot afford."""
    lines = {}
    fields = ("zip_code", "lat", "long", "city", "state", "timezone")
    for record in records:
        lines.setdefault(record["zip_code"], "|".join(record.get(f) or "" for f in fields))
    return "\n" + "\n".join(lines.values()) + "\n"


def city_table(state, records):
    """Every city key of an active standard ZIP code of the state with the average of
    those ZIP codes' centroids and the time zone most of them keep, one line
    "key|lat|lon|time zone|label" each. PO box and single-business ZIP codes are
    left out as they are not where people are."""
    points, labels, zones = {}, {}, {}
    for row in records:
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


def tables():
    records = zipcodes.filter_by()
    by_state = {}
    for record in records:
        by_state.setdefault(record["state"], []).append(record)
    return {
        "zips": zip_table(records),
        "cities": {state: city_table(state, rows) for state, rows in by_state.items()},
    }


if __name__ == "__main__":
    json.dump(tables(), sys.stdout, separators=(",", ":"))
