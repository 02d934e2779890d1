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


@pytest.mark.parametrize("params", ["sort=soonest", "sort=soonest&kind=meeting", "day=6&day=0"])
def test_soonest_through_a_window_of_sessions_agrees_with_looking_each_up(
    params, search_corpus, monkeypatch
):
    total, looked_up = every_page(params)
    # Make every search count as large, so "soonest" reads sessions through
    # its widening window and then the listings that never meet.
    monkeypatch.setattr(database, "FEW", 0)
    monkeypatch.setattr(database, "FEW_BY_TIME", 0)
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
