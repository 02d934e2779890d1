"""A published meeting as objects of the format.

A meeting whose sessions start at different times on different days becomes
one object per distinct (time, end_time), each with its own slug; days that
share a time are listed together in "day".
"""

from datetime import UTC

from directory.contact_links import online_access
from directory.meeting_guide import types as meeting_types
from directory.meeting_guide.slugs import SLUG_LENGTH
from directory.schedules import hhmm
from directory.validators import dial_string

UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"
COUNTRY_NAMES = {"US": "USA"}


def schedule_groups(page):
    """[(suffix, days, start, end)]: one per distinct (start, end), days in week order.

    One group keeps the bare slug (suffix ""); several get "-HHMM" from their
    start, plus "-HHMM" (or "-open") from their end when two share a start.
    """
    groups = {}
    for row in sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time)):
        days = groups.setdefault((row.start_time, row.end_time), [])
        if row.day not in days:
            days.append(row.day)
    if not groups:
        return [("", None, None, None)]
    if len(groups) == 1:
        ((start, end), days) = next(iter(groups.items()))
        return [("", days, start, end)]
    starts = [start for start, _ in groups]
    result = []
    for (start, end), days in sorted(groups.items(), key=lambda item: (item[1][0], item[0][0])):
        suffix = f"-{start:%H%M}"
        if starts.count(start) > 1:
            suffix += f"-{end:%H%M}" if end else "-open"
        result.append((suffix, days, start, end))
    return result


def formatted_address(location):
    region = " ".join(part for part in (location.region, location.postal_code) if part)
    country = COUNTRY_NAMES.get(location.country, location.country)
    parts = [location.street_address.strip(), location.city, region, country]
    return ", ".join(part for part in parts if part)


def location_fields(location):
    if location is None:
        return {}
    # "approximate" says the place is only an area (a city, as online meetings
    # give), not somewhere to go. A street address is a place to go even when
    # its map point is the ZIP code's centre; apps treat "yes" as not in person.
    approximate = not location.has_street_address
    fields = {
        "location": location.name,
        "formatted_address": formatted_address(location),
        "address": location.street_address.strip(),
        "city": location.city,
        "state": location.region,
        "postal_code": location.postal_code,
        "country": location.country,
        "approximate": "yes" if approximate else "no",
        "location_notes": location.accessibility_notes,
        "regions": [location.city] if location.city else [],
    }
    if location.latitude is not None and location.longitude is not None:
        fields["latitude"] = round(float(location.latitude), 5)
        fields["longitude"] = round(float(location.longitude), 5)
    return fields


def online_fields(page):
    if not page.has_online_access:
        return {}
    join = online_access(page)
    fields = {}
    if join["url"]:
        fields["conference_url"] = join["url"]
        fields["conference_url_notes"] = join["url_notes"]
    if join["phone"]:
        fields["conference_phone"] = dial_string(join["phone"])
        fields["conference_phone_notes"] = join["phone_notes"]
    return fields


def updated_at(page):
    moment = page.last_published_at or page.latest_revision_created_at or page.first_published_at
    return moment.astimezone(UTC) if moment else None


def contact_fields(page):
    first_name = (page.contact_name.split() or [""])[0]
    return {
        "contact_1_name": first_name,
        "contact_1_email": page.contact_email,
        "contact_1_phone": page.contact_phone,
    }


def _clean(entry):
    """Leave out what is empty; the format treats a missing field as unknown."""
    return {key: value for key, value in entry.items() if value not in ("", None, [])}


def page_entries(page, *, slug, url, feedback_url, publisher):
    """The objects of one meeting: `slug` is its stored slug, `url` its public page,
    `feedback_url` where corrections go, `publisher` the feed's "entity" fields."""
    reserved = meeting_types.reserved_codes()
    common = {
        "name": page.title[:255],
        "timezone": page.timezone_name,
        "types": sorted({code for code in page.types or [] if code in reserved}),
        "notes": page.notes or page.summary,
        "group": page.group_name,
        "group_notes": page.group_notes,
        "url": url,
        "feedback_url": feedback_url,
        **location_fields(page.main_location),
        **online_fields(page),
        **contact_fields(page),
        **publisher,
    }
    updated = updated_at(page)
    if updated is not None:
        common["updated"] = updated.strftime(UPDATED_FORMAT)
    entries = []
    for suffix, days, start, end in schedule_groups(page):
        entry = {"slug": f"{slug}{suffix}"[:SLUG_LENGTH], **common}
        if days:
            entry["day"] = days[0] if len(days) == 1 else days
            entry["time"] = hhmm(start)
            if end is not None:
                entry["end_time"] = hhmm(end)
        entries.append(_clean(entry))
    return entries
