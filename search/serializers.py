"""The JSON shape of the search contract, shared by the API and the pages."""

from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from directory.choices import Attendance, Audience, Kind, Language, Weekday
from directory.distance import distance_km, to_units
from directory.meeting_guide import types as meeting_types
from directory.paging import page_count
from directory.translations import category_labels
from search.documents import document_words, place_name

TIME_LABELS = {
    "morning": _("Morning"),
    "midday": _("Midday"),
    "evening": _("Evening"),
    "night": _("Night"),
    "appointment": _("By appointment"),
}
FIXED_ORDER = {
    "kind": [k.value for k in Kind],
    "day": [d.value for d in Weekday],
    "time": list(TIME_LABELS),
    "attendance": [a.value for a in Attendance],
}


def facet_label(facet, value, names):
    """A filter value in words: a facet entry's label, and a chip's (home.results)."""
    if facet == "kind":
        return str(Kind(value).label)
    if facet == "day":
        return str(Weekday(int(value)).label)
    if facet == "time":
        return str(TIME_LABELS.get(value, value))
    if facet == "attendance":
        return str(Attendance(value).label)
    if facet == "type":
        return meeting_types.label(value)
    if facet == "audience":
        return str(Audience(value).label)
    if facet == "language":
        # Any two-letter code is a valid filter; the ones listings are held in have names.
        return str(Language(value).label) if value in Language.values else value
    return names.get(value, value)


def category_names(language=None):
    """Slug → name of every category in `language` (the language being read)."""
    return {slug: name for slug, (name, _lang) in category_labels(language).items()}


def facets_json(counts):
    names = category_names()
    answer = {}
    for facet, values in counts.items():
        entries = [
            {"value": value, "label": facet_label(facet, value, names), "count": count}
            for value, count in values.items()
            if count > 0
        ]
        if facet in FIXED_ORDER:
            order = FIXED_ORDER[facet]
            entries.sort(key=lambda e: order.index(e["value"]) if e["value"] in order else 99)
        else:
            entries.sort(key=lambda e: (-e["count"], e["label"].lower()))
        answer[facet] = entries
    return answer


def _nearest_location(document, point):
    locations = document["locations"]
    if not locations:
        return None
    # A place without a map point (abroad, not yet placed) is never the nearest.
    located = [loc for loc in locations if loc["lat"] is not None]
    if point is not None and located:
        return min(
            located, key=lambda loc: distance_km(point.lat, point.lon, loc["lat"], loc["lon"])
        )
    return locations[0]


def hit_json(hit, query, absolute_url):
    document = hit.document
    location = _nearest_location(document, query.point)
    distance = None
    if hit.distance_km is not None and query.point is not None:
        distance = round(to_units(hit.distance_km, query.units), 2)
    next_start = None
    if hit.next_start is not None:
        next_start = hit.next_start.astimezone(ZoneInfo(document["timezone"])).isoformat()
    title, summary, _language = document_words(document, query.lang)
    if location:
        location = {**location, "name": place_name(location, query.lang)[0]}
    return {
        "id": document["id"],
        "url": absolute_url(document["url"]),
        "title": title,
        "kind": document["kind"],
        "summary": summary,
        "categories": document["categories"],
        "types": document["types"],
        "attendance": document["attendance"],
        "distance": distance,
        "location": {
            key: location[key]
            for key in (
                "name",
                "address",
                "city",
                "region",
                "postal_code",
                "lat",
                "lon",
                "approximate",
            )
        }
        if location
        else None,
        "online": document["online"],
        "schedule": document["schedule"],
        "by_appointment": document["by_appointment"],
        "timezone": document["timezone"],
        "next_start": next_start,
        "free": document["free"],
        "languages": document["languages"],
        "accessible": document["accessible"],
        "last_verified": document["last_verified"],
    }


def results_json(results, query, absolute_url):
    point = query.point
    return {
        "engine": results.engine,
        "degraded": results.degraded,
        "total": results.total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": page_count(results.total, query.page_size),
        "origin": {"lat": round(point.lat, 4), "lon": round(point.lon, 4), "label": point.label}
        if point
        else None,
        "radius": {"value": results.radius_value, "units": query.units}
        if results.radius_value is not None
        else None,
        "results": [hit_json(hit, query, absolute_url) for hit in results.hits],
        "facets": facets_json(results.facets),
    }
