"""The published listings as Human Services Data Specification (HSDS) 3.0 objects.

Every listing kind is an HSDS service. Ids are UUIDs derived (uuid5, in one
fixed namespace) from our own keys, so the same record keeps the same id
across requests, re-saves and rebuilds; nothing is stored for them.

Two taxonomies are published: our categories ("categories") and the Meeting
Guide type codes of meetings ("meeting-guide-types").
"""

import re
import uuid
from dataclasses import dataclass

from django.utils.html import strip_tags

from wagtail.models import Site

from directory.calendar import ICAL_DAYS
from directory.choices import Attendance, Language, Weekday
from directory.contact_links import online_access
from directory.geocoding import zip_centroid
from directory.meeting_guide import types as meeting_types
from directory.models import LISTING_MODELS, Category, ListingLocation, Location, Organization
from directory.paging import page_count, page_offset
from directory.schedules import clock, hhmm
from directory.validators import dial_string
from feeds.scope import published

# Never change it: every published id is derived from it.
NAMESPACE = uuid.UUID("5b0f2d7e-8f43-4c0a-9a52-3d6c1e4b7a90")

VERSION = "3.0"
PROFILE = "https://openreferral.org"
CATEGORIES = "categories"
MEETING_TYPES = "meeting-guide-types"
TAXONOMY_NAMES = {
    CATEGORIES: ("Directory categories", "The categories listings are filed under."),
    MEETING_TYPES: (
        "Meeting Guide meeting types",
        "The type codes of the Meeting Guide format (https://github.com/code4recovery/spec).",
    ),
}


def hsds_id(name):
    """The stable UUID of one of our records, from a name such as "service:12"."""
    return str(uuid.uuid5(NAMESPACE, name))


def clean(entry):
    """Leave out what is empty: HSDS fields are optional, and "" is not a valid uri/email."""
    return {key: value for key, value in entry.items() if value not in ("", None, [])}


def plain(html):
    return " ".join(strip_tags(html or "").split())


def _iso(moment):
    return moment.isoformat() if moment else None


# Which listings are published


def listings(site):
    """The published, public listings of the site."""
    return published(site)


def site_for(request):
    return Site.find_for_request(request)


def by_hsds_id(values, prefix):
    """{uuid: key} for the keys `values`, under names f"{prefix}:{key}"."""
    return {hsds_id(f"{prefix}:{value}"): value for value in values}


# Taxonomies


def taxonomy(slug):
    name, description = TAXONOMY_NAMES[slug]
    return {"id": hsds_id(f"taxonomy:{slug}"), "name": name, "description": description}


def taxonomies():
    return [taxonomy(CATEGORIES), taxonomy(MEETING_TYPES)]


def taxonomy_slug(taxonomy_id):
    """CATEGORIES or MEETING_TYPES for a taxonomy id; None if unknown."""
    return by_hsds_id(TAXONOMY_NAMES, "taxonomy").get(taxonomy_id)


def category_term(category):
    return clean(
        {
            "id": hsds_id(f"taxonomy_term:{category.pk}"),
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "parent_id": (
                hsds_id(f"taxonomy_term:{category.parent_id}") if category.parent_id else None
            ),
            "taxonomy": CATEGORIES,
            "taxonomy_id": hsds_id(f"taxonomy:{CATEGORIES}"),
        }
    )


def meeting_type_term(code):
    name = str(meeting_types.label(code))
    return {
        "id": hsds_id(f"taxonomy_term:{MEETING_TYPES}:{code}"),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": MEETING_TYPES,
        "taxonomy_id": hsds_id(f"taxonomy:{MEETING_TYPES}"),
    }


def taxonomy_terms():
    terms = [
        category_term(c)
        for c in Category.objects.in_directory().select_related("parent").order_by("pk")
    ]
    terms += [meeting_type_term(code) for code in sorted(meeting_types.reserved_codes())]
    return terms


def taxonomy_term(term_id):
    """One taxonomy term by its id; None if unknown."""
    target = term_target(term_id)
    if target is None:
        return None
    kind, key = target
    if kind == CATEGORIES:
        return category_term(Category.objects.in_directory().get(pk=key))
    return meeting_type_term(key)


