"""Facts derived from a listing's data: how to attend, when it next starts, whether to re-check."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from directory.choices import Attendance, Weekday
from directory.models import DirectorySettings
from directory.schedules import Session, in_progress, next_start
from tests.factories import (
    ClassPageFactory,
    LocationFactory,
    MeetingPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
)

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
ZOOM = "https://us02web.zoom.us/j/81234567890"


@pytest.fixture
def hall():
    return LocationFactory(name="Whittier Community Hall", street_address="2900 Downing St")


@pytest.fixture
def area():
    """A neighbourhood given for an online meeting: no street address."""
    return LocationFactory(name="Capitol Hill", street_address="", postal_code="80203")


# Attendance


def test_a_street_address_makes_a_meeting_in_person(hall):
    meeting = MeetingPageFactory()
    add_location(meeting, hall)
    assert meeting.attendance == Attendance.IN_PERSON


def test_a_join_link_alone_makes_a_meeting_online():
    assert MeetingPageFactory(conference_url=ZOOM).attendance == Attendance.ONLINE


def test_a_dial_in_alone_makes_a_meeting_online():
    meeting = MeetingPageFactory(conference_phone="+1 720 555 0199,,12345#")
    assert meeting.attendance == Attendance.ONLINE


def test_an_address_and_a_join_link_make_a_meeting_hybrid(hall):
    meeting = MeetingPageFactory(conference_url=ZOOM)
    add_location(meeting, hall)
    assert meeting.attendance == Attendance.HYBRID


def test_temporarily_closed_makes_a_hybrid_meeting_online_only(hall):
    meeting = MeetingPageFactory(conference_url=ZOOM, types=["O", "TC"])
    add_location(meeting, hall)
    assert meeting.attendance == Attendance.ONLINE


def test_temporarily_closed_with_no_online_way_in_has_no_attendance(hall):
    meeting = MeetingPageFactory(types=["TC"])
    add_location(meeting, hall)
    assert meeting.attendance is None


def test_an_approximate_area_does_not_make_a_meeting_in_person(area):
    online = MeetingPageFactory(conference_url=ZOOM)
    add_location(online, area)
    assert area.coordinates_approximate
    assert online.attendance == Attendance.ONLINE

    nowhere = MeetingPageFactory()
    add_location(nowhere, area)
    assert nowhere.attendance is None


def test_a_listing_with_no_place_and_no_link_has_no_attendance():
    assert MeetingPageFactory().attendance is None


def test_other_kinds_use_their_own_online_link(hall):
    online_class = ClassPageFactory(online_url="https://example.org/class")
    add_location(online_class, hall)
    assert online_class.attendance == Attendance.HYBRID

    assert ServicePageFactory(online_url="https://example.org/coach").attendance == (
        Attendance.ONLINE
    )

    ride = TransportationPageFactory()
    add_location(ride, hall)
    assert ride.attendance == Attendance.IN_PERSON


# Next start, in the listing's own time zone


def weekly_meeting(day, start, end=None, location=None):
    meeting = MeetingPageFactory()
    add_location(meeting, location or LocationFactory())
    add_session(meeting, day, start, end)
    return meeting


def test_next_start_later_the_same_day():
    meeting = weekly_meeting(Weekday.TUESDAY, "19:00", "20:00")
    now = datetime(2025, 3, 4, 18, 0, tzinfo=DENVER)  # a Tuesday

    assert meeting.next_start(now) == datetime(2025, 3, 4, 19, 0, tzinfo=DENVER)


def test_next_start_after_it_began_is_next_week():
    meeting = weekly_meeting(Weekday.TUESDAY, "19:00", "20:00")
    now = datetime(2025, 3, 4, 19, 30, tzinfo=DENVER)

    assert meeting.next_start(now) == datetime(2025, 3, 11, 19, 0, tzinfo=DENVER)


def test_next_start_at_the_exact_start_is_now():
    meeting = weekly_meeting(Weekday.TUESDAY, "19:00")
    now = datetime(2025, 3, 4, 19, 0, tzinfo=DENVER)

    assert meeting.next_start(now) == now


def test_next_start_across_midnight():
    meeting = weekly_meeting(Weekday.SUNDAY, "07:00", "08:00")
    now = datetime(2025, 6, 14, 23, 30, tzinfo=DENVER)  # Saturday night

    start = meeting.next_start(now)
    assert start == datetime(2025, 6, 15, 7, 0, tzinfo=DENVER)
    assert start - now == timedelta(hours=7, minutes=30)


def test_next_start_is_in_the_listings_zone_whatever_zone_now_is_in():
    meeting = weekly_meeting(Weekday.SUNDAY, "07:00", "08:00")
    # 05:30 UTC on Sunday is 23:30 on Saturday in Denver (MDT, UTC-6).
    now = datetime(2025, 6, 15, 5, 30, tzinfo=UTC)

    assert meeting.next_start(now) == datetime(2025, 6, 15, 13, 0, tzinfo=UTC)


def test_next_start_across_the_november_daylight_saving_change():
    # Daylight saving time ends in Denver at 02:00 on Sunday 2 November 2025: MDT (UTC-6)
    # becomes MST (UTC-7). A 19:00 Sunday meeting stays at 19:00 on the clock.
    meeting = weekly_meeting(Weekday.SUNDAY, "19:00", "20:00")
    saturday_noon = datetime(2025, 11, 1, 12, 0, tzinfo=DENVER)  # MDT

    start = meeting.next_start(saturday_noon)
    assert start == datetime(2025, 11, 3, 2, 0, tzinfo=UTC)  # 19:00 MST is 02:00 UTC
    assert start.astimezone(DENVER).time() == time(19, 0)
    assert start.astimezone(DENVER).utcoffset() == timedelta(hours=-7)
    # 31 hours on the wall clock, 32 actually elapse.
    assert start.astimezone(UTC) - saturday_noon.astimezone(UTC) == timedelta(hours=32)


def test_next_start_uses_the_time_zone_of_the_listings_location():
    portland = LocationFactory(
        name="Central Library",
        street_address="801 SW 10th Ave",
        city="Portland",
        region="OR",
        postal_code="97205",
    )
    meeting = weekly_meeting(Weekday.TUESDAY, "19:00", location=portland)
    now = datetime(2025, 3, 4, 18, 30, tzinfo=DENVER)  # 17:30 in Portland

    assert meeting.timezone_name == "America/Los_Angeles"
    assert meeting.next_start(now) == datetime(2025, 3, 4, 19, 0, tzinfo=LOS_ANGELES)


def test_a_listing_without_sessions_has_no_next_start():
    assert ServicePageFactory(by_appointment=True).next_start(timezone.now()) is None


# In progress


LATE_SATURDAY = [Session(Weekday.SATURDAY, time(23, 30))]  # no end: an hour is assumed


def test_a_late_saturday_session_is_in_progress_after_midnight():
    sunday_ten_past = datetime(2025, 6, 15, 0, 10, tzinfo=DENVER)
    assert in_progress(LATE_SATURDAY, "America/Denver", sunday_ten_past)


def test_a_late_saturday_session_is_over_after_its_hour():
    assert not in_progress(
        LATE_SATURDAY, "America/Denver", datetime(2025, 6, 15, 0, 40, tzinfo=DENVER)
    )
    assert not in_progress(
        LATE_SATURDAY, "America/Denver", datetime(2025, 6, 14, 23, 20, tzinfo=DENVER)
    )


def test_in_progress_from_the_listings_own_schedule():
    meeting = weekly_meeting(Weekday.SATURDAY, "23:30")
    sunday_ten_past_utc = datetime(2025, 6, 15, 6, 10, tzinfo=UTC)  # 00:10 MDT

    assert in_progress(meeting.schedule(), meeting.timezone_name, sunday_ten_past_utc)


def test_started_at_least_skips_sessions_that_only_just_began():
    sunday_ten_past = datetime(2025, 6, 15, 0, 10, tzinfo=DENVER)
    assert not in_progress(
        LATE_SATURDAY, "America/Denver", sunday_ten_past, started_at_least=timedelta(minutes=45)
    )


def test_next_start_of_sessions_directly():
    sessions = [Session(Weekday.MONDAY, time(12, 0)), Session(Weekday.FRIDAY, time(18, 0))]
    wednesday = datetime(2025, 6, 11, 9, 0, tzinfo=DENVER)
    assert next_start(sessions, "America/Denver", wednesday) == datetime(
        2025, 6, 13, 18, 0, tzinfo=DENVER
    )


# Needs verification


def test_never_verified_needs_verification():
    assert MeetingPageFactory(last_verified=None).needs_verification


def test_verified_within_the_default_180_days_is_fresh():
    today = timezone.localdate()
    assert DirectorySettings.load().verification_days == 180
    assert not MeetingPageFactory(last_verified=today).needs_verification
    assert not MeetingPageFactory(last_verified=today - timedelta(days=180)).needs_verification


def test_verified_longer_ago_than_180_days_needs_verification():
    page = MeetingPageFactory(last_verified=timezone.localdate() - timedelta(days=181))
    assert page.needs_verification


def test_the_staff_setting_changes_the_window():
    settings = DirectorySettings.load()
    settings.verification_days = 30
    settings.save()
    today = timezone.localdate()

    assert MeetingPageFactory(last_verified=today - timedelta(days=31)).needs_verification
    assert not MeetingPageFactory(last_verified=today - timedelta(days=30)).needs_verification
    assert MeetingPageFactory(last_verified=today - timedelta(days=100)).needs_verification
