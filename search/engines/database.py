"""The embedded default and the fallback: search over SearchDocument rows.

The rows are loaded once and cached in the process until any of them
changes; filtering, facets, distances and sorting then happen in Python with
the same rules the Elasticsearch engine expresses as queries.
"""

import math
import threading

from django.db.models import Count, Max
from django.utils import timezone

from directory.distance import to_km
from directory.schedules import in_progress, next_start, occurrences
from search.documents import document_sessions
from search.geo import auto_radius, nearest_km
from search.models import SearchDocument, Synonym
from search.results import FACETS, DirectoryResults, Hit
from search.text import score, terms

_cache_lock = threading.Lock()
_cache = {"version": None, "documents": []}


def _loaded_documents():
    """Every document with its parsed schedule, cached until the table changes."""
    version = SearchDocument.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    version = (version["n"], version["at"])
    with _cache_lock:
        if _cache["version"] != version:
            rows = SearchDocument.objects.values_list("data", "text")
            _cache["documents"] = [_Loaded(data, text) for data, text in rows]
            _cache["version"] = version
        return _cache["documents"]


class _Loaded:
    __slots__ = ("data", "text", "sessions")

    def __init__(self, data, text):
        self.data = data
        self.text = text
        self.sessions = document_sessions(data)

    def next_start(self, now):
        return next_start(self.sessions, self.data["timezone"], now)


def facet_values(document, facet):
    if facet == "kind":
        return [document["kind"]]
    if facet == "category":
        return document["category_slugs"]
    if facet == "type":
        return document["types"]
    if facet == "day":
        return document["days"]
    if facet == "time":
        return document["times"]
    return [document["attendance"]] if document["attendance"] else []


def _facet_predicates(query):
    """The filters that are also facets, keyed by facet, each ignoring the others."""
    predicates = {}
    if query.kinds:
        predicates["kind"] = lambda d: d["kind"] in query.kinds
    if query.categories:
        predicates["category"] = lambda d: bool(set(d["category_slugs"]) & set(query.categories))
    if query.types:
        predicates["type"] = lambda d: set(query.types) <= set(d["types"])
    if query.days:
        predicates["day"] = lambda d: bool(set(d["days"]) & set(query.days))
    if query.times:
        predicates["time"] = lambda d: bool(set(d["times"]) & set(query.times))
    if query.attendance:
        predicates["attendance"] = lambda d: d["attendance"] in query.attendance
    return predicates


def _passes_other_filters(loaded, query, now):
    d = loaded.data
    if query.free is not None and d["free"] != query.free:
        return False
    if query.languages and not set(d["languages"]) & set(query.languages):
        return False
    if query.accessible and not d["accessible"]:
        return False
    if query.audiences and not set(d["audiences"]) & set(query.audiences):
        return False
    if query.starting_within:
        horizon = now.timestamp() + query.starting_within * 60
        if not any(
            now <= start and start.timestamp() <= horizon
            for start, _ in occurrences(loaded.sessions, d["timezone"], now, 0, 2)
        ):
            return False
    return not (query.in_progress and not in_progress(loaded.sessions, d["timezone"], now))


class DatabaseEngine:
    name = "database"

    def search(self, query, now=None, degraded=False):
        now = now or timezone.now()
        query_terms = terms(query.q, Synonym.rules()) if query.q else None
        candidates = []
        for loaded in _loaded_documents():
            relevance = None
            if query_terms is not None:
                relevance = score(loaded.text, loaded.data["title"], query_terms)
                if not relevance:
                    continue
            if not _passes_other_filters(loaded, query, now):
                continue
            distance = nearest_km(query.point, loaded.data["locations"])
            candidates.append((loaded, distance, relevance))

        predicates = _facet_predicates(query)
        radius_km, radius_value = None, None
        if query.point is not None:
            if query.radius_auto:
                nearest = sorted(
                    d
                    for loaded, d, _ in candidates
                    if d is not None and all(test(loaded.data) for test in predicates.values())
                )
                nth = nearest[query.min_results - 1] if len(nearest) >= query.min_results else None
                radius_value = auto_radius(nth, query.units)
            else:
                radius_value = query.radius
            radius_km = to_km(radius_value, query.units)
            candidates = [c for c in candidates if c[1] is not None and c[1] <= radius_km]

        facets = {facet: {} for facet in FACETS}
        matching = []
        for loaded, distance, relevance in candidates:
            failed = [name for name, test in predicates.items() if not test(loaded.data)]
            if not failed:
                matching.append((loaded, distance, relevance))
            if len(failed) > 1:
                continue
            for facet in FACETS:
                if failed and failed[0] != facet:
                    continue
                counts = facets[facet]
                for value in facet_values(loaded.data, facet):
                    counts[value] = counts.get(value, 0) + 1

        ordered = self._sort(matching, query, now)
        page = ordered[query.offset : query.offset + query.page_size]
        hits = [
            Hit(loaded.data, distance, loaded.next_start(now), relevance)
            for loaded, distance, relevance in page
        ]
        return DirectoryResults(
            engine=self.name,
            total=len(matching),
            hits=hits,
            facets=facets,
            radius_km=radius_km,
            radius_value=radius_value,
            degraded=degraded,
        )

    def _sort(self, matching, query, now):
        def name_key(item):
            return (item[0].data["title"].lower(), item[0].data["id"])

        def distance_key(item):
            return (math.inf if item[1] is None else item[1],)

        if query.sort == "name":
            return sorted(matching, key=name_key)
        if query.sort == "distance":
            return sorted(matching, key=lambda item: distance_key(item) + name_key(item))
        if query.sort == "relevance":
            return sorted(
                matching,
                key=lambda item: (
                    (-(item[2] or 0),)
                    + (distance_key(item) if query.point else ())
                    + name_key(item)
                ),
            )
        far = math.inf

        def soonest_key(item):
            start = item[0].next_start(now)
            return (far if start is None else start.timestamp(),) + name_key(item)

        return sorted(matching, key=soonest_key)

    def suggest(self, text, limit=10):
        prefix = " ".join(text.lower().split())
        if not prefix:
            return []
        titles = sorted(
            (
                loaded.data
                for loaded in _loaded_documents()
                if any(word.startswith(prefix) for word in _title_starts(loaded.data["title"]))
            ),
            key=lambda d: (not d["title"].lower().startswith(prefix), d["title"].lower(), d["id"]),
        )
        return [{"text": d["title"], "url": d["url"], "id": d["id"]} for d in titles[:limit]]


def _title_starts(title):
    """Every suffix of the title from a word boundary, so "hope" finds "Tuesday Night Hope"."""
    words = title.lower().split()
    return [" ".join(words[i:]) for i in range(len(words))]
