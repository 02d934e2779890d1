"""One object of the format (or one spreadsheet row) checked and read as a meeting.

Nothing here reads or writes the database: a row is judged on its own, and
every reason it is refused is a sentence staff can act on without knowing
the format's field names.
"""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import day_number
from directory.countries import country_code, is_region_code
from directory.meeting_guide import types as meeting_types
from directory.meeting_guide.slugs import SLUG_LENGTH
from directory.models import MeetingPage
from directory.reachability import reachability_problems
from directory.validators import validate_dialable, validate_https

_CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?::\d{2})?\s*(?P<half>[ap])?\.?\s*m?\.?$",
    re.IGNORECASE,
)
# A US ZIP code, or a Canadian postal code ("M5V 2T6").
_POSTAL_CODE = r"\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d"
_POSTAL = re.compile(rf"^({_POSTAL_CODE})$")
_REGION_AND_POSTAL = re.compile(rf"^(?P<region>[A-Za-z]{{2,3}})(?:\s+(?P<postal>{_POSTAL_CODE}))?$")
validate_web_address = URLValidator(schemes=["http", "https"])
_URL_SAFE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# North American zones as people name them in spreadsheets.
ZONE_WORDS = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "arizona": "America/Phoenix",
    "pacific": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "atlantic": "America/Halifax",
    "newfoundland": "America/St_Johns",
}


def _zone_word(zone):
    """The zone "Pacific" or "Pacific Time" names; "" for other words."""
    word = re.sub(r"\s+(standard\s+|daylight\s+)?time$", "", zone.strip().casefold())
    return ZONE_WORDS.get(word, "")


@cache
def _zones():
    return frozenset(zoneinfo.available_timezones())


@cache
def _codes_by_label():
    return {
        meeting_types.label(code, "en").casefold(): code for code in meeting_types.reserved_codes()
    }


@dataclass(frozen=True)
class Venue:
    """Where a meeting is held, as the row gives it."""

    name: str
    street_address: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    coordinates_approximate: bool  # no exact point given: the ZIP's centre stands in
    notes: str

    @property
    def key(self):
        """Two rows with the same key are the same place."""
        return (
            self.name.casefold(),
            self.street_address.casefold(),
            self.city.casefold(),
            self.region.upper(),
            self.postal_code[:5],
            self.country.upper(),
        )

    @property
    def has_street_address(self):
        return bool(self.street_address and self.city)

    def __str__(self):
        return ", ".join(part for part in (self.name, self.street_address, self.city) if part)


@dataclass
class Meeting:
    """A checked row: everything the directory stores about the meeting."""

    slug: str
    name: str
    sessions: tuple = ()  # ((day, start, end), ...) sorted
    timezone: str = ""
    types: tuple = ()  # every code, own codes included, sorted
    own_types: tuple = ()  # the codes outside the Meeting Guide list
    notes: str = ""
    conference_url: str = ""
    conference_url_notes: str = ""
    conference_phone: str = ""
    conference_phone_notes: str = ""
    group: str = ""
    group_notes: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    place: Venue | None = None
    organization: str = ""
    category: str = ""
    last_verified: date | None = None
    changes: list = field(default_factory=list)  # what was kept with a change

    @property
    def by_appointment(self):
        return not self.sessions

    @property
    def online(self):
        return bool(self.conference_url or self.conference_phone)

    @property
    def is_area(self):
        """Whether the row's place is only an area (no street address), as online meetings give."""
        return self.place is not None and not self.place.has_street_address


