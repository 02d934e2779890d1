"""The demo directory and the synthetic generator: complete, repeatable and valid."""

import hashlib
from datetime import date, time, timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Prefetch
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

import pytest

from demo.bulk import SECTION_SLUG
from demo.spanish import TEXT
from demo.synthetic import build_batch
from directory.choices import Attendance
from directory.geocoding import zip_centroid
from directory.models import (
    LISTING_MODELS,
    ChildcarePage,
    ClassPage,
    DirectorySettings,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
    ServicePage,
    TransportationPage,
)
from feeds.models import FeedPublisher
from home.models import ListingIndexPage
from tests.fixtures.demo import rolled_back

DEMO_SECTIONS = ("meetings", "rides", "childcare", "classes", "support")
FELLOWSHIPS = {
    "aa",
    "na",
    "al-anon",
    "nar-anon",
    "smart-recovery",
    "recovery-dharma",
    "celebrate-recovery",
    "cocaine-anonymous",
    "crystal-meth-anonymous",
}
# Times of day as the directory's filters name them; night runs past midnight.
WINDOWS = {
    "morning": lambda t: time(4) <= t < time(12),
    "midday": lambda t: time(11) <= t < time(17),
    "evening": lambda t: time(16) <= t < time(21),
    "night": lambda t: t >= time(20) or t < time(5),
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for this module, inside a transaction rolled back at the end.

    Loading publishes two hundred pages; once is enough for every test here,
    and each test still runs in its own savepoint on top.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=media):
        output = StringIO()
        call_command("load_demo_directory", stdout=output)
        yield output.getvalue()


def demo_listings(model=ListingPage):
    sections = ListingIndexPage.objects.filter(slug__in=DEMO_SECTIONS, locale__language_code="en")
    pages = model.objects.none()
    for section in sections:
        pages |= model.objects.child_of(section)
    links = Prefetch("listing_locations", ListingLocation.objects.select_related("location"))
    return pages.live().prefetch_related("sessions", links)


def demo_snapshot():
    """Everything a second load could have duplicated or changed."""
    pages = demo_listings().order_by("path")
    content = [
        (
            page.slug,
            page.title,
            page.summary,
            page.last_verified,
            page.organization_id,
            [(s.day, s.start_time, s.end_time) for s in page.sessions.all()],
            [link.location_id for link in page.listing_locations.all()],
            sorted(page.categories.values_list("slug", flat=True)),
        )
        for page in pages
    ]
    return {
        "content": content,
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "locations": sorted(Location.objects.values_list("name", "latitude", "photo_id")),
        "organizations": sorted(Organization.objects.values_list("name", flat=True)),
        "images": sorted(get_image_model().objects.values_list("title", "file_hash")),
    }


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(demo):
    before = demo_snapshot()
    output = StringIO()
    call_command("load_demo_directory", stdout=output)
    assert demo_snapshot() == before
    assert "0 new, 0 updated" in output.getvalue()


@pytest.mark.django_db
def test_demo_has_no_duplicates(demo):
    locations = list(Location.objects.in_directory().values_list("name", flat=True))
    images = list(get_image_model().objects.values_list("title", flat=True))
    slugs = list(demo_listings().values_list("slug", flat=True))
    assert len(locations) == len(set(locations))
    assert len(images) == len(set(images)) == len(locations)
    assert len(slugs) == len(set(slugs))


@pytest.mark.django_db
def test_demo_sections_sit_under_the_home_page(demo):
    sections = ListingIndexPage.objects.filter(
        slug__in=DEMO_SECTIONS, locale__language_code="en"
    ).live()
    assert sorted(s.slug for s in sections) == sorted(DEMO_SECTIONS)
    assert all(s.get_parent().slug == "home" and s.intro for s in sections)


@pytest.mark.django_db
def test_demo_has_enough_of_every_kind(demo):
    assert demo_listings().count() >= 200
    assert demo_listings(MeetingPage).count() >= 120
    assert demo_listings(TransportationPage).count() >= 15
    assert demo_listings(ChildcarePage).count() >= 15
    assert demo_listings(ClassPage).count() >= 20
    family = [
        page
        for page in demo_listings().prefetch_related("categories__parent")
        if "families" in page.audiences
        and any(c.parent and c.parent.slug == "family-support" for c in page.categories.all())
    ]
    assert len(family) >= 20
    services = [p.specific for p in family if isinstance(p.specific, ServicePage)]
    assert {service.service_type for service in services} >= {
        "family_program",
        "family_coaching",
    }


