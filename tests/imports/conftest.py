import json

from wagtail.models import Page, Revision

import pytest

from directory.models import (
    FeedSlug,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
)
from search.models import SearchDocument
from tests.factories import ListingIndexPageFactory

WATCHED = (
    Page,
    ListingPage,
    MeetingPage,
    ListingSession,
    ListingLocation,
    Location,
    Organization,
    FeedSlug,
    Revision,
    SearchDocument,
    ListingPage.categories.through,
)


def snapshot():
    """Every row an import could touch, as plain values."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED}


def feed(*entries):
    """A Meeting Guide feed as the bytes of a file, pretty-printed (one field a line)."""
    return json.dumps(list(entries), indent=1).encode()


def meeting(slug, **fields):
    """A valid in-person Meeting Guide entry; fields override."""
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
    }
    entry.update(fields)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.fixture
def section():
    return ListingIndexPageFactory(title="Meetings", slug="meetings")
