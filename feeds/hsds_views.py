"""/api/hsds/: a read-only HSDS 3.0 API of the published listings.

/api/hsds/openapi.json describes it (feeds/hsds_openapi/openapi.json, adapted
from the published HSDS 3.0 OpenAPI document). Lists take `page` (from 1),
`per_page` (1 to 100, default 50) and `format` ("json", or "ndjson": every
result, one JSON object a line, without pages). Invalid parameters answer 400
with {"errors": [{"param": ..., "message": ...}]}; unknown or unpublished ids
answer 404 in the same shape.
"""

import copy
import json
from datetime import UTC
from functools import cache, wraps
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from directory.distance import distance_km
from directory.meeting_guide import types as meeting_types
from directory.models import MeetingPage
from directory.params import InvalidParam, ParamReader, parse_integer, parse_number
from feeds import hsds

BOOLEANS = {"true": True, "1": True, "false": False, "0": False}

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
OPENAPI_FILE = Path(__file__).resolve().parent / "hsds_openapi" / "openapi.json"
EXAMPLE = "postcode=80205&proximity=5000"


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


# Parameters


def _param(request, name, parse, default=None):
    """One parameter read as every API of the site reads it; a bad value raises BadParam."""
    reader = ParamReader(request.GET)
    value = reader.single(name, parse, default)
    if reader.errors:
        raise BadParam(name, reader.errors[0]["message"])
    return value


def _int(request, name, default, low, high):
    limit = f"from {low} to {high}" if high < 10**9 else f"{low} or more"
    message = f"{name} must be a whole number {limit}."
    return _param(request, name, lambda text: parse_integer(text, low, high, message), default)


def _bool(request, name):
    def parse(text):
        if text.lower() not in BOOLEANS:
            raise InvalidParam(f"{name} must be true or false.")
        return BOOLEANS[text.lower()]

    return _param(request, name, parse, False)


def _pagination(request, *, everything_by_default=False):
    """`page` and `per_page`; with everything_by_default, one page holds all unless asked."""
    if everything_by_default:
        per_page = _int(request, "per_page", None, 1, 10**9)
    else:
        per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return hsds.Pagination(page=_int(request, "page", 1, 1, 10**9), per_page=per_page)


def _format(request):
    def parse(text):
        if text.lower() not in ("json", "ndjson"):
            raise InvalidParam("format must be json (pages of results) or ndjson (every result).")
        return text.lower()

    return _param(request, "format", parse, "json")


def _uuid_param(request, name):
    raw = request.GET.get(name, "").strip().lower()
    return raw or None


def _search(request):
    return request.GET.get("search", "").strip()


def _taxonomy(request):
    """The taxonomy slug `taxonomy_id` names; None when not given."""
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if not taxonomy_id:
        return None
    slug = hsds.taxonomy_slug(taxonomy_id)
    if slug is None:
        raise BadParam("taxonomy_id", "No taxonomy has this id; /taxonomies lists them.")
    return slug


def _respond(request, pagination, items, build):
    """The page of `items` asked for, or every item as ndjson."""
    if _format(request) == "ndjson":
        lines = (json.dumps(build(item), cls=DjangoJSONEncoder) + "\n" for item in items)
        return StreamingHttpResponse(lines, content_type="application/x-ndjson")
    return JsonResponse(pagination.wrap(items, build))


# Listings


def _pages(request):
    return (
        hsds.listings(hsds.site_for(request))
        .specific()
        .select_related("organization")
        .prefetch_related("sessions", "categories")
        .with_locations()
        .order_by("pk")
    )


def _with_codes(test):
    """The pks of the meetings whose type codes pass `test` (one column, no pages)."""
    rows = MeetingPage.objects.values_list("pk", "types")
    return {pk for pk, codes in rows if test(set(codes or []))}


