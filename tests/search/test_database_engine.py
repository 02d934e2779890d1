"""The database engine's own machinery, on the real database (SQLite or PostgreSQL).

What every engine answers is in test_engine_contract.py; here are the parts
only this engine has: the two ways it finds "soonest", the text index the
database keeps in step with the documents, and what it keeps per process.
"""

import math

from django.http import QueryDict

import pytest

from search import store
from search.engines import database
from search.engines.database import DatabaseEngine
from search.models import SearchDocument, SearchEntry
from search.query import parse_query
from tests.search import corpus

pytestmark = pytest.mark.django_db


def run(params, now=corpus.NOW):
    query, errors = parse_query(QueryDict(params))
    assert errors == []
    return DatabaseEngine().search(query, now=now)


def every_page(params, size=3):
    total = run(f"{params}&page_size=100").total
    ids = []
    for page in range(1, math.ceil(total / size) + 1):
        ids += run(f"{params}&page_size={size}&page={page}").ids
    return total, ids


@pytest.mark.parametrize("near", [None, 3600], ids=["every-window", "near-then-each"])
@pytest.mark.parametrize(
    "params", ["sort=soonest", "sort=soonest&kind=meeting", "day=6&day=0", "time=evening"]
)
def test_soonest_through_a_window_of_sessions_agrees_with_looking_each_up(
    params, near, search_corpus, monkeypatch
):
    total, looked_up = every_page(params)
    # Make every search count as large, so "soonest" reads sessions through
    # its widening window and then the listings that never meet; or, for days
    # and times, only the first hour's window before looking each one up.
    monkeypatch.setattr(database, "FEW", 0)
    if near is None:
        monkeypatch.setattr(database, "FEW_BY_TIME", 0)
    else:
        monkeypatch.setattr(database, "NEAR", near)
    windowed_total, windowed = every_page(params)
    assert windowed == looked_up
    assert len(windowed) == total == windowed_total == len(set(windowed))
    starts = [hit.next_start for hit in run(f"{params}&page_size=100").hits]
    assert [s for s in starts if s] == sorted(s for s in starts if s)


def test_the_windows_widen_to_a_week_and_a_day():
    windows = list(database._windows(wanted=20, total=100_000))
    assert windows[0] == 3600
    assert windows[-1] == database.WIDEST_WINDOW == 8 * 24 * 3600
    assert windows == sorted(windows)
    # A page far down a small list starts wide.
    assert list(database._windows(wanted=400, total=500)) == [database.WIDEST_WINDOW]


def test_the_text_index_follows_the_document_rows_by_itself(search_corpus):
    listing = search_corpus["boulder_smart"]
    assert run("q=boulder").ids == [listing.pk]
    # Whoever changes the row, the database's text index (FTS5 triggers on
    # SQLite, a generated column on PostgreSQL) follows.
    SearchDocument.objects.filter(listing_id=listing.pk).update(
        title_words="flatirons annex", words="flatirons annex"
    )
    assert run("q=flatirons").ids == [listing.pk]
    assert run("q=boulder").ids == []
    document = SearchDocument.objects.get(listing_id=listing.pk).data
    store.write([document])
    assert run("q=boulder").ids == [listing.pk]
    assert run("q=flatirons").ids == []


def test_a_document_is_stored_as_narrow_rows(search_corpus):
    listing = search_corpus["youth_multi"]
    entry = SearchEntry.objects.get(listing_id=listing.pk)
    assert store.split(entry.days) == ["5", "6"]
    assert store.split(entry.types) == ["O", "Y"]
    assert store.profile_values(entry.profile) == (
        ("meeting",),
        ("in_person",),
        (5, 6),
        ("evening", "night"),
    )
    document = SearchDocument.objects.get(listing_id=listing.pk)
    assert document.content_hash == store.content_hash(document.data)
    assert len(document.data["locations"]) == 2


def test_counts_of_a_filter_only_search_are_kept_until_the_rows_change(
    search_corpus, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from search import counts_cache
    from search.models import SearchGeneration

    listing = search_corpus["youth_multi"]
    before = run("kind=meeting&day=6")
    before_category = dict(before.facets["category"])
    document = SearchDocument.objects.get(listing_id=listing.pk).data
    assert "family-support" not in document["category_slugs"]

    # This process sees its own edit at once, before the commit.
    changed = {**document, "category_slugs": [*document["category_slugs"], "family-support"]}
    with django_capture_on_commit_callbacks(execute=True):
        store.write([changed])
        after = run("kind=meeting&day=6")
    assert after.facets["category"].get("family-support", 0) == (
        before_category.get("family-support", 0) + 1
    )

    # Another process (whose cache never heard of the edit) sees it once it
    # commits, through the generation in the database.
    generation = SearchGeneration.objects.get(pk=1).value
    kept = run("kind=meeting&day=6").facets["category"]
    local = cache.get(counts_cache.LOCAL_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        store.write([document])
    assert SearchGeneration.objects.get(pk=1).value > generation
    cache.set(counts_cache.LOCAL_KEY, local, timeout=None)
    assert run("kind=meeting&day=6").facets["category"] != kept
    assert run("kind=meeting&day=6").facets["category"] == before_category


def test_searches_with_words_or_a_place_are_counted_afresh(search_corpus, monkeypatch):
    from search import counts_cache

    kept = []
    monkeypatch.setattr(
        counts_cache, "remembered", lambda using, conditions, count: kept.append(1) or count()
    )
    run("q=meeting")
    run("lat=39.74&lon=-104.99&radius=50")
    run("starting_within=60")
    assert kept == []
    run("kind=meeting")
    assert kept == [1]


@pytest.mark.parametrize(
    "params",
    [
        "q=meeting",
        "q=meeting&near=80205&radius=500",
        "near=80205&radius=500&sort=name&page=2&page_size=2",
    ],
)
def test_a_search_with_words_or_a_place_reads_the_listings_once(params, search_corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = run(params)
    assert results.ids
    entries = connection.ops.quote_name(SearchEntry._meta.db_table)
    # One statement counts the facets and takes the page from the same rows.
    reading = [q["sql"] for q in queries if entries in q["sql"]]
    assert len(reading) == 1
    assert "'page'" in reading[0]


def test_a_rebuild_leaves_the_planner_statistics_of_the_search_tables(search_corpus):
    from django.db import connection

    from search.indexing import rebuild_documents

    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without statistics")
    rebuild_documents(now=corpus.NOW)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [SearchEntry._meta.db_table]
        )
        (estimated,) = cursor.fetchone()
    assert estimated == SearchEntry.objects.count() > 0


def test_a_flushed_generation_row_comes_back_with_the_next_change(
    search_corpus, django_capture_on_commit_callbacks
):
    from search.models import SearchGeneration

    SearchGeneration.objects.all().delete()
    document = SearchDocument.objects.get(listing_id=search_corpus["youth_multi"].pk).data
    with django_capture_on_commit_callbacks(execute=True):
        store.write([document])
    first = SearchGeneration.objects.get(pk=1).value
    with django_capture_on_commit_callbacks(execute=True):
        store.write([document])
    assert 0 < first < SearchGeneration.objects.get(pk=1).value
