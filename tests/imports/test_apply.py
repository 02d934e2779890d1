"""Checking and applying imports: counts, matching by slug, reuse, and all or nothing."""

import csv
import io
import json

from django.db import IntegrityError
from django.test import Client, TestCase

import pytest

from demo.loader import load_demo
from directory.admin.listing_export import csv_url
from directory.exports import ENCODING
from directory.models import (
    Category,
    DirectorySettings,
    FeedSlug,
    Location,
    MeetingPage,
    Organization,
)
from home.models import ListingIndexPage
from imports import runs
from imports.apply import Applier
from imports.models import ImportRun
from search.models import SearchDocument
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
)
from tests.imports.conftest import feed, meeting, snapshot

pytestmark = pytest.mark.django_db


def check(data, section, **options):
    run = runs.receive(data, source="test.json", section=section, **options)
    runs.check(run)
    run.refresh_from_db()
    return run


def apply(data, section, **options):
    run = check(data, section, **options)
    assert run.status == ImportRun.Status.READY, run.problems or run.error
    # Search and the feed catch up as the import's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        runs.apply(run)
    run.refresh_from_db()
    return run


def test_a_new_feed_creates_published_searchable_meetings(section):
    run = apply(
        feed(
            meeting("hope-tue", name="Hope Group", day=[2, 4]),
            meeting("sunrise", name="Sunrise", day=0, time="06:30", end_time=None),
        ),
        section,
    )
    assert run.status == ImportRun.Status.APPLIED
    assert run.summary["created"] == 2 and run.summary["updated"] == 0
    hope = MeetingPage.objects.get(title="Hope Group")
    assert hope.live and hope.get_parent().pk == section.pk
    assert [(s.day, s.start_time.hour) for s in hope.sessions.order_by("day")] == [(2, 19), (4, 19)]
    assert hope.types == ["D", "O"]
    assert hope.attendance == "in_person"
    assert FeedSlug.objects.get(page=hope).slug == "hope-tue"
    assert SearchDocument.objects.filter(listing_id=hope.pk).exists()
    assert Client().get(hope.url).status_code == 200


def test_imported_meetings_are_found_by_the_admins_page_search(section, admin_client):
    apply(feed(meeting("a", name="Kookaburra Group")), section)
    found = admin_client.get("/admin/pages/search/", {"q": "kookaburra"}).content.decode()
    assert "Kookaburra Group" in found


def test_a_second_import_of_the_same_file_changes_nothing(section):
    data = feed(
        meeting("a"),
        meeting("b", day=[1, 3]),
        meeting(
            "c", name="Online", approximate="yes", conference_url="https://zoom.us/j/81234567890"
        ),
    )
    apply(data, section)
    before = snapshot()
    again = check(data, section)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0, "rows": 3}
    assert snapshot() == before


def test_a_changed_row_updates_its_meeting_only(section):
    apply(feed(meeting("a"), meeting("b")), section)
    page = FeedSlug.objects.get(slug="b").page.specific
    run = apply(feed(meeting("a"), meeting("b", name="Renamed", time="18:30")), section)
    assert run.summary["updated"] == 1 and run.summary["unchanged"] == 1
    page.refresh_from_db()
    assert page.title == "Renamed"
    assert [s.start_time.strftime("%H:%M") for s in page.sessions.all()] == ["18:30"]
    assert FeedSlug.objects.get(page=page).slug == "b"


def test_places_and_organizations_are_reused_not_duplicated(section):
    existing = LocationFactory(name="Whittier Community Hall")
    hall = "Whittier Community Hall,2900 Downing St,Denver,CO,80205"
    data = (
        "Slug,Name,Day,Time,Location,Address,City,State,Postal Code,Organization\n"
        f"a,First,1,19:00,{hall},Five Points Intergroup\n"
        f"b,Second,2,19:00,{hall},Five Points Intergroup\n"
        "c,Third,3,19:00,Park Hill Library,4705 Montview Blvd,Denver,CO,80207,"
        "five points intergroup\n"
    ).encode()
    apply(data, section)
    assert Location.objects.filter(name="Whittier Community Hall").count() == 1
    assert Location.objects.filter(name="Park Hill Library").count() == 1
    first = MeetingPage.objects.get(title="First")
    assert first.locations == [existing]
    assert Organization.objects.filter(name__iexact="five points intergroup").count() == 1
    assert {page.organization.name for page in MeetingPage.objects.all()} == {
        "Five Points Intergroup"
    }


