"""Reports → Export listings: every published listing of a kind as a CSV file."""

import csv
import gzip
import io
import json
from datetime import date, timedelta

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from directory.choices import ENGLISH_DAY_NAMES, Kind
from directory.exports import (
    LISTING_CSV_COLUMNS,
    csv_columns,
    safe_cell,
    stream_csv,
    unescape_cell,
)
from directory.meeting_guide import types as meeting_types
from directory.meeting_guide.spreadsheet import MEETING_CSV_COLUMNS
from directory.models import MeetingPage, TransportationPage
from tests.directory.admin_pages import EDITORS, admin_only_user, tables, user_in
from tests.factories import (
    LISTING_FACTORIES,
    CategoryFactory,
    ChildcarePageFactory,
    ClassPageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

pytestmark = pytest.mark.django_db

PHONE = "+1 720 555 0199,,123456789#"


def csv_url(kind):
    return reverse("directory_export_csv", args=[kind])


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "eddie", EDITORS)


@pytest.fixture
def hall():
    return LocationFactory(
        name="Five Points Hall",
        street_address="2855 Welton St",
        postal_code="80205",
        latitude=39.7552,
        longitude=-104.979,
        accessibility_notes="Ramp at the side door; room 2.",
    )


@pytest.fixture
def meetings(hall):
    section = ListingIndexPageFactory(parent=ensure_site_tree(), title="Meetings", slug="meetings")

    def meeting(title, sessions=(), **fields):
        page = MeetingPageFactory(parent=section, title=title, **fields)
        add_location(page, hall)
        for day, start, end in sessions:
            add_session(page, day, start, end)
        return publish(page)

    pages = {
        "in_person": meeting(
            "Tuesday Night Hope",
            [(2, "19:00", "20:00")],
            types=["O", "D"],
            contact_name="Maria Lopez",
            contact_email="maria@example.org",
            contact_phone="303-555-0142",
            group_name="Five Points Group",
            last_verified=date(2025, 3, 14),
        ),
        "online": meeting(
            "Online Serenity",
            [(4, "18:30", "19:30")],
            types=["C"],
            conference_url="https://zoom.us/j/123456789",
            conference_url_notes="Password: hope",
            conference_phone=PHONE,
        ),
        "two_days": meeting("Noon Recovery", [(1, "12:00", "13:00"), (3, "12:00", "13:00")]),
        "two_times": meeting("Weekend Steps", [(6, "09:00", "10:00"), (0, "18:00", None)]),
        "appointment": meeting("Sponsorship by appointment", (), by_appointment=True),
    }
    gone = meeting("Closed Group", [(5, "20:00", "21:00")])
    gone.unpublish()
    TransportationPageFactory(title="Rides to meetings")
    return pages


def download(client, kind):
    response = client.get(csv_url(kind))
    assert response.status_code == 200
    return response


