"""The published meetings in the Meeting Guide JSON format.

The format is https://github.com/code4recovery/spec: one JSON array, one
object per meeting. A meeting whose sessions start at different times on
different days becomes one object per distinct (time, end_time), each with its
own slug; days that share a time are listed together in "day".

The feed is built from the database once per change and kept, raw and
gzipped, in the "feeds" cache (the default cache when the settings name none):
a small state entry per site records which build is current (its stamp, ETag
and date) and the two bodies sit beside it under keys named by their content.
Every request compares the state's stamp with directory_version() and
fingerprint(), so the feed is never older than the data, and only one build
per site is kept however often the data change.
"""

import gc
import gzip
import hashlib
import json
import marshal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connections
from django.db.models import CharField, Prefetch
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Page, Site

from directory import calendar, meeting_types
from directory.models import ListingLocation, Location, MeetingPage
from directory.validators import dial_string
from feeds.models import FeedPublisher, FeedSlug
from feeds.scope import published

UPDATED_FORMAT = "%Y-%m-%d %H:%M:%S"
SLUG_LENGTH = 64
# Room kept at the end of a stored slug for a time suffix such as "-1900-2030".
SUFFIX_ROOM = 10
FEEDS_CACHE = "feeds"
VERSION_KEY = "feeds:directory-version"
# Which build is current for a site: {"stamp", "digest", "last_modified", sizes}.
STATE_KEY = "feeds:meeting-guide:{site}"
# One body of a build; `encoding` is "identity" or "gzip".
BODY_KEY = "feeds:meeting-guide:{site}:{digest}:{encoding}"
ENCODINGS = ("identity", "gzip")
# Built once per change, so the smallest output is worth the extra time.
GZIP_LEVEL = 9

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


def feed_cache():
    """Where the feeds keep their builds: the "feeds" cache, else the default one.

    The bodies are megabytes; in a cache of their own the many small entries of
    the default cache (rate limits, renditions, site roots) never cull them.
    """
    alias = FEEDS_CACHE if FEEDS_CACHE in settings.CACHES else DEFAULT_CACHE_ALIAS
    return caches[alias]


# The directory version: bumped by feeds.signals on every relevant edit.


def _now_us():
    return time.time_ns() // 1000


def directory_version():
    """A number that grows with every edit; it is also the time (µs) of the last one."""
    return feed_cache().get_or_set(VERSION_KEY, _now_us, timeout=None)


def bump_directory_version():
    store = feed_cache()
    old = store.get(VERSION_KEY) or 0
    store.set(VERSION_KEY, max(_now_us(), old + 1), timeout=None)


# Building the entries


def _meetings(site):
    return published(site, MeetingPage)


def _raw_rows(queryset):
    """The query's rows as the database driver returns them.

    Django's per-value conversion (aware datetimes, Decimals) costs more than
    the query itself over ten thousand rows, and a fingerprint needs none of it.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _serialized(rows):
    """Bytes that depend only on the rows' values.

    marshal's format 2 writes no back-references (3 and later refer to an
    object seen twice, which depends on object identity) and is several times
    faster than repr() on ten thousand rows. Rows it cannot write (a date, a
    Decimal) go as their repr().
    """
    try:
        return marshal.dumps(rows, 2)
    except ValueError:
        return repr(rows).encode()


def fingerprint(site):
    """What the database says about everything the feed shows, in a few bytes.

    The pages' paths and the time the feed shows as "updated", the locations,
    the site and its publisher setting: it covers edits made in another
    process, whose signals this process never sees when each keeps its own
    cache. A draft saved on a published page changes none of it.
    """
    # The meetings' own page rows, without the joins to their specific tables.
    pages = (
        published(site, Page)
        .type(MeetingPage)
        .order_by("pk")
        .annotate(
            # As text, which every database driver returns as it is.
            shown=Cast(
                Coalesce("last_published_at", "latest_revision_created_at", "first_published_at"),
                CharField(),
            )
        )
        .values_list("pk", "shown", "url_path")
    )
    places = Location.objects.order_by("pk").values_list(*LOCATION_FIELDS)
    parts = [_raw_rows(pages), _raw_rows(places)]
    if site is not None:
        parts.append(
            list(
                Site.objects.filter(pk=site.pk).values_list(
                    "hostname", "port", "site_name", "root_page_id"
                )
            )
        )
        parts.append(list(FeedPublisher.objects.filter(site=site).values_list()))
    digest = hashlib.sha256()
    for rows in parts:
        digest.update(_serialized(rows))
    return digest.hexdigest()[:16]


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
    # Read only: FeedPublisher.for_site() creates the row when there is none,
    # and that save is an edit (feeds.signals) that made the feed just built
    # stale, so the next request built it all over again.
    publisher = FeedPublisher.objects.filter(site=site).first() or FeedPublisher(site=site)
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
    """One build of a site's feed: what validates it, and its bodies when at hand.

    `bodies` holds the bytes only in the request that built them; otherwise
    feed_body() takes them from the cache.
    """

    site_key: str
    stamp: tuple
    digest: str
    last_modified: datetime
    size: int
    gzip_size: int
    bodies: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def etag(self):
        """A weak ETag, the same for both encodings.

        The raw and the gzipped bodies are one feed in two content codings: a
        validator from either must match the other (If-None-Match compares
        weakly), and a strong tag would have to differ between them.
        """
        return f'W/"{self.digest}"'

    def state(self):
        return {
            "stamp": self.stamp,
            "digest": self.digest,
            "last_modified": self.last_modified,
            "size": self.size,
            "gzip_size": self.gzip_size,
        }


@contextmanager
def _collector_waits():
    """Hold the cyclic garbage collector back while the feed is built.

    A build makes hundreds of thousands of objects in reference cycles (pages
    and their prefetched relations). The collections the build itself sets off
    find nothing to free and add more than a second; the garbage it leaves
    costs a full collection of about half a second in some later request,
    usually a cached one. So the collector waits, then runs once, here.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def _render(request, site):
    """(the JSON body, the newest "updated" time in it)."""
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
    return body, newest


