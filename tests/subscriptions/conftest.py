import json
from pathlib import Path

from wagtail.models import Page, Revision

import pytest

from directory.models import (
    FeedSlug,
    ListingLocation,
    ListingPage,
    ListingSession,
    ListingSource,
    Location,
    MeetingPage,
)
from search.models import SearchDocument
from tests.factories import ListingIndexPageFactory, SubscriptionFactory
from tests.subscriptions.upstream_server import start_publisher, stop

UPSTREAM = Path(__file__).parent / "upstream"
CORPUS = Path(__file__).parent.parent / "imports" / "corpus"

# Every row a refresh could write to, bar its own record of the refresh.
WATCHED = (
    Page,
    ListingPage,
    MeetingPage,
    ListingSession,
    ListingLocation,
    Location,
    FeedSlug,
    Revision,
    SearchDocument,
    ListingSource,
    ListingPage.categories.through,
)


def snapshot():
    """Every listing row a refresh could change, as plain values."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED}


def feed(*entries):
    return json.dumps(list(entries)).encode()


def meeting(slug, **fields):
    """A valid in-person Meeting Guide entry as a TSML site publishes it; fields override."""
    entry = {
        "slug": slug,
        "name": f"Meeting {slug}",
        "day": 2,
        "time": "19:00",
        "end_time": "20:00",
        "timezone": "America/Denver",
        "types": ["O", "D"],
        "location": "Whittier Community Hall",
        "address": "2900 Downing St",
        "city": "Denver",
        "state": "CO",
        "postal_code": "80205",
        "country": "US",
        "approximate": "no",
        "url": f"https://quokka-aa.example.org/meetings/{slug}/",
        "entity": "Quokka Area Intergroup",
        "entity_url": "https://quokka-aa.example.org/",
    }
    entry.update(fields)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.fixture
def publisher():
    server = start_publisher()
    yield server
    stop(server)


@pytest.fixture
def section():
    return ListingIndexPageFactory(title="Meetings", slug="meetings")


@pytest.fixture
def subscribe(section):
    def make(url, **fields):
        return SubscriptionFactory(url=url, section=section, **fields)

    return make


def upstream_file(name):
    return (UPSTREAM / name).read_bytes()


def corpus_file(name):
    return (CORPUS / name).read_bytes()
