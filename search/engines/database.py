"""The embedded default and the fallback: the search contract answered in SQL.

Filters, words, distance, sorting, paging and facet counts all run in the
database over the rows search.store keeps (SearchEntry, SearchPoint,
SearchOccurrence and the text index); a process holds nothing but the page
it answers. The rules are the Elasticsearch engine's: each facet counts
under every filter but its own, distances are arcs to a listing's nearest
place, "soonest" is the first precomputed session from now, and words that
find nothing are tried again forgiving typos.
"""

import math

from django.utils import timezone

from directory.distance import EARTH_RADIUS_KM, to_km
from directory.schedules import next_start
from search.documents import document_sessions
from search.engines.dialects import Alternative, dialect
from search.fuzzy import similar_words
from search.geo import AUTO_RADIUS_STEPS, auto_radius, nearest_km
from search.models import SearchDocument, SearchEntry, SearchOccurrence, SearchPoint, Synonym
from search.results import FACETS, DirectoryResults, Hit
from search.store import SEPARATOR, split
from search.text import forgiving_words, stem, terms, words

# Facet → the SearchEntry column it is counted from.
FACET_COLUMNS = {
    "kind": "kind",
    "category": "categories",
    "type": "types",
    "day": "days",
    "time": "times",
    "attendance": "attendance",
}
LIST_COLUMNS = {"categories", "types", "days", "times"}
# "Soonest" looks this far ahead (seconds) before it widens: a page of the
# first listings to meet is usually found within the hour. Every weekly
# session recurs within eight days, so the last window holds them all.
SOONEST_WINDOWS = (3600, 6 * 3600, 24 * 3600, 8 * 24 * 3600)
# A session under way began at most this long ago (sessions are under a day).
LONGEST_SESSION = 2 * 24 * 3600
TITLE_MATCH, OTHER_MATCH = 3, 1


def _table(model):
    return model._meta.db_table


class Where:
    """SQL conditions joined with AND, and their parameters in order."""

    def __init__(self, parts=()):
        self.parts = list(parts)

    def add(self, sql, params=()):
        self.parts.append((sql, list(params)))

    def __add__(self, other):
        return Where(self.parts + other.parts)

    @property
    def sql(self):
        return " AND ".join(f"({sql})" for sql, _ in self.parts) or "1 = 1"

    @property
    def params(self):
        return [param for _, params in self.parts for param in params]


