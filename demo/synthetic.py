"""Synthetic listings for scale work: varied, plausible, and the same for the same seed.

Nothing here touches the database; `demo.bulk` writes what this
builds. Every choice comes from one seeded random generator, consumed in a
fixed order, so a count and a seed always give the same listings.
"""

import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cache

from django.utils.text import slugify

import zipcodes

from demo.meetings import AUDIENCE_FOR_CODE, FELLOWSHIPS, GROUPS, TIMES
from demo.places import FIRST_NAMES
from demo.specs import at, later
from directory.models import (
    ChildcarePage,
    ClassPage,
    MeetingPage,
    ServicePage,
    TransportationPage,
)

# Roughly the mix of a real directory: mostly meetings.
KIND_WEIGHTS = (
    (MeetingPage, 60),
    (TransportationPage, 8),
    (ChildcarePage, 8),
    (ClassPage, 12),
    (ServicePage, 12),
)
LISTINGS_PER_LOCATION = 4
LISTINGS_PER_ZIP = 20
MICRODEGREE = Decimal("0.000001")

PLACE_WORDS = (
    "Maple",
    "Cedar",
    "Riverside",
    "Hillcrest",
    "Lakeview",
    "Oak Grove",
    "Pine Ridge",
    "Union",
    "Harmony",
    "Sunrise",
    "Meadowbrook",
    "Fairview",
    "Westgate",
    "Northside",
    "Southside",
    "Grace",
    "Trinity",
    "Hope",
)
PLACE_KINDS = (
    "Community Center",
    "Fellowship Hall",
    "Public Library",
    "Church",
    "Alano Club",
    "Recovery Center",
    "Family Resource Center",
    "Health Clinic",
    "Recreation Center",
    "Civic Center",
)
STREETS = ("Main", "Oak", "Park", "Elm", "Washington", "Lake", "Hill", "Pine", "Church", "Maple")
STREET_TYPES = ("Street", "Avenue", "Road", "Boulevard", "Drive", "Lane")
CLASS_TOPICS = (
    ("Resume writing", "job-skills"),
    ("Job interview practice", "job-skills"),
    ("Budgeting basics", "life-skills"),
    ("Parenting in recovery", "life-skills"),
    ("GED preparation", "education"),
    ("Computer basics", "computer-skills"),
)
SERVICE_TYPES = (
    ("peer_coaching", "Peer recovery coaching", "peer-coaching"),
    ("family_program", "Family program", "family-groups"),
    ("family_coaching", "Family coaching", "family-coaching"),
    ("other", "Recovery check-ins", "recovery-check-ins"),
)
ALL_TIMES = tuple(t for window in TIMES.values() for t in window) + ("23:30",)


@dataclass
class SyntheticListing:
    model: type
    title: str
    fields: dict  # ListingPage and kind fields, by attribute name
    category: str
    sessions: list = field(default_factory=list)  # (day, start, end or None)
    locations: list = field(default_factory=list)  # indexes into Batch.locations
    organization: str = ""

    @property
    def slug_base(self):
        return slugify(self.title)[:60].strip("-")


@dataclass
class Batch:
    locations: list  # dicts of Location field values
    listings: list  # SyntheticListing


@cache
def usable_zip_codes():
    """Active, standard US ZIP codes with a centroid and a time zone we know, sorted."""
    zones = zoneinfo.available_timezones()
    return tuple(
        sorted(
            (
                z["zip_code"],
                z["city"],
                z["state"],
                Decimal(z["lat"]),
                Decimal(z["long"]),
                z["timezone"],
                (z.get("area_codes") or ["555"])[0],
            )
            for z in zipcodes.list_all()
            if z["active"]
            and z["zip_code_type"] == "STANDARD"
            and z["lat"]
            and z["long"]
            and z["timezone"] in zones
        )
    )


