"""Following an NA service body's BMLT server through its semantic JSON.

The answers are tests/subscriptions/upstream/: 30 meetings of one service
body (GetSearchResults) and the formats they use (GetFormats), as a BMLT
root server writes them. Its README gives the mapping proved here.
"""

import json

import pytest

from directory.choices import Attendance
from directory.models import MeetingPage
from subscriptions import bmlt
from subscriptions.models import Refresh, Subscription
from subscriptions.refresh import refresh
from tests.subscriptions.conftest import upstream_file

ROOT = "https://bmlt.piedmontna.example.org/main_server"
SEARCH = "/main_server/client_interface/json/?switcher=GetSearchResults&services=6"
FORMATS = "/main_server/client_interface/json/?switcher=GetFormats"


def semantic():
    return json.loads(upstream_file("bmlt_semantic.json"))


def formats():
    return json.loads(upstream_file("bmlt_formats.json"))


class Settings:
    timezone = "America/New_York"
    country = "US"


def read(meetings, url=f"http://127.0.0.1{SEARCH}"):
    text = json.dumps(meetings)
    return bmlt.read(text, json.dumps(formats()), Settings(), url)


def entry_named(upstream_list, name, day=None):
    found = [
        entry
        for entry in upstream_list.entries
        if entry.name == name and (day is None or entry.fields.get("day") == day)
    ]
    assert len(found) == 1, [entry.name for entry in upstream_list.entries]
    return found[0]


@pytest.mark.single_run
def test_each_meeting_is_keyed_on_its_server_and_id():
    entries = read(semantic()).entries
    assert len(entries) == 30
    keys = [entry.key for entry in entries]
    assert len(set(keys)) == 30
    assert f"{ROOT}#1402" in keys
    # Seven "Just For Today": one a day, each its own meeting.
    assert sorted(e.fields["day"] for e in entries if e.name == "Just For Today") == list(range(7))


@pytest.mark.single_run
def test_days_times_and_zones_follow_the_servers_rules():
    upstream_list = read(semantic())
    sunday = entry_named(upstream_list, "Just For Today", day=0).fields
    assert (sunday["day"], sunday["time"], sunday["end_time"]) == (0, "10:00", "11:00")
    assert sunday["timezone"] == "America/New_York"  # the subscription's: the server gives none
    serenity = entry_named(upstream_list, "Sunday Serenity").fields
    assert (serenity["time"], serenity["end_time"]) == ("18:00", "19:30")

    late = {**semantic()[0], "start_time": "23:30:00", "duration_time": "01:00:00"}
    assert read([late]).entries[0].fields["end_time"] == "00:30"  # wrapped, same day
    all_day = {**semantic()[0], "duration_time": "24:00:00"}
    assert "end_time" not in read([all_day]).entries[0].fields


@pytest.mark.single_run
@pytest.mark.parametrize(
    ("name", "types"),
    [
        # B is Beginners in BMLT, Big Book in Meeting Guide: the world id decides.
        ("New Beginnings", ["O", "BE", "D", "CF"]),
        ("Concepts of Service", ["C", "CPT", "LIT", "GP"]),
        ("Mujeres en Recuperación", ["C", "S", "W"]),
        ("Agnostics in NA", ["D", "O", "A"]),
        # The server's own "CF" is Candle Free, not Child-Friendly: dropped.
        ("Candlelight Meditation", ["CAN", "O", "MED"]),
        ("Young & Clean", ["O", "SP", "D", "Y"]),
        ("Thursday Night Topic", ["C", "D", "TOP"]),
        ("Saturday Morning Spiritual Breakfast", ["D", "O", "NS", "CF"]),
        ("Monday Night Basics", ["LIT", "BT", "O", "X"]),
    ],
)
def test_formats_become_meeting_guide_types_by_world_id(name, types):
    entry = entry_named(read(semantic()), name)
    assert sorted(entry.fields["types"]) == sorted(types)
    assert "B" not in entry.fields["types"]