@pytest.mark.django_db
def test_demo_meetings_cover_the_whole_week_and_every_time_of_day(demo):
    sessions = ListingSession.objects.filter(page__in=demo_listings(MeetingPage))
    assert set(sessions.values_list("day", flat=True)) == set(range(7))
    starts = set(sessions.values_list("start_time", flat=True))
    for window, contains in WINDOWS.items():
        assert any(contains(start) for start in starts), window
    assert time(23, 30) in starts


@pytest.mark.django_db
def test_demo_meetings_are_varied(demo):
    meetings = list(demo_listings(MeetingPage).prefetch_related("categories"))
    fellowships = {c.slug for m in meetings for c in m.categories.all()}
    assert fellowships >= FELLOWSHIPS
    attendance = {m.attendance for m in meetings}
    assert attendance == {Attendance.IN_PERSON, Attendance.ONLINE, Attendance.HYBRID}
    spanish = [m for m in meetings if m.languages == ["es"]]
    assert len(spanish) >= 5
    assert all("S" in m.types for m in spanish)
    types = {code for m in meetings for code in m.types}
    assert types >= {"O", "C", "D", "SP", "B", "W", "M", "Y", "X", "BE", "LGBTQ", "S"}


@pytest.mark.django_db
def test_demo_online_meetings_give_a_way_in_and_no_street_address(demo):
    online = [m for m in demo_listings(MeetingPage) if m.attendance == Attendance.ONLINE]
    assert len(online) >= 10
    for meeting in online:
        assert meeting.conference_url.startswith("https://") or meeting.conference_phone
        assert not any(location.street_address for location in meeting.locations)
    hybrid = [m for m in demo_listings(MeetingPage) if m.attendance == Attendance.HYBRID]
    assert hybrid
    assert all(m.conference_url.startswith("https://") for m in hybrid)


@pytest.mark.django_db
def test_the_demo_sets_the_sites_address_from_base_url(demo, settings):
    site = Site.objects.get(is_default_site=True)
    # Migrations leave "localhost", port 80, which made every feed link dead.
    assert site.root_url == settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f"Site address (from BASE_URL): {site.root_url}" in demo

    call_command("load_demo_directory", stdout=StringIO(), base_url="https://meetings.example.org")
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == (
        "meetings.example.org",
        443,
        "https://meetings.example.org",
    )


@pytest.mark.django_db
def test_a_base_url_that_is_no_address_is_refused_in_words(demo):
    with pytest.raises(CommandError, match="not a web address"):
        call_command("load_demo_directory", stdout=StringIO(), base_url="meetings")


@pytest.mark.django_db
def test_the_demo_fills_the_feeds_publisher_and_service_area(demo):
    site = Site.objects.get(is_default_site=True)
    publisher = FeedPublisher.objects.get(site=site)
    for field in ("entity", "entity_email", "entity_location", "entity_phone", "entity_url"):
        assert getattr(publisher, field), field
    assert DirectorySettings.load().service_area == "Denver, CO, USA"
    # Online meetings without a place are listed somewhere: in the service area, or
    # their organization's.
    placeless = [
        m
        for m in demo_listings(MeetingPage)
        if m.attendance == Attendance.ONLINE and not m.locations
    ]
    assert placeless
    areas = {m.organization.service_area for m in placeless if m.organization.service_area}
    assert areas == {"Boulder, CO, USA"}


@pytest.mark.django_db
def test_demo_listings_pass_the_model_and_form_rules(demo):
    for page in demo_listings():
        page = page.specific
        page.full_clean()
        online = any(getattr(page, name) for name in page.online_access_fields)
        if page.needs_place:
            assert page.locations or online, page.title
        if page.locations and not online:
            assert page.in_person_locations, page.title
        if page.needs_schedule:
            assert page.sessions.exists() or page.by_appointment, page.title
        assert " " not in page.contact_name.strip(), "contacts give first names only"
        assert page.live_revision_id is not None, "published through a revision"


@pytest.mark.django_db
def test_demo_verification_dates_leave_some_to_check(demo):
    pages = list(demo_listings())
    today = timezone.localdate()
    recent = [p for p in pages if p.last_verified and p.last_verified >= today - timedelta(180)]
    overdue = [p for p in pages if p.last_verified and p.last_verified < today - timedelta(180)]
    never = [p for p in pages if p.last_verified is None]
    assert len(recent) > len(pages) * 0.9
    assert len(overdue) >= 5
    assert never
    assert all(p.needs_verification for p in overdue + never)
    assert not any(p.needs_verification for p in recent)


