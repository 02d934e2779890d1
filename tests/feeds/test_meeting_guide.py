"""/meetings.json: the Meeting Guide feed, checked against the spec's rules."""

import gzip
import json
import re
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Site

import pytest

from directory.models import DirectorySettings, FeedSlug, Location, MeetingPage
from feeds.models import FeedPublisher
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    OrganizationFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

FEED = "/meetings.json"
TYPES = Path(settings.BASE_DIR) / "directory" / "meeting_guide" / "types.json"
SLUG = re.compile(r"^[a-z0-9-]+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
UPDATED = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$"
)
CONFERENCE = (
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
)


def reserved_types():
    return set(json.loads(TYPES.read_text(encoding="utf-8")))


def assert_valid_day(day):
    assert isinstance(day, int) and not isinstance(day, bool)
    assert 0 <= day <= 6


def assert_valid_entry(entry, reserved, zones):
    """The spec's rules for one meeting object, checked without the app's code."""
    name = entry.get("name")
    assert isinstance(name, str) and name.strip() and len(name) <= 255, entry
    slug = entry.get("slug")
    assert isinstance(slug, str) and SLUG.match(slug) and len(slug) <= 64, entry
    if "day" in entry:
        # One day per entry: TSML UI 1.8 mishandles feeds with several day arrays.
        assert_valid_day(entry["day"])
        assert TIME.match(entry["time"]), entry
    else:
        assert "time" not in entry and "end_time" not in entry, entry
    if "end_time" in entry:
        assert TIME.match(entry["end_time"]), entry
    if "timezone" in entry:
        assert entry["timezone"] in zones, entry
    types = entry.get("types", [])
    assert isinstance(types, list) and len(set(types)) == len(types), entry
    # Reserved codes, or a meeting's own (allowed; apps ignore codes they do not know).
    assert all(isinstance(code, str) and code and code == code.strip() for code in types), entry
    if "updated" in entry:
        assert UPDATED.match(entry["updated"]), entry
    online = bool(entry.get("conference_url") or entry.get("conference_phone"))
    if not online:
        assert not any(field in entry for field in CONFERENCE), entry
    if "conference_url" in entry:
        assert entry["conference_url"].startswith("https://"), entry
    if "conference_phone" in entry:
        assert re.match(r"^\+?[0-9,*#]+$", entry["conference_phone"]), entry
    if "contact_1_name" in entry:
        assert " " not in entry["contact_1_name"].strip() and entry["contact_1_name"], entry
    if "approximate" in entry:
        assert entry["approximate"] in ("yes", "no"), entry
    if not entry.get("address"):
        # Without a street address a place is only an area, and has no map point.
        assert entry.get("approximate", "yes") == "yes", entry
        assert "latitude" not in entry and "longitude" not in entry, entry
    else:
        # With one it is somewhere to go, however exact its map point.
        assert entry.get("approximate", "no") == "no", entry
    if "approximate" in entry:
        assert entry.get("formatted_address"), entry
    assert ("latitude" in entry) == ("longitude" in entry), entry
    for field in ("latitude", "longitude"):
        if field in entry:
            assert isinstance(entry[field], int | float), entry
            assert round(entry[field], 5) == entry[field], entry
    if "regions" in entry:
        assert isinstance(entry["regions"], list) and all(entry["regions"]), entry
    for field in ("url", "feedback_url", "edit_url", "entity_url", "website"):
        if field in entry:
            assert entry[field].startswith(("http://", "https://")), entry
    # Clients show a contact's email or phone only beside a name.
    if "contact_1_email" in entry or "contact_1_phone" in entry:
        assert entry.get("contact_1_name"), entry


def assert_valid_feed(entries):
    assert isinstance(entries, list)
    reserved, zones = reserved_types(), zoneinfo.available_timezones()
    for entry in entries:
        assert_valid_entry(entry, reserved, zones)
    slugs = [entry["slug"] for entry in entries]
    assert len(set(slugs)) == len(slugs), "slugs must be unique"
    assert slugs == sorted(slugs)


def get_feed(client, **headers):
    return client.get(FEED, headers=headers)


def entries_of(response):
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    entries = json.loads(body)
    assert_valid_feed(entries)
    return entries


def by_name(entries):
    found = {}
    for entry in entries:
        found.setdefault(entry["name"], []).append(entry)
    return found


