"""A published meeting as objects of the format: one per weekly session.

The format allows a meeting's days as an array, but the clients most sites
embed read one day per object best (TSML UI 1.8 loses meetings, or the whole
feed, once several objects carry arrays), and that is what TSML itself
publishes. So a meeting held Monday to Friday is five objects, each with the
stable slug of its session (directory.meeting_guide.slugs); a meeting by
appointment is one object without day or time.

What a client shows follows from a few fields, so they are exact here:
- a street address is a place to go ("approximate": "no"); coordinates are
  sent only when they are the place's own point, never a ZIP code's or
  city's centre, which clients would route people to;
- a meeting with nowhere to go (online only) is placed in an area, with
  "approximate": "yes" and no coordinates: its own area location, else its
  organization's service area, else the directory's;
- "regions" runs from general to specific (state, then city), so same-named
  cities of different states stay apart.
"""

from datetime import UTC

from directory.areas import parse_area
from directory.contact_links import online_access
from directory.countries import country_name, region_name
from directory.schedules import hhmm
from directory.validators import dial_string

UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"


def schedule_groups(page):
    """[(days, start, end)]: one per distinct (start, end), days in week order.

    How a spreadsheet shows a schedule: one row per time, its days together.
    """
    groups = {}
    for row in sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time)):
        days = groups.setdefault((row.start_time, row.end_time), [])
        if row.day not in days:
            days.append(row.day)
    if not groups:
        return [(None, None, None)]
    return [
        (days, start, end)
        for (start, end), days in sorted(groups.items(), key=lambda item: (item[1][0], item[0][0]))
    ]


def formatted_address(location):
    region = " ".join(part for part in (location.region, location.postal_code) if part)
    parts = [location.street_address.strip(), location.city, region, country_name(location.country)]
    return ", ".join(part for part in parts if part)


def regions(location):
    """General to specific, in words: ["Colorado", "Denver"]."""
    parts = [region_name(location.country, location.region), location.city]
    return [part for part in parts if part]


def location_fields(location):
    if location is None:
        return {}
    # "approximate" says the place is only an area (a city, as online meetings
    # give), not somewhere to go. A street address is a place to go even when
    # we know only its ZIP code's centre; apps treat "yes" as not in person.
    in_person = location.has_street_address
    fields = {
        "location": location.name,
        "formatted_address": formatted_address(location),
        "address": location.street_address.strip(),
        "city": location.city,
        "state": location.region,
        "postal_code": location.postal_code,
        "country": location.country,
        "approximate": "no" if in_person else "yes",
        "location_notes": location.accessibility_notes,
        "regions": regions(location),
    }
    own_point = not location.coordinates_approximate and location.latitude is not None
    if in_person and own_point:
        fields["latitude"] = round(float(location.latitude), 5)
        fields["longitude"] = round(float(location.longitude), 5)
    return fields


def area_fields(text):
    """An online meeting's area, from an area's text ("Denver, CO, USA")."""
    area = parse_area(text)
    if area is None:
        return {}
    return {"formatted_address": area.text, "approximate": "yes", "regions": area.regions}


def place_fields(page, service_area=""):
    """Where the meeting is: its place, else its organization's area, else `service_area`."""
    location = page.main_location
    if location is not None:
        return location_fields(location)
    organization = page.organization if page.organization_id else None
    return area_fields((organization and organization.service_area) or service_area)


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


def contact_first_name(page):
    """First names only, even when a full name was typed."""
    return (page.contact_name.split() or [""])[0]


def contact_fields(page):
    """A named contact as "contact_1_…"; without a name, the email and phone are the group's.

    Clients show a contact's email or phone only beside a name, so a group's
    own address ("hope-group@…", no person named) goes where they show a
    group's: "email" and "phone".
    """
    first_name = contact_first_name(page)
    if not first_name:
        return {"email": page.contact_email, "phone": page.contact_phone}
    return {
        "contact_1_name": first_name,
        "contact_1_email": page.contact_email,
        "contact_1_phone": page.contact_phone,
    }


def _clean(entry):
    """Leave out what is empty; the format treats a missing field as unknown."""
    return {key: value for key, value in entry.items() if value not in ("", None, [])}


def page_entries(page, *, slug, session_slugs, links, publisher, service_area=""):
    """The objects of one meeting.

    `slug` is the meeting's stored slug and `session_slugs` its sessions'
    ({(day, start): slug}); `links` holds its absolute "url", "edit_url" and
    "feedback_url"; `publisher` is the feed's "entity" fields; `service_area`
    the directory's, for a meeting with nowhere to go.
    """
    organization = page.organization if page.organization_id else None
    common = {
        "name": page.title[:255],
        "timezone": page.timezone_name,
        # The reserved codes, and any of the meeting's own: the format allows them
        # (apps ignore codes they do not know), and an import of this feed keeps them.
        "types": sorted(set(page.types or [])),
        "notes": page.notes or page.summary,
        "group": page.group_name,
        "group_notes": page.group_notes,
        "district": organization.name if organization else "",
        "website": page.website,
        **links,
        **place_fields(page, service_area),
        **online_fields(page),
        **contact_fields(page),
        **publisher,
    }
    updated = updated_at(page)
    if updated is not None:
        common["updated"] = updated.strftime(UPDATED_FORMAT)
    entries = []
    sessions = {}
    for row in sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time)):
        sessions.setdefault((row.day, row.start_time), row.end_time)
    for (day, start), end in sessions.items():
        entry = {"slug": session_slugs[(day, start)], **common}
        entry.update(day=day, time=hhmm(start), end_time=hhmm(end) if end else None)
        entries.append(_clean(entry))
    if not entries:
        # By appointment: one object, without day or time.
        entries.append(_clean({"slug": slug, **common}))
    return entries