@pytest.mark.django_db
def test_demo_locations_are_shared_photographed_and_placed_by_zip(demo):
    locations = list(Location.objects.in_directory().prefetch_related("listing_links"))
    assert 40 <= len(locations) <= 60
    shared = [loc for loc in locations if loc.listing_links.count() >= 2]
    assert len(shared) >= 20
    for location in locations:
        centroid = zip_centroid(location.postal_code)
        assert location.photo is not None
        assert location.timezone == "America/Denver"
        assert (location.latitude, location.longitude) == (centroid.latitude, centroid.longitude)
        assert location.postal_code.startswith("80")
    assert any(not loc.street_address for loc in locations), "approximate online areas"


@pytest.mark.django_db
def test_demo_pages_render(demo, client):
    for model in LISTING_MODELS:
        for page in list(demo_listings(model).order_by("path"))[::9][:3]:
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert escape(page.title) in response.content.decode()
    assert client.get("/meetings/").status_code == 200


@pytest.mark.django_db
def test_every_kind_of_demo_page_works_in_spanish(demo, client):
    from directory.translations import in_default_locale
    from home.models import BrowsePage
    from tests.languages import english_left

    paths = ["/es/", "/es/search/?near=80205", "/es/happening-now/?near=80205"]
    sections = in_default_locale(ListingIndexPage.objects.live())
    paths += [f"/es{page.url}" for page in sections]
    paths += [f"/es{page.url}print/" for page in sections]
    paths += [f"/es{page.url}" for page in in_default_locale(BrowsePage.objects.live())]
    for model in LISTING_MODELS:
        paths += [f"/es{page.url}" for page in list(demo_listings(model).order_by("path"))[::9][:3]]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path  # print/ of a section without meetings
        left = english_left(response.content.decode())
        assert {(where, text) for where, text, _words in left} == set(), path


@pytest.mark.django_db
def test_the_demo_is_translated_into_spanish_as_staff_would(demo, client):
    from directory.models import Category
    from directory.translations import in_default_locale
    from home.models import BrowsePage, HomePage

    spanish = Locale.objects.get(language_code="es")
    listings = list(demo_listings())
    held_in_spanish = [page for page in listings if "es" in page.languages]
    translated = [page for page in listings if page.has_translation(spanish)]
    assert len(translated) >= 20
    assert set(held_in_spanish) <= set(translated)
    pages = [
        *in_default_locale(HomePage.objects.all()),
        *in_default_locale(ListingIndexPage.objects.filter(slug__in=DEMO_SECTIONS)),
        *in_default_locale(BrowsePage.objects.all()),
        *translated,
    ]
    for page in pages:
        translation = page.get_translation(spanish).specific
        assert translation.live, page
        # Each string went through wagtail-localize's PO file: the translator's words
        # where demo.spanish has them, else the source's (titles written in Spanish).
        assert translation.title == TEXT.get(page.title, page.title), page
        if isinstance(page, ListingPage):
            assert translation.summary == TEXT[page.specific.summary], page
    categories = list(Category.objects.in_directory())
    assert all(category.has_translation(spanish) for category in categories)
    assert Category.objects.get(slug="aa", locale=spanish).name == "Alcohólicos Anónimos (AA)"
    # The places of the listings held in Spanish: names where they differ, and notes.
    places = {place for page in held_in_spanish for place in page.specific.locations}
    assert places
    for place in places:
        translation = place.get_translation(spanish)
        assert translation.live, place
        assert translation.name == TEXT.get(place.name, place.name), place
        assert translation.accessibility_notes == TEXT.get(
            place.accessibility_notes, place.accessibility_notes
        ), place
        assert translation.street_address == place.street_address
    assert any(place.accessibility_notes in TEXT for place in places)

    body = client.get("/es/").content.decode()
    assert "<h1>Encuentre reuniones y apoyo cerca de usted</h1>" in body
    renacer = client.get("/es/meetings/grupo-renacer-aa/").content.decode()
    assert "Una reunión abierta de AA" in renacer
    held_at = ListingPage.objects.in_directory().get(slug="grupo-renacer-aa").specific.locations[0]
    assert TEXT[held_at.accessibility_notes] in renacer
    results = client.get("/es/search/?q=cuidado+de+ni%C3%B1os+s%C3%A1bados").content.decode()
    assert "Cuidado de niños los sábados por la mañana" in results

    # Loading again translates nothing more.
    output = StringIO()
    call_command("load_demo_directory", stdout=output)
    assert "Translated into Spanish by this load: 0" in output.getvalue()


# The generator


