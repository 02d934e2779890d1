"""The Elasticsearch index: its settings and mapping, versions and the alias.

Searches read the alias `<prefix>-listings`. A rebuild fills a new index
`<prefix>-listings-<version>` and then moves the alias in one atomic call, so
search never sees an empty or half-built index.
"""

import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from elasticsearch import NotFoundError, helpers
from elasticsearch.helpers import BulkIndexError

from search.connection import get_client
from search.documents import place_text
from search.store import content_hash
from search.text import SPANISH_STOP_WORDS, analysed_rules


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-listings"


def index_settings(synonyms):
    """The index's settings; `synonyms` holds each language's rules ({"en": [...], ...}).

    Every text field is analysed in English, and again in Spanish in its "es"
    subfield: folded, without Spanish little words (the same list the database
    engine leaves out) and with the light Spanish stemmer. A search in Spanish
    reads the subfields through the Spanish synonyms.
    """
    filters = {
        "english_stem": {"type": "stemmer", "language": "light_english"},
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "spanish_stop": {"type": "stop", "stopwords": sorted(SPANISH_STOP_WORDS)},
        "spanish_stem": {"type": "stemmer", "language": "light_spanish"},
        "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
    }
    english_search = ["lowercase", "asciifolding", "english_possessive"]
    spanish = ["lowercase", "asciifolding", "spanish_stop"]
    spanish_search = list(spanish)
    english_rules = analysed_rules(synonyms.get("en", ()), "en")
    if english_rules:
        filters["directory_synonyms"] = {"type": "synonym_graph", "synonyms": english_rules}
        english_search.append("directory_synonyms")
    spanish_rules = analysed_rules(synonyms.get("es", ()), "es")
    if spanish_rules:
        filters["spanish_synonyms"] = {"type": "synonym_graph", "synonyms": spanish_rules}
        spanish_search.append("spanish_synonyms")
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        # One copy of each shard on another node when there is one: a cluster
        # of several nodes keeps answering with a node down; one node has none.
        "auto_expand_replicas": "0-1",
        "refresh_interval": "1s",
        "max_result_window": 100_000,
        "analysis": {
            "filter": filters,
            "analyzer": {
                "text": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "english_possessive", "english_stem"],
                },
                "text_search": {
                    "tokenizer": "standard",
                    "filter": [*english_search, "english_stem"],
                },
                "text_es": {"tokenizer": "standard", "filter": [*spanish, "spanish_stem"]},
                "text_es_search": {
                    "tokenizer": "standard",
                    "filter": [*spanish_search, "spanish_stem"],
                },
                "prefix": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "prefixes"],
                },
                "prefix_search": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
            },
            "normalizer": {"sortable": {"type": "custom", "filter": ["lowercase"]}},
        },
    }


SPANISH = {"type": "text", "analyzer": "text_es", "search_analyzer": "text_es_search"}
# Facet -> the field its counts come from (every search aggregates them all).
FACET_FIELDS = {
    "kind": "kind",
    "category": "category_slugs",
    "type": "types",
    "day": "days",
    "time": "times",
    "attendance": "attendance",
}
# A keyword that every search counts: its global ordinals are built when the index
# refreshes, not by the first search after it (which, after a restart or under a
# stream of edits, a visitor would wait for).
FACET_KEYWORD = {"type": "keyword", "eager_global_ordinals": True}


def _text(**fields):
    return {
        "type": "text",
        "analyzer": "text",
        "search_analyzer": "text_search",
        "fields": {"es": SPANISH, **fields},
    }


MAPPING = {
    "dynamic": False,
    "properties": {
        "id": {"type": "long"},
        "title": _text(
            prefix={"type": "text", "analyzer": "prefix", "search_analyzer": "prefix_search"},
            sort={"type": "keyword", "normalizer": "sortable"},
        ),
        "summary": _text(),
        "description": _text(),
        "organization": _text(),
        "places": _text(),
        "category_labels": _text(),
        # The words of the listing's translations (search.documents), in one field for
        # the titles and one for the rest, read by a search in their language.
        "translated_title": _text(),
        "translated": _text(),
        "labels": _text(),
        "kind": FACET_KEYWORD,
        "category_slugs": FACET_KEYWORD,
        "types": FACET_KEYWORD,
        "attendance": FACET_KEYWORD,
        "days": {"type": "integer"},
        "times": FACET_KEYWORD,
        "free": {"type": "boolean"},
        "accessible": {"type": "boolean"},
        "languages": {"type": "keyword"},
        "audiences": {"type": "keyword"},
        "timezone": {"type": "keyword"},
        "points": {"type": "geo_point"},
        "occurrences": {
            "type": "nested",
            "properties": {"start": {"type": "long"}, "end": {"type": "long"}},
        },
        "occurrences_until": {"type": "long"},
        "has_schedule": {"type": "boolean"},
    },
}


