"""Search fixtures: the corpus, committed once per module, and both engines over it."""

import uuid

from django.test import override_settings

import pytest

from search import es_index
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.indexing import rebuild_documents
from search.models import SearchDocument, Synonym
from tests.search import corpus


@pytest.fixture(scope="module")
def search_corpus(django_db_setup, django_db_blocker):
    """The corpus's listings, with documents built as of corpus.NOW."""
    with django_db_blocker.unblock(), override_settings(ELASTICSEARCH_URL=""):
        listings = corpus.build()
        rebuild_documents(now=corpus.NOW)
        yield listings
        corpus.remove()
        SearchDocument.objects.all().delete()


@pytest.fixture(scope="module")
def corpus_index(search_corpus, es_client, elasticsearch_url, django_db_blocker):
    """A module's own Elasticsearch index holding the corpus, behind its own alias."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    with (
        django_db_blocker.unblock(),
        override_settings(ELASTICSEARCH_URL=elasticsearch_url, ELASTICSEARCH_INDEX_PREFIX=prefix),
    ):
        name = es_index.new_index_name()
        # The staff's synonyms, as the database engine reads them (the seeded ones).
        es_index.create_index(name, Synonym.rules_by_language(), es_client)
        documents = SearchDocument.objects.values_list("data", flat=True)
        for _ in es_index.bulk_load(name, list(documents), es_client):
            pass
        es_client.indices.refresh(index=name)
        es_index.swap_alias(name, es_client)
        yield prefix
        es_client.indices.delete(index=f"{prefix}-*")


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, search_corpus, settings, db):
    """Each engine over the corpus; the Elasticsearch one must not fall back."""
    if request.param == "database":
        return DatabaseEngine()
    request.node.add_marker(pytest.mark.elasticsearch)
    prefix = request.getfixturevalue("corpus_index")
    settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    return _StrictElasticsearch()


class _NoFallback:
    def search(self, query, now=None, degraded=False):
        raise AssertionError("the Elasticsearch engine fell back to the database")

    def suggest(self, text, limit=10):
        raise AssertionError("the Elasticsearch engine fell back to the database")


class _StrictElasticsearch(ElasticsearchEngine):
    def __init__(self):
        super().__init__(fallback=_NoFallback())