def _filtered_keys(request):
    """The pks, ascending, of the published listings the filters of /services and
    /service_at_locations keep.

    Parameters are all read first, so a bad one answers 400 at once; the
    filters run in the database or on one column, so a page of results then
    loads only its own listings.
    """
    pages = hsds.listings(hsds.site_for(request))
    search = _search(request)
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
            if moment is not None:
                # In UTC, as the database compares it: 0001-01-01T00:00:00+23:59
                # is a valid time with no UTC year to put it in.
                moment = (
                    moment.replace(tzinfo=UTC)
                    if timezone.is_naive(moment)
                    else moment.astimezone(UTC)
                )
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise BadParam(
                "modified_after",
                "modified_after must be a date and time from year 1 to 9999, like "
                "2026-01-31T18:00:00Z.",
            )
        # The time each service shows as last_modified, on or after the one given.
        pages = pages.alias(
            modified=Coalesce("last_published_at", "latest_revision_created_at")
        ).filter(modified__gte=moment)
    term = None
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        term = hsds.term_target(term_id)
        if term is None:
            raise BadParam("taxonomy_term_id", "No taxonomy term has this id.")
    taxonomy = _taxonomy(request)
    allowed = None
    if term is not None:
        kind, key = term
        if kind == hsds.CATEGORIES:
            # A parent category takes in its children's listings.
            pages = pages.filter(Q(categories__pk=key) | Q(categories__parent_id=key))
        else:
            allowed = _with_codes(lambda codes: key in codes)
    if taxonomy == hsds.CATEGORIES:
        pages = pages.filter(categories__isnull=False)
    elif taxonomy == hsds.MEETING_TYPES:
        reserved = meeting_types.reserved_codes()
        with_codes = _with_codes(lambda codes: bool(codes & reserved))
        allowed = with_codes if allowed is None else allowed & with_codes
    keys = list(pages.order_by("pk").values_list("pk", flat=True).distinct())
    if allowed is not None:
        keys = [key for key in keys if key in allowed]
    return keys


CHUNK = 500


def _chunks(items):
    """`items` CHUNK at a time: one query's worth of pks."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _each_page(request, keys, *, prefetch=True):
    """The listings with these pks, in the same order, loaded CHUNK at a time."""
    for chunk in _chunks(keys):
        if prefetch:
            loaded = _pages(request).filter(pk__in=chunk)
        else:
            loaded = hsds.listings(hsds.site_for(request)).filter(pk__in=chunk).specific()
        by_pk = {page.pk: page for page in loaded}
        yield from (by_pk[pk] for pk in chunk if pk in by_pk)


def _each_item(request, items, pk_of, *, prefetch=True):
    """(listing, item) for each of `items` whose listing is still published, in order;
    the listings are loaded CHUNK items at a time."""
    for chunk in _chunks(items):
        pks = list(dict.fromkeys(pk_of(item) for item in chunk))
        loaded = {page.pk: page for page in _each_page(request, pks, prefetch=prefetch)}
        for item in chunk:
            page = loaded.get(pk_of(item))
            if page is not None:
                yield page, item


def _respond_pages(request, pagination, items, build, *, pk_of=None, prefetch=True):
    """As _respond, for items of listings: only the listings of the items shown are loaded.

    `items` are listing pks, or with `pk_of` anything (hashable) it turns into
    the pk of its listing, which several items may share. `build(page, item)`
    gives an item's JSON, or None when the item has left its listing since it
    was counted.
    """
    pk_of = pk_of or (lambda item: item)
    if _format(request) == "ndjson":
        built = (
            build(page, item) for page, item in _each_item(request, items, pk_of, prefetch=prefetch)
        )
        lines = (
            json.dumps(entry, cls=DjangoJSONEncoder) + "\n" for entry in built if entry is not None
        )
        return StreamingHttpResponse(lines, content_type="application/x-ndjson")
    while True:
        window = pagination.window(items)
        built = {}
        for page, item in _each_item(request, window, pk_of, prefetch=prefetch):
            entry = build(page, item)
            if entry is not None:
                built[item] = entry
        gone = set(window) - set(built)
        if not gone:
            break
        # Unpublished, or moved, since they were counted.
        items = [item for item in items if item not in gone]
    return JsonResponse(pagination.wrap(items, built.__getitem__))


# The API's description


@cache
def _openapi_document():
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@api
def openapi(request):
    """The OpenAPI 3.1 description of this API, with this site's address as its server."""
    document = copy.deepcopy(_openapi_document())
    base = request.build_absolute_uri(reverse("feeds:hsds_index")).rstrip("/")
    site = hsds.site_for(request)
    name = site.site_name if site and site.site_name else ""
    if name:
        document["info"]["title"] = f"{name}: {document['info']['title']}"
    document["servers"] = [{"url": base, "description": "This site."}]
    return JsonResponse(document)


