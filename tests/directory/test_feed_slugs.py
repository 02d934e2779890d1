"""Stable slugs: one feed entry per session, whose slug never changes once published."""

import importlib
import json
from datetime import time

from django.apps import apps

import pytest

from directory.models import FeedEntrySlug, FeedSlug, ListingSession, MeetingPage
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


def slugs_by_session(client, title):
    """{(day, "HH:MM"): slug} of one meeting's entries in /meetings.json."""
    entries = json.loads(client.get("/meetings.json").content)
    return {
        (entry["day"], entry["time"]): entry["slug"] for entry in entries if entry["name"] == title
    }


def set_sessions(page, sessions):
    """Replace the page's sessions, as the editor's form does, and publish."""
    ListingSession.objects.filter(page=page).delete()
    for day, start in sessions:
        add_session(page, day, start)
    return publish(MeetingPage.objects.get(pk=page.pk))


@pytest.fixture
def section():
    return ListingIndexPageFactory(parent=ensure_site_tree(), title="Meetings", slug="meetings")


@pytest.fixture
def weekdays(section):
    page = MeetingPageFactory(parent=section, title="Lunch Bunch", slug="lunch-bunch")
    add_location(page, LocationFactory())
    for day in range(1, 6):
        add_session(page, day, "12:00")
    return publish(page)


def test_a_meeting_held_monday_to_friday_is_five_entries(client, weekdays):
    base = f"{weekdays.pk}-lunch-bunch"
    assert FeedSlug.objects.get(page=weekdays).slug == base
    assert slugs_by_session(client, "Lunch Bunch") == {
        (1, "12:00"): base,
        (2, "12:00"): f"{base}-2",
        (3, "12:00"): f"{base}-3",
        (4, "12:00"): f"{base}-4",
        (5, "12:00"): f"{base}-5",
    }


def test_adding_or_removing_a_day_changes_no_other_slug(client, weekdays):
    before = slugs_by_session(client, "Lunch Bunch")
    page = set_sessions(weekdays, [(day, "12:00") for day in range(1, 7)])
    after = slugs_by_session(client, "Lunch Bunch")
    assert {key: after[key] for key in before} == before
    assert after[(6, "12:00")] == f"{FeedSlug.objects.get(page=page).slug}-6"

    set_sessions(page, [(1, "12:00"), (2, "12:00"), (4, "12:00"), (5, "12:00"), (6, "12:00")])
    without_wednesday = slugs_by_session(client, "Lunch Bunch")
    assert (3, "12:00") not in without_wednesday
    assert without_wednesday == {key: slug for key, slug in after.items() if key != (3, "12:00")}
    # A day that comes back has its slug back.
    set_sessions(page, [(day, "12:00") for day in range(1, 7)])
    assert slugs_by_session(client, "Lunch Bunch") == after


def test_a_session_moved_to_another_time_keeps_its_slug(client, weekdays):
    before = slugs_by_session(client, "Lunch Bunch")
    set_sessions(weekdays, [(1, "12:00"), (2, "12:30"), (3, "12:00"), (4, "12:00"), (5, "12:00")])
    after = slugs_by_session(client, "Lunch Bunch")
    assert after[(2, "12:30")] == before[(2, "12:00")]
    assert len(set(after.values())) == 5


def test_a_weekly_meeting_moved_to_another_day_keeps_its_slug(client, section):
    page = MeetingPageFactory(parent=section, title="Thursday Hope")
    add_location(page, LocationFactory())
    add_session(page, 4, "19:00")
    page = publish(page)
    (slug,) = slugs_by_session(client, "Thursday Hope").values()
    assert slug == FeedSlug.objects.get(page=page).slug
    set_sessions(page, [(3, "19:30")])
    assert slugs_by_session(client, "Thursday Hope") == {(3, "19:30"): slug}


def test_a_slug_another_meeting_holds_is_never_taken(client, section, weekdays):
    base = FeedSlug.objects.get(page=weekdays).slug
    other = MeetingPageFactory(parent=section, title="Imported Group")
    add_location(other, LocationFactory())
    add_session(other, 0, "09:00")
    # As an import does: the meeting keeps the slug its own feed gave it.
    FeedSlug.objects.create(page=other, slug=f"{base}-6")
    publish(other)
    set_sessions(weekdays, [(day, "12:00") for day in range(1, 7)])

    saturday = slugs_by_session(client, "Lunch Bunch")[(6, "12:00")]
    assert saturday == f"{base}-6-1200"
    assert slugs_by_session(client, "Imported Group") == {(0, "09:00"): f"{base}-6"}


def test_slugs_published_before_stay_on_their_first_session(client, section):
    """Before one entry per session, a meeting had one entry per time, its days listed."""
    page = MeetingPageFactory(parent=section, title="Weekend Steps")
    add_location(page, LocationFactory())
    for day, start in ((0, "18:00"), (6, "09:00"), (3, "09:00")):
        add_session(page, day, start)
    page = publish(page)
    base = FeedSlug.objects.get(page=page).slug
    FeedEntrySlug.objects.all().delete()  # as before the migration

    migration = importlib.import_module(
        "directory.migrations.0010_feed_entry_slugs_and_service_areas"
    )
    migration.keep_published_slugs(apps, None)

    # Published as "-0900" (Wednesday and Saturday) and "-1800" (Sunday); the
    # meeting's own slug, never published, goes to the first session without one.
    assert slugs_by_session(client, "Weekend Steps") == {
        (0, "18:00"): f"{base}-1800",
        (3, "09:00"): f"{base}-0900",
        (6, "09:00"): base,
    }
    assert FeedEntrySlug.objects.get(slug=f"{base}-0900").start_time == time(9)
