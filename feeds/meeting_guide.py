"""The published meetings in the Meeting Guide JSON format.

The format is https://github.com/code4recovery/spec: one JSON array, one
object per meeting. A meeting whose sessions start at different times on
different days becomes one object per distinct (time, end_time), each with its
own slug; days that share a time are listed together in "day".

The feed is built from the database, and the built body is kept in the cache
under a key that changes with every edit that could change it (see
directory_version and fingerprint), so it is never older than the data.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Site

from directory import calendar, meeting_types
from directory.models import ListingLocation, Location, MeetingPage
from directory.validators import dial_string
from feeds.models import FeedPublisher, FeedSlug
from feeds.scope import published

UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"
SLUG_LENGTH = 64
# Room kept at the end of a stored slug for a time suffix such as "-1900-2030".
SUFFIX_ROOM = 10
VERSION_KEY = "feeds:directory-version"
BODY_KEY = "feeds:meeting-guide:{site}:{version}:{fingerprint}"
# A safety net only: every edit changes the key anyway.
BODY_TIMEOUT = 60 * 60

COUNTRY_NAMES = {"US": "USA"}
# The Location fields the feed shows.
LOCATION_FIELDS = (
    "pk",
    "name",
    "street_address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "coordinates_approximate",
    "accessibility_notes",
    "timezone",
)


# The directory version: bumped by feeds.signals on every relevant edit.


def _now_us():
    return time.time_ns() // 1000


def directory_version():
    """A number that grows with every edit; it is also the time (µs) of the last one."""
    return cache.get_or_set(VERSION_KEY, _now_us, timeout=None)


def bump_directory_version():
    old = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(_now_us(), old + 1), timeout=None)


# Building the entries


def _meetings(site):
    return published(site, MeetingPage)


def fingerprint(site):
    """What the database says about everything the feed shows, in a few bytes.

    The pages' publishing times and paths, the locations, the site and its
    publisher setting: it covers edits made in another process, whose signals
    this process never sees when each keeps its own cache.
    """
    pages = (
        _meetings(site)
        .order_by("pk")
        .values_list("pk", "last_published_at", "latest_revision_created_at", "url_path")
    )
    places = Location.objects.order_by("pk").values_list(*LOCATION_FIELDS)
    parts = [list(pages), list(places)]
    if site is not None:
        parts.append(
            list(
                Site.objects.filter(pk=site.pk).values_list(
                    "hostname", "port", "site_name", "root_page_id"
                )
            )
        )
        parts.append(list(FeedPublisher.objects.filter(site=site).values_list()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def base_slug(page):
    """ "123-tuesday-night-hope": the page's id, then its slug when first seen."""
    name = slugify(page.slug).replace("_", "-").strip("-")
    slug = f"{page.pk}-{name}" if name else str(page.pk)
    return slug[: SLUG_LENGTH - SUFFIX_ROOM].rstrip("-")


def feed_slugs(pages):
    """{page pk: stored slug}, storing the slugs of pages seen for the first time."""
    known = dict(
        FeedSlug.objects.filter(page_id__in=[page.pk for page in pages]).values_list(
            "page_id", "slug"
        )
    )
    new = [
        FeedSlug(page_id=page.pk, slug=base_slug(page)) for page in pages if page.pk not in known
    ]
    if new:
        FeedSlug.objects.bulk_create(new, ignore_conflicts=True)
        known.update((row.page_id, row.slug) for row in new)
    return known


def remember_slug(page):
    """Fix the feed slug of a meeting when it is first published."""
    FeedSlug.objects.get_or_create(page_id=page.pk, defaults={"slug": base_slug(page)})


def _hhmm(value):
    return value.strftime("%H:%M")


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


def _place(page):
    """The location to publish: the first in-person one, else the first area."""
    in_person = page.in_person_locations
    if in_person:
        return in_person[0]
    return page.locations[0] if page.locations else None


def formatted_address(location):
    region = " ".join(part for part in (location.region, location.postal_code) if part)
    country = COUNTRY_NAMES.get(location.country, location.country)
    parts = [location.street_address.strip(), location.city, region, country]
    return ", ".join(part for part in parts if part)


def location_fields(location):
    if location is None:
        return {}
    approximate = not location.has_street_address or location.coordinates_approximate
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
    join = calendar.online_access(page)
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


def publisher_fields(site):
    if site is None:
        return {}
    publisher = FeedPublisher.for_site(site)
    return {
        "entity": publisher.entity or site.site_name,
        "entity_email": publisher.entity_email,
        "entity_location": publisher.entity_location,
        "entity_phone": publisher.entity_phone,
        "entity_url": publisher.entity_url,
    }


def _absolute(site, request, path):
    if site is not None:
        return site.root_url.rstrip("/") + path
    return request.build_absolute_uri(path)


def _clean(entry):
    """Leave out what is empty; the format treats a missing field as unknown."""
    return {key: value for key, value in entry.items() if value not in ("", None, [])}


def page_entries(page, *, slug, site, request, publisher):
    reserved = meeting_types.reserved_codes()
    common = {
        "name": page.title[:255],
        "timezone": page.timezone_name,
        "types": sorted({code for code in page.types or [] if code in reserved}),
        "notes": page.notes or page.summary,
        "group": page.group_name,
        "group_notes": page.group_notes,
        "url": page.get_full_url(request) or "",
        "feedback_url": _absolute(site, request, reverse("reports:report", args=[page.pk])),
        **location_fields(_place(page)),
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
            entry["time"] = _hhmm(start)
            if end is not None:
                entry["end_time"] = _hhmm(end)
        entries.append(_clean(entry))
    return entries


def build_entries(request, site=None):
    """Every published meeting of the site, as Meeting Guide objects ordered by slug."""
    pages = list(
        _meetings(site)
        .select_related("organization")
        .prefetch_related(
            "sessions",
            Prefetch(
                "listing_locations",
                queryset=ListingLocation.objects.select_related("location").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
    )
    slugs = feed_slugs(pages)
    publisher = publisher_fields(site)
    entries = []
    for page in pages:
        entries.extend(
            page_entries(page, slug=slugs[page.pk], site=site, request=request, publisher=publisher)
        )
    entries.sort(key=lambda entry: entry["slug"])
    return entries


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime


def _render(request, site, version):
    entries = build_entries(request, site)
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    newest = max(
        (
            datetime.strptime(entry["updated"], UPDATED_FORMAT).replace(tzinfo=UTC)
            for entry in entries
            if "updated" in entry
        ),
        default=datetime(2000, 1, 1, tzinfo=UTC),
    )
    # A location or organization edit changes the body, not the pages' times.
    edited = datetime.fromtimestamp(version / 1_000_000, tz=UTC).replace(microsecond=0)
    return Feed(
        body=body,
        etag=hashlib.sha256(body).hexdigest()[:32],
        last_modified=max(newest, edited),
    )


def meeting_guide_feed(request):
    """The feed for the request's site, from the cache when nothing has changed."""
    site = Site.find_for_request(request)
    version = directory_version()
    key = BODY_KEY.format(
        site=site.pk if site else "none", version=version, fingerprint=fingerprint(site)
    )
    feed = cache.get(key)
    if feed is None:
        feed = _render(request, site, version)
        cache.set(key, feed, BODY_TIMEOUT)
    return feed