def publish(page):
    page.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


@pytest.fixture
def meetings(db):
    home = ensure_site_tree()
    section = ListingIndexPageFactory(parent=home, title="Meetings", slug="meetings")
    hall = LocationFactory(
        name="Five Points Hall",
        street_address="2855 Welton St",
        postal_code="80205",
        latitude="39.7552",
        longitude="-104.9790",
        accessibility_notes="Ramp at the side door; room 2.",
    )
    area = LocationFactory(name="Online (Denver)", street_address="", postal_code="80205")

    def meeting(title, sessions=(), place=None, **fields):
        page = MeetingPageFactory(parent=section, title=title, **fields)
        if place is not None:
            add_location(page, place)
        for day, start, end in sessions:
            add_session(page, day, start, end)
        return publish(page)

    pages = {
        "in_person": meeting(
            "Tuesday Night Hope",
            [(2, "19:00", "20:00")],
            hall,
            types=["O", "D"],
            contact_name="Maria Lopez",
            contact_email="maria@example.org",
            contact_phone="303-555-0142",
            group_name="Five Points Group",
        ),
        "online": meeting(
            "Online Serenity",
            [(4, "18:30", "19:30")],
            area,
            types=["C"],
            conference_url="https://zoom.us/j/123456789",
            conference_url_notes="Password: hope",
            conference_phone="+1 720 555 0199,,123456789#",
            timezone="America/Denver",
        ),
        "hybrid": meeting(
            "Hybrid Big Book",
            [(6, "10:00", "11:00")],
            hall,
            types=["B"],
            conference_url="https://meet.example.org/big-book",
        ),
        "two_days": meeting("Noon Recovery", [(1, "12:00", "13:00"), (3, "12:00", "13:00")], hall),
        "two_times": meeting(
            "Weekend Steps", [(6, "09:00", "10:00"), (0, "18:00", None)], hall, types=["ST"]
        ),
        "appointment": meeting("Sponsorship by appointment", (), hall, by_appointment=True),
    }
    gone = meeting("Closed Group", [(5, "20:00", "21:00")], hall)
    gone.unpublish()
    pages["unpublished"] = gone
    return pages


def test_feed_holds_every_published_meeting_in_the_format(client, meetings):
    response = get_feed(client)
    assert response["Content-Type"].startswith("application/json")
    entries = by_name(entries_of(response))

    assert "Closed Group" not in entries
    assert len(entries) == 6

    (hope,) = entries["Tuesday Night Hope"]
    page = meetings["in_person"]
    assert hope["day"] == 2 and hope["time"] == "19:00" and hope["end_time"] == "20:00"
    assert hope["timezone"] == "America/Denver"
    assert hope["types"] == ["D", "O"]
    assert hope["formatted_address"] == "2855 Welton St, Denver, CO 80205, USA"
    assert (hope["address"], hope["city"], hope["state"], hope["postal_code"]) == (
        "2855 Welton St",
        "Denver",
        "CO",
        "80205",
    )
    assert hope["approximate"] == "no"
    # The place's own point, set in the location editor.
    assert (hope["latitude"], hope["longitude"]) == (39.7552, -104.979)
    assert hope["location"] == "Five Points Hall"
    assert hope["location_notes"] == "Ramp at the side door; room 2."
    assert hope["regions"] == ["Colorado", "Denver"]
    assert hope["group"] == "Five Points Group"
    assert hope["contact_1_name"] == "Maria"
    assert hope["contact_1_email"] == "maria@example.org"
    assert "email" not in hope
    assert hope["url"] == page.get_full_url()
    assert hope["feedback_url"].endswith(f"/report/{page.pk}/")
    assert hope["edit_url"] == f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/"
    assert hope["entity"] == "Recovery Resource Directory"
    assert hope["updated"] == page.last_published_at.astimezone(zoneinfo.ZoneInfo("UTC")).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert not any(field in hope for field in CONFERENCE)

    (online,) = entries["Online Serenity"]
    assert online["conference_url"] == "https://zoom.us/j/123456789"
    assert online["conference_url_notes"] == "Password: hope"
    assert online["conference_phone"] == "+17205550199,,123456789#"
    assert online["approximate"] == "yes"
    assert "address" not in online and "latitude" not in online
    assert online["formatted_address"] == "Denver, CO 80205, USA"
    assert online["regions"] == ["Colorado", "Denver"]

    (hybrid,) = entries["Hybrid Big Book"]
    assert hybrid["conference_url"] == "https://meet.example.org/big-book"
    assert hybrid["approximate"] == "no" and hybrid["address"] == "2855 Welton St"

    # One entry per session, each with its own slug.
    noon = entries["Noon Recovery"]
    assert [(entry["day"], entry["time"]) for entry in noon] == [(1, "12:00"), (3, "12:00")]
    base = FeedSlug.objects.get(page=meetings["two_days"]).slug
    assert [entry["slug"] for entry in noon] == [base, f"{base}-3"]

    weekend = entries["Weekend Steps"]
    assert len(weekend) == 2
    assert {(entry.get("day"), entry["time"]) for entry in weekend} == {(6, "09:00"), (0, "18:00")}
    assert len({entry["slug"] for entry in weekend}) == 2
    sunday = next(entry for entry in weekend if entry["day"] == 0)
    assert "end_time" not in sunday

    (appointment,) = entries["Sponsorship by appointment"]
    assert "day" not in appointment and "time" not in appointment
    assert appointment["slug"] == FeedSlug.objects.get(page=meetings["appointment"]).slug


