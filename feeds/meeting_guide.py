"""The site's published meetings as one Meeting Guide feed, built once per change.

What each meeting looks like in the format is directory.meeting_guide's
business; here the site's meetings are gathered, and the feed is built from
the database once per change and kept, raw and gzipped, in the "feeds" cache
(the default cache when the settings name none): a small state entry per site
records which build is current (its stamp, ETag and date) and the two bodies
sit beside it under keys named by their content.
Every request compares the state's stamp with directory_version() and
fingerprint(), so the feed is never older than the data, and only one build
per site is kept however often the data change.

A build takes seconds and hundreds of megabytes at ten thousand meetings, so
only one runs per site at a time, under a lock in the same cache (shared by
every worker in production): while it runs, other requests answer at once
with the previous build, and when there is none yet they wait for that build
instead of starting their own.
"""

import gc
import gzip
import hashlib
import json
import logging
import marshal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connections
from django.db.models import CharField
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse

from wagtail.models import Page, Site

from directory.cache_lock import CacheLock
from directory.meeting_guide.entries import UPDATED_FORMAT, page_entries
from directory.meeting_guide.slugs import feed_slugs, session_slugs
from directory.models import DirectorySettings, Location, MeetingPage, Organization
from feeds.models import FeedPublisher
from feeds.scope import in_meeting_feed, published

logger = logging.getLogger(__name__)

