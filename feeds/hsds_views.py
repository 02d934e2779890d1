"""/api/hsds/: a read-only HSDS 3.0 API of the published listings (JSON only).

Lists take `page` (from 1) and `per_page` (1 to 100, default 50). Invalid
parameters answer 400 with {"errors": [{"param": ..., "message": ...}]}; unknown
or unpublished ids answer 404 in the same shape. /api/hsds/openapi.json is
named by the index but not served yet.
"""

from datetime import UTC
from functools import wraps

from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from directory.models import ListingLocation
from feeds import hsds

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50


class BadParam(Exception):
    def __init__(self, param, message):
        super().__init__(message)
        self.param = param
        self.message = message


def _errors(status, param, message):
    return JsonResponse({"errors": [{"param": param, "message": message}]}, status=status)


def api(view):
    """Safe methods only; readable from any origin; bad parameters become a 400."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except BadParam as error:
            response = _errors(400, error.param, error.message)
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapped


def _int(request, name, default, low, high):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        limit = f"from {low} to {high}" if high < 10**9 else f"{low} or more"
        raise BadParam(name, f"{name} must be a whole number {limit}.")
    return int(raw)


def _pagination(request):
    return hsds.Pagination(
        page=_int(request, "page", 1, 1, 10**9),
        per_page=_int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def _uuid_param(request, name):
    raw = request.GET.get(name, "").strip().lower()
    return raw or None


def _pages(request):
    return (
        hsds.listings(hsds.site_for(request))
        .specific()
        .select_related("organization")
        .prefetch_related(
            "sessions",
            "categories",
            Prefetch(
                "listing_locations",
                queryset=ListingLocation.objects.select_related("location").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
        .order_by("pk")
    )


def _filtered_services(request):
    pages = hsds.listings(hsds.site_for(request))
    search = request.GET.get("search", "").strip()
    if search:
        pages = pages.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    organization_id = _uuid_param(request, "organization_id")
    if organization_id:
        known = hsds.by_hsds_id(
            pages.exclude(organization=None).values_list("organization_id", flat=True),
            "organization",
        )
        if organization_id not in known:
            raise BadParam("organization_id", "No organization has this id.")
        pages = pages.filter(organization_id=known[organization_id])
    modified_after = request.GET.get("modified_after", "").strip()
    if modified_after:
        try:
            moment = parse_datetime(modified_after)
        except ValueError:
            moment = None
        if moment is None:
            raise BadParam(
                "modified_after",
                "modified_after must be a date and time like 2026-01-31T18:00:00Z.",
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        pages = pages.filter(last_published_at__gt=moment)
    keys = set(pages.values_list("pk", flat=True))
    result = [page for page in _pages(request) if page.pk in keys]
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        target = hsds.term_target(term_id)
        if target is None:
            raise BadParam("taxonomy_term_id", "No taxonomy term has this id.")
        taxonomy, key = target
        if taxonomy == hsds.CATEGORIES:
            result = [
                page
                for page in result
                if any(c.pk == key or c.parent_id == key for c in page.categories.all())
            ]
        else:
            result = [page for page in result if key in (getattr(page, "types", None) or [])]
    return result


@api
def index(request):
    return JsonResponse(
        {
            "version": hsds.VERSION,
            "profile": hsds.PROFILE,
            "openapi_url": request.build_absolute_uri("/api/hsds/openapi.json"),
        }
    )


@api
def services(request):
    pagination = _pagination(request)
    pages = _filtered_services(request)
    return JsonResponse(pagination.wrap(pages, lambda page: hsds.service_basic(page, request)))


@api
def service(request, service_id):
    pages = {hsds.hsds_id(f"service:{page.pk}"): page for page in _pages(request)}
    page = pages.get(service_id.lower())
    if page is None:
        return _errors(404, "id", "No published service has this id.")
    return JsonResponse(hsds.service_full(page, request))


@api
def organizations(request):
    pagination = _pagination(request)
    orgs = list(hsds.published_organizations(hsds.site_for(request)))
    return JsonResponse(pagination.wrap(orgs, hsds.organization_basic))


@api
def organization(request, organization_id):
    orgs = hsds.published_organizations(hsds.site_for(request))
    found = {hsds.hsds_id(f"organization:{org.pk}"): org for org in orgs}
    org = found.get(organization_id.lower())
    if org is None:
        return _errors(404, "id", "No organization with published listings has this id.")
    return JsonResponse(hsds.organization_full(org))


@api
def taxonomies(request):
    return JsonResponse(_pagination(request).wrap(hsds.taxonomies(), lambda item: item))


@api
def taxonomy_terms(request):
    return JsonResponse(_pagination(request).wrap(hsds.taxonomy_terms(), lambda item: item))


def _proximity(request):
    raw = request.GET.get("proximity", "").strip()
    if not raw:
        return None
    try:
        lat, lon, km = (float(part) for part in raw.split(","))
    except ValueError:
        lat = lon = km = None
    if lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise BadParam(
            "proximity",
            "proximity must be latitude,longitude,kilometres, for example 39.75,-104.98,5.",
        )
    return lat, lon, km


@api
def service_at_locations(request):
    """Each place a service happens, its location and the service's own fields.

    `postcode`: only places with this ZIP code. `proximity`: "lat,lon,km", only
    physical places within km kilometres of the point (online places have no
    point, so they are left out when it is given). Also `search`, `page`,
    `per_page`, `organization_id`, `taxonomy_term_id` and `modified_after` as
    for /services.
    """
    pagination = _pagination(request)
    postcode = request.GET.get("postcode", "").strip()
    near = _proximity(request)
    items = []
    for page in _filtered_services(request):
        for key, location, place in hsds.location_entries(page):
            if postcode and (place is None or place.postal_code != postcode):
                continue
            if near is not None:
                if place is None or place.latitude is None:
                    continue
                lat, lon, km = near
                if hsds.distance_km(lat, lon, float(place.latitude), float(place.longitude)) > km:
                    continue
            items.append((page, key, location))
    return JsonResponse(
        pagination.wrap(
            items,
            lambda item: hsds.service_at_location(*item, request, with_service=True),
        )
    )
