"""/meetings.json: the published meetings for Meeting Guide, TSML UI and other apps.

The body is built once per change and kept both raw and gzipped (see
feeds.meeting_guide), so a request costs a freshness check and a copy: nothing
is compressed per request. Clients that accept gzip get the gzipped bytes.
"""

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from feeds.meeting_guide import FeedUnavailable, feed_body, meeting_guide_feed


def _public(view):
    """Readable from any origin, cacheable for a minute; 304 answers included, errors not.

    Vary on every answer: a shared cache must keep the gzipped and the raw
    body apart, and a 304 must say the same as the 200 it stands for.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    return wrapped


def _quality(params):
    """The q value of one Accept-Encoding entry (1 when not given, 0 when unreadable)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0
    return 1.0


def accepts_gzip(request):
    """Whether the Accept-Encoding header allows gzip (RFC 9110 12.5.3).

    "gzip" or "x-gzip" with a q above 0, or "*" with a q above 0 when gzip is
    not named; "gzip;q=0" refuses it.
    """
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    named, wildcard = None, None
    for item in header.split(","):
        coding, *params = item.split(";")
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            named = max(named or 0.0, _quality(params))
        elif coding == "*":
            wildcard = _quality(params)
    if named is not None:
        return named > 0
    return wildcard is not None and wildcard > 0


def _not_ready():
    """The first build of the feed is still running: ask the client to come back."""
    response = HttpResponse(
        b'{"error": "The feed is being built; try again in a minute."}',
        status=503,
        content_type="application/json",
    )
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@_public
def meeting_guide(request):
    try:
        return _feed_response(request)
    except FeedUnavailable:
        return _not_ready()


def _feed_response(request):
    feed = meeting_guide_feed(request)
    modified = int(feed.last_modified.timestamp())
    response = get_conditional_response(request, etag=feed.etag, last_modified=modified)
    if response is None:
        encoding = "gzip" if accepts_gzip(request) else "identity"
        body, feed = feed_body(request, feed, encoding)
        modified = int(feed.last_modified.timestamp())
        response = HttpResponse(body, content_type="application/json")
        if encoding == "gzip":
            response["Content-Encoding"] = "gzip"
    if response.status_code in (200, 304):
        response["ETag"] = feed.etag
        response["Last-Modified"] = http_date(modified)
    return response
