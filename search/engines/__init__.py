"""The search engines behind the one contract, and which one answers."""

from search.connection import elasticsearch_configured


def get_engine():
    """Elasticsearch (falling back to the database) when ELASTICSEARCH_URL is set."""
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine

    if elasticsearch_configured():
        return ElasticsearchEngine(fallback=DatabaseEngine())
    return DatabaseEngine()