def test_own_type_codes_are_kept_and_reported(section):
    run = apply(feed(meeting("a", types=["O", "ZZ"]), meeting("b", types=["ZZ", "QQ"])), section)
    assert run.notes == [
        "Type codes outside the Meeting Guide list are kept, though other apps ignore them: "
        "QQ (1 meeting), ZZ (2 meetings)."
    ]
    assert MeetingPage.objects.get(title="Meeting a").types == ["O", "ZZ"]


def test_fields_the_directory_cannot_keep_are_named(section):
    run = check(
        feed(meeting("a", contact_2_name="Sam", entity="Them", regions=["Denver"])), section
    )
    assert run.notes == [
        "Fields not imported (the directory has no place for them): contact_2_name."
    ]


def test_a_category_for_every_meeting_is_added(section):
    category = Category.objects.get(slug="aa")
    apply(feed(meeting("a"), meeting("b")), section, category=category)
    assert all(category in page.categories.all() for page in MeetingPage.objects.all())
    again = check(feed(meeting("a"), meeting("b")), section, category=category)
    assert again.summary["unchanged"] == 2


BROKEN = [
    ("bad day", meeting("bad-day", day=8), "Day “8” is not a day of the week"),
    ("bad time", meeting("bad-time", time="7.30"), "Time “7.30” is not a time of day"),
    ("missing name", meeting("no-name", name=""), "The meeting has no name."),
    ("unknown time zone", meeting("tz", timezone="America/Denvr"), "“America/Denvr”"),
]


def test_broken_rows_are_refused_with_their_line_and_reason_and_nothing_changes(section):
    existing = MeetingPageFactory(parent=section, title="Already here")
    add_session(existing, 1, "19:00")
    add_location(existing)
    good = [meeting("good-1"), meeting("good-2")]
    rows = good[:1] + [entry for _label, entry, _words in BROKEN] + [meeting("good-1")] + good[1:]
    data = feed(*rows)
    before = snapshot()

    run = check(data, section)
    assert run.status == ImportRun.Status.REJECTED
    assert run.summary["rejected"] == len(BROKEN)
    by_number = {problem["where"].split(" (")[0]: problem["reason"] for problem in run.problems}
    for number, (_label, _entry, words) in enumerate(BROKEN, start=2):
        assert words in by_number[f"meeting {number}"]
    # A slug given twice is not a reason to refuse: each row gets its own, and it is said.
    assert f"meeting {len(BROKEN) + 2}" not in by_number
    assert any("“good-1” is given to 2 meetings" in note for note in run.notes)
    # The line points at the entry in the file.
    lines = feed(*rows).decode().splitlines()
    for problem in run.problems:
        assert lines[problem["line"] - 1].strip() == "{"

    assert runs.apply(run) is None
    assert snapshot() == before


def test_an_import_that_fails_while_writing_leaves_nothing_behind(section, monkeypatch):
    existing = MeetingPageFactory(parent=section, title="Already here")
    add_session(existing, 1, "19:00")
    add_location(existing)
    run = check(feed(meeting("new"), meeting("newer")), section)
    before = snapshot()

    def fail_after_creating(self):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Applier, "update_pages", fail_after_creating)
    with pytest.raises(IntegrityError):
        runs.apply(run)
    assert snapshot() == before


def test_updating_a_meeting_with_revisions_gives_the_editor_the_imported_text(
    section, admin_client
):
    run = apply(feed(meeting("a", name="Before")), section)
    page = MeetingPage.objects.get(title="Before")
    page.save_revision().publish()  # as a staff edit would
    apply(feed(meeting("a", name="After")), section)
    page.refresh_from_db()
    assert page.latest_revision.content["title"] == "After"
    assert page.live_revision_id == page.latest_revision_id
    editor = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert 'value="After"' in editor.content.decode()
    assert run.status == ImportRun.Status.APPLIED


def test_an_edited_meeting_keeps_its_own_codes_in_the_admin(section, admin_client):
    apply(feed(meeting("a", types=["O", "ZZ"])), section)
    page = MeetingPage.objects.get()
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'value="ZZ"' in html and "ZZ (own code)" in html


# Fields that describe where the feed is published, not the meeting.
# What names this site's pages (new ones after the round trip) or the publisher.
PUBLISHER_FIELDS = {"url", "edit_url", "feedback_url", "updated", "entity"}


def meetings_in(response):
    return {
        entry["slug"]: {k: v for k, v in entry.items() if k not in PUBLISHER_FIELDS}
        for entry in json.loads(response.content)
    }


