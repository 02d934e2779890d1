"""The same meeting in two lists: kept once.

Intergroups whose areas overlap, or an NA region's BMLT server and a
district's own feed, often list the same meeting. It stays one listing: the
directory keeps the one it already has, and a later list's copy is left out
(and counted, with who lists it already), so a search shows it once. The
same meeting means the same name, the same days and start times, and the
same place: its street address, or for a meeting only online its join link
or phone.
"""

import html
import re

from directory.models import ListingLocation, ListingSession, MeetingPage
from directory.validators import dial_string


def normal(text):
    """Words only, in one case: "St. Paul's &amp; Co" and "St Pauls & co" agree."""
    words = re.findall(r"\w+", html.unescape(text or "").casefold().replace("'", ""))
    return " ".join(words)


def place_of(street, city, url, phone):
    if street.strip() and city.strip():
        return f"at:{normal(street)}|{normal(city)}"
    return f"online:{url.strip().lower() or dial_string(phone)}"


def identity(name, times, where):
    return (normal(name), frozenset(times), where)


def meeting_identity(meeting):
    """The identity of a checked meeting (directory.meeting_guide.reading.Meeting)."""
    place = meeting.place
    street, city = (place.street_address, place.city) if place is not None else ("", "")
    return identity(
        meeting.name,
        [(day, start) for day, start, _end in meeting.sessions],
        place_of(street, city, meeting.conference_url, meeting.conference_phone),
    )


def listed_meetings():
    """{identity: page id} of every published meeting, in a few queries."""
    live = MeetingPage.objects.in_directory()
    pages = {
        pk: (title, url, phone)
        for pk, title, url, phone in live.values_list(
            "pk", "title", "conference_url", "conference_phone"
        )
    }
    times = {pk: [] for pk in pages}
    for page_id, day, start in ListingSession.objects.filter(page__in=live).values_list(
        "page_id", "day", "start_time"
    ):
        times[page_id].append((day, start))
    streets = {}
    links = (
        ListingLocation.objects.filter(page__in=live)
        .order_by("sort_order", "pk")
        .values_list("page_id", "location__street_address", "location__city")
    )
    for page_id, street, city in links:
        if page_id not in streets and street.strip() and city.strip():
            streets[page_id] = (street, city)
    listed = {}
    for pk, (title, url, phone) in pages.items():
        street, city = streets.get(pk, ("", ""))
        listed.setdefault(identity(title, times[pk], place_of(street, city, url, phone)), pk)
    return listed
