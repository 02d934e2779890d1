"""The public listing page and its .ics: everything a person needs to go."""

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from directory import schedules
from directory.models import ListingPage, MeetingPage
from tests.factories import (
    ChildcarePageFactory,
    ClassPageFactory,
    MeetingPageFactory,
    OrganizationFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
)

DENVER = ZoneInfo("America/Denver")
ICAL_DAY = {0: "SU", 1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA"}
ZOOM = "https://us02web.zoom.us/j/81234567890"


def publish(page):
    """Publish as an editor would, and read the page back as visitors get it."""
    page.save_revision().publish()
    return ListingPage.objects.get(pk=page.pk).specific


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The words a person reads: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def meeting(db):
    """A hybrid meeting in Denver: Tuesday evenings and Saturday mornings."""
    page = MeetingPageFactory(
        title="Tuesday Night Hope",
        types=["O", "D", "X"],
        conference_url=ZOOM,
        conference_url_notes="Meeting ID 812 3456 7890",
        conference_phone="+1 720 555 0199,,81234567890#",
        contact_name="Maria Lopez",
        contact_phone="303-555-0142 ext 12",
        contact_email="maria@example.org",
        organization=OrganizationFactory(name="Five Points Group", phone="(303) 555-0100"),
        last_verified=timezone.localdate() - timedelta(days=3),
    )
    add_location(
        page,
        name="Whittier Community Hall",
        latitude=39.758123,
        longitude=-104.974456,
        coordinates_approximate=False,
        wheelchair_accessible=True,
        accessibility_notes="Ramp at the north door; Room 2.",
        transit_notes="Bus 12 stops at Downing and 29th.",
    )
    add_session(page, 2, "19:00", "20:00")  # Tuesday
    add_session(page, 6, "07:30")  # Saturday, no end given
    return publish(page)


# The page, kind by kind


def test_meeting_page_shows_what_a_person_needs_to_go(client, meeting):
    html = html_of(client, meeting)
    text = text_of(html)

    assert "<h1" in html and "Tuesday Night Hope" in html
    assert "In person and online" in text
    # Type codes in words, not codes.
    for label in ("Open", "Discussion", "Wheelchair Access"):
        assert f"<li>{label}</li>" in html
    # The weekly schedule with the zone named.
    assert "Tuesday 7:00 pm to 8:00 pm" in text
    assert "Saturday 7:30 am" in text
    assert "Times are Mountain Time (America/Denver)." in text
    # Where, and how to get there.
    assert "2900 Downing St" in text and "Denver, CO 80205" in text
    assert 'href="https://www.openstreetmap.org/directions?to=39.758123,-104.974456"' in html
    assert "Wheelchair accessible." in text
    assert "Ramp at the north door; Room 2." in text
    assert "Bus 12 stops at Downing and 29th." in text
    # Online: a join button and a dial-in that dials pauses and the # (escaped in a URI).
    assert re.search(
        rf'<a class="listing-button listing-join[^"]*" href="{ZOOM}">Join online</a>', html
    )
    assert 'href="tel:+17205550199,,81234567890%23"' in html
    assert "Meeting ID 812 3456 7890" in text
    # Contact: first name only; phones dial; email opens mail.
    assert "Ask for Maria" in text
    assert "Lopez" not in html
    assert 'href="tel:3035550142,12"' in html
    assert 'href="mailto:maria@example.org"' in html
    assert "Five Points Group" in text and 'href="tel:3035550100"' in html
    assert "Cost Free" in text
    assert "Languages English" in text
    # Actions.
    assert f'href="{meeting.url}calendar/"' in html
    assert f'href="{reverse("reports:report", args=[meeting.pk])}"' in html
    assert re.search(
        r'<input id="listing-share-url"[^>]*value="http://localhost/[^"]+"[^>]*readonly', html
    )
    assert re.search(r"<button[^>]*listing-copy[^>]*hidden", html), (
        "copy needs JS, so hidden without"
    )


def test_location_photo_is_a_small_lazy_rendition(client, db):
    import wagtail_factories

    photo = wagtail_factories.ImageFactory(file__width=1600, file__height=1000)
    page = MeetingPageFactory(types=["O"])
    add_location(page, name="Whittier Community Hall", photo=photo)
    add_session(page, 2, "19:00")
    page = publish(page)
    (img,) = re.findall(r"<img [^>]+>", html_of(client, page))
    assert 'alt="Whittier Community Hall"' in img
    assert 'loading="lazy"' in img
    assert 'width="640"' in img
    assert re.search(r'src="/media/images/[^"]+\.width-640\.', img)


def test_headings_are_in_order(client, meeting):
    levels = [int(level) for level in re.findall(r"<h([1-6])", html_of(client, meeting))]
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_every_form_control_is_labelled(client, meeting):
    html = html_of(client, meeting)
    for control_id in re.findall(r"<input[^>]*\bid=\"([^\"]+)\"", html):
        assert f'for="{control_id}"' in html


def test_nothing_is_loaded_from_another_site(client, meeting):
    html = html_of(client, meeting)
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for value in re.findall(rf"<{tag}\b[^>]*\b{attribute}=\"([^\"]+)\"", html):
            # Paths, or full addresses on this site (the hreflang alternates must be full).
            assert value.startswith(("/", "http://testserver/")), (
                f"<{tag} {attribute}={value}> loads from elsewhere"
            )


def test_listing_page_and_calendar_set_no_cookies(client, meeting):
    for url in (meeting.url, f"{meeting.url}calendar/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


def test_verified_listing_shows_the_date_and_no_warning(client, meeting):
    text = text_of(html_of(client, meeting))
    verified = meeting.last_verified
    assert f"Last verified: {verified:%B} {verified.day}, {verified.year}" in text
    assert "has not been checked recently" not in text


def test_unverified_listing_asks_people_to_confirm(client, meeting):
    MeetingPage.objects.filter(pk=meeting.pk).update(last_verified=None)
    text = text_of(html_of(client, meeting))
    assert "Not yet verified" in text
    assert "This listing has not been checked recently. Please confirm before you go." in text


def test_long_unverified_listing_asks_people_to_confirm(client, meeting):
    MeetingPage.objects.filter(pk=meeting.pk).update(last_verified=date(2020, 10, 1))
    text = text_of(html_of(client, meeting))
    assert "Last verified: October 1, 2020" in text
    assert "Please confirm before you go." in text


def test_online_only_meeting_says_how_to_join(client, db):
    page = MeetingPageFactory(types=["O"], conference_phone="+1 720 555 0199")
    add_session(page, 3, "12:00", "13:00")
    page = publish(page)
    text = text_of(html_of(client, page))
    assert "Online" in text and "How to join" in text
    assert "Get directions" not in text
    assert "Join online" not in text  # no link was given


def test_join_link_is_offered_only_over_https(client, meeting):
    MeetingPage.objects.filter(pk=meeting.pk).update(conference_url="http://example.org/join")
    html = html_of(client, meeting)
    assert "http://example.org/join" not in html
    assert "Join online" not in html


def test_temporarily_closed_meeting_says_so(client, db):
    page = MeetingPageFactory(types=["O", "TC"], conference_url=ZOOM)
    add_location(page)
    add_session(page, 1, "18:00")
    page = publish(page)
    text = text_of(html_of(client, page))
    assert "The in-person location is closed for now." in text
    assert "Online" in text and "In person and online" not in text


def test_ride_listing_shows_how_to_book(client, db):
    page = TransportationPageFactory(
        notice_hours=48,
        wheelchair_vehicles=True,
        booking_instructions="Call Dee by Thursday noon.",
        contact_phone="720-555-0177",
    )
    page = publish(page)
    text = text_of(html_of(client, page))
    assert "Ride" in text
    assert "Denver and Aurora, within 10 miles of Five Points." in text
    assert "Book at least 48 hours ahead." in text
    assert "Vehicles take wheelchairs." in text
    assert "Call Dee by Thursday noon." in text
    assert "Add to calendar" not in text


def test_childcare_listing_shows_ages_and_licence(client, db):
    page = ChildcarePageFactory(licensed=True, license_number="CO-12345")
    add_location(page)
    add_session(page, 4, "18:30", "20:00")
    page = publish(page)
    text = text_of(html_of(client, page))
    assert "Children aged 2 to 10" in text
    assert "State licensed (license CO-12345)" in text
    assert "cared for on site while their parent attends" in text
    assert "Thursday 6:30 pm to 8:00 pm" in text


def test_class_listing_shows_dates_seats_and_sign_up(client, db):
    page = ClassPageFactory(
        start_date=date(2027, 1, 12),
        end_date=date(2027, 3, 2),
        registration_url="https://example.org/sign-up",
        registration_phone="303-555-0123",
        credential="A certificate of completion",
        online_url="https://meet.example.org/resume",
    )
    add_session(page, 2, "10:00", "12:00")
    page = publish(page)
    html = html_of(client, page)
    text = text_of(html)
    assert "Denver Workforce Center" in text
    assert "First class January 12, 2027" in text and "Last class March 2, 2027" in text
    assert "12 seats" in text
    assert 'href="https://example.org/sign-up"' in html
    assert 'href="tel:3035550123"' in html
    assert "A certificate of completion" in text
    assert 'href="https://meet.example.org/resume">Join online' in html
    assert "Online" in text


def test_service_by_appointment_has_no_calendar(client, db):
    page = ServicePageFactory(online_url="https://meet.example.org/coach")
    page = publish(page)
    text = text_of(html_of(client, page))
    assert "Peer recovery coaching" in text
    assert "By appointment" in text
    assert "Add to calendar" not in text
    assert "Next:" not in text

    response = client.get(f"{page.url}calendar/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("text/calendar")
    assert "no weekly schedule" in response.content.decode()
    assert not response.cookies


# When it next meets


def expected_next(schedule, zone, now):
    """An independent answer: step through the coming minutes until a session starts.

    `schedule` is [(day, "HH:MM")] with 0 for Sunday.
    """
    starts = {(day, time.fromisoformat(start)) for day, start in schedule}
    moment = now.astimezone(UTC).replace(second=0, microsecond=0)
    if moment < now:
        moment += timedelta(minutes=1)
    for _ in range(8 * 24 * 60 + 120):
        local = moment.astimezone(zone)
        if (int(local.strftime("%w")), local.time().replace(tzinfo=None)) in starts:
            break
        moment += timedelta(minutes=1)
    else:
        return None
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"
    days = (local.date() - now.astimezone(zone).date()).days
    if days == 0:
        return f"{'Tonight' if local.hour >= 17 else 'Today'} {clock}"
    if days == 1:
        return f"Tomorrow {clock}"
    name = local.strftime("%A")
    return f"Next {name} {clock}" if days == 7 else f"{name} {clock}"


SCHEDULE = [(2, "19:00"), (6, "07:30"), (0, "12:00"), (4, "17:00")]


@pytest.fixture
def weekly(db):
    page = MeetingPageFactory(types=["O"])
    add_location(page)
    for day, start in SCHEDULE:
        add_session(page, day, start)
    return publish(page)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Tuesday 6 October 2026, 3 pm in Denver: tonight's meeting.
        (datetime(2026, 10, 6, 15, 0, tzinfo=DENVER), "Tonight 7:00 pm"),
        # 01:30 UTC on Wednesday is still Tuesday 7:30 pm in Denver: tonight's has begun.
        (datetime(2026, 10, 7, 1, 30, tzinfo=UTC), "Thursday 5:00 pm"),
        # Friday evening: Saturday morning is tomorrow.
        (datetime(2026, 10, 9, 21, 0, tzinfo=DENVER), "Tomorrow 7:30 am"),
        # Sunday morning: noon today.
        (datetime(2026, 10, 11, 9, 0, tzinfo=DENVER), "Today 12:00 pm"),
        # Thursday at 5 pm exactly: it starts now, in the evening.
        (datetime(2026, 10, 8, 17, 0, tzinfo=DENVER), "Tonight 5:00 pm"),
    ],
)
def test_next_session_in_words(weekly, now, expected):
    assert schedules.next_session_text(weekly, now) == expected
    assert schedules.next_session_text(weekly, now) == expected_next(SCHEDULE, DENVER, now)


def test_next_session_agrees_with_an_independent_count_all_week(weekly):
    # Every 97 minutes across two weeks, including the end of daylight saving (1 Nov 2026).
    now = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    while now < datetime(2026, 11, 8, tzinfo=UTC):
        assert schedules.next_session_text(weekly, now) == expected_next(SCHEDULE, DENVER, now), now
        now += timedelta(minutes=97)


def test_only_weekly_session_a_week_away_says_next(db):
    page = MeetingPageFactory(types=["O"])
    add_location(page)
    add_session(page, 2, "09:00")
    page = publish(page)
    now = datetime(2026, 10, 6, 10, 0, tzinfo=DENVER)  # Tuesday, after this week's
    assert schedules.next_session_text(page, now) == "Next Tuesday 9:00 am"


def test_page_shows_the_next_session_for_now(client, weekly):
    now = datetime(2026, 10, 9, 21, 0, tzinfo=DENVER)
    with mock.patch("django.utils.timezone.now", return_value=now.astimezone(UTC)):
        text = text_of(html_of(client, weekly))
    assert f"Next: {expected_next(SCHEDULE, DENVER, now)}" in text


# The .ics


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_has_a_weekly_event_per_session(client, meeting):
    before = timezone.now()
    response = client.get(f"{meeting.url}calendar/")
    cal = parse_ics(response)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f'filename="{meeting.slug}.ics"' in disposition
    assert cal.get("PRODID")
    assert str(cal.get("VERSION")) == "2.0"

    events = {event.get("RRULE")["BYDAY"][0]: event for event in cal.walk("VEVENT")}
    assert sorted(events) == ["SA", "TU"]
    for byday, (day, start, end) in {
        "TU": (2, time(19, 0), time(20, 0)),
        "SA": (6, time(7, 30), time(8, 30)),  # an hour when no end is given
    }.items():
        event = events[byday]
        assert event.get("RRULE")["FREQ"] == ["WEEKLY"]
        assert event["DTSTART"].params["TZID"] == "America/Denver"
        starts = event.decoded("DTSTART")
        ends = event.decoded("DTEND")
        local = starts.astimezone(DENVER)
        assert local.time() == start and int(local.strftime("%w")) == day
        assert ends.astimezone(DENVER).time() == end
        # The first occurrence is the next one, not one in the past or a week late.
        assert before <= starts < before + timedelta(days=7)
        assert str(event.get("SUMMARY")) == "Tuesday Night Hope"
        assert str(event.get("URL")) == meeting.full_url
        assert str(event.get("LOCATION")) == "2900 Downing St, Denver, CO 80205, US"
        assert ZOOM in str(event.get("DESCRIPTION"))
        assert "+1 720 555 0199,,81234567890#" in str(event.get("DESCRIPTION"))
        assert str(event.get("UID")).startswith(f"listing-{meeting.pk}-session-")
        assert event.get("DTSTAMP")
    assert len({str(e.get("UID")) for e in events.values()}) == 2


def test_calendar_uids_stay_the_same_between_downloads(client, meeting):
    def uids():
        cal = parse_ics(client.get(f"{meeting.url}calendar/"))
        return sorted(str(event.get("UID")) for event in cal.walk("VEVENT"))

    assert uids() == uids()


def test_calendar_uses_the_zone_of_a_new_york_listing(client, db):
    page = MeetingPageFactory(title="Chelsea Morning Group", types=["C"])
    add_location(
        page,
        name="Chelsea Church",
        street_address="346 W 20th St",
        city="New York",
        region="NY",
        postal_code="10011",
    )
    add_session(page, 1, "07:00", "08:00")  # Monday
    page = publish(page)
    cal = parse_ics(client.get(f"{page.url}calendar/"))
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").astimezone(ZoneInfo("America/New_York")).time() == time(7)
    assert event.get("RRULE")["BYDAY"] == ["MO"]
    assert "Times are Eastern Time (America/New_York)." in text_of(html_of(client, page))


def test_calendar_of_an_online_meeting_says_online(client, db):
    page = MeetingPageFactory(types=["O"], conference_url=ZOOM, timezone="America/Chicago")
    add_session(page, 5, "20:00")
    page = publish(page)
    cal = parse_ics(client.get(f"{page.url}calendar/"))
    (event,) = cal.walk("VEVENT")
    assert str(event.get("LOCATION")) == "Online"
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.get("RRULE")["BYDAY"] == [ICAL_DAY[5]]


def test_line_breaks_in_a_listing_never_break_its_calendar(client, db):
    """Titles and places come from imports and feeds too, line breaks and all."""
    page = MeetingPageFactory(
        title="Tuesday\r\nNight\rHope\n",
        summary="Open\r\ndiscussion.",
        conference_url=ZOOM,
        conference_url_notes="ID 812\r\nPasscode 7",
    )
    add_location(page, name="Hall", street_address="2900 Downing\r\nSt", postal_code="80205")
    add_session(page, 2, "19:00", "20:00")
    page = publish(page)
    response = client.get(f"{page.url}calendar/")
    cal = parse_ics(response)
    # Every content line ends in CRLF and holds no other CR or LF.
    lines = response.content.split(b"\r\n")
    assert lines[-1] == b""
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    assert str(cal.get("X-WR-CALNAME")) == "Tuesday Night Hope"
    (event,) = cal.walk("VEVENT")
    assert str(event.get("SUMMARY")) == "Tuesday Night Hope"
    assert str(event.get("LOCATION")).startswith("2900 Downing St, Denver")
    description = str(event.get("DESCRIPTION")).split("\n")
    assert description[0] == "Open discussion."
    assert "ID 812 Passcode 7" in description


# In a browser


@pytest.mark.django_db(transaction=True)
def test_listing_on_a_phone_downloads_its_calendar_and_fits(page, site):
    listing = MeetingPageFactory(
        title="Tuesday Night Hope",
        types=["O", "D"],
        conference_url=ZOOM,
        contact_name="Maria",
        contact_phone="303-555-0142",
    )
    add_location(listing, accessibility_notes="Ramp at the north door.")
    add_session(listing, 2, "19:00", "20:00")
    listing = publish(listing)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site.url + listing.url)
    assert page.locator('link[href$="css/listing.css"]').count() == 1
    assert page.locator("h1").inner_text() == "Tuesday Night Hope"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename == f"{listing.slug}.ics"
    cal = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    assert [str(e.get("SUMMARY")) for e in cal.walk("VEVENT")] == ["Tuesday Night Hope"]

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Copying the link needs JS; with it, the button appears.
    assert page.get_by_role("button", name="Copy link").is_visible()
    assert page.context.cookies() == []