def build_batch(count, seed, today):
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    pool = usable_zip_codes()
    zips = rng.sample(pool, min(len(pool), max(1, count // LISTINGS_PER_ZIP)))
    locations = [
        _location(rng, rng.choice(zips)) for _ in range(max(1, count // LISTINGS_PER_LOCATION))
    ]
    models = [model for model, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    listings = []
    places = len(locations)  # street places; town areas are added after them
    areas = {}  # postal code: index of its area place in `locations`
    for _ in range(count):
        model = rng.choices(models, weights)[0]
        where = rng.randrange(places)
        listing = BUILDERS[model](rng, locations[where], today)
        if listing.locations:  # builders mark "here" with 0; point it at the real place
            listing.locations = [where]
        elif model is MeetingPage:
            # An online meeting is placed in its town, as online groups list themselves.
            listing.locations = [_area(locations, areas, locations[where])]
        listing.fields.update(_common(rng, today))
        if rng.random() < 0.5:
            listing.organization = organization_name(locations[where]["region"])
        listings.append(listing)
    return _without_unused_locations(locations, listings)


def _without_unused_locations(locations, listings):
    # A place no listing uses could never be found again to delete with its batch.
    used = sorted({index for listing in listings for index in listing.locations})
    new_index = {old: new for new, old in enumerate(used)}
    for listing in listings:
        listing.locations = [new_index[index] for index in listing.locations]
    return Batch(locations=[locations[index] for index in used], listings=listings)


def _location(rng, zip_row):
    code, city, state, lat, lon, zone, _ = zip_row
    jitter = [Decimal(rng.uniform(-0.02, 0.02)).quantize(MICRODEGREE) for _ in range(2)]
    return {
        "name": f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_KINDS)}",
        "street_address": (
            f"{rng.randint(100, 9899)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
        ),
        "city": city,
        "region": state,
        "postal_code": code,
        "country": "US",
        "latitude": (lat + jitter[0]).quantize(MICRODEGREE),
        "longitude": (lon + jitter[1]).quantize(MICRODEGREE),
        "coordinates_approximate": False,
        "timezone": zone,
        "wheelchair_accessible": rng.random() < 0.7,
    }


def _area(locations, areas, place):
    """The index of the area place (no street address) of `place`'s town, added once."""
    code = place["postal_code"]
    if code not in areas:
        areas[code] = len(locations)
        locations.append(
            {
                **place,
                "name": f"Online ({place['city']})",
                "street_address": "",
                "coordinates_approximate": True,
                "wheelchair_accessible": False,
            }
        )
    return areas[code]


def organization_name(state):
    return f"{state} Community Recovery Network"


def _common(rng, today):
    contact = rng.random() < 0.7
    verified = rng.random() < 0.95
    return {
        "contact_name": rng.choice(FIRST_NAMES) if contact else "",
        "contact_phone": f"555-01{rng.randint(0, 99):02d}" if contact else "",
        "last_verified": today - timedelta(days=rng.randint(0, 300)) if verified else None,
    }


def _sessions(rng, minutes, most=3):
    days = sorted(rng.sample(range(7), rng.randint(1, most)))
    start = at(rng.choice(ALL_TIMES))
    return [(day, start, later(start, minutes)) for day in days]


def _meeting(rng, location, today):
    slug = rng.choice(tuple(FELLOWSHIPS))
    fellowship = FELLOWSHIPS[slug]
    group = rng.choice(GROUPS[slug])[0]
    closed = rng.random() < fellowship.closed_share
    codes = {"C" if closed else "O", rng.choice(fellowship.formats)}
    if rng.random() < 0.1:
        codes.add(rng.choice(tuple(AUDIENCE_FOR_CODE)))
    spanish = rng.random() < 0.06
    if spanish:
        codes.add("S")
    mode = rng.choices(("inperson", "hybrid", "online"), (75, 10, 15))[0]
    if mode != "online" and location["wheelchair_accessible"]:
        codes.add("X")
    meeting_id = rng.randint(10**8, 10**9 - 1)
    online = mode != "inperson"
    fields = {
        "summary": (fellowship.closed_summary if closed else "") or fellowship.open_summary,
        "types": sorted(codes),
        "group_name": group,
        "languages": ["es"] if spanish else ["en"],
        "audiences": sorted(
            {AUDIENCE_FOR_CODE[c] for c in codes if c in AUDIENCE_FOR_CODE}
            | ({"families"} if fellowship.family_category else set())
        ),
        "cost_description": "Donations are welcome but never expected.",
        "conference_url": f"https://meet.example.org/j/{meeting_id}" if online else "",
        "conference_phone": f"+1 555 010 {rng.randint(1000, 9999)},,{meeting_id}#"
        if online and rng.random() < 0.5
        else "",
    }
    return SyntheticListing(
        model=MeetingPage,
        title=f"{group} ({fellowship.short}), {location['city']}",
        fields=fields,
        category=fellowship.family_category or fellowship.category,
        sessions=_sessions(rng, fellowship.minutes),
        locations=[] if mode == "online" else [0],
    )


def _ride(rng, location, today):
    appointment = rng.random() < 0.5
    to_meetings = rng.random() < 0.6
    return SyntheticListing(
        model=TransportationPage,
        title=f"Rides to {'meetings' if to_meetings else 'appointments'}, {location['city']}",
        fields={
            "summary": "Free rides from volunteers, many of them in recovery themselves.",
            "service_area": f"{location['city']}, {location['region']}, and up to "
            f"{rng.choice((5, 10, 15, 25))} miles around.",
            "notice_hours": rng.choice((0, 2, 24, 48)),
            "wheelchair_vehicles": rng.random() < 0.3,
            "booking_instructions": "Call or text to book a ride.",
            "by_appointment": appointment,
        },
        category="rides-to-meetings" if to_meetings else "rides-to-appointments",
        sessions=[] if appointment else _sessions(rng, 600, most=7),
        # A schedule needs a place to take its time zone from: the ride's base.
        locations=[] if appointment else [0],
    )


def _childcare(rng, location, today):
    youngest = rng.randint(0, 4)
    during = rng.random() < 0.7
    return SyntheticListing(
        model=ChildcarePage,
        title=f"Childcare {'during meetings' if during else 'for parents in recovery'}, "
        f"{location['city']}",
        fields={
            "summary": "Free care for children while parents go to meetings and classes.",
            "min_age_years": youngest,
            "max_age_years": youngest + rng.randint(3, 10),
            "licensed": rng.random() < 0.4,
            "during_meetings": during,
        },
        category="childcare-during-meetings" if during else "daytime-childcare",
        sessions=_sessions(rng, 180),
        locations=[0],
    )


def _class(rng, location, today):
    topic, category = rng.choice(CLASS_TOPICS)
    start = today + timedelta(weeks=rng.randint(-4, 8))
    online = rng.random() < 0.2
    return SyntheticListing(
        model=ClassPage,
        title=f"{topic}, {location['city']}",
        fields={
            "summary": f"A free {topic.lower()} class for adults in recovery.",
            "start_date": start,
            "end_date": start + timedelta(weeks=rng.randint(2, 12)),
            "seats": rng.randint(8, 30),
            "online_url": f"https://learn.example.org/c/{rng.randint(10**5, 10**6)}"
            if online
            else "",
        },
        category=category,
        sessions=_sessions(rng, 90, most=2),
        locations=[] if online and rng.random() < 0.5 else [0],
    )


def _service(rng, location, today):
    kind, label, category = rng.choice(SERVICE_TYPES)
    appointment = rng.random() < 0.4
    online = rng.random() < 0.3
    return SyntheticListing(
        model=ServicePage,
        title=f"{label}, {location['city']}",
        fields={
            "summary": f"{label} from people with their own experience of recovery.",
            "service_type": kind,
            "by_appointment": appointment,
            "online_url": f"https://meet.example.org/s/{rng.randint(10**5, 10**6)}"
            if online
            else "",
            "audiences": ["families"] if kind.startswith("family") else [],
        },
        category=category,
        sessions=[] if appointment else _sessions(rng, 240, most=5),
        locations=[0] if not appointment or rng.random() < 0.7 else [],
    )


BUILDERS = {
    MeetingPage: _meeting,
    TransportationPage: _ride,
    ChildcarePage: _childcare,
    ClassPage: _class,
    ServicePage: _service,
}
