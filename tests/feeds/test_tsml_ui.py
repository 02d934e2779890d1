"""TSML UI 1.8, the real client most meeting websites embed, reads the demo's whole feed.

Chromium loads a page embedding the prebuilt bundle (TSML_UI_JS), pointed at
the live server's /meetings.json. Every count the client shows is compared
with what the database says, worked out here without the feed's code.
"""

import json
import urllib.request
import zoneinfo
from collections import Counter
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

import pytest

from demo.loader import load_demo
from directory.choices import ENGLISH_DAY_NAMES, Attendance
from directory.meeting_guide import types as meeting_types
from directory.models import DirectorySettings, MeetingPage
from tests.factories import ensure_seed_categories, ensure_site_tree
from tests.fixtures.tsml_ui import (
    app_js,
    dropdown_counts,
    listed_rows,
    only_local,
    serve_tsml_ui,
    wait_for_rows,
)

# CI runs browser tests once; this one is about what the database gives the client.
pytestmark = [pytest.mark.every_database, pytest.mark.django_db(transaction=True)]

# TSML UI's windows (its settings.tsx; also in the spec's notes), by start time.
WINDOWS = {
    "Morning": lambda t: time(4) <= t < time(12),
    "Midday": lambda t: time(11) <= t < time(17),
    "Evening": lambda t: time(16) <= t < time(21),
    "Night": lambda t: t >= time(20) or t < time(5),
}
# Types TSML UI keeps only for meetings with somewhere to go (load-meeting-data.ts).
IN_PERSON_ONLY = {"BA", "BRK", "CAN", "CF", "AL-AN", "AL", "FF", "OUT", "SM", "X", "XB"}


def sessions_in_display_zone(page, zone):
    """The page's sessions as (weekday, start) in `zone`, each (day, start) once."""
    own = zoneinfo.ZoneInfo(page.timezone_name)
    # A Sunday in a week without clock changes: 2025-01-05.
    sunday = datetime(2025, 1, 5)
    result = set()
    for session in page.sessions.all():
        moment = datetime.combine(sunday + timedelta(days=session.day), session.start_time)
        shown = moment.replace(tzinfo=own).astimezone(zone)
        result.add(((shown.weekday() + 1) % 7, shown.time()))
    return sorted(result)


def expected_counts(pages, zone):
    """What the database says TSML UI should count, filter by filter."""
    service_area = DirectorySettings.load().service_area
    listed, weekdays, windows, types, regions = 0, Counter(), Counter(), Counter(), Counter()
    for page in pages:
        sessions = sessions_in_display_zone(page, zone)
        times = len(sessions) or 1  # a meeting by appointment is listed once
        listed += times
        for day, start in sessions:
            weekdays[ENGLISH_DAY_NAMES[day]] += 1
            windows.update(name for name, holds in WINDOWS.items() if holds(start))
        attendance = page.attendance
        in_person = attendance in (Attendance.IN_PERSON, Attendance.HYBRID)
        online = attendance in (Attendance.ONLINE, Attendance.HYBRID)
        codes = set(page.types) & meeting_types.reserved_codes()
        if not in_person:
            codes -= IN_PERSON_ONLY
        for code in codes:
            types[meeting_types.label(code, "en")] += times
        types["In-person"] += times * in_person
        types["Online"] += times * online
        place = page.main_location
        if place is not None:
            city = place.city
        else:
            area = (page.organization.service_area if page.organization else "") or service_area
            city = area.split(",")[0]
        regions[city] += times
    return {
        "listed": listed,
        "weekday": dict(weekdays),
        "time": dict(windows),
        "type": {name: count for name, count in types.items() if count},
        "region": dict(regions),
    }


