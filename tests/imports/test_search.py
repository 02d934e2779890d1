"""Imported meetings are found by the real Elasticsearch, and a cluster that is away
loses none of them."""

from django.test import TestCase

import pytest

from imports import runs
from search.models import PendingIndexUpdate
from search.outbox import deliver_pending
from tests.imports.conftest import feed, meeting

pytestmark = pytest.mark.django_db

DEAD_CLUSTER = "http://127.0.0.1:9"  # nothing listens on this port


def import_feed(data, section):
    run = runs.receive(data, source="feed.json", section=section)
    # Search catches up as the import's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert runs.apply(run) is not None, run.problems


def titles(client, words):
    response = client.get("/api/v1/search", {"q": words})
    body = response.json()
    assert body["engine"] == "elasticsearch" and not body["degraded"]
    return sorted(hit["title"] for hit in body["results"])


def test_imported_meetings_are_searchable_at_once(live_index, es_client, section, client):
    import_feed(
        feed(
            meeting("a", name="Quokka Serenity Group"),
            meeting("b", name="Quokka Sunrise", day=0, time="06:30", end_time=None),
        ),
        section,
    )
    es_client.indices.refresh(index=f"{live_index.ELASTICSEARCH_INDEX_PREFIX}-*")
    assert titles(client, "quokka") == ["Quokka Serenity Group", "Quokka Sunrise"]
    assert not PendingIndexUpdate.objects.exists()


def test_an_import_while_the_cluster_is_away_is_kept_and_retried(
    live_index, es_client, elasticsearch_url, section, client
):
    live_index.ELASTICSEARCH_URL = DEAD_CLUSTER
    import_feed(feed(meeting("a", name="Wombat Group"), meeting("b", name="Wombat Dawn")), section)
    assert PendingIndexUpdate.objects.count() == 2

    live_index.ELASTICSEARCH_URL = elasticsearch_url
    assert deliver_pending() == 2
    es_client.indices.refresh(index=f"{live_index.ELASTICSEARCH_INDEX_PREFIX}-*")
    assert titles(client, "wombat") == ["Wombat Dawn", "Wombat Group"]
    assert not PendingIndexUpdate.objects.exists()
