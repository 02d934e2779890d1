"""A few published listings for the public-page tests, with sessions relative to now."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from directory.models import Category
from search.indexing import rebuild_documents
from tests.factories import (
    ChildcarePageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

DENVER = ZoneInfo("America/Denver")


def weekday(moment):
    return (moment.weekday() + 1) % 7


def build():
    """Meetings in Denver (one under way now, one starting soon), childcare, and sections."""
    home = ensure_site_tree()
    meetings = ListingIndexPageFactory(
        parent=home, title="Meetings", slug="meetings", show_in_menus=True
    )
    care_section = ListingIndexPageFactory(
        parent=home, title="Childcare", slug="childcare", show_in_menus=True
    )
    hall = LocationFactory(
        name="Five Points Hall",
        street_address="2855 Welton St",
        postal_code="80205",
        latitude="39.7552",
        longitude="-104.9790",
        wheelchair_accessible=True,
    )
    church = LocationFactory(
        name="Capitol Hill Church",
        street_address="1100 Fillmore St",
        postal_code="80206",
        latitude="39.7338",
        longitude="-104.9553",
    )
    now = timezone.now().astimezone(DENVER).replace(second=0, microsecond=0)
    listings = {}

    def meeting(key, title, location, start, types=("O",), category="na", **extra):
        page = MeetingPageFactory(
            parent=meetings, title=title, slug=key, types=list(types), **extra
        )
        add_location(page, location)
        add_session(page, weekday(start), start.time())
        page.categories.set(Category.objects.filter(slug=category))
        page.save_revision().publish()
        listings[key] = page

    meeting("now", "Happening Now Group", hall, now - timedelta(minutes=10), types=("O", "X"))
    meeting("soon", "Starting Soon Group", church, now + timedelta(minutes=30), category="aa")
    meeting(
        "later",
        "Tuesday Night Hope",
        hall,
        now + timedelta(days=2),
        types=("O", "D"),
        category="aa",
    )
    care = ChildcarePageFactory(
        parent=care_section,
        title="Little Steps Childcare",
        slug="little-steps",
        audiences=["families"],
    )
    add_location(care, church)
    add_session(care, weekday(now + timedelta(days=1)), "18:00", "20:00")
    care.save_revision().publish()
    listings["care"] = care
    rebuild_documents()
    return listings