FEEDS_CACHE = "feeds"
VERSION_KEY = "feeds:directory-version"
# Which build is current for a site: {"stamp", "digest", "last_modified", sizes}.
STATE_KEY = "feeds:meeting-guide:{site}"
# One body of a build; `encoding` is "identity" or "gzip".
BODY_KEY = "feeds:meeting-guide:{site}:{digest}:{encoding}"
ENCODINGS = ("identity", "gzip")
# Built once per change, so the smallest output is worth the extra time.
GZIP_LEVEL = 9
# Held by the one request that builds a site's feed.
LOCK_KEY = "feeds:meeting-guide:{site}:building"
# A build of 10,000 meetings takes seconds; a lock still held after this long
# belongs to a process that died while building, and lapses.
BUILD_LOCK_SECONDS = 300
# With no earlier build to serve, a request waits this long for the one under
# way, looking every COLD_POLL_SECONDS; then it answers 503.
COLD_WAIT_SECONDS = 60
COLD_POLL_SECONDS = 0.1
# The bodies of a replaced build stay this long for the requests that read
# its state just before the new one was stored.
REPLACED_BODY_SECONDS = 300

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
# The Organization fields the feed shows.
ORGANIZATION_FIELDS = ("pk", "name", "service_area")


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
    return in_meeting_feed(site, published(site, MeetingPage))


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

    The pages' paths and the time the feed shows as "updated", the locations
    and organizations, the service area, the site and its publisher setting:
    it covers edits made in another process, whose signals this process never
    sees when each keeps its own cache. A draft saved on a published page changes none of it.
    """
    # The meetings' own page rows, without the joins to their specific tables.
    pages = (
        in_meeting_feed(site, published(site, Page).type(MeetingPage))
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
    places = Location.objects.in_directory().order_by("pk").values_list(*LOCATION_FIELDS)
    groups = Organization.objects.order_by("pk").values_list(*ORGANIZATION_FIELDS)
    parts = [_raw_rows(pages), _raw_rows(places), _raw_rows(groups)]
    parts.append(list(DirectorySettings.objects.values_list("service_area")))
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


# A page id no page has, reversed once and replaced per page: reversing a URL
# for each of ten thousand meetings costs seconds of a build.
_ID = 987654321987


def _link_for(name, base):
    """f(page id) -> the absolute URL of view `name` for that page, under `base`."""
    path = base.rstrip("/") + reverse(name, args=[_ID])
    return lambda page_id: path.replace(str(_ID), str(page_id))


def build_entries(request, site=None):
    """Every published meeting of the site, as Meeting Guide objects ordered by slug.

    Links are absolute on the site's own address (its Site record), which
    `make run` and the demo set from BASE_URL.
    """
    pages = list(
        _meetings(site).select_related("organization").prefetch_related("sessions").with_locations()
    )
    slugs = feed_slugs(pages)
    sessions = session_slugs(pages, slugs)
    publisher = publisher_fields(site)
    # Read only, as the publisher: load() would create the row, an edit.
    service_area = (DirectorySettings.objects.first() or DirectorySettings()).service_area
    # The admin's edit page, for the trusted servants who keep the list.
    edit_url = _link_for("wagtailadmin_pages:edit", settings.WAGTAILADMIN_BASE_URL)
    feedback_url = _link_for("reports:report", _absolute(site, request, "/"))
    entries = []
    for page in pages:
        links = {
            "url": page.get_full_url(request) or "",
            "edit_url": edit_url(page.pk),
            "feedback_url": feedback_url(page.pk),
        }
        entries.extend(
            page_entries(
                page,
                slug=slugs[page.pk],
                session_slugs=sessions[page.pk],
                links=links,
                publisher=publisher,
                service_area=service_area,
            )
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
    """Build the feed, keep both bodies and then the state in the cache; the Feed.

    Called only under the site's build lock (_current_build), with `previous`
    the state read under it.
    """
    site_key = _site_key(site)
    started = time.monotonic()
    logger.info("Building the Meeting Guide feed of site %s", site_key)
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
        # Requests that read the previous state a moment ago still fetch its
        # bodies; they go once nobody can be reading that state any more.
        for encoding in ENCODINGS:
            store.touch(
                BODY_KEY.format(site=site_key, digest=previous["digest"], encoding=encoding),
                REPLACED_BODY_SECONDS,
            )
    logger.info(
        "Built the Meeting Guide feed of site %s in %.2f s (%d bytes)",
        site_key,
        time.monotonic() - started,
        len(body),
    )
    return feed


class FeedUnavailable(Exception):
    """No build of the feed to serve yet, and the one under way did not finish in time."""


def _build_lock(site_key):
    return CacheLock(feed_cache(), LOCK_KEY.format(site=site_key), BUILD_LOCK_SECONDS)


def _state(site_key):
    return feed_cache().get(STATE_KEY.format(site=site_key))


def _current_build(request, site, stamp, state):
    """The Feed to answer with when `state` (the cached one, or None) is not for `stamp`.

    One build per site at a time, whatever the number of workers and threads:
    the request that takes the site's build lock builds; the others answer at
    once with the previous build (stale while it is revalidated), or, when
    there is none yet, wait for the build under way rather than start their own.
    """
    site_key = _site_key(site)
    deadline = time.monotonic() + COLD_WAIT_SECONDS
    while True:
        lock = _build_lock(site_key)
        if lock.acquire():
            try:
                # Someone may have built it between our look and the lock.
                state = _state(site_key)
                if state is not None and state.get("stamp") == stamp:
                    return Feed(site_key=site_key, **state)
                return _build(request, site, stamp, previous=state)
            finally:
                lock.release()
        if state is not None:
            return Feed(site_key=site_key, **state)
        # Nothing to serve yet: wait a little for the build under way, and
        # take over when its builder has gone without finishing.
        if time.monotonic() >= deadline:
            raise FeedUnavailable
        time.sleep(COLD_POLL_SECONDS)
        state = _state(site_key)


def meeting_guide_feed(request):
    """The build to answer with for the request's site: the cached one when nothing has
    changed, else as _current_build() decides.

    The stamp is taken before a build, so an edit made while it runs leaves
    the build stale and the next request builds again.
    """
    site = Site.find_for_request(request)
    stamp = (directory_version(), fingerprint(site))
    state = _state(_site_key(site))
    if state is not None and state.get("stamp") == stamp:
        return Feed(site_key=_site_key(site), **state)
    return _current_build(request, site, stamp, state)


def _body(feed, encoding):
    return feed.bodies.get(encoding) or feed_cache().get(
        BODY_KEY.format(site=feed.site_key, digest=feed.digest, encoding=encoding)
    )


def feed_body(request, feed, encoding):
    """(the body in `encoding`, the Feed it belongs to).

    When the cache no longer holds this build's body (replaced a while ago,
    or evicted), the current build's serves, or a new build when the cache
    lost that one's too; the Feed returned is then that build, whose
    validators the response must carry.
    """
    body = _body(feed, encoding)
    if body is not None:
        return body, feed
    state = _state(feed.site_key)
    if state is not None:
        current = Feed(site_key=feed.site_key, **state)
        body = _body(current, encoding)
        if body is not None:
            return body, current
        # A state whose bodies are gone is no build: forget it, and build
        # again (once, under the lock).
        feed_cache().delete(STATE_KEY.format(site=feed.site_key))
    current = _current_build(request, Site.find_for_request(request), feed.stamp, state=None)
    body = _body(current, encoding)
    if body is None:
        raise FeedUnavailable
    return body, current
