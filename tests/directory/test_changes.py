"""Every write path announces its change once, and it reaches search and the feed.

WRITE_PATHS lists every way a listing's public form changes. Each is run on a
published meeting; the test then proves the one event (directory.changes)
was sent for the right listings, and that both subscribers acted on it: the
database engine's search document shows the change, and the Meeting Guide
feed was marked stale (its version moved) and shows the change where the
feed carries it. A write path added without announce() fails here.
"""

import json
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from wagtail.actions.unpublish_page import UnpublishPageAction

import pytest

from directory.changes import Reason, listings_changed
from directory.models import ListingSource
from directory.verification import record_verification
from feeds.meeting_guide import directory_version
from feeds.models import FeedPublisher
from imports import runs
from search.engines import get_engine
from search.models import SearchDocument, Synonym
from search.query import parse_query
from subscriptions.detach import detach
from subscriptions.models import Refresh, Subscription
from subscriptions.refresh import refresh, shape
from tests.factories import (
    CategoryFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    SubscriptionFactory,
    add_location,
    add_session,
)
from tests.subscriptions.upstream_server import start_publisher, stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """Every listings_changed sent during the test, as (ids, reason)."""
    sent = []

    def record(sender, ids, reason, **kwargs):
        sent.append((set(ids), reason))

    listings_changed.connect(record)
    yield sent
    listings_changed.disconnect(record)


@pytest.fixture
def meeting(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = MeetingPageFactory(
            title="Quokka Serenity Group", organization=OrganizationFactory(name="Quokka Org")
        )
        page.categories.add(CategoryFactory(name="Quokka Fellowship", slug="quokka-fellowship"))
        add_location(page, LocationFactory(name="Quokka Hall"))
        add_session(page, 2, "19:00", "20:00")
        page.save_revision().publish()
    return page


def document(page):
    row = SearchDocument.objects.filter(listing_id=page.pk).first()
    return row.data if row else None


def feed_entries():
    return json.loads(Client().get("/meetings.json").content)


def feed_names():
    return {entry["name"] for entry in feed_entries()}


# Each write path: (change, check). change(meeting) makes the change; check(meeting)
# proves the search document and the feed show it.


def publish(meeting):
    meeting.title = "Quokka Renewal Group"
    meeting.save_revision().publish()


def published(meeting):
    assert document(meeting)["title"] == "Quokka Renewal Group"
    assert "Quokka Renewal Group" in feed_names()


def unpublish(meeting):
    meeting.unpublish()


def unpublished(meeting):
    assert document(meeting) is None
    assert "Quokka Serenity Group" not in feed_names()


def unpublish_section(meeting):
    # As the admin does when staff unpublish a section and everything in it.
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "x" * 12)
    UnpublishPageAction(meeting.get_parent(), user=staff, include_descendants=True).execute()


def move(meeting):
    meeting.move(ListingIndexPageFactory(title="Moved", slug="moved"), pos="last-child")


def moved(meeting):
    assert document(meeting)["url"].startswith("/moved/")
    assert "/moved/" in feed_entries()[0]["url"]


def delete(meeting):
    meeting.delete()


def edit_location(meeting):
    location = meeting.locations[0]
    location.name = "Quokka Community Center"
    location.save()


def publish_reviewed_location(meeting):
    # An editor's draft, then the moderator's publication (an approval publishes the same way).
    location = meeting.locations[0]
    location.name = "Quokka Community Center"
    location.save_revision().publish()


def location_edited(meeting):
    assert document(meeting)["locations"][0]["name"] == "Quokka Community Center"
    assert feed_entries()[0]["location"] == "Quokka Community Center"


def edit_organization(meeting):
    organization = meeting.organization
    organization.name = "Quokka Intergroup"
    organization.save()


def publish_reviewed_organization(meeting):
    organization = meeting.organization
    organization.name = "Quokka Intergroup"
    organization.save_revision().publish()


def organization_edited(meeting):
    assert document(meeting)["organization"] == "Quokka Intergroup"
    # The feed gives the organization as the group's district.
    assert feed_entries()[0]["district"] == "Quokka Intergroup"


def delete_organization(meeting):
    meeting.organization.delete()


def organization_deleted(meeting):
    assert document(meeting)["organization"] == ""
    assert "district" not in feed_entries()[0]


def edit_category(meeting):
    category = meeting.categories.get()
    category.name = "Quokka Fellowship Groups"
    category.save()


def category_edited(meeting):
    assert [c["label"] for c in document(meeting)["categories"]] == ["Quokka Fellowship Groups"]


def delete_category(meeting):
    meeting.categories.get().delete()


def category_deleted(meeting):
    assert document(meeting)["categories"] == []


def found_by(words):
    query, _errors = parse_query({"q": words})
    return get_engine().search(query).ids


def edit_synonyms(meeting):
    assert found_by("wallaby") == []  # and the synonyms are now cached
    Synonym.objects.create(terms="quokka, wallaby")


def synonyms_edited(meeting):
    assert found_by("wallaby") == [meeting.pk]


def import_over(meeting):
    data = [
        {
            "name": "Quokka Imported Group",
            "slug": "quokka-imported",
            "day": 3,
            "time": "18:00",
            "address": "2900 Downing St",
            "city": "Denver",
            "state": "CO",
            "postal_code": "80205",
            "timezone": "America/Denver",
        }
    ]
    run = runs.receive(json.dumps(data).encode(), source="feed.json", section=meeting.get_parent())
    assert runs.apply(run) is not None, run.problems


