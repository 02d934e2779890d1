"""Read a directory search's query parameters into one checked, normalised value.

The JSON API and the HTML search page share this, so both accept exactly the same
addresses and explain a mistake in the same words. Parsing never raises on what a
visitor sends: every problem becomes an error entry, and all of them are reported at
once so a visitor can fix their search in one go.

A search is made in a language (`lang`: en or es). The pages take it from their
address (/es/… is Spanish), the API from its `lang` parameter; the messages about
mistakes are in that language.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from directory.choices import Attendance, Audience, Kind, day_number
from directory.distance import UNITS, to_km
from directory.paging import page_offset
from directory.params import InvalidParam, ParamReader, echo, parse_integer, parse_number

from .places import Origin, resolve_place

DEFAULT_RADIUS = 25.0
MAX_RADIUS = 500.0
DEFAULT_MIN_RESULTS = 10
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 10000
MAX_QUERY_LENGTH = 200
TIMES = ("morning", "midday", "evening", "night", "appointment")
SORTS = ("relevance", "distance", "soonest", "name")
# The languages a search can be made in, the site's own (settings.LANGUAGES).
LANGS = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANG = settings.LANGUAGE_CODE
BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

_TYPE_CODE = re.compile(r"[A-Za-z0-9-]{1,10}")
_CATEGORY = re.compile(r"[a-z0-9-]{1,255}")
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class DirectoryQuery:
    """One directory search, normalised so that equal searches compare equal.

    The point is kept out of the repr: it can be where the visitor is standing, and a repr
    is what ends up in logs and error reports.
    """

    q: str | None = None
    point: Origin | None = field(default=None, repr=False)
    radius: float | None = None
    radius_auto: bool = False
    units: str = "mi"
    min_results: int = DEFAULT_MIN_RESULTS
    kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    times: tuple[str, ...] = ()
    attendance: tuple[str, ...] = ()
    free: bool | None = None
    languages: tuple[str, ...] = ()
    accessible: bool = False
    audiences: tuple[str, ...] = ()
    starting_within: int | None = None
    in_progress: bool = False
    sort: str = "soonest"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    lang: str = DEFAULT_LANG

    @property
    def radius_in_km(self):
        """The fixed radius in kilometres, which is what the search engine is given; None
        when there is no point, or when the radius is automatic and so not yet known."""
        if self.point is None or self.radius is None:
            return None
        return to_km(self.radius, self.units)

    @property
    def offset(self):
        return page_offset(self.page, self.page_size)

    @property
    def default_sort(self):
        return default_sort(self.q, self.point)

    def to_params(self):
        """The search as (name, value) pairs, defaults left out, for building links.

        The page is left out because every link built from this (another page, a filter
        removed) chooses its own. Parsing these pairs gives back this search on page 1.
        """
        params = []
        if self.q:
            params.append(("q", self.q))
        params += _point_params(self)
        for name, attribute in REPEATABLE.items():
            params += [(name, str(value)) for value in getattr(self, attribute)]
        params += _setting_params(self)
        return params

    def without(self, param, value=None):
        """A copy with one filter value (or, with no value, the whole parameter) removed, as
        for a "remove this filter" chip. It starts again on page 1, because removing a
        filter makes a new list; a default sort follows the search, a chosen one stays."""
        if param in REPEATABLE:
            changed = _without_value(self, param, value)
        elif param in _CLEARED:
            changed = replace(self, **_CLEARED[param])
        else:
            raise ValueError(f"{param!r} is not a search parameter")
        return _settle(self, replace(changed, page=1))


def default_sort(q, point):
    """Best matches first when there are words, nearest first when there is a place, and
    otherwise whatever happens soonest."""
    if q:
        return "relevance"
    return "distance" if point is not None else "soonest"


def parse_query(params, lang=None):
    """The search in `params` (a QueryDict, or any mapping with getlist), and its problems.

    Returns (query, []) when the search can be run, else (None, errors), with one
    {"param", "message"} entry per problem, in the search's language (the active
    one when `lang` itself is wrong). A page passes the language of its address as
    `lang`, and then a `lang` parameter changes nothing.
    """
    reader = ParamReader(params, _MEANINGS)
    if lang is None:
        lang = reader.single("lang", _parse_lang) or DEFAULT_LANG
    with translation.override(lang):
        values = _read_values(reader)
    if reader.errors:
        return None, reader.errors
    given = {name: value for name, value in values.items() if value is not None}
    return DirectoryQuery(lang=lang, **given), []


def _read_values(reader):
    values = {"q": reader.single("q", _parse_q)}
    values["point"], point_tried = _read_point(reader)
    values.update(_read_radius(reader, values["point"], point_tried))
    values["units"] = reader.single("units", _parse_units) or "mi"
    values["min_results"] = reader.single("min_results", _parse_min_results)
    for name, attribute in REPEATABLE.items():
        values[attribute] = reader.many(name, _VALUE_PARSERS[name])
    values["free"] = reader.single("free", _parse_free)
    values["accessible"] = reader.single("accessible", _parse_accessible)
    values["starting_within"] = reader.single("starting_within", _parse_starting_within)
    values["in_progress"] = reader.single("in_progress", _parse_in_progress)
    values["sort"] = _read_sort(reader, values, point_tried)
    values["page"] = reader.single("page", _parse_page)
    values["page_size"] = reader.single("page_size", _parse_page_size)
    return values


def parse_lang(params):
    """(lang, errors) of a request that takes only `lang` from the search's parameters."""
    reader = ParamReader(params, _MEANINGS)
    return reader.single("lang", _parse_lang) or DEFAULT_LANG, reader.errors