def term_target(term_id):
    """(CATEGORIES, category pk) or (MEETING_TYPES, code) for a term id; None if unknown."""
    categories = by_hsds_id(
        Category.objects.in_directory().values_list("pk", flat=True), "taxonomy_term"
    )
    if term_id in categories:
        return CATEGORIES, categories[term_id]
    codes = by_hsds_id(meeting_types.reserved_codes(), f"taxonomy_term:{MEETING_TYPES}")
    if term_id in codes:
        return MEETING_TYPES, codes[term_id]
    return None


# Organizations


def organization_basic(org):
    # "description" is required, so it stays even when empty.
    return clean(
        {
            "id": hsds_id(f"organization:{org.pk}"),
            "name": org.name,
            "email": org.email,
            "website": org.website,
        }
    ) | {"description": plain(org.description)}


def organization_phones(org):
    if not org.phone:
        return []
    return [
        {
            "id": hsds_id(f"phone:organization:{org.pk}"),
            "organization_id": hsds_id(f"organization:{org.pk}"),
            "number": org.phone,
        }
    ]


def organization_full(org, services=()):
    """One organization (compiled/organization.json): its own fields, phone and services.

    `services` are the JSON of its published services, basic or full.
    """
    return organization_basic(org) | clean(
        {"phones": organization_phones(org), "services": list(services)}
    )


def published_organizations(site):
    ids = listings(site).exclude(organization=None).values_list("organization_id", flat=True)
    return Organization.objects.filter(pk__in=ids).order_by("pk")


# Services


def status(page):
    return "temporarily closed" if page.is_temporarily_closed else "active"


def description(page):
    return "\n\n".join(part for part in (page.summary, plain(page.description)) if part)


def service_basic(page, request):
    """The service's own (one-to-one) fields: the shape of a services page's items."""
    moment = page.last_published_at or page.latest_revision_created_at
    return clean(
        {
            "id": hsds_id(f"service:{page.pk}"),
            "organization_id": (
                hsds_id(f"organization:{page.organization_id}") if page.organization_id else None
            ),
            "name": page.title,
            "description": description(page),
            "url": page.get_full_url(request),
            "email": page.contact_email,
            "status": status(page),
            "fees_description": (
                page.cost_description if page.cost_description else ("Free" if page.is_free else "")
            ),
            "eligibility_description": page.eligibility,
            "assured_date": page.last_verified.isoformat() if page.last_verified else None,
            "last_modified": _iso(moment),
        }
    )


def service_minimal(page):
    """Just enough to tell what changed: the id, the fields the schema requires, the time."""
    moment = page.last_published_at or page.latest_revision_created_at
    return clean(
        {
            "id": hsds_id(f"service:{page.pk}"),
            "name": page.title,
            "status": status(page),
            "last_modified": _iso(moment),
        }
    )


def phones(page):
    service_id = hsds_id(f"service:{page.pk}")
    result = []
    if page.contact_phone:
        result.append(
            clean(
                {
                    "id": hsds_id(f"phone:{page.pk}:contact"),
                    "service_id": service_id,
                    "number": page.contact_phone,
                    "type": "voice",
                    "description": (page.contact_name.split() or [""])[0],
                }
            )
        )
    conference = getattr(page, "conference_phone", "")
    if conference:
        result.append(
            clean(
                {
                    "id": hsds_id(f"phone:{page.pk}:conference"),
                    "service_id": service_id,
                    "number": dial_string(conference),
                    "type": "voice",
                    "description": " ".join(
                        part
                        for part in ("Dial-in.", getattr(page, "conference_phone_notes", ""))
                        if part
                    ),
                }
            )
        )
    return result


def schedules(page):
    """One WEEKLY schedule per distinct (start, end): byday "MO,TU", times "HH:MM".

    Times are the listing's wall-clock times in its own time zone, named in the
    description (HSDS's `timezone` is a fixed UTC offset, which DST breaks).
    """
    groups = {}
    for session in sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time, row.pk)):
        groups.setdefault((session.start_time, session.end_time), []).append(session)
    zone = page.timezone_name
    attendance = page.attendance
    result = []
    for (start, end), rows in groups.items():
        days = sorted({row.day for row in rows})
        day_names = ", ".join(str(Weekday(day).label) for day in days)
        when = clock(start) + (f" to {clock(end)}" if end else "")
        result.append(
            clean(
                {
                    "id": hsds_id(f"schedule:{rows[0].pk}"),
                    "service_id": hsds_id(f"service:{page.pk}"),
                    "freq": "WEEKLY",
                    "wkst": "SU",
                    "byday": ",".join(ICAL_DAYS[day] for day in days),
                    "opens_at": hhmm(start),
                    "closes_at": hhmm(end) if end else None,
                    "description": f"Every week on {day_names}, {when} ({zone}).",
                    "attending_type": str(Attendance(attendance).label) if attendance else None,
                }
            )
        )
    return result