def test_slugs_stay_the_same_when_a_meeting_is_renamed(client, meetings):
    before = by_name(entries_of(get_feed(client)))
    for key in ("two_times", "in_person"):
        page = meetings[key]
        page.title = f"{page.title} renamed"
        page.slug = f"{page.slug}-renamed"
        publish(page)
    after = by_name(entries_of(get_feed(client)))
    for name in ("Weekend Steps", "Tuesday Night Hope"):
        old = sorted(entry["slug"] for entry in before[name])
        new = sorted(entry["slug"] for entry in after[f"{name} renamed"])
        assert new == old
        assert all("renamed" not in slug for slug in new)


def test_gzip_when_the_client_accepts_it(client, meetings):
    plain = get_feed(client)
    zipped = get_feed(client, accept_encoding="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in plain


def test_headers_for_apps_and_caches(client, meetings):
    response = get_feed(client)
    assert response["Access-Control-Allow-Origin"] == "*"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=60"}
    assert response["ETag"]
    assert response["Last-Modified"]
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_not_modified_answers(client, meetings):
    first = get_feed(client)
    again = get_feed(client, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = get_feed(client, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    zipped = get_feed(client, accept_encoding="gzip")
    assert get_feed(client, if_none_match=zipped["ETag"]).status_code == 304


def test_an_edit_shows_at_once(client, meetings):
    first = get_feed(client)
    page = meetings["in_person"]
    page.notes = "Now meets in the basement."
    publish(page)
    second = get_feed(client, if_none_match=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    (hope,) = by_name(entries_of(second))["Tuesday Night Hope"]
    assert hope["notes"] == "Now meets in the basement."


def test_a_location_edit_shows_at_once(client, meetings):
    first = get_feed(client)
    hall = meetings["in_person"].locations[0]
    hall.accessibility_notes = "Elevator to the second floor."
    hall.save()
    second = get_feed(client, if_none_match=first["ETag"])
    assert second.status_code == 200
    (hope,) = by_name(entries_of(second))["Tuesday Night Hope"]
    assert hope["location_notes"] == "Elevator to the second floor."


def test_an_edit_without_signals_shows_at_once(client, meetings):
    """As when another process made the edit: its signals never reach this cache."""
    entries_of(get_feed(client))
    hall = meetings["in_person"].locations[0]
    Location.objects.filter(pk=hall.pk).update(name="Welton Street Hall")
    (hope,) = by_name(entries_of(get_feed(client)))["Tuesday Night Hope"]
    assert hope["location"] == "Welton Street Hall"


def test_publisher_setting(client, meetings):
    site = Site.objects.get(is_default_site=True)
    entries_of(get_feed(client))
    FeedPublisher.objects.update_or_create(
        site=site,
        defaults={
            "entity": "Five Points Recovery Center",
            "entity_email": "hello@example.org",
            "entity_location": "Denver, Colorado",
            "entity_phone": "303-555-0100",
            "entity_url": "https://example.org/",
        },
    )
    for entry in entries_of(get_feed(client)):
        assert entry["entity"] == "Five Points Recovery Center"
        assert entry["entity_email"] == "hello@example.org"
        assert entry["entity_location"] == "Denver, Colorado"
        assert entry["entity_phone"] == "303-555-0100"
        assert entry["entity_url"] == "https://example.org/"


def test_unpublishing_removes_the_meeting_at_once(client, meetings):
    assert "Noon Recovery" in by_name(entries_of(get_feed(client)))
    meetings["two_days"].unpublish()
    assert "Noon Recovery" not in by_name(entries_of(get_feed(client)))


def test_the_demo_directory_feed_is_valid(client, db):
    ensure_site_tree()
    call_command("load_demo_directory", verbosity=0)
    entries = entries_of(get_feed(client))
    assert len({entry["url"] for entry in entries}) >= 120
    assert len(entries) >= 120
    assert any("conference_url" in entry for entry in entries)


@pytest.mark.django_db
def test_every_page_advertises_the_feed(client):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/json" title="Meetings Feed" '
        'href="/meetings.json">' in html
    )


# The kept bodies: gzip, validators and the cache


@pytest.fixture
def builds(monkeypatch):
    """How many times the feed's entries were built from the database."""
    from feeds import meeting_guide

    calls = []
    original = meeting_guide.build_entries

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(meeting_guide, "build_entries", counted)
    return calls


def test_the_gzipped_body_is_the_raw_body(client, meetings):
    zipped = get_feed(client, accept_encoding="gzip, deflate, br")
    plain = get_feed(client)
    assert zipped.status_code == plain.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    for response in (zipped, plain):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"].startswith("application/json")
        assert int(response["Content-Length"]) == len(response.content)
    assert_valid_feed(json.loads(plain.content))


@pytest.mark.parametrize(
    ("accept", "zipped"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(client, meetings, accept, zipped):
    response = get_feed(client, accept_encoding=accept) if accept else get_feed(client)
    assert (response.get("Content-Encoding") == "gzip") is zipped
    entries_of(response)


def test_one_weak_etag_for_both_encodings(client, meetings):
    zipped = get_feed(client, accept_encoding="gzip")
    plain = get_feed(client)
    assert zipped["ETag"] == plain["ETag"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', zipped["ETag"])
    assert zipped["Last-Modified"] == plain["Last-Modified"]


@pytest.mark.parametrize("encoding", ["gzip", None])
def test_not_modified_for_either_encoding(client, meetings, encoding):
    asked = {"accept_encoding": encoding} if encoding else {}
    first = get_feed(client, **asked)
    assert first.status_code == 200
    for validator in (
        {"if_none_match": first["ETag"]},
        # A strong form of the tag, as some clients send back, compares weakly too.
        {"if_none_match": first["ETag"].removeprefix("W/")},
        {"if_none_match": f'"other", {first["ETag"]}'},
        {"if_none_match": "*"},
        {"if_modified_since": first["Last-Modified"]},
    ):
        again = get_feed(client, **asked, **validator)
        assert again.status_code == 304, validator
        assert again.content == b""
        assert "Content-Encoding" not in again
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]
        assert "Accept-Encoding" in again["Vary"]
        assert again["Access-Control-Allow-Origin"] == "*"
    changed = get_feed(client, **asked, if_none_match='W/"0123456789abcdef0123456789abcdef"')
    assert changed.status_code == 200
    if encoding:
        assert gzip.decompress(changed.content) == get_feed(client).content


def test_the_feed_is_built_once_for_every_encoding_and_answer(client, meetings, builds):
    site = Site.objects.get(is_default_site=True)
    assert not FeedPublisher.objects.filter(site=site).exists()
    first = get_feed(client, accept_encoding="gzip")
    assert len(builds) == 1
    get_feed(client)
    get_feed(client, accept_encoding="gzip")
    get_feed(client, if_none_match=first["ETag"])
    get_feed(client, accept_encoding="gzip", if_none_match=first["ETag"])
    assert len(builds) == 1
    # Reading the publisher's details creates no setting, which would be an edit.
    assert not FeedPublisher.objects.filter(site=site).exists()


def test_a_draft_of_a_published_meeting_changes_nothing(client, meetings, builds):
    first = get_feed(client)
    page = meetings["in_person"]
    page.notes = "Draft: moving to the basement."
    page.save_revision()
    again = get_feed(client)
    assert len(builds) == 1
    assert again["ETag"] == first["ETag"]
    (hope,) = by_name(entries_of(again))["Tuesday Night Hope"]
    assert "notes" not in hope or "basement" not in hope["notes"]


def test_a_rebuild_of_the_same_data_keeps_the_validators(client, meetings, builds):
    from feeds.meeting_guide import bump_directory_version

    first = get_feed(client)
    bump_directory_version()
    again = get_feed(client, if_none_match=first["ETag"])
    assert len(builds) == 2
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_other_users_of_the_default_cache_leave_the_feed_alone(client, meetings, builds):
    from django.core.cache import cache

    first = get_feed(client, accept_encoding="gzip")
    for number in range(1_000):
        cache.set(f"filler:{number}", number)
    again = get_feed(client, accept_encoding="gzip")
    assert len(builds) == 1
    assert again.content == first.content


def test_a_lost_body_is_built_again(client, meetings, builds):
    from feeds.meeting_guide import BODY_KEY, STATE_KEY, feed_cache

    first = get_feed(client)
    site = Site.objects.get(is_default_site=True)
    state = feed_cache().get(STATE_KEY.format(site=site.pk))
    digest = first["ETag"][3:-1]
    assert state["digest"] == digest
    feed_cache().delete(BODY_KEY.format(site=site.pk, digest=digest, encoding="gzip"))
    zipped = get_feed(client, accept_encoding="gzip")
    assert len(builds) == 2
    assert gzip.decompress(zipped.content) == first.content
    assert zipped["ETag"] == first["ETag"]


def test_only_the_current_build_is_kept(client, meetings):
    """The replaced build's bodies expire a while later (test_feed_builds proves it on Redis)."""
    from feeds.meeting_guide import BODY_KEY, STATE_KEY, feed_cache

    site = Site.objects.get(is_default_site=True)
    first = get_feed(client)
    old = first["ETag"][3:-1]
    page = meetings["in_person"]
    page.notes = "Now meets in the basement."
    publish(page)
    second = get_feed(client)
    new = second["ETag"][3:-1]
    assert new != old
    assert feed_cache().get(STATE_KEY.format(site=site.pk))["digest"] == new
    for encoding in ("identity", "gzip"):
        assert feed_cache().get(BODY_KEY.format(site=site.pk, digest=new, encoding=encoding))


# What the clients people embed need: TSML UI and the Meeting Guide app


@pytest.fixture
def section(db):
    return ListingIndexPageFactory(parent=ensure_site_tree(), title="Meetings", slug="meetings")


def online_meeting(section, title, **fields):
    page = MeetingPageFactory(
        parent=section, title=title, conference_url="https://zoom.us/j/555000111", **fields
    )
    add_session(page, 3, "20:00", "21:00")
    return publish(page)


def test_an_online_meeting_without_a_place_is_placed_in_the_service_area(client, section):
    settings_row = DirectorySettings.load()
    settings_row.service_area = "Denver, CO, USA"
    settings_row.save()
    online_meeting(section, "Online Hope")

    (entry,) = entries_of(get_feed(client))
    assert entry["formatted_address"] == "Denver, CO, USA"
    assert entry["approximate"] == "yes"
    assert entry["regions"] == ["Colorado", "Denver"]
    assert not {"address", "latitude", "longitude", "location"} & set(entry)


def test_an_organizations_area_overrides_the_service_area(client, section):
    DirectorySettings.objects.update_or_create(defaults={"service_area": "Denver, CO, USA"})
    boulder = OrganizationFactory(service_area="Boulder, CO, USA")
    online_meeting(section, "Boulder Online", organization=boulder)
    online_meeting(section, "Denver Online")

    entries = by_name(entries_of(get_feed(client)))
    assert entries["Boulder Online"][0]["formatted_address"] == "Boulder, CO, USA"
    assert entries["Boulder Online"][0]["district"] == boulder.name
    assert entries["Denver Online"][0]["formatted_address"] == "Denver, CO, USA"


def test_a_locations_area_overrides_the_organizations(client, section):
    boulder = OrganizationFactory(service_area="Boulder, CO, USA")
    page = MeetingPageFactory(
        parent=section, title="Aurora Online", organization=boulder, conference_phone="+17205550100"
    )
    add_session(page, 1, "07:00")
    add_location(page, street_address="", city="Aurora", postal_code="80010", name="Aurora")
    publish(page)

    (entry,) = entries_of(get_feed(client))
    assert entry["formatted_address"] == "Aurora, CO 80010, USA"
    assert entry["approximate"] == "yes"
    assert entry["regions"] == ["Colorado", "Aurora"]


def test_without_any_area_an_online_meeting_has_no_place(client, section):
    online_meeting(section, "Nowhere Online")
    (entry,) = entries_of(get_feed(client))
    assert not {"formatted_address", "approximate", "regions"} & set(entry)


def test_a_service_area_edit_shows_at_once(client, section):
    online_meeting(section, "Online Hope")
    entries_of(get_feed(client))
    settings_row = DirectorySettings.load()
    settings_row.service_area = "Golden, CO, USA"
    settings_row.save()
    (entry,) = entries_of(get_feed(client))
    assert entry["formatted_address"] == "Golden, CO, USA"


def test_a_zip_codes_centre_is_never_sent_as_the_places_point(client, section):
    """Clients route people to the point they are given; without one they geocode the address."""
    at_zip = LocationFactory(
        name="Arvada Hall",
        street_address="1420 Columbine Court",
        city="Arvada",
        postal_code="80002",
    )
    assert at_zip.coordinates_approximate and at_zip.latitude is not None
    exact = LocationFactory(name="Welton Hall", latitude=39.7552, longitude=-104.979)
    for title, place in (("At the ZIP", at_zip), ("Exact", exact)):
        page = MeetingPageFactory(parent=section, title=title)
        add_session(page, 2, "19:00")
        add_location(page, place)
        publish(page)

    entries = by_name(entries_of(get_feed(client)))
    (zip_only,) = entries["At the ZIP"]
    assert zip_only["approximate"] == "no"
    assert zip_only["formatted_address"] == "1420 Columbine Court, Arvada, CO 80002, USA"
    assert "latitude" not in zip_only and "longitude" not in zip_only
    (exact_entry,) = entries["Exact"]
    assert (exact_entry["latitude"], exact_entry["longitude"]) == (39.7552, -104.979)


def test_regions_keep_same_named_cities_of_different_states_apart(client, section):
    for state, postal in (("TX", "76010"), ("VT", "05250"), ("IL", "61312")):
        place = LocationFactory(
            name=f"Arlington Hall {state}", city="Arlington", region=state, postal_code=postal
        )
        page = MeetingPageFactory(parent=section, title=f"Arlington {state}")
        add_session(page, 2, "19:00")
        add_location(page, place)
        publish(page)

    regions = {entry["name"]: entry["regions"] for entry in entries_of(get_feed(client))}
    assert regions == {
        "Arlington TX": ["Texas", "Arlington"],
        "Arlington VT": ["Vermont", "Arlington"],
        "Arlington IL": ["Illinois", "Arlington"],
    }


def test_a_groups_own_contacts_go_where_clients_show_them(client, section):
    hall = LocationFactory()
    group = MeetingPageFactory(
        parent=section,
        title="Group Email Only",
        contact_email="hope-group@example.org",
        contact_phone="303-555-0150",
        website="https://hope-group.example.org/",
    )
    named = MeetingPageFactory(
        parent=section,
        title="Named Contact",
        contact_name="Dana Smith",
        contact_email="dana@example.org",
    )
    for page in (group, named):
        add_session(page, 4, "18:00")
        add_location(page, hall)
        publish(page)

    entries = by_name(entries_of(get_feed(client)))
    (group_entry,) = entries["Group Email Only"]
    assert group_entry["email"] == "hope-group@example.org"
    assert group_entry["phone"] == "303-555-0150"
    assert group_entry["website"] == "https://hope-group.example.org/"
    assert not any(field.startswith("contact_") for field in group_entry)
    (named_entry,) = entries["Named Contact"]
    assert (named_entry["contact_1_name"], named_entry["contact_1_email"]) == (
        "Dana",
        "dana@example.org",
    )
    assert "email" not in named_entry


def test_links_are_on_the_sites_own_address(client, section):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "meetings.example.org", 443
    site.save()
    page = online_meeting(section, "Online Hope")

    (entry,) = entries_of(get_feed(client))
    assert entry["url"] == f"https://meetings.example.org{page.url_path[len('/home') :]}"
    assert entry["feedback_url"] == f"https://meetings.example.org/report/{page.pk}/"