# The point: lat/lon or near, and the radius around it.


def _read_point(reader):
    """The searcher's point, and whether they tried to give one (so that a mistake in it is
    not reported a second time as a missing place)."""
    lat = reader.single("lat", _parse_lat)
    lon = reader.single("lon", _parse_lon)
    near = reader.single("near", _parse_near)
    has_lat, has_lon, has_near = (reader.given(name) for name in ("lat", "lon", "near"))
    tried = has_lat or has_lon or has_near
    if has_lat != has_lon:
        reader.error("lon" if has_lat else "lat", _("Give both lat and lon, or neither."))
    if has_near and (has_lat or has_lon):
        reader.error("near", _("Use either near or lat/lon, not both."))
        return None, tried
    if lat is not None and lon is not None:
        return Origin(lat=lat, lon=lon, label=coordinates_label(lat, lon)), tried
    return near, tried


def coordinates_label(lat, lon):
    """Four decimal places (about 10 m) say where the search is centred without exposing
    more of the visitor's position than a map pin would."""
    return f"{lat:.4f},{lon:.4f}"


def _read_radius(reader, point, point_tried):
    radius = reader.single("radius", _parse_radius)
    if reader.given("radius") and not point_tried:
        reader.error("radius", _("Radius needs a place: give near, or lat and lon."))
    if point is None:
        return {"radius": None, "radius_auto": False}
    if radius == "auto":
        return {"radius": None, "radius_auto": True}
    return {"radius": radius or DEFAULT_RADIUS, "radius_auto": False}


def _read_sort(reader, values, point_tried):
    sort = reader.single("sort", _parse_sort)
    if sort == "distance" and not point_tried:
        reader.error("sort", _("Sorting by distance needs a place: give near, or lat and lon."))
    return sort or default_sort(values["q"], values["point"])


# Parsers of single values. Each returns the normalised value or raises InvalidParam.


def _parse_lang(text):
    message = _("The language (lang) must be en (English) or es (Spanish).")
    return _choose(text, LANGS, message)


def _parse_q(text):
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidParam(
            _("Search words must be %(max)d characters or fewer.") % {"max": MAX_QUERY_LENGTH}
        )
    return text


def _parse_lat(text):
    lat = parse_number(text, _("Latitude must be a number between -90 and 90."))
    if not -90 <= lat <= 90:
        raise InvalidParam(_("Latitude must be between -90 and 90."))
    return lat


def _parse_lon(text):
    lon = parse_number(text, _("Longitude must be a number between -180 and 180."))
    if not -180 <= lon <= 180:
        raise InvalidParam(_("Longitude must be between -180 and 180."))
    return lon


def _parse_near(text):
    place = resolve_place(text)
    if place is None:
        raise InvalidParam(
            _(
                "We couldn't find the place “%(place)s”. Try a ZIP code like 80205 or a city "
                "and state like “Denver, CO”."
            )
            % {"place": echo(text)}
        )
    return place


def _parse_radius(text):
    message = _("Radius must be a number of miles or kilometres above 0 and at most 500, or auto.")
    if text.lower() == "auto":
        return "auto"
    radius = parse_number(text, message)
    if not 0 < radius <= MAX_RADIUS:
        raise InvalidParam(message)
    return radius


def _parse_units(text):
    return _choose(text, UNITS, _("Units must be mi (miles) or km (kilometres)."))