def _site_key(site):
    return str(site.pk) if site else "none"


def _build(request, site, stamp, previous=None):
    """Build the feed, keep both bodies and then the state in the cache; the Feed."""
    with _collector_waits():
        body, newest = _render(request, site)
    digest = hashlib.sha256(body).hexdigest()[:32]
    if previous and previous.get("digest") == digest:
        # The same bytes as before: the feed has not changed since then.
        last_modified = previous["last_modified"]
    else:
        # A location or organization edit changes the body, not the pages' times.
        version = stamp[0]
        edited = datetime.fromtimestamp(version / 1_000_000, tz=UTC).replace(microsecond=0)
        last_modified = max(newest, edited)
    zipped = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    site_key = _site_key(site)
    feed = Feed(
        site_key=site_key,
        stamp=stamp,
        digest=digest,
        last_modified=last_modified,
        size=len(body),
        gzip_size=len(zipped),
        bodies={"identity": body, "gzip": zipped},
    )
    store = feed_cache()
    # Bodies first: a state never names bodies that were not stored.
    store.set_many(
        {
            BODY_KEY.format(site=site_key, digest=digest, encoding=encoding): feed.bodies[encoding]
            for encoding in ENCODINGS
        },
        timeout=None,
    )
    store.set(STATE_KEY.format(site=site_key), feed.state(), timeout=None)
    if previous and previous.get("digest") != digest:
        store.delete_many(
            [
                BODY_KEY.format(site=site_key, digest=previous["digest"], encoding=encoding)
                for encoding in ENCODINGS
            ]
        )
    return feed


def meeting_guide_feed(request):
    """The current build for the request's site: from the cache when nothing has changed.

    The stamp is taken before a build, so an edit made while it runs leaves
    the build stale and the next request builds again.
    """
    site = Site.find_for_request(request)
    stamp = (directory_version(), fingerprint(site))
    state = feed_cache().get(STATE_KEY.format(site=_site_key(site)))
    if state is not None and state.get("stamp") == stamp:
        return Feed(site_key=_site_key(site), **state)
    return _build(request, site, stamp, previous=state)


def feed_body(request, feed, encoding):
    """(the body in `encoding`, the Feed it belongs to).

    Built again when the cache has lost it; the Feed returned is then the new
    build, whose validators the response must carry.
    """
    body = feed.bodies.get(encoding)
    if body is None:
        key = BODY_KEY.format(site=feed.site_key, digest=feed.digest, encoding=encoding)
        body = feed_cache().get(key)
    if body is None:
        state = feed_cache().get(STATE_KEY.format(site=feed.site_key))
        feed = _build(request, Site.find_for_request(request), feed.stamp, previous=state)
        body = feed.bodies[encoding]
    return body, feed
