"""The primary engine: the same contract answered by Elasticsearch queries.

Facet filters go into `post_filter` and each facet's aggregation applies all
the others, so a facet's counts ignore its own selection. Distances and next
sessions in the answer are computed from each hit's source with the same
code the database engine uses, so the two engines report the same numbers.
"""

import logging
import time

from django.conf import settings
from django.utils import timezone

from elasticsearch import ApiError, ConnectionTimeout, NotFoundError, TransportError

from directory.distance import to_km
from directory.schedules import next_start
from search import es_index
from search.breaker import breaker
from search.connection import get_client
from search.documents import document_sessions, suggestion
from search.geo import auto_radius, nearest_km
from search.results import FACETS, DirectoryResults, Hit
from search.text import FORGIVING_WORDS, fold, stop_words

logger = logging.getLogger(__name__)

# Less time than this left for a search is not worth a request.
MIN_REQUEST_TIME = 0.05

TEXT_FIELDS = [
    "title^4",
    "category_labels^3",
    "labels^2",
    "summary^2",
    "organization^2",
    "places",
    "description",
]
# A search in Spanish reads the same fields analysed in Spanish (search.es_index);
# places (names, streets, cities) are read as they are written.
FIELDS_BY_LANGUAGE = {
    "en": TEXT_FIELDS,
    "es": [
        "title.es^4",
        "translated_title.es^4",
        "category_labels.es^3",
        "labels.es^2",
        "summary.es^2",
        "translated.es^2",
        "organization.es^2",
        "places",
        "description.es",
    ],
}
SOURCE_EXCLUDES = [
    "occurrences",
    "places",
    "category_labels",
    "labels",
    "translated_title",
    "translated",
    "points",
]


class SearchUnavailable(Exception):
    """Elasticsearch could not answer; the caller falls back to the database."""


def facet_clauses(query):
    clauses = {}
    if query.kinds:
        clauses["kind"] = {"terms": {"kind": list(query.kinds)}}
    if query.categories:
        clauses["category"] = {"terms": {"category_slugs": list(query.categories)}}
    if query.types:
        clauses["type"] = {"bool": {"filter": [{"term": {"types": t}} for t in query.types]}}
    if query.days:
        clauses["day"] = {"terms": {"days": list(query.days)}}
    if query.times:
        clauses["time"] = {"terms": {"times": list(query.times)}}
    if query.attendance:
        clauses["attendance"] = {"terms": {"attendance": list(query.attendance)}}
    return clauses