def generate(count, seed, *extra):
    output = StringIO()
    call_command("generate_directory", *extra, count=count, seed=seed, stdout=output)
    return output.getvalue()


def generated_section():
    return ListingIndexPage.objects.get(slug=SECTION_SLUG)


def generated_pages():
    return ListingPage.objects.child_of(generated_section()).order_by("path")


def fingerprint():
    """A digest of every generated row that should follow from the count and seed."""
    rows = []
    for page in generated_pages().prefetch_related(
        "sessions", "listing_locations__location", "categories"
    ):
        specific = page.specific
        own = {f.attname: getattr(specific, f.attname) for f in type(specific)._meta.local_fields}
        own.pop("listingpage_ptr_id")
        rows.append(
            (
                page.title,
                page.slug,
                page.kind,
                page.summary,
                page.languages,
                page.last_verified,
                sorted(own.items()),
                [(s.day, s.start_time, s.end_time) for s in page.sessions.all()],
                [
                    (
                        link.location.name,
                        link.location.street_address,
                        link.location.postal_code,
                        link.location.latitude,
                        link.location.longitude,
                        link.location.timezone,
                    )
                    for link in page.listing_locations.all()
                ],
                [c.slug for c in page.categories.all()],
            )
        )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_generator_adds_exactly_the_count_and_reports_its_speed():
    output = generate(50, 3)
    assert generated_pages().count() == 50
    assert generated_pages().live().count() == 50
    assert "listings a second" in output
    kinds = set(generated_pages().values_list("kind", flat=True))
    assert "meeting" in kinds and len(kinds) >= 3


@pytest.mark.django_db
def test_generator_is_repeatable_and_the_seed_matters():
    today = date(2025, 1, 15)
    assert build_batch(50, 11, today) == build_batch(50, 11, today)
    assert build_batch(50, 11, today) != build_batch(50, 12, today)

    locations_before = Location.objects.count()
    generate(50, 11)
    first = fingerprint()
    generate(50, 11, "--replace")
    assert fingerprint() == first
    assert generated_pages().count() == 50
    generate(50, 12, "--replace")
    assert fingerprint() != first
    generate(1, 12, "--replace")
    assert Location.objects.count() <= locations_before + 1, "replaced batches leave no places"


@pytest.mark.django_db
def test_generated_pages_form_a_valid_tree():
    generate(40, 5)
    generate(25, 6)  # another batch goes after the first
    section = generated_section()
    pages = list(generated_pages())
    assert Page.find_problems() == ([], [], [], [], [])
    assert section.numchild == len(pages) == 65
    assert section.get_children().count() == 65
    assert len({p.slug for p in pages}) == 65
    assert len({p.translation_key for p in pages}) == 65
    locale = Locale.get_default()
    for page in pages:
        assert page.get_parent().specific == section
        assert page.url_path == f"{section.url_path}{page.slug}/"
        assert page.draft_title == page.title
        assert page.locale_id == locale.pk
        assert page.live and not page.has_unpublished_changes
        assert page.specific_class in LISTING_MODELS
        assert page.content_type.model_class() is page.specific_class


@pytest.mark.django_db
def test_generated_listings_pass_the_model_rules():
    generate(60, 9)
    for page in generated_pages():
        page = page.specific
        page.full_clean()
        for session in page.sessions.all():
            session.full_clean(exclude=["page"])
        for location in page.locations:
            location.full_clean()
        online = any(getattr(page, name) for name in page.online_access_fields)
        if page.needs_place:
            assert page.locations or online, page.title
        if page.needs_schedule:
            assert page.sessions.exists() or page.by_appointment, page.title


@pytest.mark.django_db
def test_generated_pages_render(client):
    generate(60, 4)
    seen = set()
    for page in generated_pages():
        if page.kind in seen:
            continue
        seen.add(page.kind)
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title) in response.content.decode()
    assert len(seen) >= 4


@pytest.mark.django_db
def test_replacing_a_batch_removes_its_search_documents(settings):
    from search.models import SearchDocument

    settings.ELASTICSEARCH_URL = ""  # the database engine's documents only
    generate(30, 2)
    call_command("directory_index", "rebuild", "--no-progress", stdout=StringIO())
    replaced = list(generated_pages().values_list("pk", flat=True))
    assert SearchDocument.objects.filter(listing_id__in=replaced).count() == 30
    output = generate(20, 3, "--replace")
    assert "Deleted 30 generated listings" in output
    assert generated_pages().count() == 20
    assert not SearchDocument.objects.filter(listing_id__in=replaced).exists()
    connection.check_constraints()  # no row points at a deleted page
