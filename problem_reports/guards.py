"""Spam guards that need no third party: a signed form stamp and a rate limit.

The rate limit counts reports per client address in the cache only, under a
keyed hash of the address; the address itself is never stored or logged.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from directory.client_address import client_address

STAMP_SALT = "reports.form-stamp"
RATE_LIMIT_SALT = "reports.rate-limit"


def min_seconds():
    """A person takes at least this long to fill the form; a faster POST is a bot."""
    return float(getattr(settings, "REPORT_MIN_SECONDS", 3))


def stamp_max_age():
    """How long an open form stays good for: long enough to step away and come back."""
    return int(getattr(settings, "REPORT_STAMP_MAX_AGE", 24 * 60 * 60))


def rate_limit():
    return int(getattr(settings, "REPORT_RATE_LIMIT", 5))


def rate_window():
    return int(getattr(settings, "REPORT_RATE_WINDOW", 60 * 60))


def _cache():
    return caches[getattr(settings, "REPORT_CACHE", "default")]


# The form stamp


class BadStamp(Exception):
    """The stamp was altered, belongs to another listing, or is too old."""


def make_stamp(listing_id, now=None):
    issued = time.time() if now is None else now
    return signing.dumps({"listing": listing_id, "issued": issued}, salt=STAMP_SALT)


def seconds_since_stamp(stamp, listing_id, now=None):
    """Seconds since the form was shown; BadStamp if it cannot be trusted."""
    try:
        payload = signing.loads(stamp or "", salt=STAMP_SALT, max_age=stamp_max_age())
    except signing.BadSignature as error:  # SignatureExpired is one too
        raise BadStamp from error
    if not isinstance(payload, dict) or payload.get("listing") != listing_id:
        raise BadStamp
    issued = payload.get("issued")
    if not isinstance(issued, int | float):
        raise BadStamp
    elapsed = (time.time() if now is None else now) - issued
    if elapsed > stamp_max_age():
        raise BadStamp
    return max(0.0, elapsed)


# The rate limit


def rate_limit_key(address):
    """The cache key for an address: a keyed hash (SECRET_KEY), never the address."""
    digest = salted_hmac(RATE_LIMIT_SALT, address, algorithm="sha256").hexdigest()
    return f"reports:rate:{digest}"


def is_over_limit(request):
    return _cache().get(rate_limit_key(client_address(request)), 0) >= rate_limit()


def count_report(request):
    """Count one report against the address for the current window."""
    cache = _cache()
    key = rate_limit_key(client_address(request))
    if cache.add(key, 1, timeout=rate_window()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=rate_window())