def text_clause(text, forgiving=False, language="en"):
    """All words (or their synonyms) across the fields, or a title prefix as typed, in
    the search's language.

    The forgiving form also lets every word match any field with typos; it is
    slower, so it runs only when the exact form finds nothing.
    """
    fields = FIELDS_BY_LANGUAGE[language]
    should = [
        {
            "multi_match": {
                "query": text,
                "fields": fields,
                "type": "cross_fields",
                "operator": "and",
            }
        },
        {"match": {"title.prefix": {"query": text, "operator": "and"}}},
    ]
    skipped = stop_words(language)
    words = [word for word in text.split() if fold(word) not in skipped][:FORGIVING_WORDS]
    if forgiving and words:
        should.append(
            {
                "bool": {
                    "must": [
                        {
                            "multi_match": {
                                "query": word,
                                "fields": fields,
                                "fuzziness": "AUTO",
                                "prefix_length": 1,
                                "max_expansions": 20,
                            }
                        }
                        for word in words
                    ]
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def common_filters(query, now):
    """Filters that are not facets: they narrow the facet counts too."""
    filters = []
    if query.free is not None:
        filters.append({"term": {"free": query.free}})
    if query.languages:
        filters.append({"terms": {"languages": list(query.languages)}})
    if query.accessible:
        filters.append({"term": {"accessible": True}})
    if query.audiences:
        filters.append({"terms": {"audiences": list(query.audiences)}})
    moment = int(now.timestamp())
    if query.starting_within:
        filters.append(
            {
                "nested": {
                    "path": "occurrences",
                    "query": {
                        "range": {
                            "occurrences.start": {
                                "gte": moment,
                                "lte": moment + query.starting_within * 60,
                            }
                        }
                    },
                }
            }
        )
    if query.in_progress:
        filters.append(
            {
                "nested": {
                    "path": "occurrences",
                    "query": {
                        "bool": {
                            "filter": [
                                {"range": {"occurrences.start": {"lte": moment}}},
                                {"range": {"occurrences.end": {"gt": moment}}},
                            ]
                        }
                    },
                }
            }
        )
    return filters


def _geo_distance_filter(point, radius_km):
    return {
        "geo_distance": {
            "distance": f"{radius_km}km",
            "distance_type": "arc",
            "points": {"lat": point.lat, "lon": point.lon},
        }
    }


def _distance_sort(point):
    return {
        "_geo_distance": {
            "points": {"lat": point.lat, "lon": point.lon},
            "order": "asc",
            "unit": "km",
            "mode": "min",
            "distance_type": "arc",
        }
    }


def sort_clause(query, now):
    by_name = [{"title.sort": "asc"}, {"id": "asc"}]
    if query.sort == "name":
        return by_name
    if query.sort == "distance":
        return [_distance_sort(query.point), *by_name]
    if query.sort == "relevance":
        return ["_score", *by_name]
    return [
        {
            "occurrences.start": {
                "order": "asc",
                "mode": "min",
                "missing": "_last",
                "nested": {
                    "path": "occurrences",
                    "filter": {"range": {"occurrences.start": {"gte": int(now.timestamp())}}},
                },
            }
        },
        *by_name,
    ]


def facet_aggregation(facet, facets):
    """Counts for one facet under every other facet's filter (none: no filter step)."""
    values = {"terms": {"field": es_index.FACET_FIELDS[facet], "size": 500}}
    others = [clause for name, clause in facets.items() if name != facet]
    if not others:
        return values
    return {"filter": {"bool": {"filter": others}}, "aggs": {"values": values}}


def facet_counts(aggregation):
    buckets = (
        aggregation["values"]["buckets"] if "values" in aggregation else aggregation["buckets"]
    )
    return {bucket["key"]: bucket["doc_count"] for bucket in buckets}


class ElasticsearchEngine:
    """Answers from Elasticsearch, and from the database when the cluster cannot.

    One search may take several requests (the "auto" radius, the forgiving
    retry); together they get ELASTICSEARCH_TIMEOUT, so a visitor waits at most
    that long before the database answers instead.
    """

    name = "elasticsearch"

    def __init__(self, fallback):
        self.fallback = fallback
        self._deadline = None

    def _start_clock(self):
        self._deadline = time.monotonic() + settings.ELASTICSEARCH_TIMEOUT

    def _call(self, **body):
        if self._deadline is None:
            self._start_clock()
        remaining = self._deadline - time.monotonic()
        if remaining < MIN_REQUEST_TIME:
            raise SearchUnavailable("out of time")
        if not breaker.admit():
            raise SearchUnavailable("circuit open, or enough searches are trying the cluster")
        try:
            return self._send(remaining, body)
        finally:
            breaker.release()

    def _send(self, remaining, body):
        client = get_client().options(request_timeout=remaining)
        try:
            response = client.search(index=es_index.alias_name(), **body)
        except ConnectionTimeout as error:
            # Slow is not dead: one health check decides (search.breaker).
            breaker.record_timeout()
            logger.warning("Elasticsearch was too slow; answering from the database")
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if (
                error.meta.status == 429
                or error.meta.status >= 500
                or isinstance(error, NotFoundError)
            ):
                breaker.record_failure()
            else:
                logger.exception("Elasticsearch refused a search; answering from the database")
            raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            breaker.record_failure()
            logger.warning(
                "Elasticsearch unavailable, answering from the database: %s", type(error).__name__
            )
            raise SearchUnavailable(str(error)) from error
        breaker.record_success()
        return response

    def search(self, query, now=None):
        now = now or timezone.now()
        self._start_clock()
        try:
            results = self._search(query, now)
            if query.q and results.total == 0:
                results = self._search(query, now, forgiving=True)
            return results
        except SearchUnavailable:
            return self.fallback.search(query, now, degraded=True)

    def _search(self, query, now, forgiving=False):
        must = [text_clause(query.q, forgiving, query.lang)] if query.q else []
        filters = common_filters(query, now)
        facets = facet_clauses(query)
        radius_km = radius_value = None
        if query.point is not None:
            if query.radius_auto:
                radius_value = self._auto_radius(query, must, filters, facets)
            else:
                radius_value = query.radius
            radius_km = to_km(radius_value, query.units)
            filters.append(_geo_distance_filter(query.point, radius_km))

        scored = {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}
        if query.q and query.point is not None:
            # Relevance blended with nearness: a close listing outranks an
            # equally good match across town.
            scored = {
                "function_score": {
                    "query": scored,
                    "boost_mode": "multiply",
                    "functions": [
                        {
                            "gauss": {
                                "points": {
                                    "origin": {"lat": query.point.lat, "lon": query.point.lon},
                                    "scale": "10km",
                                    "offset": "1km",
                                    "decay": 0.5,
                                }
                            },
                            "weight": 1,
                        },
                    ],
                }
            }
        aggregations = {facet: facet_aggregation(facet, facets) for facet in FACETS}
        response = self._call(
            query=scored,
            post_filter={"bool": {"filter": list(facets.values())}},
            aggs=aggregations,
            sort=sort_clause(query, now),
            from_=query.offset,
            size=query.page_size,
            track_total_hits=True,
            source={"excludes": SOURCE_EXCLUDES},
        )
        hits = []
        for raw in response["hits"]["hits"]:
            document = raw["_source"]
            hits.append(
                Hit(
                    document,
                    nearest_km(query.point, document["locations"]),
                    next_start(document_sessions(document), document["timezone"], now),
                    raw.get("_score"),
                )
            )
        counts = {facet: facet_counts(response["aggregations"][facet]) for facet in FACETS}
        return DirectoryResults(
            engine=self.name,
            total=response["hits"]["total"]["value"],
            hits=hits,
            facets=counts,
            radius_km=radius_km,
            radius_value=radius_value,
        )

    def _auto_radius(self, query, must, filters, facets):
        response = self._call(
            query={
                "bool": {
                    "must": must or [{"match_all": {}}],
                    "filter": [*filters, *facets.values()],
                }
            },
            sort=[_distance_sort(query.point)],
            size=query.min_results,
            source=False,
            track_total_hits=False,
        )
        hits = response["hits"]["hits"]
        nth = hits[-1]["sort"][0] if len(hits) >= query.min_results else None
        return auto_radius(nth, query.units)

    def suggest(self, text, limit=10, lang=None):
        lang = lang or settings.LANGUAGE_CODE
        self._start_clock()
        should = [
            {"match_phrase_prefix": {"title": {"query": text}}},
            {"match": {"title.prefix": {"query": text, "operator": "and"}}},
        ]
        if lang != settings.LANGUAGE_CODE:
            # The titles staff translated, as a reader of that language types them.
            should.append({"match_phrase_prefix": {"translated_title": {"query": text}}})
        try:
            response = self._call(
                query={"bool": {"should": should, "minimum_should_match": 1}},
                size=limit,
                source=["id", "title", "url", "translations.*.title"],
            )
        except SearchUnavailable:
            return self.fallback.suggest(text, limit, lang)
        return [suggestion(hit["_source"], lang) for hit in response["hits"]["hits"]]