def fetch_feed(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the live server
        return json.load(response)


def search_for(page, url, words):
    """The rows a visitor sees after typing `words` into TSML UI's search box."""
    page.goto(f"{url}#/")
    wait_for_rows(page)
    page.locator('#tsml-ui input[type="search"]').fill(words)
    page.wait_for_function("() => location.hash.includes('search=')")
    wait_for_rows(page)
    return listed_rows(page)


def open_meeting(page, url, entry):
    page.goto(f"{url}#/{entry['slug']}")
    page.wait_for_selector("#tsml-title")
    assert page.locator("#tsml-title").inner_text() == entry["name"]
    return page.locator("#tsml-ui").inner_text()


def time_line(entry, zone_name):
    """ "Monday 7:00 PM – 8:00 PM", as TSML UI writes a meeting's time in its own zone."""

    def clock(text):
        return datetime.strptime(text, "%H:%M").strftime("%-I:%M %p")

    end = entry.get("end_time") or (
        datetime.strptime(entry["time"], "%H:%M") + timedelta(hours=1)
    ).strftime("%H:%M")
    return f"{ENGLISH_DAY_NAMES[entry['day']]} {clock(entry['time'])} – {clock(end)}"


def zone_abbreviations(zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    return {datetime(2025, month, 15, tzinfo=zone).tzname() for month in (1, 7)}


def test_tsml_ui_lists_and_filters_every_meeting_time_of_the_demo(browser, live_server):
    bundle = app_js()
    ensure_site_tree()
    ensure_seed_categories()
    load_demo(base_url=live_server.url)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    pages = list(
        MeetingPage.objects.in_directory()
        .select_related("organization")
        .prefetch_related("sessions")
        .with_locations()
    )
    expected = expected_counts(pages, zone)
    entries = fetch_feed(f"{live_server.url}/meetings.json")
    # The feed has one entry per meeting time, and the client must list them all.
    assert len(entries) == expected["listed"]

    context = browser.new_context(locale="en-US", timezone_id=settings.TIME_ZONE)
    errors = []
    with serve_tsml_ui(bundle, f"{live_server.url}/meetings.json", settings.TIME_ZONE) as url:
        only_local(context, url.rstrip("/"), live_server.url)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        wait_for_rows(page)
        assert listed_rows(page).count() == len(entries)

        # Each filter offers what the data has, with the counts it says.
        assert dropdown_counts(page, "weekday") == expected["weekday"]
        assert dropdown_counts(page, "time") == expected["time"]
        assert dropdown_counts(page, "type") == expected["type"]
        assert dropdown_counts(page, "region") == expected["region"]
        # What a filter offers is what it lists.
        page.goto(f"{url}#/?weekday=monday")
        wait_for_rows(page)
        assert listed_rows(page).count() == expected["weekday"]["Monday"]
        hybrid = sum(
            len(sessions_in_display_zone(p, zone)) for p in pages if p.attendance == "hybrid"
        )
        page.goto(f"{url}#/?type=in-person/online")
        wait_for_rows(page)
        assert hybrid and listed_rows(page).count() == hybrid

        # A search finds a meeting by its name: every time it meets.
        spanish = next(p for p in pages if p.title == "Grupo Nueva Vida (AA)")
        names = search_for(page, url, "Nueva Vida").locator("td.tsml-name").all_inner_texts()
        assert names == [spanish.title] * len(sessions_in_display_zone(spanish, zone))

        meeting_at = {p.get_full_url(): p for p in pages}
        by_kind = {}
        for entry in entries:
            meeting = meeting_at[entry["url"]]
            kind = meeting.attendance
            if kind == Attendance.ONLINE and not meeting.locations:
                kind = "online_no_place"
            by_kind.setdefault(kind, (entry, meeting))

        # In person: its address, its time in its own zone, directions to the address.
        entry, _meeting = by_kind[Attendance.IN_PERSON]
        text = open_meeting(page, url, entry)
        assert entry["formatted_address"] in text
        assert time_line(entry, entry["timezone"]) in text
        assert any(abbr in text for abbr in zone_abbreviations(entry["timezone"]))
        directions = page.locator('a[href^="https://www.google.com/maps/dir/"]').first
        destination = parse_qs(urlsplit(directions.get_attribute("href")).query)["destination"]
        # No coordinates are sent for a ZIP code's centre: clients route to the address.
        assert destination == [entry["formatted_address"]]
        assert page.locator(f'a[href="{entry["feedback_url"]}"]').count() == 1

        # Hybrid: the address and the way to join.
        entry, meeting = by_kind[Attendance.HYBRID]
        text = open_meeting(page, url, entry)
        assert entry["formatted_address"] in text
        assert time_line(entry, entry["timezone"]) in text
        assert page.locator('a[href^="https://www.google.com/maps/dir/"]').count()
        assert page.locator(f'a[href="{meeting.conference_url}"]').count() == 1

        # Online only, placed in the service area: listed in it, joined by link or phone.
        entry, meeting = by_kind["online_no_place"]
        assert entry["approximate"] == "yes" and entry["formatted_address"]
        row = search_for(page, url, meeting.group_name).filter(has_text=entry["name"]).first
        assert row.locator("td.tsml-region").inner_text() == entry["regions"][-1]
        text = open_meeting(page, url, entry)
        assert time_line(entry, entry["timezone"]) in text
        join = (
            f'a[href="{meeting.conference_url}"]' if meeting.conference_url else 'a[href^="tel:"]'
        )
        assert page.locator(join).count()
        assert not page.locator('a[href^="https://www.google.com/maps/dir/"]').count()
    context.close()
    assert errors == []