def imported(meeting):
    assert SearchDocument.objects.filter(data__title="Quokka Imported Group").exists()
    assert "Quokka Imported Group" in feed_names()


def verify(meeting):
    record_verification(meeting, None, on=date(2026, 11, 2))


def verified(meeting):
    assert document(meeting)["last_verified"] == "2026-11-02"


@contextmanager
def followed(meeting, entries, **answer):
    """The meeting kept current from a list that a local publisher serves as `entries`."""
    publisher = start_publisher()
    try:
        url = publisher.serve("/meetings.json", json.dumps(entries), **answer)
        subscription = SubscriptionFactory(url=url, section=meeting.get_parent())
        ListingSource.objects.create(
            page=meeting,
            upstream=subscription.upstream,
            key="quokka",
            updated_at=timezone.now(),
            seen_at=timezone.now(),
        )
        yield subscription
    finally:
        stop(publisher)


def listed_entry(**fields):
    entry = {
        "slug": "quokka",
        "name": "Quokka Serenity Group",
        "day": 2,
        "time": "19:00",
        "end_time": "20:00",
        "timezone": "America/Denver",
        "location": "Quokka Hall",
        "address": "2900 Downing St",
        "city": "Denver",
        "state": "CO",
        "postal_code": "80205",
    }
    return {**entry, **fields}


def refresh_from_list(meeting):
    # The feed carries followed meetings when the publisher setting says so (no event).
    FeedPublisher.objects.update_or_create(
        site=meeting.get_site(), defaults={"include_subscribed": True}
    )
    with followed(meeting, [listed_entry(name="Quokka Listed Group")]) as subscription:
        record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
        assert record.counts["updated"] == 1, (record.error, record.problems)


def refreshed_from_list(meeting):
    assert document(meeting)["title"] == "Quokka Listed Group"
    assert "Quokka Listed Group" in feed_names()


def gone_from_list(meeting):
    # Missing once already; the list has not changed since (a 304): a second time.
    with followed(meeting, [listed_entry(slug="other")], etag='"v1"') as subscription:
        ListingSource.objects.filter(page=meeting).update(missing_count=1)
        Subscription.objects.filter(pk=subscription.pk).update(
            etag='"v1"', digest="0" * 48 + shape(subscription), entries=1
        )
        subscription.refresh_from_db()
        record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
        assert record.counts["unpublished"] == 1, record.error


def detach_from_list(meeting):
    with followed(meeting, []):
        # While it is followed, the feed leaves it to its publisher.
        assert "Quokka Serenity Group" not in feed_names()
        detach(meeting)


def detached(meeting):
    # The center's own again: back in the feed.
    assert "Quokka Serenity Group" in feed_names()
    assert document(meeting)["title"] == "Quokka Serenity Group"


WRITE_PATHS = {
    "publish": (publish, Reason.PUBLISH, published),
    "unpublish": (unpublish, Reason.UNPUBLISH, unpublished),
    "unpublish the section above": (unpublish_section, Reason.UNPUBLISH, unpublished),
    "move": (move, Reason.MOVE, moved),
    "delete": (delete, Reason.DELETE, unpublished),
    "edit its location": (edit_location, Reason.LOCATION, location_edited),
    "publish a reviewed edit of its location": (
        publish_reviewed_location,
        Reason.LOCATION,
        location_edited,
    ),
    "edit its organization": (edit_organization, Reason.ORGANIZATION, organization_edited),
    "publish a reviewed edit of its organization": (
        publish_reviewed_organization,
        Reason.ORGANIZATION,
        organization_edited,
    ),
    "delete its organization": (delete_organization, Reason.ORGANIZATION, organization_deleted),
    "edit its category": (edit_category, Reason.CATEGORY, category_edited),
    "delete its category": (delete_category, Reason.CATEGORY, category_deleted),
    "edit synonyms": (edit_synonyms, Reason.SYNONYMS, synonyms_edited),
    "import": (import_over, Reason.IMPORT, imported),
    "verify": (verify, Reason.VERIFICATION, verified),
    "refresh from a followed list": (refresh_from_list, Reason.SUBSCRIPTION, refreshed_from_list),
    "unpublish as gone from a followed list": (gone_from_list, Reason.SUBSCRIPTION, unpublished),
    "detach from a followed list": (detach_from_list, Reason.SUBSCRIPTION, detached),
}


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_write_path_reaches_search_and_the_feed(
    path, meeting, events, django_capture_on_commit_callbacks
):
    change, reason, check = WRITE_PATHS[path]
    feed_entries()  # the feed is built and cached before the change
    version = directory_version()
    with django_capture_on_commit_callbacks(execute=True):
        change(meeting)
    announced = [ids for ids, sent_reason in events if sent_reason == reason]
    assert announced, f"{path} announced no {reason} change"
    if reason == Reason.SYNONYMS:
        assert announced == [set()]  # how listings are found changed, not a listing
    elif reason == Reason.IMPORT:
        assert len(announced[0]) == 1 and meeting.pk not in announced[0]
    else:
        assert meeting.pk in set().union(*announced)
    assert directory_version() > version  # the feed subscriber marked the feed stale
    check(meeting)