def rows_of(response):
    """The file as the csv module reads it: a list of dicts, and the header row."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader), reader.fieldnames


def by_name(rows):
    found = {}
    for row in rows:
        found.setdefault(row["Name"], []).append(row)
    return found


# Meetings


def test_the_meeting_columns_are_the_meeting_guide_spreadsheet_layout(client, editor, meetings):
    client.force_login(editor)

    rows, header = rows_of(download(client, "meeting"))

    assert header == list(MEETING_CSV_COLUMNS)
    assert MEETING_CSV_COLUMNS[:6] == ("Name", "Slug", "Day", "Time", "End Time", "Timezone")
    assert MEETING_CSV_COLUMNS[-2:] == ("Updated", "Last Verified")
    assert len(set(MEETING_CSV_COLUMNS)) == len(MEETING_CSV_COLUMNS) == 26
    names = by_name(rows)
    assert set(names) == {
        "Tuesday Night Hope",
        "Online Serenity",
        "Noon Recovery",
        "Weekend Steps",
        "Sponsorship by appointment",
    }


def test_one_row_per_distinct_time_with_days_named(client, editor, meetings):
    client.force_login(editor)

    names = by_name(rows_of(download(client, "meeting"))[0])

    (noon,) = names["Noon Recovery"]
    assert (noon["Day"], noon["Time"], noon["End Time"]) == ("Monday, Wednesday", "12:00", "13:00")
    weekend = {(row["Day"], row["Time"], row["End Time"]) for row in names["Weekend Steps"]}
    assert weekend == {("Saturday", "09:00", "10:00"), ("Sunday", "18:00", "")}
    (appointment,) = names["Sponsorship by appointment"]
    assert (appointment["Day"], appointment["Time"]) == ("", "")


def test_the_rows_agree_with_the_feed(client, editor, meetings):
    client.force_login(editor)
    rows = rows_of(download(client, "meeting"))[0]
    feed = client.get("/meetings.json")
    body = feed.content
    if feed.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    entries = json.loads(body)
    by_session = {
        (entry["name"], entry.get("day"), entry.get("time", "")): entry for entry in entries
    }
    day_numbers = {name: number for number, name in enumerate(ENGLISH_DAY_NAMES)}

    # The feed has one entry per session; a row holds the sessions of one time.
    sessions = [
        (row["Name"], day_numbers[day] if day else None, row["Time"])
        for row in rows
        for day in (row["Day"].split(", ") if row["Day"] else [""])
    ]
    assert sorted(sessions, key=str) == sorted(by_session, key=str)
    for row in rows:
        days = row["Day"].split(", ") if row["Day"] else [""]
        first = by_session[(row["Name"], day_numbers.get(days[0]), row["Time"])]
        # The row's slug is its first session's, so an import finds the meeting again.
        assert row["Slug"] == first["slug"]
        for day in days:
            entry = by_session[(row["Name"], day_numbers.get(day), row["Time"])]
            assert row["End Time"] == entry.get("end_time", "")
            assert row["Timezone"] == entry["timezone"]
            assert row["Updated"] == entry["updated"]
            assert row["URL"] == entry["url"]
            assert row["Location"] == entry["location"]
            assert row["Types"] == ", ".join(
                meeting_types.label(code, "en") for code in entry.get("types", [])
            )


def test_a_meetings_own_values(client, editor, meetings, hall):
    client.force_login(editor)
    names = by_name(rows_of(download(client, "meeting"))[0])

    (row,) = names["Tuesday Night Hope"]
    page = meetings["in_person"]
    assert row["Location"] == hall.name
    assert row["Address"] == hall.street_address
    assert (row["City"], row["State"], row["Postal Code"], row["Country"]) == (
        "Denver",
        "CO",
        "80205",
        "US",
    )
    assert row["Location Notes"] == hall.accessibility_notes
    assert row["Types"] == f"{meeting_types.label('D', 'en')}, {meeting_types.label('O', 'en')}"
    assert row["Group"] == "Five Points Group"
    assert row["Contact 1 Name"] == "Maria"  # first names only, as everywhere
    assert row["Contact 1 Email"] == "maria@example.org"
    assert row["Contact 1 Phone"] == "303-555-0142"
    assert row["Last Verified"] == "2025-03-14"
    assert row["Notes"] == page.summary
    assert row["Timezone"] == "America/Denver"

    (online,) = names["Online Serenity"]
    assert online["Conference URL"] == "https://zoom.us/j/123456789"
    assert online["Conference URL Notes"] == "Password: hope"
    assert online["Conference Phone"] == PHONE
    assert online["Last Verified"] == ""


def test_the_file_is_streamed_as_an_attachment(client, editor, meetings):
    client.force_login(editor)

    response = download(client, "meeting")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="meeting-listings-{today}.csv"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")


def test_the_cost_per_listing_does_not_grow(hall):
    """Reading 12 meetings takes the same queries as reading 4: no query per row."""
    request = RequestFactory().get("/")

    def add_meetings(count):
        for _ in range(count):
            page = MeetingPageFactory()
            add_location(page, hall)
            add_session(page, page.pk % 7, "19:00", "20:00")

    def queries():
        listings = MeetingPage.objects.live()
        list(stream_csv(listings, Kind.MEETING, request))  # stores new feed slugs
        with CaptureQueriesContext(connection) as captured:
            lines = list(stream_csv(listings, Kind.MEETING, request))
        assert sum(line.count("\r\n") for line in lines) == listings.count() + 1
        return len(captured)

    add_meetings(4)
    few = queries()
    add_meetings(8)
    assert queries() == few


def test_chunks_keep_the_order_by_name():
    for title in ("Echo", "Alpha", "Delta", "Charlie", "Bravo"):
        TransportationPageFactory(title=title)
    request = RequestFactory().get("/")

    text = "".join(
        stream_csv(TransportationPage.objects.live(), Kind.TRANSPORTATION, request, chunk_size=2)
    )

    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [row["Name"] for row in rows] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


# Spreadsheet formulas


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://example.com","Click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1,2)",
        "\t=1+1",
        "'=1+1",
        "'already quoted",
        "+1 720 555 call me",
    ],
)
def test_cells_that_could_run_get_an_apostrophe_that_can_be_undone(value):
    cell = safe_cell(value)

    assert cell == "'" + value
    assert unescape_cell(cell) == value


@pytest.mark.parametrize(
    "value",
    [PHONE, "+17205550199", "-5", "303-555-0142", "(303) 555-0142 x12", "Denver", "O'Brien", ""],
)
def test_numbers_dial_strings_and_plain_text_are_kept_exactly(value):
    assert safe_cell(value) == value
    assert unescape_cell(safe_cell(value)) == value


def test_a_formula_in_a_listing_reaches_the_file_as_text(client, editor):
    page = MeetingPageFactory(
        title='=HYPERLINK("https://example.com")',
        notes="@everyone welcome",
        conference_phone=PHONE,
        conference_url="https://zoom.us/j/1",
    )
    client.force_login(editor)

    (row,) = rows_of(download(client, "meeting"))[0]

    assert row["Name"] == "'" + page.title
    assert row["Notes"] == "'@everyone welcome"
    assert row["Conference Phone"] == PHONE
    assert unescape_cell(row["Name"]) == page.title


def test_every_cell_is_quoted(client, editor):
    TransportationPageFactory(title="Plain", notice_hours=24)
    client.force_login(editor)

    text = b"".join(download(client, "transportation").streaming_content).decode("utf-8-sig")

    for line in text.splitlines():
        assert line.startswith('"') and line.endswith('"')


# The other kinds


OWN_COLUMNS = {
    Kind.TRANSPORTATION: ["Service Area", "Notice Needed (Hours)", "Vehicles Take Wheelchairs"],
    Kind.CHILDCARE: ["Youngest Age (Years)", "Oldest Age (Years)", "State Licensed"],
    Kind.CLASS: ["Taught By", "First Class", "Last Class", "Seats"],
    Kind.SERVICE: ["Type Of Support", "Online Link"],
}


@pytest.mark.parametrize("kind", list(OWN_COLUMNS))
def test_each_kind_has_the_shared_columns_then_its_own(client, editor, kind):
    model = next(model for model in LISTING_FACTORIES if model.listing_kind == kind)
    factory = LISTING_FACTORIES[model]
    first, second = factory(), factory()
    factory(live=False)
    client.force_login(editor)

    rows, header = rows_of(download(client, kind.value))

    shared = [name for name, _ in LISTING_CSV_COLUMNS]
    assert header == list(csv_columns(kind))
    assert header[: len(shared)] == shared
    assert set(OWN_COLUMNS[kind]) <= set(header[len(shared) :])
    assert sorted(int(row["ID"]) for row in rows) == sorted([first.pk, second.pk])
    assert {row["Kind"] for row in rows} == {str(kind.label)}


def test_a_rides_values(client, editor, hall):
    category = CategoryFactory(name="Transportation")
    ride = TransportationPageFactory(
        title="Rides to meetings",
        service_area="Denver and Aurora",
        notice_hours=48,
        wheelchair_vehicles=True,
        description="<p>Call a day ahead.</p><p>Free.</p>",
        categories=[category],
        languages=["en", "es"],
        contact_name="Sam Rivera",
        last_verified=date(2025, 1, 2),
    )
    add_location(ride, hall)
    add_session(ride, 1, "08:00", "17:00")
    add_session(ride, 3, "08:00", None)
    client.force_login(editor)

    (row,) = rows_of(download(client, "transportation"))[0]

    assert row["ID"] == str(ride.pk)
    assert row["Service Area"] == "Denver and Aurora"
    assert row["Notice Needed (Hours)"] == "48"
    assert row["Vehicles Take Wheelchairs"] == "Yes"
    assert row["Free"] == "Yes"
    assert row["Description"] == "Call a day ahead. Free."
    assert row["Categories"] == "Transportation"
    assert row["Languages"] == "English, Spanish"
    assert row["Schedule"] == "Monday 08:00-17:00; Wednesday 08:00"
    assert row["Location"] == hall.name
    assert row["Contact Name"] == "Sam"
    assert row["Last Verified"] == "2025-01-02"


def test_a_class_and_childcare_and_support(client, editor):
    ClassPageFactory(title="Resume writing", start_date=date(2025, 9, 1), end_date=None, seats=12)
    ChildcarePageFactory(title="Kids room", min_age_years=2, max_age_years=10, licensed=False)
    ServicePageFactory(title="Coaching", online_url="https://example.org/coach")
    client.force_login(editor)

    (course,) = rows_of(download(client, "class"))[0]
    (care,) = rows_of(download(client, "childcare"))[0]
    (support,) = rows_of(download(client, "service"))[0]

    assert (course["First Class"], course["Last Class"], course["Seats"]) == (
        "2025-09-01",
        "",
        "12",
    )
    assert (care["Youngest Age (Years)"], care["Oldest Age (Years)"]) == ("2", "10")
    assert care["State Licensed"] == "No"
    assert support["Type Of Support"] == "Peer recovery coaching"
    assert support["Online Link"] == "https://example.org/coach"


# The page that offers the files, and who may download them


def test_the_export_page_lists_each_kind_with_its_count(client, editor, meetings):
    client.force_login(editor)

    response = client.get(reverse("directory_export"))

    assert response.status_code == 200
    html = response.content.decode()
    rows = tables(html)["Published listings by kind"][1:]
    counts = {row[0]: int(row[1]) for row in rows}
    for kind, label in Kind.choices:
        model = next(model for model in LISTING_FACTORIES if model.listing_kind == kind)
        assert counts[str(label)] == model.objects.live().count()
        assert f'href="{csv_url(kind)}"' in html


def test_an_unknown_kind_is_not_found(client, editor):
    client.force_login(editor)

    assert client.get("/admin/directory/export/everything.csv").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, meetings):
    for url in (csv_url("meeting"), reverse("directory_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_signed_in_user_who_is_not_staff_is_sent_to_sign_in(client, django_user_model, meetings):
    client.force_login(user_in(django_user_model, "pat"))

    for url in (csv_url("meeting"), reverse("directory_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_admin_access_alone_is_not_enough(client, django_user_model, meetings):
    client.force_login(admin_only_user(django_user_model))

    for url in (csv_url("meeting"), reverse("directory_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        assert not response.streaming


def test_the_last_verified_column_reads_back_as_a_date(client, editor):
    when = timezone.localdate() - timedelta(days=12)
    MeetingPageFactory(last_verified=when)
    client.force_login(editor)

    (row,) = rows_of(download(client, "meeting"))[0]

    assert date.fromisoformat(row["Last Verified"]) == when
