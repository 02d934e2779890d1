"""The spreadsheet columns meeting lists use, in plain English, and the feed fields they fill.

Headings are matched without regard to case, spaces, dashes or underscores,
so "Postal Code", "postal_code" and "ZIP" all land in the same field. The
directory's own CSV export writes the first name given for each field.
"""

import re

from directory.choices import Weekday

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
    "url": ("URL", "Website"),
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


DAY_NAMES = {}
for _day in Weekday:
    _name = _day.name.lower()
    DAY_NAMES[_name] = _day.value
    DAY_NAMES[_name[:3]] = _day.value
DAY_NAMES.update({"tues": 2, "wednes": 3, "thur": 4, "thurs": 4})
