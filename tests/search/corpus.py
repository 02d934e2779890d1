"""A small directory built to exercise every filter, in several time zones.

Built once per test module and committed, so both engines (and the
Elasticsearch index) see the same rows; `remove()` takes it away again.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from directory.models import Category, Location
from tests.factories import (
    ChildcarePageFactory,
    ClassPageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
)

SECTIONS = ("corpus-meetings", "corpus-services")
DENVER = ZoneInfo("America/Denver")
# Sunday 29 November 2026, ten past midnight in Denver: a Saturday 23:30
# meeting there is still going on.
NOW = datetime(2026, 11, 29, 0, 10, tzinfo=DENVER)

# (name, street, city, state, ZIP, lat, lon): real places, exact points.
PLACES = {
    "five_points": (
        "Five Points Hall",
        "2855 Welton St",
        "Denver",
        "CO",
        "80205",
        39.7552,
        -104.9790,
    ),
    "capitol_hill": (
        "Capitol Hill Church",
        "1100 Fillmore St",
        "Denver",
        "CO",
        "80206",
        39.7338,
        -104.9553,
    ),
    "aurora": (
        "Aurora Center",
        "14999 E Alameda Pkwy",
        "Aurora",
        "CO",
        "80012",
        39.7108,
        -104.8126,
    ),
    "boulder": ("Boulder Annex", "1777 Broadway", "Boulder", "CO", "80302", 40.0176, -105.2797),
    "manhattan": ("Chelsea Room", "346 W 20th St", "New York", "NY", "10011", 40.7440, -74.0021),
    "phoenix": (
        "Desert Light Hall",
        "1101 N Central Ave",
        "Phoenix",
        "AZ",
        "85004",
        33.4608,
        -112.0740,
    ),
}


def _location(key):
    name, street, city, state, zip_code, lat, lon = PLACES[key]
    return LocationFactory(
        name=name,
        street_address=street,
        city=city,
        region=state,
        postal_code=zip_code,
        latitude=str(lat),
        longitude=str(lon),
        wheelchair_accessible=key in ("five_points", "aurora", "phoenix"),
    )


def _categories(*slugs):
    return list(Category.objects.filter(slug__in=slugs))


def build():
    """Create the corpus; return {short name: listing}."""
    meetings = ListingIndexPageFactory(title="Corpus meetings", slug="corpus-meetings")
    services = ListingIndexPageFactory(title="Corpus services", slug="corpus-services")
    places = {key: _location(key) for key in PLACES}
    online_area = LocationFactory(
        name="Denver online", street_address="", city="Denver", region="CO", postal_code="80202"
    )
    listings = {}

    def meeting(key, title, where, sessions, types=("O",), categories=("aa",), **extra):
        page = MeetingPageFactory(
            parent=meetings, title=title, slug=key, types=list(types), **extra
        )
        for location in where:
            add_location(page, location)
        for day, start, end in sessions:
            add_session(page, day, start, end)
        page.categories.set(_categories(*categories))
        page.save_revision().publish()
        listings[key] = page
        return page

    meeting(
        "tue_evening_aa",
        "Tuesday Night Hope",
        [places["five_points"]],
        [(2, "19:00", "20:00")],
        types=("O", "D", "X"),
    )
    meeting(
        "sat_late_na",
        "Saturday Late Night Recovery",
        [places["capitol_hill"]],
        [(6, "23:30", None)],
        types=("C",),
        categories=("na",),
    )
    meeting(
        "sun_morning_aa",
        "Sunday Sunrise",
        [places["aurora"]],
        [(0, "07:00", "08:00")],
        types=("O", "B"),
    )
    meeting(
        "women_online",
        "Women in Recovery Online",
        [online_area],
        [(1, "12:00", "13:00"), (3, "12:00", "13:00")],
        types=("W", "O"),
        conference_url="https://example.org/join/women",
        audiences=["women"],
    )
    meeting(
        "hybrid_spanish",
        "Grupo Esperanza",
        [places["five_points"]],
        [(4, "18:30", "19:30")],
        types=("S", "O", "X"),
        conference_url="https://example.org/join/esperanza",
        languages=["es"],
    )
    meeting(
        "closed_tc",
        "Capitol Hill Step Study",
        [places["capitol_hill"]],
        [(5, "17:00", "18:00")],
        types=("C", "ST", "TC"),
        conference_phone="+1 720 555 0199,,12345#",
    )
    meeting(
        "boulder_smart",
        "Boulder SMART Recovery",
        [places["boulder"]],
        [(3, "18:00", "19:30")],
        types=("O",),
        categories=("smart-recovery",),
    )
    meeting(
        "ny_aa",
        "Chelsea Early Risers",
        [places["manhattan"]],
        [(0, "02:05", "03:00")],
        types=("O", "LGBTQ"),
        audiences=["lgbtq"],
    )
    meeting(
        "phoenix_na",
        "Desert Light NA",
        [places["phoenix"]],
        [(6, "23:00", "23:55")],
        types=("O", "X"),
        categories=("na",),
    )
    meeting(
        "al_anon",
        "Family Hope Al-Anon",
        [places["aurora"]],
        [(2, "10:00", "11:00")],
        types=("O",),
        categories=("al-anon", "family-al-anon"),
        audiences=["families"],
    )
    meeting(
        "youth_multi",
        "Young People's Group",
        [places["five_points"], places["aurora"]],
        [(5, "20:00", "21:00"), (6, "20:00", "21:00")],
        types=("Y", "O"),
        audiences=["youth"],
    )

    ride = TransportationPageFactory(
        parent=services,
        title="Rides to Meetings",
        slug="rides",
        wheelchair_vehicles=True,
        by_appointment=True,
    )
    add_location(ride, places["five_points"])
    ride.categories.set(_categories("rides-to-meetings"))
    ride.save_revision().publish()
    listings["rides"] = ride

    care = ChildcarePageFactory(
        parent=services,
        title="Little Steps Childcare",
        slug="care",
        is_free=False,
        cost_description="$5 a session",
        audiences=["families"],
    )
    add_location(care, places["capitol_hill"])
    add_session(care, 2, "18:45", "20:15")
    care.categories.set(_categories("childcare-during-meetings"))
    care.save_revision().publish()
    listings["care"] = care

    course = ClassPageFactory(parent=services, title="Resume Workshop", slug="resume")
    add_location(course, places["aurora"])
    add_session(course, 1, "09:00", "11:00")
    add_session(course, 3, "09:00", "11:00")
    course.categories.set(_categories("job-skills"))
    course.save_revision().publish()
    listings["resume"] = course

    coaching = ServicePageFactory(
        parent=services,
        title="Family Coaching",
        slug="coaching",
        service_type="family_coaching",
        audiences=["families"],
        online_url="https://example.org/coaching",
        languages=["en", "es"],
    )
    coaching.categories.set(_categories("family-coaching"))
    coaching.save_revision().publish()
    listings["coaching"] = coaching

    draft = MeetingPageFactory(parent=meetings, title="Unpublished Draft", slug="draft", live=False)
    add_location(draft, places["five_points"])
    add_session(draft, 2, "19:00", "20:00")
    listings["draft"] = draft
    return listings


def remove():
    """Delete the corpus: its two sections (with their listings) and its locations."""
    from home.models import ListingIndexPage

    for section in ListingIndexPage.objects.filter(slug__in=SECTIONS):
        section.delete()
    Location.objects.filter(listing_links__isnull=True).delete()
