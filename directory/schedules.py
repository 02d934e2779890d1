"""Weekly schedules in a listing's own time zone, and how the site says them.

Days are numbered as the Meeting Guide format numbers them (0 is Sunday).
Times are wall-clock times where the listing is held, so "7 pm on Tuesday"
stays 7 pm across daylight-saving changes, and a meeting at 7 pm in Denver
reads "7:00 pm" whoever looks, with the zone named.
"""

from datetime import datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from directory.choices import Weekday

DEFAULT_LENGTH = timedelta(hours=1)


class Session(NamedTuple):
    day: int
    start: time
    end: time | None = None

    def length(self):
        if self.end is None:
            return DEFAULT_LENGTH
        return datetime.combine(datetime.min, self.end) - datetime.combine(datetime.min, self.start)


def weekday_number(moment):
    """0 for Sunday … 6 for Saturday."""
    return (moment.weekday() + 1) % 7


def occurrences(sessions, zone_name, around, days_back=1, days_ahead=8):
    """(start, end) pairs, aware in the listing's zone, for the days near `around`."""
    zone = ZoneInfo(zone_name)
    local = around.astimezone(zone)
    for offset in range(-days_back, days_ahead):
        date = (local + timedelta(days=offset)).date()
        day = (date.weekday() + 1) % 7
        for session in sessions:
            if session.day == day:
                start = datetime.combine(date, session.start, tzinfo=zone)
                yield start, start + session.length()


def next_start(sessions, zone_name, now):
    """The next time a session begins, or None for listings with no schedule."""
    upcoming = [start for start, _ in occurrences(sessions, zone_name, now, 0) if start >= now]
    return min(upcoming, default=None)


def in_progress(sessions, zone_name, now, started_at_least=timedelta(0)):
    """Whether a session is under way at `now`, including one that began last night."""
    return any(
        start + started_at_least <= now < end
        for start, end in occurrences(sessions, zone_name, now, days_back=1, days_ahead=1)
    )


# Saying it


def hhmm(value):
    """A time as the open formats write it: 24-hour "19:30"; "" for no time."""
    return value.strftime("%H:%M") if value else ""


# From this hour on, a session later today is "tonight".
EVENING = 17

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
