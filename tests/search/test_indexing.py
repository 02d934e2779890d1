"""Indexing keeps up on its own, and loses nothing while Elasticsearch is away."""

import time

from django.core.management import call_command
from django.http import QueryDict

import pytest

from search import es_index
from search.breaker import breaker
from search.engines import get_engine
from search.models import PendingIndexUpdate, SearchDocument
from search.query import parse_query
from tests.factories import (
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    add_location,
    add_session,
)

pytestmark = pytest.mark.django_db

DEAD_CLUSTER = "http://127.0.0.1:9"  # nothing listens on this port


def indexed_ids(es_client, wait=2.0):
    """The ids the alias returns, polling until the index has refreshed (at most `wait`)."""
    deadline = time.monotonic() + wait
    while True:
        hits = es_client.search(index=es_index.alias_name(), size=100)["hits"]["hits"]
        ids = {int(hit["_id"]) for hit in hits}
        if time.monotonic() >= deadline:
            return ids
        time.sleep(0.1)


def wait_for(es_client, check, wait=2.0):
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        hits = es_client.search(index=es_index.alias_name(), size=100)["hits"]["hits"]
        if check({int(hit["_id"]): hit["_source"] for hit in hits}):
            return True
        time.sleep(0.1)
    return False


def published_meeting(capture, title="Serenity at Noon", zip_code="80205"):
    with capture(execute=True):
        meeting = MeetingPageFactory(title=title)
        add_location(meeting, LocationFactory(postal_code=zip_code))
        add_session(meeting, 3, "12:00", "13:00")
        meeting.save_revision().publish()
    return meeting


def search(params):
    query, errors = parse_query(QueryDict(params))
    assert errors == []
    return get_engine().search(query)


def test_publish_makes_a_listing_searchable_within_two_seconds(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks)
    assert wait_for(es_client, lambda docs: meeting.pk in docs)
    assert SearchDocument.objects.filter(listing_id=meeting.pk).exists()
    results = search("q=serenity")
    assert results.engine == "elasticsearch"
    assert meeting.pk in results.ids


def test_unpublish_and_delete_remove_it(live_index, es_client, django_capture_on_commit_callbacks):
    first = published_meeting(django_capture_on_commit_callbacks, "First Light")
    second = published_meeting(django_capture_on_commit_callbacks, "Second Wind")
    assert wait_for(es_client, lambda docs: {first.pk, second.pk} <= set(docs))
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert wait_for(es_client, lambda docs: not ({first.pk, second.pk} & set(docs)))
    assert not SearchDocument.objects.filter(listing_id__in=[first.pk, second.pk]).exists()


def test_editing_a_location_changes_distances(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks)
    assert wait_for(es_client, lambda docs: meeting.pk in docs)
    before = search("near=80205&radius=500").hits[0].distance_km
    location = meeting.locations[0]
    with django_capture_on_commit_callbacks(execute=True):
        location.latitude, location.longitude = "39.7108", "-104.8126"  # Aurora
        location.coordinates_approximate = False
        location.save()
    assert wait_for(
        es_client, lambda docs: docs[meeting.pk]["locations"][0]["lat"] == pytest.approx(39.7108)
    )
    after = search("near=80205&radius=500").hits[0].distance_km
    assert after > before + 10


def test_editing_an_organization_updates_its_listings(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        organization = OrganizationFactory(name="Mile High Intergroup")
        meeting.organization = organization
        meeting.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        organization.name = "Mile High Area Intergroup"
        organization.save()
    assert wait_for(
        es_client,
        lambda docs: docs.get(meeting.pk, {}).get("organization") == "Mile High Area Intergroup",
    )


def test_moving_a_listing_updates_its_address(
    live_index, es_client, django_capture_on_commit_callbacks
):
    from tests.factories import ListingIndexPageFactory

    meeting = published_meeting(django_capture_on_commit_callbacks)
    other = ListingIndexPageFactory(title="Other meetings", slug="other-meetings")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.move(other, pos="last-child")
    assert wait_for(
        es_client,
        lambda docs: docs.get(meeting.pk, {}).get("url", "").startswith("/other-meetings/"),
    )


def test_cluster_away_degrades_and_loses_nothing(
    live_index, es_client, django_capture_on_commit_callbacks, capsys
):
    kept = published_meeting(django_capture_on_commit_callbacks, "Before the Outage")
    assert wait_for(es_client, lambda docs: kept.pk in docs)
    url = live_index.ELASTICSEARCH_URL

    live_index.ELASTICSEARCH_URL = DEAD_CLUSTER
    during = published_meeting(django_capture_on_commit_callbacks, "During the Outage")
    with django_capture_on_commit_callbacks(execute=True):
        kept.unpublish()
    assert set(PendingIndexUpdate.objects.values_list("listing_id", flat=True)) == {
        kept.pk,
        during.pk,
    }
    results = search("q=outage")
    assert (results.engine, results.degraded) == ("database", True)
    assert results.ids == [during.pk]  # the database already knows the truth

    live_index.ELASTICSEARCH_URL = url
    call_command("directory_index", "sync")
    assert PendingIndexUpdate.objects.count() == 0
    assert wait_for(es_client, lambda docs: during.pk in docs and kept.pk not in docs)
    call_command("directory_index", "status")
    assert "No drift." in capsys.readouterr().out


def test_the_breaker_skips_a_dead_cluster_until_the_pause_is_over(live_index, es_client):
    live_index.ELASTICSEARCH_RETRY_AFTER = 60
    url = live_index.ELASTICSEARCH_URL
    live_index.ELASTICSEARCH_URL = DEAD_CLUSTER
    assert search("kind=meeting").degraded
    # The cluster is back, but the breaker is open: still the database, at once.
    live_index.ELASTICSEARCH_URL = url
    assert search("kind=meeting").degraded
    breaker.reset()  # the pause is over
    results = search("kind=meeting")
    assert (results.engine, results.degraded) == ("elasticsearch", False)


def test_rebuild_swaps_the_alias_to_a_new_index(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks)
    before = es_index.current_index()
    call_command("directory_index", "rebuild", "--no-progress")
    after = es_index.current_index()
    assert after != before
    assert not es_client.indices.exists(index=before)
    assert meeting.pk in indexed_ids(es_client, wait=0)


@pytest.mark.parametrize("engine", ["database", "elasticsearch"])
def test_a_place_without_a_map_point_is_found_by_words_not_by_distance(
    engine, request, es_client, django_capture_on_commit_callbacks
):
    """A place abroad may have no point (no offline data places it); search still lists it."""
    if engine == "elasticsearch":
        request.getfixturevalue("live_index")
    london = LocationFactory(
        name="Online (London)",
        street_address="",
        city="London",
        region="",
        postal_code="",
        country="GB",
    )
    assert london.latitude is None
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingPageFactory(
            title="Thames Evening Fellowship", conference_url="https://zoom.us/j/4455667788"
        )
        add_location(meeting, london)
        add_session(meeting, 2, "19:00", "20:00")
        meeting.save_revision().publish()
        nearby = published_meeting(django_capture_on_commit_callbacks, "Five Points Fellowship")
    if engine == "elasticsearch":
        assert wait_for(es_client, lambda docs: {meeting.pk, nearby.pk} <= set(docs))

    by_words = search("q=fellowship")
    assert by_words.engine == engine
    assert {meeting.pk, nearby.pk} <= set(by_words.ids)
    by_distance = search("q=fellowship&near=80205&radius=25")
    assert nearby.pk in by_distance.ids and meeting.pk not in by_distance.ids