@api
def index(request):
    return JsonResponse(
        {
            "version": hsds.VERSION,
            "profile": hsds.PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("feeds:hsds_openapi")),
        }
    )


# Services


@api
def services(request):
    """Paginated services; `full` nests everything, `minimal` gives one page of all."""
    full, minimal = _bool(request, "full"), _bool(request, "minimal")
    if full and minimal:
        raise BadParam("minimal", "Ask for full or for minimal, not both.")
    pagination = _pagination(request, everything_by_default=minimal)
    _format(request)
    keys = _filtered_keys(request)
    if minimal:
        # Minimal items need no related rows.
        return _respond_pages(
            request, pagination, keys, lambda page, _: hsds.service_minimal(page), prefetch=False
        )
    shape = hsds.service_full if full else hsds.service_basic
    return _respond_pages(request, pagination, keys, lambda page, _: shape(page, request))


def _published_pk(request, prefix, wanted):
    """The pk of the published listing whose id under `prefix` is `wanted`; None if none."""
    pks = hsds.listings(hsds.site_for(request)).values_list("pk", flat=True)
    return hsds.by_hsds_id(pks, prefix).get(wanted.lower())


@api
def service(request, service_id):
    pk = _published_pk(request, "service", service_id)
    page = _pages(request).filter(pk=pk).first() if pk is not None else None
    if page is None:
        return _errors(404, "id", "No published service has this id.")
    return JsonResponse(hsds.service_full(page, request))


# Organizations


def _services_by_organization(request, orgs, full):
    """{organization pk: [its published services' JSON]}, full or basic."""
    build = hsds.service_full if full else hsds.service_basic
    found = {}
    for page in _pages(request).filter(organization__in=[org.pk for org in orgs]):
        found.setdefault(page.organization_id, []).append(build(page, request))
    return found


@api
def organizations(request):
    """Organizations with published listings; `full` nests phones and services."""
    full_service = _bool(request, "full_service")
    full = _bool(request, "full") or full_service
    pagination = _pagination(request)
    ndjson = _format(request) == "ndjson"
    orgs = hsds.published_organizations(hsds.site_for(request))
    search = _search(request)
    if search:
        orgs = orgs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    orgs = list(orgs)
    if not full:
        return _respond(request, pagination, orgs, hsds.organization_basic)
    shown = orgs if ndjson else pagination.window(orgs)
    nested = _services_by_organization(request, shown, full_service)
    return _respond(
        request,
        pagination,
        orgs,
        lambda org: hsds.organization_full(org, nested.get(org.pk, [])),
    )


@api
def organization(request, organization_id):
    """One organization with its phone and its published services (full with full_service)."""
    full_service = _bool(request, "full_service")
    orgs = hsds.published_organizations(hsds.site_for(request))
    found = {hsds.hsds_id(f"organization:{org.pk}"): org for org in orgs}
    org = found.get(organization_id.lower())
    if org is None:
        return _errors(404, "id", "No organization with published listings has this id.")
    nested = _services_by_organization(request, [org], full_service)
    return JsonResponse(hsds.organization_full(org, nested.get(org.pk, [])))


# Taxonomies


def _matches(item, search, fields):
    needle = search.lower()
    return any(needle in str(item.get(field, "")).lower() for field in fields)


@api
def taxonomies(request):
    pagination = _pagination(request)
    _format(request)
    items = hsds.taxonomies()
    search = _search(request)
    if search:
        items = [item for item in items if _matches(item, search, ("name", "description"))]
    return _respond(request, pagination, items, lambda item: item)


@api
def taxonomy(request, taxonomy_id):
    slug = hsds.taxonomy_slug(taxonomy_id.lower())
    if slug is None:
        return _errors(404, "id", "No taxonomy has this id.")
    return JsonResponse(hsds.taxonomy(slug))


@api
def taxonomy_terms(request):
    """Terms of both taxonomies: `taxonomy_id`, `parent_id`, `top_only` and `search` narrow them."""
    pagination = _pagination(request)
    _format(request)
    top_only = _bool(request, "top_only")
    taxonomy = _taxonomy(request)
    parent_id = _uuid_param(request, "parent_id")
    if parent_id and hsds.term_target(parent_id) is None:
        raise BadParam("parent_id", "No taxonomy term has this id.")
    items = hsds.taxonomy_terms()
    if taxonomy is not None:
        items = [item for item in items if item["taxonomy"] == taxonomy]
    if parent_id:
        items = [item for item in items if item.get("parent_id") == parent_id]
    if top_only:
        items = [item for item in items if "parent_id" not in item]
    search = _search(request)
    if search:
        items = [item for item in items if _matches(item, search, ("name", "code", "description"))]
    return _respond(request, pagination, items, lambda item: item)


