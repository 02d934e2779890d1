"""The database engine's side of the index: each document as rows SQL can search.

A document becomes its SearchDocument row (the JSON both engines return, its
folded words for the text index, a hash of its content), one narrow
SearchEntry row (what it is filtered, counted and sorted by), a SearchPoint
per place, a SearchOccurrence per upcoming session, and its words in the
vocabulary the typo-forgiving search compares with. Writing a document
replaces exactly its own rows; nothing else is touched or invalidated.
"""

import hashlib
import json
from functools import lru_cache, partial

from django.db import connections, router
from django.utils import timezone

from directory.bulk_pages import batched, insert_rows
from search import counts_cache
from search.documents import document_text, title_text
from search.models import (
    SearchDocument,
    SearchEntry,
    SearchOccurrence,
    SearchPoint,
    SearchWord,
)
from search.text import words

# Between values in SearchEntry's list columns, and around them, so that
# "contains O" is a substring test for SEPARATOR + "O" + SEPARATOR. A value
# cannot hold it: it is removed from values first.
SEPARATOR = "\x1f"
# Between the parts of SearchEntry.profile.
PROFILE_SEPARATOR = "\x1e"
LONGEST_WORD = SearchWord._meta.get_field("word").max_length
ROWS = 500

_SIDE_TABLES = (SearchEntry, SearchPoint, SearchOccurrence)


def joined(values):
    """A list column's value: `SEPARATOR a SEPARATOR b SEPARATOR`."""
    cleaned = (str(value).replace(SEPARATOR, "").replace(PROFILE_SEPARATOR, "") for value in values)
    return SEPARATOR + SEPARATOR.join(cleaned) + SEPARATOR


def split(column_value):
    """The values of a list column, back as strings."""
    return [value for value in column_value.split(SEPARATOR) if value]


def profile(kind, attendance, days, times):
    """SearchEntry.profile: the four facets with few combinations, as one value."""
    return PROFILE_SEPARATOR.join([kind, attendance, days, times])


@lru_cache(maxsize=16384)
def profile_values(value):
    """The values of a profile's kind, attendance, days and times (a tuple each), the
    inverse of profile(). Remembered: a directory has a few thousand profiles."""
    kind, attendance, days, times = value.split(PROFILE_SEPARATOR)
    return (
        (kind,),
        (attendance,) if attendance else (),
        tuple(int(day) for day in split(days)),
        tuple(split(times)),
    )


def content_hash(document):
    """A fingerprint of everything in the document; equal documents, equal hashes."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def document_record(document, now, connection):
    data = SearchDocument._meta.get_field("data")
    return {
        "listing_id": document["id"],
        "data": data.get_db_prep_save(document, connection),
        "title_words": " ".join(words(title_text(document))),
        "words": " ".join(words(document_text(document))),
        "content_hash": content_hash(document),
        "occurrences_until": document["occurrences_until"],
        "updated_at": now,
    }


def entry_record(document):
    record = {
        "listing_id": document["id"],
        "kind": document["kind"],
        "attendance": document["attendance"] or "",
        "free": document["free"],
        "accessible": document["accessible"],
        "categories": joined(document["category_slugs"]),
        "types": joined(document["types"]),
        "days": joined(document["days"]),
        "times": joined(document["times"]),
        "languages": joined(document["languages"]),
        "audiences": joined(document["audiences"]),
    }
    return {
        **record,
        "profile": profile(record["kind"], record["attendance"], record["days"], record["times"]),
        "sort_title": document["title"].lower()[:255],
        "title_words": " ".join(words(title_text(document))),
    }


def write(documents):
    """Store these documents, replacing whatever rows their listings had."""
    using = router.db_for_write(SearchDocument)
    connection = connections[using]
    # Values are made ready for the database here, so the rows go in as they are.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert = partial(insert_rows, using=using, prepared=True)
    counts_cache.changed(using)
    for chunk in batched(documents, ROWS):
        records = [document_record(document, now, connection) for document in chunk]
        remove([record["listing_id"] for record in records])
        insert(SearchDocument, records)
        insert(SearchEntry, [entry_record(d) for d in chunk])
        insert(
            SearchPoint,
            [
                {"listing_id": d["id"], "lat": place["lat"], "lon": place["lon"]}
                for d in chunk
                for place in d["locations"]
                # A place abroad may have no map point yet: found by words, not distance.
                if place["lat"] is not None
            ],
            exclude=("id",),
        )
        insert(
            SearchOccurrence,
            [
                {"listing_id": d["id"], "starts": o["start"], "ends": o["end"]}
                for d in chunk
                for o in d["occurrences"]
            ],
            exclude=("id",),
        )
        vocabulary = {
            word
            for record in records
            for word in record["words"].split()
            if len(word) <= LONGEST_WORD
        }
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(vocabulary)], ignore_conflicts=True
        )


def remove(ids):
    """Delete every row these listings have in the database engine's index."""
    counts_cache.changed(router.db_for_write(SearchDocument))
    for chunk in batched(sorted(set(ids)), ROWS):
        for model in _SIDE_TABLES:
            model.objects.filter(listing_id__in=chunk).delete()
        SearchDocument.objects.filter(listing_id__in=chunk).delete()


def settle():
    """After every row was rewritten (a rebuild): on PostgreSQL, make the old rows'
    space reusable and refresh the planner's statistics of the search tables now,
    not when autovacuum next comes round, so the searches right after a rebuild
    are planned from the tables as they are. (SQLite plans without statistics.)
    """
    connection = connections[router.db_for_write(SearchDocument)]
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction; inside one, refreshing statistics must do.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (SearchDocument, *_SIDE_TABLES):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def clear():
    """Empty the database engine's index, vocabulary included (a rebuild fills it again)."""
    counts_cache.changed(router.db_for_write(SearchDocument))
    for model in (*_SIDE_TABLES, SearchDocument, SearchWord):
        model.objects.all().delete()
