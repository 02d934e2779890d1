"""The spreadsheet columns meeting lists use, in plain English, and the fields they fill.

Headings are matched without regard to case, spaces, dashes or underscores,
so "Postal Code", "postal_code" and "ZIP" all land in the same field. The
directory's own CSV export writes the first heading given for each field, in
the order of MEETING_CSV_COLUMNS, so an export imports again unchanged.
"""

import re

# Meeting Guide field: the headings that mean it (the first is the one we write).
HEADINGS = {
    "slug": ("Slug", "ID"),
    "name": ("Name", "Meeting Name", "Meeting"),
    "day": ("Day", "Days", "Weekday"),
    "time": ("Time", "Start Time", "Start"),
    "end_time": ("End Time", "End"),
    "timezone": ("Timezone", "Time Zone"),
    "location": ("Location", "Location Name", "Building"),
    "formatted_address": ("Formatted Address", "Full Address"),
    "address": ("Address", "Street Address", "Street"),
    "city": ("City",),
    "state": ("State", "Province", "Region Code"),
    "postal_code": ("Postal Code", "ZIP", "ZIP Code", "Postcode"),
    "country": ("Country",),
    "latitude": ("Latitude", "Lat"),
    "longitude": ("Longitude", "Lng", "Lon", "Long"),
    "coordinates": ("Coordinates",),
    "approximate": ("Approximate",),
    "location_notes": ("Location Notes", "Directions"),
    "region": ("Region",),
    "sub_region": ("Sub Region", "Subregion"),
    "district": ("District",),
    "types": ("Types", "Type Codes", "Codes"),
    "notes": ("Notes", "Meeting Notes", "Description"),
    "conference_url": ("Conference URL", "Online URL", "Join Link"),
    "conference_url_notes": ("Conference URL Notes", "Online Notes"),
    "conference_phone": ("Conference Phone", "Dial In", "Dial-in Number"),
    "conference_phone_notes": ("Conference Phone Notes", "Dial In Notes"),
    "group": ("Group", "Group Name"),
    "group_notes": ("Group Notes",),
    "contact_1_name": ("Contact 1 Name", "Contact Name"),
    "contact_1_email": ("Contact 1 Email", "Contact Email"),
    "contact_1_phone": ("Contact 1 Phone", "Contact Phone"),
    "email": ("Email", "Group Email"),
    "phone": ("Phone", "Group Phone"),
    "website": ("Website", "Group Website"),
    "url": ("URL",),
    "updated": ("Updated", "Last Updated"),
    # The directory's own, beyond the format.
    "organization": ("Organization",),
    "category": ("Category",),
    "last_verified": ("Last Verified",),
}

# Columns that describe the publisher or another site's pages, or that the
# directory derives itself (regions come from the place's city); read, never stored.
IGNORED = {
    "feedback_url": ("Feedback URL",),
    "feedback_emails": ("Feedback Emails",),
    "edit_url": ("Edit URL",),
    "entity": ("Entity",),
    "regions": ("Regions",),
}


def is_ignored(field):
    return field in IGNORED or field.startswith("entity")


def _key(heading):
    return re.sub(r"[\s_\-]+", "", heading).lower()


_BY_HEADING = {_key(heading): field for field, headings in HEADINGS.items() for heading in headings}
_IGNORED = {_key(heading) for headings in IGNORED.values() for heading in headings}


def field_for(heading):
    """The feed field a heading fills; "" for known columns we skip, None if unknown."""
    key = _key(heading)
    if key in _IGNORED or key.startswith("entity"):
        return ""
    return _BY_HEADING.get(key)


#: The fields the directory's meeting CSV export writes, in order.
#:
#: Name, Slug, Group, Notes: as in the feed (Slug is the feed's stable slug of
#:     the row's first session; Notes are the meeting notes, or the listing's
#:     summary when there are none).
#: Day: English day names in week order, joined by ", " ("Monday, Wednesday")
#:     when the same times fall on several days; empty for "by appointment".
#: Time, End Time: 24-hour "HH:MM" in the meeting's Timezone (an IANA name).
#: Location … Location Notes: the place the feed publishes (the first with a
#:     street address, else the first area); Address is the street address,
#:     State the two-letter code, Country the ISO code ("US").
#: Types: English names of the Meeting Guide type codes, joined by ", ".
#: Conference URL … Conference Phone Notes: as staff entered them.
#: Contact 1 Name: first name only, as everywhere the directory shows it.
#: URL: the listing's public page. Updated: last published, UTC,
#:     "YYYY-MM-DD HH:MM:SS". Last Verified: "YYYY-MM-DD", or empty.
EXPORTED_FIELDS = (
    "name",
    "slug",
    "day",
    "time",
    "end_time",
    "timezone",
    "location",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "location_notes",
    "types",
    "notes",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "group",
    "contact_1_name",
    "contact_1_email",
    "contact_1_phone",
    "url",
    "updated",
    "last_verified",
)
#: The meeting file's column headings, in order; each row of the file has exactly these.
MEETING_CSV_COLUMNS = tuple(HEADINGS[field][0] for field in EXPORTED_FIELDS)
