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

from django.conf import settings
from django.utils import timezone

from directory.distance import EARTH_RADIUS_KM, to_km
from directory.schedules import next_start
from search import counts_cache
from search.documents import document_sessions, suggestion
from search.engines.dialects import Alternative, dialect
from search.fuzzy import similar_words
from search.geo import AUTO_RADIUS_STEPS, auto_radius, nearest_km
from search.models import (
    FILTER_COLUMNS,
    SearchDocument,
    SearchEntry,
    SearchOccurrence,
    SearchPoint,
    Synonym,
)
from search.results import FACETS, DirectoryResults, Hit
from search.store import SEPARATOR, profile_values, split
from search.text import forgiving_words, stem, terms, words

# The facets SearchEntry.profile holds.
PROFILE_FACETS = ("kind", "attendance", "day", "time")
# What counts() groups by: (facet, column, the facets whose filters are not in
# the SQL). The profile's own facets are filtered on its combinations instead.
GROUPINGS = (
    ("profile", "profile", PROFILE_FACETS),
    ("category", "categories", ("category",)),
    ("type", "types", ("type",)),
)
# Up to this many matching listings, "soonest" looks each one's next session up;
# more are found through a window of sessions from now. Days and times filter
# what meets then, so their listings may all meet days from now: when the
# windows up to NEAR do not fill the page, up to more of them are looked up
# one by one rather than reading most of a week of sessions.
FEW = 2000
FEW_BY_TIME = 30000
NEAR = 24 * 3600
# "Soonest" reads sessions from now through a window that widens until it holds
# the page. Every weekly session recurs within eight days: the widest holds all.
WEEK = 7 * 24 * 3600
WIDEST_WINDOW = 8 * 24 * 3600
# A session under way began at most this long ago (sessions are under a day).
LONGEST_SESSION = 2 * 24 * 3600
TITLE_MATCH, OTHER_MATCH = 3, 1
# What a selective search reads of each listing it leaves: its filters, and
# what its page is sorted and scored by.
BASE_COLUMNS = ("profile", *FILTER_COLUMNS, "sort_title", "title_words")
# A typed NULL: PostgreSQL gives an untyped one in a UNION the type text.
NO_NUMBER = "CAST(NULL AS INTEGER)"


def _table(model):
    return model._meta.db_table