class RowProblems(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def text(value):
    """A field's value as stripped text; numbers become digits, null becomes ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return ""


def _list(value):
    """A list from a JSON array or a comma-separated cell."""
    if isinstance(value, list):
        return [text(item) for item in value if text(item)]
    return [part.strip() for part in re.split(r"[,;]", text(value)) if part.strip()]


def parse_day(value):
    """[0..6] from a number, a day name, or a list of either; raises ValueError."""
    days = []
    items = value if isinstance(value, list) else _list(value)
    for item in items:
        day = day_number(text(item))
        if day is None:
            raise ValueError(
                _(
                    "Day “%(day)s” is not a day of the week. Use 0 (Sunday) to 6 "
                    "(Saturday), or a day name such as Tuesday."
                )
                % {"day": text(item)}
            )
        if day not in days:
            days.append(day)
    return sorted(days)


def parse_time(value, label):
    """A time from "19:30", "7:30 pm", "7pm"; raises ValueError naming the field."""
    match = _CLOCK.match(text(value))
    hour = int(match["hour"]) if match else -1
    minute = int(match["minute"] or 0) if match else -1
    half = (match["half"] or "").lower() if match else ""
    if half:  # 12 am is midnight, 12 pm noon
        hour = hour % 12 + (12 if half == "p" else 0) if 1 <= hour <= 12 else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(
            _("%(label)s “%(value)s” is not a time of day. Use HH:MM, for example 19:30.")
            % {"label": label, "value": text(value)}
        )
    return time(hour, minute)


def _decimal(value, label, low, high):
    raw = text(value)
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not low <= number <= high:
        raise ValueError(
            _("%(label)s “%(value)s” must be a number from %(low)s to %(high)s.")
            % {"label": label, "value": raw, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.000001"))


def _country(text):
    """(the part's country code, whether it names a country) for an address's last part.

    A US state's or Canadian province's code is not taken for a country:
    "Sacramento, CA" is in California.
    """
    if is_region_code("US", text) or is_region_code("CA", text):
        return "", False
    code = country_code(text)
    return code, bool(code)


def split_address(formatted):
    """("123 Main St", "Denver", "CO", "80205", "US") from a one-line address.

    Also "…, Greensboro, NC, 27455, USA" (the postal code apart), "Toronto, ON
    M5V 2T6, Canada" and an area such as "Bengaluru, Karnataka, India". The
    country is "" when the address names none.
    """
    parts = [part.strip() for part in formatted.split(",") if part.strip()]
    country = ""
    if len(parts) > 1:
        code, named = _country(parts[-1])
        if named:
            country = code
            parts.pop()
    region = postal = ""
    if len(parts) > 1 and _POSTAL.match(parts[-1]):
        postal = parts.pop()
    if len(parts) > 1:
        match = _REGION_AND_POSTAL.match(parts[-1])
        if match and not (match["postal"] and postal):
            parts.pop()
            region, postal = match["region"].upper(), match["postal"] or postal
        elif len(parts) == 2 and not re.search(r"\d", "".join(parts)):
            # "City, Region": an area, no street number anywhere.
            region = parts.pop()
    city = parts.pop() if parts else ""
    street = ", ".join(parts)
    return street, city, region, postal.upper(), country


def _coordinates(fields):
    """(latitude, longitude) as given: the two fields, or BMLT's one "lat,lng" string."""
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    pair = text(fields.get("coordinates"))
    if text(latitude) == text(longitude) == "" and pair.count(",") == 1:
        latitude, longitude = pair.split(",")
    return (
        _decimal(latitude, _("Latitude"), -90, 90),
        _decimal(longitude, _("Longitude"), -180, 180),
    )


def _place_country(given, region):
    """The place's two-letter country: as given, else Canada for a province, else the US."""
    if given:
        code = country_code(given)
        if not code:
            raise ValueError(
                _("Country “%(country)s” is not a country we know; give its two-letter code.")
                % {"country": given}
            )
        return code
    if is_region_code("CA", region) and not is_region_code("US", region):
        return "CA"
    return "US"


def parse_place(fields):
    """The Venue of a row, or None when the row gives no address at all."""
    street, city = text(fields.get("address")), text(fields.get("city"))
    region, postal = text(fields.get("state")), text(fields.get("postal_code"))
    country = text(fields.get("country"))
    formatted = text(fields.get("formatted_address"))
    if formatted and not (street or city or postal):
        street, city, f_region, f_postal, f_country = split_address(formatted)
        region, postal, country = region or f_region, postal or f_postal, country or f_country
    latitude, longitude = _coordinates(fields)
    if (latitude is None) != (longitude is None):
        raise ValueError(_("Give both latitude and longitude, or neither."))
    name = text(fields.get("location"))
    if not (street or city or postal or latitude is not None):
        if name:
            raise ValueError(
                _("The location “%(name)s” has no address: give at least the city and state.")
                % {"name": name}
            )
        return None
    approximate = text(fields.get("approximate")).casefold() in ("yes", "true", "1")
    if len(region) <= 3:
        region = region.upper()
    country = _place_country(country, region)
    if approximate:
        # An area (a city) given for an online meeting, not somewhere to go.
        street = ""
    return Venue(
        name=name or street or city,
        street_address=street,
        city=city,
        region=region,
        postal_code=postal,
        country=country,
        latitude=latitude,
        longitude=longitude,
        coordinates_approximate=approximate or latitude is None,
        notes=text(fields.get("location_notes")),
    )


def _types(value):
    codes = []
    by_label = _codes_by_label()
    reserved = meeting_types.reserved_codes()
    for item in _list(value):
        code = item if item in reserved else by_label.get(item.casefold(), item)
        if code not in codes:
            codes.append(code)
    own = sorted(code for code in codes if code not in reserved)
    return tuple(sorted(codes)), tuple(own)


# Module level, so the labels are translated when a message is made, not at import.
LIMITS = {
    "name": (gettext_lazy("The name"), 255),
    "conference_url_notes": (gettext_lazy("The join link notes"), 200),
    "conference_phone": (gettext_lazy("The dial-in number"), 60),
    "conference_phone_notes": (gettext_lazy("The dial-in notes"), 200),
    "group": (gettext_lazy("The group name"), 200),
    "organization": (gettext_lazy("The organization name"), 200),
    "contact_1_phone": (gettext_lazy("The contact phone"), 40),
    "phone": (gettext_lazy("The group phone"), 40),
    "website": (gettext_lazy("The website"), 200),
    "district": (gettext_lazy("The district"), 200),
    "location": (gettext_lazy("The location name"), 200),
    "address": (gettext_lazy("The address"), 200),
    "city": (gettext_lazy("The city"), 100),
    "state": (gettext_lazy("The state"), 50),
    "postal_code": (gettext_lazy("The postal code"), 10),
}


def derived_slug(name, sessions):
    """A slug for a spreadsheet row without one: the same row always gives the same slug."""
    when = "-".join(f"{day}-{start:%H%M}" for day, start, _end in sessions[:1])
    return slugify(f"{name}-{when}" if when else name)[:SLUG_LENGTH].strip("-")


def parse_row(fields, *, derive_slug=False):
    """The Meeting a row describes; raises RowProblems with every reason it is refused.

    Spreadsheets often have no slug column: with `derive_slug` a row without
    one gets a slug from its name, day and time, the same on every import.
    """
    reasons, changes = [], []

    def check(step):
        try:
            return step()
        except ValueError as error:
            reasons.append(str(error))
        except ValidationError as error:
            reasons.extend(error.messages)
        return None

    if not isinstance(fields, dict):
        raise RowProblems([_("This entry is not a meeting: each must be a JSON object {…}.")])
    name = text(fields.get("name"))
    if not name:
        reasons.append(_("The meeting has no name."))
    for key, (label, limit) in LIMITS.items():
        if len(text(fields.get(key))) > limit:
            reasons.append(
                _("%(label)s is longer than %(limit)s characters.")
                % {"label": label, "limit": limit}
            )

    days = check(lambda: parse_day(fields.get("day"))) or []
    start = end = None
    if text(fields.get("time")):
        start = check(lambda: parse_time(fields.get("time"), _("Time")))
    if text(fields.get("end_time")):
        end = check(lambda: parse_time(fields.get("end_time"), _("End time")))
    if days and start is None and not text(fields.get("time")):
        reasons.append(_("The meeting has a day but no time."))
    if start is not None and fields.get("day") in (None, "", []):
        reasons.append(_("The meeting has a time but no day."))
    if start is not None and end is not None and end <= start:
        changes.append(
            _("ends at %(end)s, not after it starts; kept without an end time (an hour is assumed)")
            % {"end": f"{end:%H:%M}"}
        )
        end = None
    sessions = tuple((day, start, end) for day in days) if start is not None else ()

    zone = text(fields.get("timezone"))
    if zone and zone not in _zones() and _zone_word(zone):
        changes.append(
            _("time zone “%(zone)s” read as %(name)s") % {"zone": zone, "name": _zone_word(zone)}
        )
        zone = _zone_word(zone)
    if zone and zone not in _zones():
        reasons.append(
            _("Time zone “%(zone)s” is not a time zone name; use one such as America/Denver.")
            % {"zone": zone}
        )
    types, own_types = _types(fields.get("types"))

    url = text(fields.get("conference_url"))
    if url:
        check(lambda: validate_https(url))
        if len(url) > 200:
            reasons.append(_("The join link is longer than 200 characters."))
    phone = text(fields.get("conference_phone"))
    if phone:
        check(lambda: validate_dialable(phone))
    contact = [text(fields.get(f"contact_1_{part}")) for part in ("name", "email", "phone")]
    if not any(contact):
        # No contact person: the group's own email and phone (TSML's "email", "phone").
        contact = ["", text(fields.get("email")), text(fields.get("phone"))]
    contact_name, email, contact_phone = contact
    if contact_phone:
        check(lambda: validate_dialable(contact_phone))
    if email:
        check(lambda: validate_email(email))
    website = text(fields.get("website"))
    if website:
        website = check(lambda: _web_address(website, changes)) or ""
    verified = None
    if text(fields.get("last_verified")):
        verified = check(lambda: _date(fields.get("last_verified")))
    place = check(lambda: parse_place(fields))

    slug = text(fields.get("slug"))
    if slug and not _URL_SAFE.match(slug):
        # The format wants slugs fit for a URL; the same slug always gives the same one.
        safe = slugify(slug).replace("_", "-").strip("-") or derived_slug(name, sessions)
        changes.append(_("slug “%(slug)s” kept as %(safe)s") % {"slug": slug, "safe": safe})
        slug = safe
    if not slug and derive_slug and name:
        slug = derived_slug(name, sessions)
    if not slug and name:
        reasons.append(_("The meeting has no slug; each meeting in a feed needs its own."))
    elif len(slug) > SLUG_LENGTH:
        reasons.append(_("The slug is longer than %(limit)s characters.") % {"limit": SLUG_LENGTH})

    meeting = Meeting(
        slug=slug,
        name=name,
        sessions=tuple(sorted(sessions, key=lambda s: (s[0], s[1]))),
        timezone=zone,
        types=types,
        own_types=own_types,
        notes=text(fields.get("notes")),
        conference_url=url,
        conference_url_notes=text(fields.get("conference_url_notes")),
        conference_phone=phone,
        conference_phone_notes=text(fields.get("conference_phone_notes")),
        group=text(fields.get("group")),
        group_notes=text(fields.get("group_notes")),
        contact_name=(contact_name.split() or [""])[0][:60],
        contact_email=email,
        contact_phone=contact_phone,
        website=website,
        place=place,
        # TSML's district is the body a group belongs to: the directory's organization.
        organization=text(fields.get("organization")) or text(fields.get("district")),
        category=text(fields.get("category")),
        last_verified=verified,
        changes=changes,
    )
    if not reasons:
        for problem in reachability_problems(
            MeetingPage,
            locations=[place] if place else [],
            online=meeting.online,
            has_sessions=bool(sessions),
            by_appointment=meeting.by_appointment,
        ):
            reasons.append(problem.message)
    if reasons:
        raise RowProblems(reasons)
    return meeting


def _web_address(value, changes):
    """An absolute web address; "www.example.org" gains "https://" (and says so)."""
    try:
        validate_web_address(value)
        return value
    except ValidationError:
        pass
    if "://" not in value:
        candidate = f"https://{value}"
        try:
            validate_web_address(candidate)
        except ValidationError:
            pass
        else:
            changes.append(
                _("website “%(value)s” kept as %(url)s") % {"value": value, "url": candidate}
            )
            return candidate
    raise ValueError(
        _("The website “%(value)s” is not a web address; give it as https://…") % {"value": value}
    )


def _date(value):
    try:
        return date.fromisoformat(text(value)[:10])
    except ValueError:
        raise ValueError(
            _("Last verified “%(value)s” is not a date; use YYYY-MM-DD.") % {"value": text(value)}
        ) from None