def physical_location(location):
    fields = {
        "id": hsds_id(f"location:{location.pk}"),
        "location_type": "physical",
        "name": location.name,
        "description": location.accessibility_notes,
        "transportation": location.transit_notes,
        "latitude": float(location.latitude) if location.latitude is not None else None,
        "longitude": float(location.longitude) if location.longitude is not None else None,
    }
    if location.has_street_address:
        fields["addresses"] = [
            {
                "id": hsds_id(f"address:{location.pk}"),
                "location_id": hsds_id(f"location:{location.pk}"),
                "address_1": location.street_address.strip(),
                "city": location.city,
                "state_province": location.region,
                "postal_code": location.postal_code,
                "country": location.country or "US",
                "address_type": "physical",
            }
        ]
    else:
        fields["description"] = " ".join(
            part for part in ("Approximate area only.", location.accessibility_notes) if part
        )
    return clean(fields)


def virtual_location(page, url):
    return {
        "id": hsds_id(f"virtual-location:{page.pk}"),
        "location_type": "virtual",
        "name": "Online",
        "url": url,
    }


def location_entries(page):
    """[(location key, HSDS location, the Location or None)] where the listing happens."""
    entries = [(str(loc.pk), physical_location(loc), loc) for loc in page.locations]
    url = online_access(page)["url"] if page.has_online_access else ""
    if url:
        entries.append(("online", virtual_location(page, url), None))
    return entries


# Where online_access() reads a listing's join link from, in its order.
JOIN_LINK_FIELDS = ("conference_url", "online_url")


def online_pks(pks):
    """The pks, among `pks`, of the listings location_entries() gives an online place.

    Those with an https join link (a join link gives a listing online access),
    from the one or two columns of each kind that has one.
    """
    wanted = set(pks)
    found = set()
    for model in LISTING_MODELS:
        names = [field.name for field in model._meta.fields if field.name in JOIN_LINK_FIELDS]
        names.sort(key=JOIN_LINK_FIELDS.index)
        if not names:
            continue
        rows = (
            model.objects.exclude(**dict.fromkeys(names, "")).order_by().values_list("pk", *names)
        )
        for pk, *links in rows:
            url = next((link for link in links if link), "")
            if pk in wanted and url.lower().startswith("https://"):
                found.add(pk)
    return found


def place_entries(pks, fields=()):
    """[(listing pk, place key, place)]: location_entries() of the listings with these
    pks, in their order, from a few columns, without loading a listing.

    A place is {field: value} of the location's `fields` (such as
    "postal_code"); None online. The columns are read whole and the rows of
    these listings picked out here, so it takes the same few queries however
    many listings there are.
    """
    wanted = set(pks)
    links = ListingLocation.objects.order_by("sort_order", "pk").values_list(
        "page_id", "location_id"
    )
    places = {}
    for page_id, location_id in links:
        if page_id in wanted:
            places.setdefault(page_id, []).append(location_id)
    values = None
    if fields:
        rows = Location.objects.in_directory().order_by().values_list("pk", *fields)
        values = {pk: dict(zip(fields, row, strict=True)) for pk, *row in rows}
    online = online_pks(pks)
    entries = []
    for pk in pks:
        for key in places.get(pk, []):
            if values is None:
                entries.append((pk, str(key), {}))
            elif key in values:
                entries.append((pk, str(key), values[key]))
        if pk in online:
            entries.append((pk, "online", None))
    return entries


def service_at_location(page, key, location, request, *, with_service=False):
    service_id = hsds_id(f"service:{page.pk}")
    entry = {
        "id": hsds_id(f"service_at_location:{page.pk}:{key}"),
        "service_id": service_id,
        "location_id": location["id"],
        "location": location,
    }
    if with_service:
        entry["service"] = service_basic(page, request)
    return entry


def service_at_location_full(page, key, location, request):
    """One place of a service with the whole service (compiled/service_at_location.json)."""
    entry = service_at_location(page, key, location, request)
    service = service_full(page, request)
    # The service's other places are theirs to show.
    service.pop("service_at_locations", None)
    return entry | {"service": service}