def test_the_meeting_guide_feed_round_trips_through_an_empty_site(client):
    load_demo()
    response = client.get("/meetings.json")
    exported = meetings_in(response)
    assert len(exported) > 100

    # Empty the site: every listing, section and place goes.
    for section in ListingIndexPage.objects.all():
        section.delete()
    Location.objects.all().delete()
    assert not MeetingPage.objects.exists() and not FeedSlug.objects.exists()
    empty = ListingIndexPageFactory(title="Meetings", slug="meetings")

    run = apply(response.content, empty)
    assert run.summary["created"] == len(exported)
    assert meetings_in(client.get("/meetings.json")) == exported


def test_the_csv_export_round_trips_through_an_empty_site(admin_client):
    load_demo()
    exported = admin_client.get(csv_url("meeting"))
    first = b"".join(exported.streaming_content)
    rows = first.decode(ENCODING).splitlines()
    assert len(rows) > 100

    for section in ListingIndexPage.objects.all():
        section.delete()
    Location.objects.all().delete()
    empty = ListingIndexPageFactory(title="Meetings", slug="meetings")

    run = apply(first, empty)
    assert run.summary["rejected"] == 0 and run.summary["created"] == len(rows) - 1
    again = b"".join(admin_client.get(csv_url("meeting")).streaming_content)
    columns = rows[0]
    assert "URL" in columns and "Updated" in columns

    def meetings(data):
        reader = csv.DictReader(io.StringIO(data.decode(ENCODING)))
        return {
            row["Slug"]: {k: v for k, v in row.items() if k not in ("URL", "Updated")}
            for row in reader
        }

    assert meetings(again) == meetings(first)


# Feeds as real publishers write them


def test_rows_sharing_a_slug_each_keep_their_own_the_same_on_every_import(section):
    """BMLT gives every meeting of one name the same slug."""
    rows = feed(
        meeting("just-for-today", day=1, time="19:00"),
        meeting(
            "just-for-today",
            day=1,
            time="19:00",
            address="630 Hope St",
            city="Aurora",
            postal_code="80012",
        ),
        meeting("just-for-today", day=3, time="12:00"),
    )
    run = apply(rows, section)
    assert run.summary["created"] == 3 and run.summary["rejected"] == 0
    assert set(FeedSlug.objects.values_list("slug", flat=True)) == {
        "just-for-today-1-1900",
        "just-for-today-1-1900-aurora",
        "just-for-today-3-1200",
    }
    assert any("“just-for-today” is given to 3 meetings" in note for note in run.notes)
    assert check(rows, section).summary["unchanged"] == 3


def test_without_a_time_zone_a_meeting_keeps_its_places_or_the_sites(section, settings):
    rows = feed(
        meeting(
            "ohio",
            timezone=None,
            address="55 S State St",
            city="Westerville",
            state="OH",
            postal_code="",
        ),
        meeting(
            "online",
            timezone=None,
            address=None,
            city=None,
            state=None,
            postal_code=None,
            location=None,
            conference_url="https://zoom.us/j/5550001111",
        ),
    )
    run = apply(rows, section)
    assert run.summary["rejected"] == 0
    assert MeetingPage.objects.get(title="Meeting ohio").timezone_name == "America/New_York"
    assert MeetingPage.objects.get(title="Meeting online").timezone_name == settings.TIME_ZONE
    assert (
        "No time zone given, so the meetings keep the time zone of their place: "
        "America/New_York (1 meeting); and the site's time zone where their place does not "
        f"tell: {settings.TIME_ZONE} (1 meeting)."
    ) in run.notes


def test_an_online_meeting_in_the_usual_area_keeps_no_place(section, client):
    DirectorySettings.objects.update_or_create(defaults={"service_area": "Denver, CO, USA"})
    online = {
        "approximate": "yes",
        "location": None,
        "conference_url": "https://zoom.us/j/5550001111",
    }
    run = apply(
        feed(
            meeting("denver", **online),
            meeting("boulder", city="Boulder", postal_code="80302", **online),
        ),
        section,
    )
    assert run.summary["created"] == 2
    assert MeetingPage.objects.get(title="Meeting denver").locations == []
    (boulder,) = MeetingPage.objects.get(title="Meeting boulder").locations
    assert (boulder.city, boulder.street_address) == ("Boulder", "")
    entries = {entry["name"]: entry for entry in json.loads(client.get("/meetings.json").content)}
    assert entries["Meeting denver"]["formatted_address"] == "Denver, CO, USA"
