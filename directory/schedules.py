"""Weekly schedules in a listing's own time zone.

Days are numbered as the Meeting Guide format numbers them (0 is Sunday).
Times are wall-clock times where the listing is held, so "7 pm on Tuesday"
stays 7 pm across daylight-saving changes.
"""

from datetime import datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

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
