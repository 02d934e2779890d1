"""The one place that builds an Elasticsearch client from settings."""

from functools import cache

from django.conf import settings

from elasticsearch import Elasticsearch


def elasticsearch_configured():
    return bool(settings.ELASTICSEARCH_URL)


def get_client():
    """The shared client for the configured cluster."""
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


@cache
def _client(url, timeout):
    # A short timeout and no retries keep a sick cluster from stalling pages;
    # the caller falls back to the database instead.
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=0)