@api
def taxonomy_term(request, term_id):
    term = hsds.taxonomy_term(term_id.lower())
    if term is None:
        return _errors(404, "id", "No taxonomy term has this id.")
    return JsonResponse(term)


# Services at locations


def _near(request):
    """(latitude, longitude, metres) from `postcode` and `proximity`; None without proximity.

    As the HSDS OpenAPI document defines them: proximity is a distance in
    metres from the centre of the postcode.
    """
    raw = request.GET.get("proximity", "").strip()
    if not raw:
        return None
    message = (
        "proximity must be a distance in metres greater than 0, measured from the "
        f"centre of postcode, for example {EXAMPLE}."
    )
    try:
        metres = parse_number(raw, message)
    except InvalidParam as invalid:
        raise BadParam("proximity", str(invalid)) from invalid
    if metres <= 0:
        raise BadParam("proximity", message)
    postcode = request.GET.get("postcode", "").strip()
    if not postcode:
        raise BadParam(
            "postcode",
            f"proximity is measured from the centre of a postcode: give postcode too, "
            f"for example {EXAMPLE}.",
        )
    centre = hsds.postcode_centre(postcode)
    if centre is None:
        raise BadParam(
            "postcode",
            f"The centre of postcode {postcode} is not known, so no distance can be "
            "measured from it. Give a 5-digit US ZIP code.",
        )
    return (*centre, metres)


def _keep(place, postcode, near):
    """Whether a place passes `postcode` (alone) or `postcode` and `proximity`.

    `place` holds its location's _place_fields(); it is None online.
    """
    if near is not None:
        if place is None or place["latitude"] is None or place["longitude"] is None:
            return False
        lat, lon, metres = near
        km = distance_km(lat, lon, float(place["latitude"]), float(place["longitude"]))
        return km * 1000 <= metres
    if postcode:
        return place is not None and hsds.same_postcode(place["postal_code"], postcode)
    return True


def _place_fields(postcode, near):
    """The fields of a location _keep() reads."""
    if near is not None:
        return ("latitude", "longitude")
    return ("postal_code",) if postcode else ()


@api
def service_at_locations(request):
    """Each place a service happens, its location and the service's own fields.

    `postcode` alone: only places with this postcode. With `proximity`: only
    places within that many metres of the postcode's centre, whatever their
    own postcode (online places have no point, so they are left out). Also
    `full`, `search`, `organization_id`, `taxonomy_term_id`, `taxonomy_id` and
    `modified_after` as for /services.

    The places are counted and filtered from a few columns; only the listings
    of the page shown are loaded.
    """
    full = _bool(request, "full")
    pagination = _pagination(request)
    _format(request)
    postcode = request.GET.get("postcode", "").strip()
    near = _near(request)
    places = hsds.place_entries(_filtered_keys(request), _place_fields(postcode, near))
    items = [(pk, key) for pk, key, place in places if _keep(place, postcode, near)]

    def build(page, item):
        key = item[1]
        location = next(
            (location for found, location, _ in hsds.location_entries(page) if found == key),
            None,
        )
        if location is None:
            return None
        if full:
            return hsds.service_at_location_full(page, key, location, request)
        return hsds.service_at_location(page, key, location, request, with_service=True)

    return _respond_pages(request, pagination, items, build, pk_of=lambda item: item[0])


@api
def service_at_location(request, service_at_location_id):
    """One place of a service, fully nested (compiled/service_at_location.json)."""
    keys = hsds.service_at_location_keys(hsds.site_for(request))
    target = keys.get(service_at_location_id.lower())
    page = _pages(request).filter(pk=target[0]).first() if target else None
    entry = None
    if page is not None:
        entry = next(
            (
                (key, location)
                for key, location, _ in hsds.location_entries(page)
                if key == target[1]
            ),
            None,
        )
    if entry is None:
        return _errors(404, "id", "No published service at location has this id.")
    return JsonResponse(hsds.service_at_location_full(page, *entry, request))
