"""A listing's weekly sessions as an .ics file people add to their calendar.

Each session is one weekly event in the listing's own time zone, so it stays
at the same wall-clock time across daylight-saving changes. Its words and the
link back are in the language of the address it was fetched from.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from directory.choices import Attendance
from directory.contact_links import online_access
from directory.schedules import Session, next_start, sessions_of
from directory.site_language import page_url
from directory.translations import words

# RFC 5545 day codes, by Meeting Guide day number (0 is Sunday).
ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def _ical():
    # Imported here: only the calendar route needs the library.
    import icalendar

    return icalendar


def one_line(text):
    """Text with its line breaks (CR, LF and the rest) turned into spaces.

    A content line of RFC 5545 ends at a line break, so one inside a value
    must not reach the file: the library refuses it in some properties
    (X-WR-CALNAME) and writes a bare CR into others.
    """
    return " ".join(part.strip() for part in (text or "").splitlines() if part.strip())


def _host(page, request):
    url = page.get_full_url(request) or ""
    return urlsplit(url).hostname or request.get_host().split(":")[0]


def _location_text(page):
    places = page.in_person_locations
    if places and page.attendance in (Attendance.IN_PERSON, Attendance.HYBRID):
        return places[0].one_line_address
    if page.has_online_access:
        return _("Online")
    if page.locations:
        return page.locations[0].one_line_address
    return ""


def _description(page, text, url):
    lines = [one_line(text.summary)]
    join = online_access(page)
    if join["url"]:
        lines.append(_("Join online: %(url)s") % {"url": one_line(join["url"])})
        if join["url_notes"]:
            lines.append(one_line(join["url_notes"]))
    if join["phone"]:
        lines.append(_("Dial in: %(number)s") % {"number": one_line(join["phone"])})
        if join["phone_notes"]:
            lines.append(one_line(join["phone_notes"]))
    if url:
        lines.append(_("Details: %(url)s") % {"url": url})
    return "\n".join(line for line in lines if line)


def build_calendar(page, request, now=None):
    """The listing's weekly sessions as a VCALENDAR, or None when it has none."""
    rows = sessions_of(page)
    if not rows:
        return None
    icalendar = _ical()
    now = now or timezone.now()
    zone = page.timezone_name
    url = page_url(page, request, full=True)
    host = _host(page, request)
    text = words(page)
    title = one_line(text.title)
    location = one_line(_location_text(page))
    description = _description(page, text, url)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Recovery Resource Directory//Listing calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    for row in rows:
        session = Session(row.day, row.start_time, row.end_time)
        start = next_start([session], zone, now)
        event = icalendar.Event()
        event.add("uid", f"listing-{page.pk}-session-{row.pk}@{host}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", start)
        event.add("dtend", start + session.length())
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[row.day]})
        event.add("summary", title)
        if location:
            event.add("location", location)
        if url:
            event.add("url", url)
        event.add("description", description)
        calendar.add_component(event)
    # A VTIMEZONE for the TZID, so calendars without the IANA database agree.
    calendar.add_missing_timezones(first_date=now.date())
    return calendar


def calendar_response(page, request, now=None):
    calendar = build_calendar(page, request, now)
    if calendar is None:
        html = render_to_string(
            "directory/includes/listing_no_calendar.html", {"page": page}, request=request
        )
        return HttpResponseNotFound(html)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{page.slug}.ics"
    )
    return response