def to_index_source(document, stored_hash=None):
    """The stored document plus the fields only the index needs.

    `content_hash` is the database's fingerprint of the document (passed in
    when read from the database), which `directory_index status` compares.
    """
    places = []
    for location in document["locations"]:
        places += place_text(location)
    return {
        **document,
        "places": " ".join(part for part in places if part),
        "category_labels": " ".join(c["label"] for c in document["categories"]),
        "labels": " ".join(document["labels"]),
        "translated_title": " ".join(t["title"] for t in document.get("translations", {}).values()),
        "translated": " ".join(
            f"{t['summary']} {t['description']}" for t in document.get("translations", {}).values()
        ),
        # A place abroad may have no point; distance searches pass it by.
        "points": [
            {"lat": loc["lat"], "lon": loc["lon"]}
            for loc in document["locations"]
            if loc["lat"] is not None
        ],
        "has_schedule": bool(document["schedule"]),
        "content_hash": stored_hash or content_hash(document),
    }


def create_index(name, synonyms, client=None):
    """A new index; `synonyms` as index_settings() takes them."""
    client = client or get_client()
    client.options(request_timeout=60).indices.create(
        index=name, settings=index_settings(synonyms), mappings=MAPPING
    )


def new_index_name():
    return f"{alias_name()}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"


def current_index(client=None):
    client = client or get_client()
    try:
        return next(iter(client.indices.get_alias(name=alias_name())), None)
    except NotFoundError:
        return None


def swap_alias(new_index, client=None):
    """Point the alias at `new_index` atomically and drop the index it left."""
    client = client or get_client()
    old = current_index(client)
    actions = [{"add": {"index": new_index, "alias": alias_name()}}]
    if old:
        actions.insert(0, {"remove": {"index": old, "alias": alias_name()}})
    client.options(request_timeout=60).indices.update_aliases(actions=actions)
    if old and old != new_index:
        client.options(request_timeout=60, ignore_status=404).indices.delete(index=old)
    return old


class BackgroundLoader:
    """Sends chunks of documents to an index from a second thread.

    Elasticsearch indexes one chunk while Python builds the next, so a rebuild
    takes about as long as the slower of the two rather than their sum.
    """

    def __init__(self, index, client=None):
        self.index = index
        self.client = client or get_client()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-loader")
        self.pending = []

    def __call__(self, documents):
        self.pending.append(self.pool.submit(self._send, list(documents)))

    def _send(self, documents):
        return sum(1 for _ in bulk_load(self.index, documents, self.client))

    def finish(self):
        """Wait for every chunk; raise the first failure."""
        self.pool.shutdown(wait=True)
        for future in self.pending:
            future.result()


def bulk_load(index, documents, client=None, chunk_size=1000):
    """Index an iterable of documents; yields how many were written per chunk."""
    client = client or get_client()
    actions = (
        {"_index": index, "_id": doc["id"], "_source": to_index_source(doc)} for doc in documents
    )
    written = 0
    for ok, _info in helpers.streaming_bulk(
        client.options(request_timeout=120),
        actions,
        chunk_size=chunk_size,
        raise_on_error=True,
    ):
        if ok:
            written += 1
            if written % chunk_size == 0:
                yield chunk_size
    if written % chunk_size:
        yield written % chunk_size


# Seconds a bulk update may take; one that fails stays in the outbox for a retry.
APPLY_TIMEOUT = 10


def apply(documents, deleted_ids, client=None):
    """Index these (document, stored hash) pairs and delete these ids, in one bulk
    request; raise BulkIndexError if any of it failed (deleting what is already
    gone is not a failure)."""
    client = client or get_client()
    actions = [
        {"_index": alias_name(), "_id": document["id"], "_source": to_index_source(document, hash_)}
        for document, hash_ in documents
    ] + [{"_op_type": "delete", "_index": alias_name(), "_id": i} for i in deleted_ids]
    if not actions:
        return
    _ok, errors = helpers.bulk(
        client.options(request_timeout=APPLY_TIMEOUT),
        actions,
        raise_on_error=False,
        raise_on_exception=True,
    )
    failed = [error for error in errors if error.get("delete", {}).get("status") != 404]
    if failed:
        raise BulkIndexError(f"{len(failed)} document(s) failed to index.", failed)


def indexed_hashes(client=None, batch=5000):
    """{listing id: content hash} of every document behind the alias (None: no hash)."""
    client = client or get_client()
    hashes = {}
    for hit in helpers.scan(
        client.options(request_timeout=60),
        index=alias_name(),
        query={"query": {"match_all": {}}, "_source": ["content_hash"]},
        size=batch,
    ):
        hashes[int(hit["_id"])] = hit.get("_source", {}).get("content_hash")
    return hashes


def ensure_index(synonyms=None, client=None):
    """Create the first versioned index behind the alias if there is none yet.

    The synonyms are read only when an index is created (None: the staff's).
    """
    client = client or get_client()
    if current_index(client) is None:
        if synonyms is None:
            from search.models import Synonym

            synonyms = Synonym.rules_by_language()
        name = new_index_name()
        create_index(name, synonyms, client)
        swap_alias(name, client)