def _parse_min_results(text):
    message = _("The fewest results to widen the radius for must be a whole number from 1 to 100.")
    return parse_integer(text, 1, 100, message)


def _parse_starting_within(text):
    message = _("Starting within must be a whole number of minutes from 1 to 1440 (one day).")
    return parse_integer(text, 1, 1440, message)


def _parse_page(text):
    message = _("Page must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE}
    return parse_integer(text, 1, MAX_PAGE, message)


def _parse_page_size(text):
    return parse_integer(text, 1, 100, _("Page size must be a whole number from 1 to 100."))


def _parse_boolean(text, message):
    try:
        return BOOLEANS[text.lower()]
    except KeyError:
        raise InvalidParam(message) from None


def _parse_free(text):
    message = _("Free must be true (only free listings) or false (only listings that cost money).")
    return _parse_boolean(text, message)


def _parse_accessible(text):
    message = _("Accessible must be true (only wheelchair accessible places) or false.")
    return _parse_boolean(text, message)


def _parse_in_progress(text):
    message = _("In progress must be true (only what is happening right now) or false.")
    return _parse_boolean(text, message)


def _parse_sort(text):
    message = _("Sort must be relevance, distance, soonest or name.")
    return _choose(text, SORTS, message)


def _choose(text, choices, message):
    """One of a fixed set of lowercase words, in whatever case it was typed."""
    if text.lower() not in choices:
        raise InvalidParam(message)
    return text.lower()


# Parsers of the values of repeatable parameters.


def _parse_kind(text):
    message = _(
        "“%(value)s” is not a kind of listing. "
        "Use meeting, transportation, childcare, class or service."
    ) % {"value": echo(text)}
    return _choose(text, Kind.values, message)


def _parse_category(text):
    if not _CATEGORY.fullmatch(text.lower()):
        raise InvalidParam(
            _(
                "“%(value)s” is not a category. A category is named by its short web "
                "address name: lowercase letters, digits and hyphens."
            )
            % {"value": echo(text)}
        )
    return text.lower()


def _parse_type(text):
    if not _TYPE_CODE.fullmatch(text):
        raise InvalidParam(
            _(
                "“%(value)s” is not a meeting type code. Codes are up to 10 letters, digits "
                "and hyphens, like O, W or 12x12."
            )
            % {"value": echo(text)}
        )
    return text


def _parse_day(text):
    day = day_number(text)
    if day is None:
        raise InvalidParam(
            _(
                "“%(value)s” is not a day. Use 0–6 (0 is Sunday) or sun, mon, tue, wed, "
                "thu, fri, sat."
            )
            % {"value": echo(text)}
        )
    return day


def _parse_time(text):
    message = _(
        "“%(value)s” is not a time of day. Use morning, midday, evening, night or appointment."
    ) % {"value": echo(text)}
    return _choose(text, TIMES, message)


def _parse_attendance(text):
    message = _("“%(value)s” is not a way to attend. Use in_person, online or hybrid.") % {
        "value": echo(text)
    }
    return _choose(text, Attendance.values, message)


def _parse_language(text):
    if not _LANGUAGE.fullmatch(text.lower()):
        raise InvalidParam(
            _(
                "“%(value)s” is not a language code. Use a two-letter code, like en for "
                "English or es for Spanish."
            )
            % {"value": echo(text)}
        )
    return text.lower()


def _parse_audience(text):
    message = _(
        "“%(value)s” is not a group a listing is for. "
        "Use families, women, men, youth, lgbtq or seniors."
    ) % {"value": echo(text)}
    return _choose(text, Audience.values, message)


# Repeatable parameters, and the DirectoryQuery attribute each fills.
REPEATABLE = {
    "kind": "kinds",
    "category": "categories",
    "type": "types",
    "day": "days",
    "time": "times",
    "attendance": "attendance",
    "language": "languages",
    "audience": "audiences",
}
_VALUE_PARSERS = {
    "kind": _parse_kind,
    "category": _parse_category,
    "type": _parse_type,
    "day": _parse_day,
    "time": _parse_time,
    "attendance": _parse_attendance,
    "language": _parse_language,
    "audience": _parse_audience,
}
# What each parameter is, in words for "give only one value for ..." and "at most ...".
_MEANINGS = {
    "q": pgettext_lazy("search parameter", "the search words (q)"),
    "lat": pgettext_lazy("search parameter", "latitude (lat)"),
    "lon": pgettext_lazy("search parameter", "longitude (lon)"),
    "near": pgettext_lazy("search parameter", "the place (near)"),
    "radius": pgettext_lazy("search parameter", "the radius"),
    "units": pgettext_lazy("search parameter", "units"),
    "min_results": pgettext_lazy("search parameter", "the fewest results to find (min_results)"),
    "kind": pgettext_lazy("search parameter", "kinds of listing (kind)"),
    "category": pgettext_lazy("search parameter", "categories (category)"),
    "type": pgettext_lazy("search parameter", "meeting types (type)"),
    "day": pgettext_lazy("search parameter", "days (day)"),
    "time": pgettext_lazy("search parameter", "times of day (time)"),
    "attendance": pgettext_lazy("search parameter", "ways to attend (attendance)"),
    "language": pgettext_lazy("search parameter", "languages (language)"),
    "audience": pgettext_lazy("search parameter", "who a listing is for (audience)"),
    "free": pgettext_lazy("search parameter", "free"),
    "accessible": pgettext_lazy("search parameter", "accessible"),
    "starting_within": pgettext_lazy("search parameter", "starting within (starting_within)"),
    "in_progress": pgettext_lazy("search parameter", "in progress (in_progress)"),
    "sort": pgettext_lazy("search parameter", "the sort order (sort)"),
    "page": pgettext_lazy("search parameter", "the page"),
    "page_size": pgettext_lazy("search parameter", "the page size (page_size)"),
    "lang": pgettext_lazy("search parameter", "the language (lang)"),
}
_NO_POINT = {"point": None, "radius": None, "radius_auto": False}
_CLEARED = {
    "q": {"q": None},
    "near": _NO_POINT,
    "lat": _NO_POINT,
    "lon": _NO_POINT,
    "radius": {"radius": None, "radius_auto": False},
    "units": {"units": "mi"},
    "min_results": {"min_results": DEFAULT_MIN_RESULTS},
    "free": {"free": None},
    "accessible": {"accessible": False},
    "starting_within": {"starting_within": None},
    "in_progress": {"in_progress": False},
    "sort": {"sort": None},
    "page": {},
    "page_size": {"page_size": DEFAULT_PAGE_SIZE},
    "lang": {"lang": DEFAULT_LANG},
}


# Helpers of to_params() and without().


def _point_params(query):
    """near for a named place, lat and lon (at full precision) for coordinates, and the
    radius when it is not the default."""
    point = query.point
    if point is None:
        return []
    if point.label == coordinates_label(point.lat, point.lon):
        params = [("lat", _number(point.lat)), ("lon", _number(point.lon))]
    else:
        params = [("near", point.label)]
    if query.radius_auto:
        params.append(("radius", "auto"))
    elif query.radius != DEFAULT_RADIUS:
        params.append(("radius", _number(query.radius)))
    return params


def _setting_params(query):
    params = []
    if query.lang != DEFAULT_LANG:
        params.append(("lang", query.lang))
    if query.units != "mi":
        params.append(("units", query.units))
    if query.min_results != DEFAULT_MIN_RESULTS:
        params.append(("min_results", str(query.min_results)))
    if query.free is not None:
        params.append(("free", "true" if query.free else "false"))
    if query.accessible:
        params.append(("accessible", "true"))
    if query.starting_within is not None:
        params.append(("starting_within", str(query.starting_within)))
    if query.in_progress:
        params.append(("in_progress", "true"))
    if query.sort != query.default_sort:
        params.append(("sort", query.sort))
    if query.page_size != DEFAULT_PAGE_SIZE:
        params.append(("page_size", str(query.page_size)))
    return params


def _number(value):
    """The shortest plain decimal that reads back as exactly this number: 25, not 25.0,
    and 0.00001, not 1e-05, which the parameters do not accept."""
    return format(Decimal(repr(value)).normalize(), "f")


def _without_value(query, param, value):
    attribute = REPEATABLE[param]
    if value is None:
        return replace(query, **{attribute: ()})
    try:
        value = _VALUE_PARSERS[param](str(value).strip())
    except InvalidParam:
        return query
    remaining = tuple(kept for kept in getattr(query, attribute) if kept != value)
    return replace(query, **{attribute: remaining})


def _settle(before, after):
    """Put back the defaults a removal leaves open. A sort the visitor left to us follows
    the search; a chosen one stays unless the search can no longer be sorted that way."""
    if after.point is not None and after.radius is None and not after.radius_auto:
        after = replace(after, radius=DEFAULT_RADIUS)
    follows = before.sort == before.default_sort
    impossible = after.sort is None or (after.sort == "distance" and after.point is None)
    if follows or impossible:
        after = replace(after, sort=after.default_sort)
    return after
