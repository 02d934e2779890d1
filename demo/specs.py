"""What one demo listing should look like, before it touches the database."""

from dataclasses import dataclass, field
from datetime import time, timedelta

from django.utils.text import slugify

from demo.places import PLACES_BY_KEY


@dataclass
class ListingSpec:
    model: type
    section: str  # slug of the ListingIndexPage it lives under
    title: str
    fields: dict
    sessions: list = field(default_factory=list)  # (day, start, end or None)
    locations: list = field(default_factory=list)  # Place keys
    categories: list = field(default_factory=list)  # Category slugs
    organization: str = ""
    slug: str = ""


def at(text):
    """time(18, 30) from "18:30"."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def later(start, minutes):
    """The end time `minutes` after `start`, or None when that is past midnight.

    A session's end must be after its start on the same day, so a meeting
    running past midnight leaves its end blank (an hour is then assumed).
    """
    total = start.hour * 60 + start.minute + minutes
    if total >= 24 * 60:
        return None
    return time(total // 60, total % 60)


def weekly(days, start, end=None):
    """Sessions on each of `days` (0 is Sunday) from `start` to `end` ("HH:MM")."""
    return [(day, at(start), at(end) if end else None) for day in days]


WEEKDAYS = (1, 2, 3, 4, 5)


def assign_slugs(specs):
    """Stable, unique slugs from the titles, in the order the specs are listed."""
    seen = set()
    for spec in specs:
        base = slugify(spec.title)[:70].strip("-")
        slug, number = base, 2
        while (spec.section, slug) in seen:
            slug, number = f"{base}-{number}", number + 1
        seen.add((spec.section, slug))
        spec.slug = slug


def assign_verification(specs, rng, today, stale=8, never=4):
    """Most listings checked within the last 170 days; a few overdue or never checked.

    The overdue ones are past the 180 days after which staff are asked to
    check a listing again, so the demo shows that queue with something in it.
    """
    picks = rng.sample(range(len(specs)), stale + never)
    overdue, unchecked = set(picks[:stale]), set(picks[stale:])
    for index, spec in enumerate(specs):
        if index in unchecked:
            spec.fields["last_verified"] = None
        elif index in overdue:
            spec.fields["last_verified"] = today - timedelta(days=rng.randint(200, 420))
        else:
            spec.fields["last_verified"] = today - timedelta(days=rng.randint(0, 170))


def reachability_problems(spec):
    """The admin form's rules for a listing someone could actually get to.

    ListingPageForm checks these in the admin; the model does not, so a
    loader that bypasses the form has to check them itself.
    """
    model = spec.model
    online = any(spec.fields.get(name) for name in model.online_access_fields)
    places = [PLACES_BY_KEY[key] for key in spec.locations]
    problems = []
    if model.needs_place and not places and not online:
        problems.append("has no location and no way to join online")
    elif places and not online and not any(place.street_address for place in places):
        problems.append("is in person but none of its locations has a street address")
    if model.needs_schedule and not spec.sessions and not spec.fields.get("by_appointment"):
        problems.append("has no weekly session and is not by appointment")
    return problems


def term_dates(today, starts_in_weeks, weeks):
    """First and last class of a course that starts `starts_in_weeks` from today."""
    start = today + timedelta(weeks=starts_in_weeks)
    start -= timedelta(days=start.weekday())  # courses start on a Monday
    return start, start + timedelta(weeks=weeks) - timedelta(days=3)