class _Search:
    """One search: its conditions, built once, and the queries that use them."""

    def __init__(self, query, now, forgiving):
        self.query = query
        self.now = now
        self.dialect = dialect()
        self.quote = self.dialect.quote
        self.entries = self.quote(_table(SearchEntry))
        self.text_terms = self._text_terms(forgiving) if query.q else None
        self.common = self._common()
        self.facets = self._facets()
        self.radius_km = self.radius_value = None
        if query.point is not None:
            if query.radius_auto:
                self.radius_value = self._auto_radius()
            else:
                self.radius_value = query.radius
            self.radius_km = to_km(self.radius_value, query.units)
            self.common.add(*self._within(self.radius_km))

    # Conditions

    def _text_terms(self, forgiving):
        """The words as lists of Alternatives: exact (with synonyms) or forgiving typos."""
        if not forgiving:
            return [
                [Alternative(phrase) for phrase in term]
                for term in terms(self.query.q, Synonym.rules())
            ]
        return [
            [Alternative((stem(word),))]
            + [Alternative((similar,), prefix="none") for similar in similar_words(word)]
            for word in forgiving_words(self.query.q)
        ]

    def _contains_any(self, column, values):
        test = self.dialect.contains(f"e.{column}")
        sql = " OR ".join([test] * len(values))
        return sql, [SEPARATOR + str(value) + SEPARATOR for value in values]

    def _occurring(self, sql, params):
        table = self.quote(_table(SearchOccurrence))
        return f"e.listing_id IN (SELECT listing_id FROM {table} WHERE {sql})", params  # noqa: S608

    def _common(self):
        """Filters that are not facets: they narrow every facet's counts too."""
        query, where = self.query, Where()
        if self.text_terms is not None:
            if self.text_terms:
                subquery, params = self.dialect.text_ids(self.dialect.expression(self.text_terms))
                where.add(f"e.listing_id IN ({subquery})", params)
            else:
                where.add("1 = 0")  # no words at all: nothing matches
        if query.free is not None:
            where.add("e.free = %s", [query.free])
        if query.languages:
            where.add(*self._contains_any("languages", query.languages))
        if query.accessible:
            where.add("e.accessible = %s", [True])
        if query.audiences:
            where.add(*self._contains_any("audiences", query.audiences))
        moment = int(self.now.timestamp())
        if query.starting_within:
            where.add(
                *self._occurring(
                    "starts >= %s AND starts <= %s", [moment, moment + query.starting_within * 60]
                )
            )
        if query.in_progress:
            where.add(
                *self._occurring(
                    "starts > %s AND starts <= %s AND ends > %s",
                    [moment - LONGEST_SESSION, moment, moment],
                )
            )
        return where

    def _facets(self):
        """The filters that are also facets, keyed by facet."""
        query, clauses = self.query, {}
        if query.kinds:
            clauses["kind"] = Where(
                [(f"e.kind IN ({', '.join(['%s'] * len(query.kinds))})", list(query.kinds))]
            )
        if query.categories:
            clauses["category"] = Where([self._contains_any("categories", query.categories)])
        if query.types:
            clauses["type"] = Where(
                [self._contains_any("types", [code]) for code in query.types]
            )  # every code must match
        if query.days:
            clauses["day"] = Where([self._contains_any("days", query.days)])
        if query.times:
            clauses["time"] = Where([self._contains_any("times", query.times)])
        if query.attendance:
            values = list(query.attendance)
            clauses["attendance"] = Where(
                [(f"e.attendance IN ({', '.join(['%s'] * len(values))})", values)]
            )
        return clauses

    def _all_facets(self, leaving_out=None):
        where = Where()
        for facet, clause in self.facets.items():
            if facet != leaving_out:
                where = where + clause
        return where

    # Distance

    def _distance_sql(self):
        """The arc in km from the searcher to point p, as directory.distance measures it."""
        point = self.query.point
        phi = math.radians(point.lat)
        h = (
            "power(sin((radians(p.lat) - %s) / 2), 2) + "
            "%s * cos(radians(p.lat)) * power(sin((radians(p.lon) - %s) / 2), 2)"
        )
        sql = f"2 * {EARTH_RADIUS_KM!r} * asin({self.dialect.least('1', f'sqrt({h})')})"
        return sql, [phi, math.cos(phi), math.radians(point.lon)]

    def _box(self, radius_km):
        """A latitude/longitude box holding every point within the radius (a prefilter)."""
        point = self.query.point
        angle = radius_km / EARTH_RADIUS_KM * 1.000001 + 1e-9
        dlat = math.degrees(angle)
        sql, params = "p.lat BETWEEN %s AND %s", [point.lat - dlat, point.lat + dlat]
        if abs(point.lat) + dlat < 90:  # else every longitude is in reach
            reach = math.sin(angle) / math.cos(math.radians(point.lat))
            dlon = math.degrees(math.asin(min(1.0, reach)))
            if point.lon - dlon >= -180 and point.lon + dlon <= 180:
                sql += " AND p.lon BETWEEN %s AND %s"
                params += [point.lon - dlon, point.lon + dlon]
        return sql, params

    def _nearest(self, radius_km, where=None):
        """Each listing with a place within the radius, and its nearest distance (dist)."""
        distance, distance_params = self._distance_sql()
        box, box_params = self._box(radius_km)
        points = self.quote(_table(SearchPoint))
        sql = (
            f"SELECT p.listing_id, MIN({distance}) AS dist FROM {points} p "  # noqa: S608
            f"WHERE {box} AND {distance} <= %s GROUP BY p.listing_id"
        )
        return sql, distance_params + box_params + distance_params + [radius_km]

    def _within(self, radius_km):
        nearest, params = self._nearest(radius_km)
        return f"e.listing_id IN (SELECT listing_id FROM ({nearest}) near)", params  # noqa: S608

    def _auto_radius(self):
        """The smallest step holding at least min_results listings, as Elasticsearch finds it."""
        where = self.common + self._all_facets()
        for step in AUTO_RADIUS_STEPS:
            nearest, params = self._nearest(to_km(step, self.query.units))
            sql = (
                f"SELECT near.dist FROM ({nearest}) near "  # noqa: S608
                f"JOIN {self.entries} e ON e.listing_id = near.listing_id "
                f"WHERE {where.sql} ORDER BY near.dist LIMIT 1 OFFSET %s"
            )
            row = self._fetch(sql, params + where.params + [self.query.min_results - 1])
            if row:
                return auto_radius(row[0][0], self.query.units)
        return auto_radius(None, self.query.units)

    # Queries

    def _fetch(self, sql, params):
        with self.dialect.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def total(self):
        where = self.common + self._all_facets()
        sql = f"SELECT COUNT(*) FROM {self.entries} e WHERE {where.sql}"  # noqa: S608
        return self._fetch(sql, where.params)[0][0]

    def facet_counts(self):
        """Each facet's counts under every filter but its own, grouped in SQL.

        A list column is grouped by its distinct combinations of values; each
        combination's count is then added to each value it holds.
        """
        counts = {}
        # Only plain column filters: let SQLite read just the facet's covering
        # index; with words, a place or times, the matching set is small.
        plain = self.text_terms is None and self.query.point is None
        plain = plain and not (self.query.starting_within or self.query.in_progress)
        for facet in FACETS:
            column = FACET_COLUMNS[facet]
            where = self.common + self._all_facets(leaving_out=facet)
            hint = self.dialect.facet_scan(column) if plain else ""
            sql = (
                f"SELECT e.{column}, COUNT(*) FROM {self.entries} e{hint} "  # noqa: S608
                f"WHERE {where.sql} GROUP BY e.{column}"
            )
            values = {}
            for key, n in self._fetch(sql, where.params):
                for value in split(key) if column in LIST_COLUMNS else [key]:
                    if value:
                        value = int(value) if facet == "day" else value
                        values[value] = values.get(value, 0) + n
            counts[facet] = values
        return counts

    def page(self):
        """The ids of the requested page in order, with relevance scores when sorted by them."""
        sort = self.query.sort
        if sort == "soonest":
            return self._soonest_page(), {}
        where = self.common + self._all_facets()
        title = self.dialect.title_order("e")
        joins, params, select, order = "", [], "", f"{title}, e.listing_id"
        by_distance = sort == "distance" or (sort == "relevance" and self.text_terms)
        if self.query.point is not None and by_distance:
            nearest, params = self._nearest(self.radius_km)
            joins = f" JOIN ({nearest}) near ON near.listing_id = e.listing_id"
            order = f"near.dist, {order}"
        if sort == "relevance" and self.text_terms:
            score, score_params = self._score()
            select, params = f", {score}", score_params + params
            order = f"2 DESC, {order}"
        sql = (
            f"SELECT e.listing_id{select} FROM {self.entries} e{joins} "  # noqa: S608
            f"WHERE {where.sql} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        rows = self._fetch(sql, params + where.params + [self.query.page_size, self.query.offset])
        ids = [row[0] for row in rows]
        scores = {row[0]: row[1] for row in rows} if select else {}
        return ids, scores

    def _score(self):
        """3 for each term found in the title, 1 for each found elsewhere."""
        parts, params = [], []
        for term in self.text_terms:
            subquery, term_params = self.dialect.text_ids(
                self.dialect.expression([term], title=True)
            )
            parts.append(
                f"CASE WHEN e.listing_id IN ({subquery}) THEN {TITLE_MATCH} ELSE {OTHER_MATCH} END"
            )
            params += term_params
        return "(" + " + ".join(parts) + ")", params

    def _soonest_page(self):
        """By the first session from now, then by name; listings that never meet last.

        The occurrences are read through a window that widens until it holds
        the page, so a page of the soonest costs what that window holds.
        """
        where = self.common + self._all_facets()
        wanted = self.query.offset + self.query.page_size
        moment = int(self.now.timestamp())
        occurrences = self.quote(_table(SearchOccurrence))
        title = self.dialect.title_order("e")
        for window in SOONEST_WINDOWS:
            sql = (
                f"SELECT e.listing_id, MIN(o.starts) AS next_start "  # noqa: S608
                f"FROM {occurrences} o JOIN {self.entries} e ON e.listing_id = o.listing_id "
                f"WHERE o.starts >= %s AND o.starts < %s AND {where.sql} "
                f"GROUP BY e.listing_id, e.sort_title "
                f"ORDER BY next_start, {title}, e.listing_id LIMIT %s"
            )
            rows = self._fetch(sql, [moment, moment + window] + where.params + [wanted])
            if len(rows) == wanted:
                break
        ids = [row[0] for row in rows][self.query.offset :]
        if len(rows) < wanted:
            # The page runs past every listing with a session: those without follow by name.
            sql = (
                f"SELECT e.listing_id FROM {self.entries} e "  # noqa: S608
                f"WHERE {where.sql} AND NOT EXISTS (SELECT 1 FROM {occurrences} o "
                f"WHERE o.listing_id = e.listing_id AND o.starts >= %s) "
                f"ORDER BY {title}, e.listing_id LIMIT %s OFFSET %s"
            )
            skip = max(0, self.query.offset - len(rows))
            needed = self.query.page_size - len(ids)
            ids += [row[0] for row in self._fetch(sql, where.params + [moment, needed, skip])]
        return ids


class DatabaseEngine:
    name = "database"

    def search(self, query, now=None, degraded=False):
        now = now or timezone.now()
        results = self._search(query, now, degraded)
        if query.q and results.total == 0:
            results = self._search(query, now, degraded, forgiving=True)
        return results

    def _search(self, query, now, degraded, forgiving=False):
        search = _Search(query, now, forgiving)
        total = search.total()
        ids, scores = search.page() if total else ([], {})
        documents = _documents(ids)
        hits = []
        for listing_id in ids:
            document = documents[listing_id]
            hits.append(
                Hit(
                    document,
                    nearest_km(query.point, document["locations"]),
                    next_start(document_sessions(document), document["timezone"], now),
                    scores.get(listing_id),
                )
            )
        return DirectoryResults(
            engine=self.name,
            total=total,
            hits=hits,
            facets=search.facet_counts(),
            radius_km=search.radius_km,
            radius_value=search.radius_value,
            degraded=degraded,
        )

    def suggest(self, text, limit=10):
        """Titles holding what was typed from the start of a word; titles starting with it first."""
        typed = words(text)
        if not typed:
            return []
        sql_dialect = dialect()
        subquery, params = sql_dialect.text_ids(
            sql_dialect.expression([[Alternative(tuple(typed), prefix="last")]], title=True)
        )
        prefix = " ".join(text.lower().split())
        entries = sql_dialect.quote(_table(SearchEntry))
        title = sql_dialect.title_order("e")
        sql = (
            f"SELECT e.listing_id FROM {entries} e "  # noqa: S608
            f"WHERE e.listing_id IN ({subquery}) "
            f"ORDER BY CASE WHEN substr(e.sort_title, 1, %s) = %s THEN 0 ELSE 1 END, "
            f"{title}, e.listing_id LIMIT %s"
        )
        with sql_dialect.connection.cursor() as cursor:
            cursor.execute(sql, params + [len(prefix), prefix, limit])
            ids = [row[0] for row in cursor.fetchall()]
        documents = _documents(ids)
        return [{"text": documents[i]["title"], "url": documents[i]["url"], "id": i} for i in ids]


def _documents(ids):
    return dict(SearchDocument.objects.filter(listing_id__in=ids).values_list("listing_id", "data"))