def service_at_location_keys(site):
    """{service_at_location id: (listing pk, place key)} for every published listing.

    The keys are those of location_entries(): a location's pk, or "online",
    which a listing has only when it has a join link (the caller checks).
    """
    pages = listings(site)
    found = {}
    links = ListingLocation.objects.filter(page__in=pages, location__isnull=False)
    for page_id, location_id in links.values_list("page_id", "location_id"):
        found[hsds_id(f"service_at_location:{page_id}:{location_id}")] = (page_id, str(location_id))
    for page_id in pages.values_list("pk", flat=True):
        found[hsds_id(f"service_at_location:{page_id}:online")] = (page_id, "online")
    return found


def languages(page):
    return [
        {
            "id": hsds_id(f"language:{page.pk}:{code}"),
            "service_id": hsds_id(f"service:{page.pk}"),
            "name": str(Language(code).label),
            "code": code,
        }
        for code in page.languages or []
        if code in Language.values
    ]


def cost_options(page):
    base = {"id": hsds_id(f"cost_option:{page.pk}"), "service_id": hsds_id(f"service:{page.pk}")}
    if page.is_free:
        return [base | {"option": "Free", "currency": "USD", "amount": 0}]
    return [
        base | {"option": "Fee", "currency": "USD", "amount_description": page.cost_description}
    ]


def attributes(page):
    service_id = hsds_id(f"service:{page.pk}")
    link = {"link_id": service_id, "link_type": "service", "link_entity": "service"}
    result = []
    for category in sorted(page.categories.all(), key=lambda c: c.pk):
        term = category_term(category)
        result.append(
            {"id": hsds_id(f"attribute:{page.pk}:category:{category.pk}"), **link}
            | {"taxonomy_term_id": term["id"], "taxonomy_term": term}
        )
    reserved = meeting_types.reserved_codes()
    for code in sorted(set(getattr(page, "types", None) or []) & reserved):
        term = meeting_type_term(code)
        result.append(
            {"id": hsds_id(f"attribute:{page.pk}:type:{code}"), **link}
            | {"taxonomy_term_id": term["id"], "taxonomy_term": term, "value": code}
        )
    return result


def service_full(page, request):
    """One fully nested service (compiled/service.json)."""
    entries = location_entries(page)
    return clean(
        service_basic(page, request)
        | {
            "organization": organization_basic(page.organization) if page.organization else None,
            "phones": phones(page),
            "schedules": schedules(page),
            "service_at_locations": [
                service_at_location(page, key, location, request) for key, location, _ in entries
            ],
            "languages": languages(page),
            "cost_options": cost_options(page),
            "attributes": attributes(page),
        }
    )


# Pages of results


@dataclass(frozen=True)
class Pagination:
    page: int
    # None: one page holds everything.
    per_page: int | None

    def size(self, items):
        return self.per_page or max(1, len(items))

    def window(self, items):
        """The items on this page."""
        size = self.size(items)
        start = page_offset(self.page, size)
        return items[start : start + size]

    def wrap(self, items, build):
        """The HSDS page object; `build` turns one item of `items` into its JSON."""
        total = len(items)
        pages = page_count(total, self.size(items))
        contents = [build(item) for item in self.window(items)]
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            "empty": not contents,
            "contents": contents,
        }


def postcode_centre(postcode):
    """(latitude, longitude) of a postcode's centre; None when it is not known.

    A US ZIP code's centroid, else the mean point of the located places we list
    under that postcode.
    """
    centroid = zip_centroid(postcode)
    if centroid is not None:
        return float(centroid.latitude), float(centroid.longitude)
    points = list(
        Location.objects.in_directory()
        .filter(
            postal_code__iexact=postcode.strip(), latitude__isnull=False, longitude__isnull=False
        )
        .values_list("latitude", "longitude")
    )
    if not points:
        return None
    return (
        sum(float(lat) for lat, _ in points) / len(points),
        sum(float(lon) for _, lon in points) / len(points),
    )


# ASCII digits only: str.isdigit() also takes "²" and "٣".
FIVE_DIGITS = re.compile(r"[0-9]{5}")


def same_postcode(ours, asked):
    """Whether a place's postcode is the one asked for: US ZIP+4 matches its ZIP."""

    def norm(code):
        code = "".join((code or "").split()).upper()
        return code[:5] if FIVE_DIGITS.fullmatch(code[:5]) and len(code) in (5, 9, 10) else code

    return bool(ours) and norm(ours) == norm(asked)
