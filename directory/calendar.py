"""A listing's weekly schedule in words, and as an .ics file people add to their calendar.

Times are always the listing's own wall-clock times, in its own time zone: a
meeting at 7 pm in Denver reads "7:00 pm" whoever looks, with the zone named.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.http import HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from directory.choices import Attendance, Weekday
from directory.schedules import Session, next_start
from directory.validators import dial_string

# From this hour on, a session later today is "tonight".
EVENING = 17

# RFC 5545 day codes, by Meeting Guide day number (0 is Sunday).
ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")

# The zones of US ZIP codes, named as people there name them, by their
# standard offset from UTC in hours. Other zones are shown by their IANA name.
US_ZONES = frozenset(
    {
        "America/Adak",
        "America/Anchorage",
        "America/Boise",
        "America/Chicago",
        "America/Denver",
        "America/Detroit",
        "America/Indiana/Indianapolis",
        "America/Indiana/Knox",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Tell_City",
        "America/Indiana/Vevay",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Juneau",
        "America/Kentucky/Louisville",
        "America/Kentucky/Monticello",
        "America/Los_Angeles",
        "America/Menominee",
        "America/Metlakatla",
        "America/New_York",
        "America/Nome",
        "America/North_Dakota/Beulah",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/Phoenix",
        "America/Puerto_Rico",
        "America/Sitka",
        "America/St_Thomas",
        "America/Yakutat",
        "Pacific/Honolulu",
    }
)
ZONE_NAMES = {
    -4: gettext_lazy("Atlantic Time"),
    -5: gettext_lazy("Eastern Time"),
    -6: gettext_lazy("Central Time"),
    -7: gettext_lazy("Mountain Time"),
    -8: gettext_lazy("Pacific Time"),
    -9: gettext_lazy("Alaska Time"),
    -10: gettext_lazy("Hawaii-Aleutian Time"),
}


def clock(value):
    """A time of day as people write it: "7:00 pm", "12:00 pm", "7:30 am"."""
    hour = value.hour % 12 or 12
    meridiem = pgettext("time of day", "am") if value.hour < 12 else pgettext("time of day", "pm")
    return f"{hour}:{value.minute:02d} {meridiem}"


def zone_name(zone):
    """ "Mountain Time" for America/Denver; None for zones without a common US name."""
    if zone not in US_ZONES:
        return None
    tz = ZoneInfo(zone)
    standard = min(
        datetime(2026, month, 15, tzinfo=tz).utcoffset() for month in (1, 7)
    ) // timedelta(hours=1)
    return ZONE_NAMES.get(standard)


def zone_note(zone):
    """ "Times are Mountain Time (America/Denver)." """
    name = zone_name(zone)
    if name:
        return _("Times are %(name)s (%(zone)s).") % {"name": name, "zone": zone}
    return _("Times are local time in %(zone)s.") % {"zone": zone}


def sessions_of(page):
    """The page's session rows, in week order (Sunday first), then by start."""
    return sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time))


def schedule_rows(page):
    """[{"day": "Tuesday", "times": "7:00 pm to 8:00 pm"}, …] in week order."""
    rows = []
    for row in sessions_of(page):
        if row.end_time:
            times = _("%(start)s to %(end)s") % {
                "start": clock(row.start_time),
                "end": clock(row.end_time),
            }
        else:
            times = clock(row.start_time)
        rows.append({"day": Weekday(row.day).label, "times": times})
    return rows


def when_text(start, now):
    """ "Tonight 7:00 pm", "Tomorrow 7:30 am", "Tuesday 12:00 pm", in `start`'s zone."""
    days = (start.date() - now.astimezone(start.tzinfo).date()).days
    values = {"time": clock(start.time()), "day": Weekday((start.weekday() + 1) % 7).label}
    if days == 0 and start.hour >= EVENING:
        return _("Tonight %(time)s") % values
    if days == 0:
        return _("Today %(time)s") % values
    if days == 1:
        return _("Tomorrow %(time)s") % values
    if days >= 7:
        # The same weekday as today, after today's session has begun.
        return _("Next %(day)s %(time)s") % values
    return _("%(day)s %(time)s") % values


def next_session_text(page, now=None):
    """When the listing next meets, in words, or None when it keeps no weekly hours."""
    now = now or timezone.now()
    start = page.next_start(now)
    return when_text(start, now) if start else None


# The .ics file


def _ical():
    # Imported here: only the calendar route needs the library.
    import icalendar

    return icalendar


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


def _description(page, url):
    lines = [page.summary]
    join = online_access(page)
    if join["url"]:
        lines.append(_("Join online: %(url)s") % {"url": join["url"]})
        if join["url_notes"]:
            lines.append(join["url_notes"])
    if join["phone"]:
        lines.append(_("Dial in: %(number)s") % {"number": join["phone"]})
        if join["phone_notes"]:
            lines.append(join["phone_notes"])
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
    url = page.get_full_url(request)
    host = _host(page, request)
    location = _location_text(page)
    description = _description(page, url)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Recovery Resource Directory//Listing calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", page.title)
    for row in rows:
        session = Session(row.day, row.start_time, row.end_time)
        start = next_start([session], zone, now)
        event = icalendar.Event()
        event.add("uid", f"listing-{page.pk}-session-{row.pk}@{host}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", start)
        event.add("dtend", start + session.length())
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[row.day]})
        event.add("summary", page.title)
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


# How to join online, for the page and the .ics alike


def tel_href(number):
    """A tel: link that dials `number` exactly, pauses and codes included."""
    if not number:
        return ""
    # "#" would start a URL fragment; RFC 3966 has it escaped.
    return "tel:" + dial_string(number).replace("#", "%23")


def online_access(page):
    """The join link (https only), the dial-in and their notes, whatever the kind."""
    url = getattr(page, "conference_url", "") or getattr(page, "online_url", "") or ""
    phone = getattr(page, "conference_phone", "") or ""
    return {
        "url": url if url.lower().startswith("https://") else "",
        "url_notes": getattr(page, "conference_url_notes", ""),
        "phone": phone,
        "phone_href": tel_href(phone),
        "phone_notes": getattr(page, "conference_phone_notes", ""),
    }
