"""The one place that builds Elasticsearch clients from settings.

ELASTICSEARCH_URL may name several nodes of one cluster, separated by commas.
A request that cannot reach one node is tried on the next (a killed node costs
a refused connection, not an answer); a request that is slow is not retried,
so a visitor never waits longer than ELASTICSEARCH_TIMEOUT for the database's
answer instead.
"""

from functools import cache

from django.conf import settings

from elasticsearch import Elasticsearch


def elasticsearch_configured():
    return bool(settings.ELASTICSEARCH_URL)


def hosts(url=None):
    """The nodes named by ELASTICSEARCH_URL (or `url`), in order."""
    url = settings.ELASTICSEARCH_URL if url is None else url
    return tuple(host.strip() for host in url.split(",") if host.strip())


def get_client():
    """The shared client for searches and index updates."""
    return _client(hosts(), settings.ELASTICSEARCH_TIMEOUT)


def probe_client():
    """A client for the breaker's health checks, with their own short timeout."""
    return _client(hosts(), settings.ELASTICSEARCH_PROBE_TIMEOUT)


@cache
def _client(nodes, timeout):
    return Elasticsearch(
        list(nodes),
        request_timeout=timeout,
        retry_on_timeout=False,
        # Only a connection error is retried, on another node.
        max_retries=len(nodes) - 1,
        retry_on_status=(),
    )
