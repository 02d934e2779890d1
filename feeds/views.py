"""/meetings.json: the published meetings for Meeting Guide, TSML UI and other apps."""

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_safe

from feeds.meeting_guide import meeting_guide_feed


def _feed(request):
    # condition() asks for the ETag and the date before the view runs; build once.
    if not hasattr(request, "_meeting_guide_feed"):
        request._meeting_guide_feed = meeting_guide_feed(request)
    return request._meeting_guide_feed


def _public(view):
    """Readable from any origin, cacheable for a minute; 304 answers included."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapped


@require_safe
@_public
@gzip_page
@condition(
    etag_func=lambda request: _feed(request).etag,
    last_modified_func=lambda request: _feed(request).last_modified,
)
def meeting_guide(request):
    return HttpResponse(_feed(request).body, content_type="application/json")