@pytest.mark.single_run
def test_attendance_follows_the_venue_type():
    upstream_list = read(semantic())
    hybrid = entry_named(upstream_list, "Miracles Happen").fields
    assert hybrid["address"] == "3906 W Market St" and hybrid["approximate"] == "no"
    assert hybrid["conference_url"].startswith("https://us06web.zoom.us/")
    assert hybrid["conference_phone"] == "+13365550188,,83000010004#,,,,*4321#"
    virtual = entry_named(upstream_list, "Clean & Serene").fields
    assert "address" not in virtual and virtual["approximate"] == "yes"
    assert virtual["city"] == "Greensboro"
    phone_only = entry_named(upstream_list, "Noon Reflections").fields
    assert "conference_url" not in phone_only
    assert phone_only["conference_phone"] == "+13365550177,,445566#"
    temporarily_virtual = entry_named(upstream_list, "Tradition Thursday").fields
    assert "TC" in temporarily_virtual["types"] and "address" not in temporarily_virtual
    # Temporarily virtual with its usual place known: the place is kept, marked closed.
    tradition = next(m for m in semantic() if m["meeting_name"] == "Tradition Thursday")
    kept = read([{**tradition, "location_street": "500 Elm St"}]).entries[0].fields
    assert (kept["address"], kept["approximate"]) == ("500 Elm St", "no")
    assert "TC" in kept["types"] and kept["conference_url"].startswith("https://")


@pytest.mark.single_run
def test_meetings_nobody_could_attend_or_place_in_the_week_are_refused_with_reasons():
    first = semantic()[0]
    upstream_list = read(
        [
            {**first, "weekday_tinyint": "9"},
            {**first, "id_bigint": "9001", "start_time": "noon"},
            {**first, "id_bigint": "9002", "location_street": ""},
            {**first, "id_bigint": "9003", "venue_type": "2", "virtual_meeting_link": ""},
            {**first, "id_bigint": "9004", "published": "0"},  # not listed at all
        ]
    )
    reasons = [entry.problem for entry in upstream_list.entries]
    assert reasons == [
        "Its weekday “9” is not one of 1 (Sunday) to 7 (Saturday).",
        "Its start time “noon” is not a time of day.",
        "It meets in person but gives no street address.",
        "It meets online but gives no link or phone number to join.",
    ]


@pytest.mark.single_run
def test_the_formats_address_is_on_the_same_server():
    assert bmlt.formats_url(f"https://example.org{SEARCH}&lang_enum=es") == (
        "https://example.org/main_server/client_interface/json/?switcher=GetFormats&lang_enum=es"
    )


@pytest.mark.django_db
def test_a_bmlt_subscription_lists_the_service_bodys_meetings(publisher, subscribe):
    url = publisher.serve(SEARCH, upstream_file("bmlt_semantic.json"))
    publisher.serve(FORMATS, upstream_file("bmlt_formats.json"))
    subscription = subscribe(url, format=Subscription.Format.BMLT, timezone="America/New_York")

    record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)

    assert record.result == Refresh.Result.CHANGED, record.error
    assert record.counts["created"] == 30 and record.counts["refused"] == 0
    assert publisher.requests_to(FORMATS)  # the formats came from GetFormats
    pages = MeetingPage.objects.filter(source__upstream=subscription.upstream)
    attendance = [page.attendance for page in pages]
    assert attendance.count(Attendance.IN_PERSON) == 21
    assert attendance.count(Attendance.HYBRID) == 3
    assert attendance.count(Attendance.ONLINE) == 6
    assert {page.timezone_name for page in pages} == {"America/New_York"}
    women = pages.get(title="Women in Recovery")
    assert women.source.key == f"{ROOT}#1440"
    assert [(s.day, f"{s.start_time:%H:%M}") for s in women.sessions.all()] == [(6, "17:00")]

    again = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    assert again.result == Refresh.Result.UNCHANGED


@pytest.mark.django_db
def test_formats_given_with_the_meetings_are_used_as_they_are(publisher, subscribe):
    body = json.dumps({"meetings": semantic(), "formats": formats()})
    url = publisher.serve(f"{SEARCH}&get_used_formats=1", body)
    subscription = subscribe(url, format=Subscription.Format.BMLT)
    record = refresh(subscription, trigger=Refresh.Trigger.COMMAND)
    assert record.counts["created"] == 30
    assert not publisher.requests_to(FORMATS)