class Where:
    """SQL conditions joined with AND, and their parameters in order.

    A condition that a listing be in a set (the listings the words match, those
    within the radius, …) names the set, and each statement computes the sets
    it uses once, first (`WITH … AS MATERIALIZED`), so the database plans the
    rest knowing how few they are.
    """

    def __init__(self, parts=(), sets=None):
        self.parts = list(parts)
        self.sets = dict(sets or {})

    def add(self, sql, params=()):
        self.parts.append((sql, list(params)))

    def add_set(self, name, sql, params=()):
        """Only listings among the `listing_id`s that `sql` selects."""
        self.sets[name] = (sql, list(params))
        self.add(f"e.listing_id IN (SELECT listing_id FROM {name})")  # noqa: S608 - our names

    def __add__(self, other):
        return Where(self.parts + other.parts, {**self.sets, **other.sets})

    @property
    def sql(self):
        return " AND ".join(f"({sql})" for sql, _ in self.parts) or "1 = 1"

    @property
    def params(self):
        return [param for _, params in self.parts for param in params]

    def with_sets(self, *more):
        """The statement's opening WITH for the sets (and `more` (name, sql, params)),
        and its parameters."""
        named = [(name, sql, params) for name, (sql, params) in self.sets.items()]
        named += more
        if not named:
            return "", []
        sql = ", ".join(f"{name} AS MATERIALIZED ({sql})" for name, sql, _ in named)
        return f"WITH {sql} ", [param for _, _, params in named for param in params]


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
            self.common.add_set("within", *self._nearest(self.radius_km))

    # Conditions

    def _text_terms(self, forgiving):
        """The words as lists of Alternatives: exact (with synonyms) or forgiving typos."""
        if not forgiving:
            return [
                [Alternative(phrase) for phrase in term]
                for term in terms(self.query.q, Synonym.rules(self.query.lang), self.query.lang)
            ]
        return [
            [Alternative((stem(word, self.query.lang),))]
            + [Alternative((similar,), prefix="none") for similar in similar_words(word)]
            for word in forgiving_words(self.query.q, self.query.lang)
        ]

    def _contains_any(self, column, values):
        test = self.dialect.contains(f"e.{column}")
        sql = " OR ".join([test] * len(values))
        return sql, [SEPARATOR + str(value) + SEPARATOR for value in values]

    def _occurring(self, sql, params):
        table = self.quote(_table(SearchOccurrence))
        return f"SELECT listing_id FROM {table} WHERE {sql}", params  # noqa: S608

    def _common(self):
        """Filters that are not facets: they narrow every facet's counts too."""
        query, where = self.query, Where()
        if self.text_terms is not None:
            if self.text_terms:
                sql, params = self.dialect.text_ids(self.dialect.expression(self.text_terms))
                if self.dialect.matches_fetched_once:
                    ids = [row[0] for row in self._fetch(sql, params)]
                    where.add(*self.dialect.among("e.listing_id", ids))
                else:
                    where.add_set("matched", sql, params)
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
            where.add_set(
                "starting",
                *self._occurring(
                    "starts >= %s AND starts <= %s", [moment, moment + query.starting_within * 60]
                ),
            )
        if query.in_progress:
            where.add_set(
                "under_way",
                *self._occurring(
                    "starts > %s AND starts <= %s AND ends > %s",
                    [moment - LONGEST_SESSION, moment, moment],
                ),
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

    def _all_facets(self, leaving_out=()):
        where = Where()
        for facet, clause in self.facets.items():
            if facet not in leaving_out:
                where = where + clause
        return where

    # Distance

    def _distance_sql(self):
        """The arc in km from the searcher to point p, as directory.distance measures it.

        SQLite's math functions are used where it was built with them (Python's
        is); Django registers Python ones on each connection where it was not.
        """
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

    def _nearest(self, radius_km):
        """Each listing with a place within the radius, and its nearest distance (dist)."""
        distance, distance_params = self._distance_sql()
        box, box_params = self._box(radius_km)
        points = self.quote(_table(SearchPoint))
        sql = (
            f"SELECT p.listing_id, MIN({distance}) AS dist FROM {points} p "  # noqa: S608
            f"WHERE {box} AND {distance} <= %s GROUP BY p.listing_id"
        )
        return sql, distance_params + box_params + distance_params + [radius_km]

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
            row = self._fetch(sql, params + where.params + [self.query.min_results - 1], where)
            if row:
                return auto_radius(row[0][0], self.query.units)
        return auto_radius(None, self.query.units)

    # Queries

    def _fetch(self, sql, params, where=None):
        """Rows of a statement; with `where`, the sets its conditions use come first."""
        opening, opening_params = where.with_sets() if where is not None else ("", [])
        with self.dialect.connection.cursor() as cursor:
            cursor.execute(opening + sql, opening_params + params)
            return cursor.fetchall()

    def _selective(self):
        """Whether words, a place or times narrow the search: then the few listings they
        leave are counted; otherwise each facet reads its covering index whole."""
        query = self.query
        return bool(
            self.text_terms is not None
            or query.point is not None
            or query.starting_within
            or query.in_progress
        )

    def counts(self):
        """The total, each facet's counts under every filter but its own, and the
        page when it came with them ((ids, scores), or None: then ask page()).

        A search made only of filters has its counts kept (search.counts_cache).
        """
        if not self._selective():
            conditions = [(w.sql, w.params) for w in (self.common, *self.facets.values())]
            using = self.dialect.connection.alias
            key = (sorted(self.facets), conditions)
            return (*counts_cache.remembered(using, key, lambda: self._counts()[:2]), None)
        return self._counts()

    def _counts(self):
        """One statement of three grouped counts (search.models.GROUPED_COLUMNS):
        a grouped column's distinct combinations of values are counted, and
        each combination's count is then added to every value it holds. The
        profile's four facets are filtered here, on those combinations, so
        the one count of profiles serves the total and all four facets.

        When words, a place or times narrow the search, the few listings they
        leave are read once (`base`), and unless sorted by the next session
        the page is taken from them in the same statement, so the words are
        matched and the listings read once per search, not once per statement.
        """
        selective = self._selective()
        everything = self.common + self._all_facets()
        more, source, base = [], self.entries, self.common
        if selective:
            columns = ", ".join(f"e.{column}" for column in BASE_COLUMNS)
            selected = f"SELECT e.listing_id, {columns}"  # noqa: S608 - our names
            if self.query.point is not None:
                # `within` holds the listings in reach and their nearest distance.
                selected += f" , near.dist FROM {self.entries} e JOIN within near "
                selected += "ON near.listing_id = e.listing_id"
            else:
                selected += f" FROM {self.entries} e"
            selected += f" WHERE {self.common.sql}"
            more, source, base = [("base", selected, self.common.params)], "base", Where()
        prefix, params = everything.with_sets(*more)
        arms = []
        for label, column, leaving_out in GROUPINGS:
            where = base + self._all_facets(leaving_out=leaving_out)
            hint = "" if selective else self.dialect.facet_scan(column)
            arms.append(
                f"SELECT '{label}', e.{column}, COUNT(*), {NO_NUMBER}, {NO_NUMBER} "  # noqa: S608
                f"FROM {source} e{hint} "
                f"WHERE {where.sql} GROUP BY e.{column}"
            )
            params += where.params
        with_page = selective and self.query.sort != "soonest"
        if with_page:
            # Positions are numbered so the page's order survives the UNION.
            page, page_params, order = self._page_sql("base e", self._all_facets(), "e.dist")
            arms.append(
                f"SELECT 'page', NULL, p.listing_id, p.score, p.position FROM (SELECT p.*, "  # noqa: S608
                f"ROW_NUMBER() OVER (ORDER BY {order}) AS position FROM ({page}) p) p"
            )
            params += page_params
        total, counts = 0, {facet: {} for facet in FACETS}
        tests = self._profile_tests()
        placed = []
        for label, key, n, score, position in self._fetch(
            prefix + " UNION ALL ".join(arms), params
        ):
            if label == "page":
                placed.append((position, n, score))
                continue
            if label != "profile":
                values = counts[label]
                for value in split(key):
                    values[value] = values.get(value, 0) + n
                continue
            held = profile_values(key)  # in PROFILE_FACETS order
            failed = [i for i, test in tests if not test(held[i])]
            if not failed:
                total += n
            for i, facet in enumerate(PROFILE_FACETS):
                if failed and failed != [i]:
                    continue  # another of its filters leaves this combination out
                values = counts[facet]
                for value in held[i]:
                    values[value] = values.get(value, 0) + n
        if not with_page:
            return total, counts, None
        return total, counts, self._page_found([row[1:] for row in sorted(placed)])

    def _profile_tests(self):
        """The filters of the profile's facets, as (position in PROFILE_FACETS, test of
        that facet's values in a profile)."""
        query = self.query
        chosen = (query.kinds, query.attendance, query.days, query.times)
        return [
            (i, lambda held, wanted=frozenset(values): not wanted.isdisjoint(held))
            for i, values in enumerate(chosen)
            if values
        ]

    # The page

    def page(self, total):
        """The ids of the requested page in order, and their scores (none here).

        Only for a page that did not come with the counts: sorted by the next
        session, or of a search made only of filters (so by name, no distance).
        """
        if self.query.sort == "soonest":
            return self._soonest_page(total), {}
        where = self.common + self._all_facets()
        page, page_params, order = self._page_sql(f"{self.entries} e", where, None)
        sql = f"SELECT p.listing_id, p.score FROM ({page}) p ORDER BY {order}"  # noqa: S608
        rows = self._fetch(sql, page_params, where)
        return self._page_found(rows)

    def _page_sql(self, source, where, distance):
        """The page's rows (listing_id, score, dist, sort_title) from `source` (aliased e;
        `distance` is its column of the nearest distance when there is a place), their
        parameters, and the order of those rows as columns of p."""
        sort = self.query.sort
        by_distance = self.query.point is not None and (
            sort == "distance" or (sort == "relevance" and self.text_terms)
        )
        by_score = sort == "relevance" and self.text_terms
        score, score_params = self._score() if by_score else (NO_NUMBER, [])
        dist = distance if self.query.point is not None else "NULL"
        order = [f"{self.dialect.title_order('e')}", "e.listing_id"]
        outer = [f"{self.dialect.title_order('p')}", "p.listing_id"]
        if by_distance:
            order.insert(0, distance)
            outer.insert(0, "p.dist")
        if by_score:
            order.insert(0, "2 DESC")
            outer.insert(0, "p.score DESC")
        sql = (
            f"SELECT e.listing_id, {score} AS score, {dist} AS dist, "  # noqa: S608
            f"e.sort_title AS sort_title FROM {source} WHERE {where.sql} "
            f"ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
        )
        params = score_params + where.params + [self.query.page_size, self.query.offset]
        return sql, params, ", ".join(outer)

    @staticmethod
    def _page_found(rows):
        """(ids, scores) from rows of (listing_id, score) in the page's order."""
        ids = [row[0] for row in rows]
        scores = {row[0]: row[1] for row in rows if row[1] is not None}
        return ids, scores

    def _score(self):
        """3 for each term found in the title, 1 for each found elsewhere.

        Only listings the words matched are scored, so the title is read
        directly (its folded words, each between spaces).
        """
        parts, params = [], []
        for term in self.text_terms:
            tests = []
            for alternative in term:
                words = []
                for word, prefix in alternative.prefixed():
                    words.append("(' ' || e.title_words || ' ') LIKE %s")
                    params.append(f"% {word}%" if prefix else f"% {word} %")
                tests.append("(" + " AND ".join(words) + ")")
            parts.append(
                f"CASE WHEN {' OR '.join(tests)} THEN {TITLE_MATCH} ELSE {OTHER_MATCH} END"
            )
        return "(" + " + ".join(parts) + ")", params

    def _soonest_page(self, total):
        """By the first session from now, then by name; listings that never meet last.

        A few matching listings each have their next session looked up. Many
        are found through the sessions instead, in a window from now that
        widens until it holds the page, so a page costs what that window holds;
        if days or times filter them and the near future does not fill the
        page, they are looked up one by one after all. Weekly sessions all come
        round within the widest window, so a listing with none in it has none.
        """
        where = self.common + self._all_facets()
        moment = int(self.now.timestamp())
        occurrences = self.quote(_table(SearchOccurrence))
        title = self.dialect.title_order("e")
        wanted = self.query.offset + self.query.page_size
        one_by_one = total <= FEW_BY_TIME and (self.query.days or self.query.times)
        rows = None
        if total > FEW:
            for window in _windows(wanted, total):
                if one_by_one and window > NEAR:
                    rows = None
                    break
                # CROSS JOIN keeps SQLite reading the sessions in the window first.
                sql = (
                    f"SELECT e.listing_id, MIN(o.starts) AS next_start "  # noqa: S608
                    f"FROM {occurrences} o CROSS JOIN {self.entries} e "
                    f"WHERE e.listing_id = o.listing_id AND o.starts >= %s AND o.starts < %s "
                    f"AND {where.sql} GROUP BY e.listing_id, e.sort_title "
                    f"ORDER BY next_start, {title}, e.listing_id LIMIT %s"
                )
                rows = self._fetch(sql, [moment, moment + window, *where.params, wanted], where)
                if len(rows) == wanted:
                    break
        if rows is None:
            # Each listing's next session through its own index entries
            # (search_occurrence_next), never a join with a week of sessions.
            sql = (
                f"SELECT s.listing_id FROM (SELECT e.listing_id, e.sort_title, "  # noqa: S608
                f"(SELECT MIN(o.starts) FROM {occurrences} o WHERE o.listing_id = e.listing_id "
                f"AND o.starts >= %s AND o.starts < %s) AS next_start "
                f"FROM {self.entries} e WHERE {where.sql}) s "
                f"ORDER BY s.next_start IS NULL, s.next_start, "
                f"{self.dialect.title_order('s')}, s.listing_id LIMIT %s OFFSET %s"
            )
            params = [
                moment,
                moment + WIDEST_WINDOW,
                *where.params,
                self.query.page_size,
                self.query.offset,
            ]
            return [row[0] for row in self._fetch(sql, params, where)]
        ids = [row[0] for row in rows][self.query.offset :]
        if len(rows) < wanted:
            # The page runs past every listing with a session: those without follow by name.
            sql = (
                f"SELECT e.listing_id FROM {self.entries} e "  # noqa: S608
                f"WHERE {where.sql} AND NOT EXISTS (SELECT 1 FROM {occurrences} o "
                f"WHERE o.listing_id = e.listing_id AND o.starts >= %s AND o.starts < %s) "
                f"ORDER BY {title}, e.listing_id LIMIT %s OFFSET %s"
            )
            skip = max(0, self.query.offset - len(rows))
            needed = self.query.page_size - len(ids)
            ids += [
                row[0]
                for row in self._fetch(
                    sql, [*where.params, moment, moment + WIDEST_WINDOW, needed, skip], where
                )
            ]
        return ids


def _windows(wanted, total):
    """Windows (seconds) for a page ending at `wanted` of `total` listings: first the
    time in which that many would meet if the listings met evenly over the week
    (twice over, to be safe), then four times wider each time."""
    window = max(3600, int(WEEK * 2 * wanted / max(total, 1)))
    while window < WIDEST_WINDOW:
        yield window
        window *= 4
    yield WIDEST_WINDOW


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
        total, facets, page = search.counts()
        if page is None:
            page = search.page(total) if total else ([], {})
        ids, scores = page
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
            facets=facets,
            radius_km=search.radius_km,
            radius_value=search.radius_value,
            degraded=degraded,
        )

    def suggest(self, text, limit=10, lang=None):
        """Titles holding what was typed from the start of a word; titles starting with it
        first. A title's words are its translations' too (search.store)."""
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
        return [suggestion(documents[i], lang or settings.LANGUAGE_CODE) for i in ids]


def _documents(ids):
    return dict(SearchDocument.objects.filter(listing_id__in=ids).values_list("listing_id", "data"))
