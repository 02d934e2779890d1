"""The search contract: every parameter, its normal forms, and the exact words of each error."""

import dataclasses
from urllib.parse import urlencode

from django.http import QueryDict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.choices import Attendance, Audience, Kind
from directory.distance import KM_PER_MILE
from search.places import Origin, resolve_place
from search.query import DirectoryQuery, parse_query

NOT_A_DAY = "“{}” is not a day. Use 0–6 (0 is Sunday) or sun, mon, tue, wed, thu, fri, sat."
NOT_A_KIND = (
    "“{}” is not a kind of listing. Use meeting, transportation, childcare, class or service."
)
NOT_A_CATEGORY = (
    "“{}” is not a category. A category is named by its short web address name: "
    "lowercase letters, digits and hyphens."
)
NOT_A_TYPE = (
    "“{}” is not a meeting type code. Codes are up to 10 letters, digits and hyphens, "
    "like O, W or 12x12."
)
NOT_A_TIME = "“{}” is not a time of day. Use morning, midday, evening, night or appointment."
NOT_AN_ATTENDANCE = "“{}” is not a way to attend. Use in_person, online or hybrid."
NOT_A_LANGUAGE = (
    "“{}” is not a language code. Use a two-letter code, like en for English or es for Spanish."
)
NOT_AN_AUDIENCE = (
    "“{}” is not a group a listing is for. Use families, women, men, youth, lgbtq or seniors."
)
UNKNOWN_PLACE = (
    "We couldn't find the place “{}”. Try a ZIP code like 80205 or a city and state like "
    "“Denver, CO”."
)
LAT_RANGE = "Latitude must be between -90 and 90."
LAT_NUMBER = "Latitude must be a number between -90 and 90."
LON_RANGE = "Longitude must be between -180 and 180."
LON_NUMBER = "Longitude must be a number between -180 and 180."
BOTH_COORDINATES = "Give both lat and lon, or neither."
NEAR_OR_COORDINATES = "Use either near or lat/lon, not both."
BAD_RADIUS = "Radius must be a number of miles or kilometres above 0 and at most 500, or auto."
RADIUS_NEEDS_PLACE = "Radius needs a place: give near, or lat and lon."
BAD_UNITS = "Units must be mi (miles) or km (kilometres)."
BAD_MIN_RESULTS = "The fewest results to widen the radius for must be a whole number from 1 to 100."
BAD_FREE = "Free must be true (only free listings) or false (only listings that cost money)."
BAD_ACCESSIBLE = "Accessible must be true (only wheelchair accessible places) or false."
BAD_IN_PROGRESS = "In progress must be true (only what is happening right now) or false."
BAD_STARTING_WITHIN = "Starting within must be a whole number of minutes from 1 to 1440 (one day)."
BAD_SORT = "Sort must be relevance, distance, soonest or name."
DISTANCE_NEEDS_PLACE = "Sorting by distance needs a place: give near, or lat and lon."
BAD_PAGE = "Page must be a whole number from 1 to 10000."
BAD_PAGE_SIZE = "Page size must be a whole number from 1 to 100."
LONG_Q = "Search words must be 200 characters or fewer."

PARAMS = [
    "q",
    "lat",
    "lon",
    "near",
    "radius",
    "units",
    "min_results",
    "kind",
    "category",
    "type",
    "day",
    "time",
    "attendance",
    "free",
    "language",
    "accessible",
    "audience",
    "starting_within",
    "in_progress",
    "sort",
    "page",
    "page_size",
    "lang",
]
DENVER = {"lat": "39.7392", "lon": "-104.9903"}


def querydict(params):
    """A QueryDict as a request would carry, from a query string or (name, value) pairs."""
    if isinstance(params, dict):
        params = list(params.items())
    return QueryDict(params if isinstance(params, str) else urlencode(params))


def parse(params=""):
    return parse_query(querydict(params))


def valid(params=""):
    query, errors = parse(params)
    assert errors == []
    assert isinstance(query, DirectoryQuery)
    return query


def invalid(params):
    query, errors = parse(params)
    assert query is None
    return errors


def only_error(params, param):
    """The message of the one error a query has, which must be about `param`."""
    errors = invalid(params)
    assert [error["param"] for error in errors] == [param]
    return errors[0]["message"]


# Nothing given, unknown and blank parameters.


def test_no_parameters_is_the_default_search():
    query = valid("")

    assert query == DirectoryQuery()
    assert (query.q, query.point, query.radius, query.radius_auto) == (None, None, None, False)
    assert (query.units, query.min_results, query.sort) == ("mi", 10, "soonest")
    assert (query.free, query.accessible, query.in_progress) == (None, False, False)
    assert (query.page, query.page_size, query.offset) == (1, 20, 0)


def test_unknown_parameters_are_ignored():
    assert valid("utm_source=flyer&foo=bar&DAY=funday") == DirectoryQuery()


def test_blank_values_count_as_not_given_as_an_empty_form_sends_them():
    blank = "&".join(f"{name}=" for name in PARAMS) + "&q=%20%20&day=%20&kind=,"

    assert valid(blank) == DirectoryQuery()


def test_a_plain_dict_with_lists_is_accepted_too():
    query, errors = parse_query({"day": ["1", "mon,2"], "q": "coffee"})

    assert errors == []
    assert (query.days, query.q) == ((1, 2), "coffee")


# q


def test_words_are_stripped():
    assert valid({"q": "  big book  "}).q == "big book"


def test_blank_words_are_none():
    assert valid({"q": " \t "}).q is None


def test_words_may_be_200_characters_after_stripping():
    assert valid({"q": " " + "a" * 200 + " "}).q == "a" * 200


def test_words_over_200_characters_are_an_error():
    assert only_error({"q": "a" * 201}, "q") == LONG_Q


# lat and lon


def test_lat_and_lon_are_the_point_labelled_to_four_places():
    query = valid({"lat": "39.73921234", "lon": "-104.99"})

    assert query.point == Origin(lat=39.73921234, lon=-104.99, label="39.7392,-104.9900")


@pytest.mark.parametrize(
    ("lat", "lon"), [("-90", "-180"), ("90", "180"), ("+45.5", "0"), (".5", "5.")]
)
def test_coordinates_at_and_inside_the_limits_are_accepted(lat, lon):
    point = valid({"lat": lat, "lon": lon}).point

    assert (point.lat, point.lon) == (float(lat), float(lon))


def test_negative_zero_is_zero():
    assert valid({"lat": "-0", "lon": "-0.0"}).point.label == "0.0000,0.0000"


@pytest.mark.parametrize("lat", ["-90.0001", "90.5", "1000"])
def test_latitude_out_of_range(lat):
    assert only_error({"lat": lat, "lon": "0"}, "lat") == LAT_RANGE


@pytest.mark.parametrize("lon", ["-180.01", "181", "99999"])
def test_longitude_out_of_range(lon):
    assert only_error({"lat": "0", "lon": lon}, "lon") == LON_RANGE


@pytest.mark.parametrize(
    "number", ["north", "nan", "inf", "-Infinity", "1e3", "0x10", "1_0", "39,7", "١٢", "--1", "."]
)
def test_coordinates_must_be_plain_decimal_numbers(number):
    assert only_error({"lat": number, "lon": "0"}, "lat") == LAT_NUMBER
    assert only_error({"lat": "0", "lon": number}, "lon") == LON_NUMBER


def test_lat_without_lon():
    assert only_error({"lat": "39.7"}, "lon") == BOTH_COORDINATES


def test_lon_without_lat():
    assert only_error({"lon": "-104.9"}, "lat") == BOTH_COORDINATES


# near


def test_near_a_zip_code():
    query = valid({"near": "80205"})

    assert query.point == resolve_place("80205")
    assert query.point.label == "80205"


def test_near_a_city():
    assert valid({"near": "denver, co"}).point == resolve_place("Denver, CO")


def test_near_an_unknown_place():
    assert only_error({"near": "Atlantis, ZZ"}, "near") == UNKNOWN_PLACE.format("Atlantis, ZZ")


def test_an_unknown_place_is_echoed_at_most_60_characters():
    message = only_error({"near": "Springfield " * 10}, "near")

    assert message == UNKNOWN_PLACE.format(("Springfield " * 10)[:60] + "…")


def test_control_characters_are_not_echoed():
    message = only_error({"near": "Den\x1b[31mver"}, "near")

    assert message == UNKNOWN_PLACE.format("Den [31mver")


def test_near_and_coordinates_together():
    assert only_error({"near": "80205", **DENVER}, "near") == NEAR_OR_COORDINATES


# radius, units and min_results


def test_the_radius_is_25_around_a_point_and_none_without_one():
    assert valid(DENVER).radius == 25
    assert valid("").radius is None


@pytest.mark.parametrize(("text", "radius"), [("10", 10.0), ("0.5", 0.5), ("500", 500.0)])
def test_a_radius(text, radius):
    query = valid({"near": "80205", "radius": text})

    assert (query.radius, query.radius_auto) == (radius, False)


@pytest.mark.parametrize("text", ["auto", "AUTO", " Auto "])
def test_an_automatic_radius(text):
    query = valid({"near": "80205", "radius": text})

    assert (query.radius, query.radius_auto, query.radius_in_km) == (None, True, None)


@pytest.mark.parametrize("text", ["0", "-1", "500.01", "far", "nan", "inf", "1e2", "25mi"])
def test_a_radius_out_of_range_or_not_a_number(text):
    assert only_error({"near": "80205", "radius": text}, "radius") == BAD_RADIUS


def test_a_radius_without_a_place():
    assert only_error({"radius": "10"}, "radius") == RADIUS_NEEDS_PLACE


def test_a_bad_radius_without_a_place_is_two_problems():
    errors = invalid({"radius": "far"})

    assert errors == [
        {"param": "radius", "message": BAD_RADIUS},
        {"param": "radius", "message": RADIUS_NEEDS_PLACE},
    ]


def test_a_radius_with_a_mistaken_place_only_reports_the_place():
    assert only_error({"lat": "100", "lon": "0", "radius": "10"}, "lat") == LAT_RANGE


def test_radius_in_km_converts_miles():
    assert valid(DENVER).radius_in_km == pytest.approx(25 * 1.609344)
    assert valid({**DENVER, "radius": "10", "units": "km"}).radius_in_km == 10
    assert valid("").radius_in_km is None
    assert KM_PER_MILE == 1.609344


@pytest.mark.parametrize(("text", "units"), [("mi", "mi"), ("km", "km"), ("KM", "km")])
def test_units(text, units):
    assert valid({"units": text}).units == units


@pytest.mark.parametrize("text", ["miles", "m", "kilometres"])
def test_unknown_units(text):
    assert only_error({"units": text}, "units") == BAD_UNITS


@pytest.mark.parametrize(("text", "number"), [("1", 1), ("100", 100), ("+5", 5)])
def test_min_results(text, number):
    assert valid({"near": "80205", "radius": "auto", "min_results": text}).min_results == number


@pytest.mark.parametrize("text", ["0", "101", "-3", "1.5", "ten", "99999999999999999999"])
def test_min_results_out_of_range(text):
    assert only_error({"min_results": text}, "min_results") == BAD_MIN_RESULTS


# The repeatable filters.


@pytest.mark.parametrize(
    ("param", "attribute", "values", "normalised"),
    [
        ("kind", "kinds", ["service", "Meeting"], ("meeting", "service")),
        (
            "kind",
            "kinds",
            ["transportation,childcare,class"],
            ("childcare", "class", "transportation"),
        ),
        ("category", "categories", ["support-groups", "al-anon2"], ("al-anon2", "support-groups")),
        ("category", "categories", ["Meetings"], ("meetings",)),
        ("type", "types", ["W", "O", "12x12"], ("12x12", "O", "W")),
        ("type", "types", ["LGBTQ,ABC-12", "o"], ("ABC-12", "LGBTQ", "o")),
        ("day", "days", ["6", "0"], (0, 6)),
        ("day", "days", ["sun,MON", "Tuesday", "wEd", "thursday,fri,sat"], (0, 1, 2, 3, 4, 5, 6)),
        (
            "time",
            "times",
            ["night", "Morning,midday", "evening,appointment"],
            ("appointment", "evening", "midday", "morning", "night"),
        ),
        (
            "attendance",
            "attendance",
            ["online,hybrid", "in_person"],
            ("hybrid", "in_person", "online"),
        ),
        ("language", "languages", ["es", "EN", "so"], ("en", "es", "so")),
        (
            "audience",
            "audiences",
            ["youth,families", "women", "men", "lgbtq", "seniors"],
            ("families", "lgbtq", "men", "seniors", "women", "youth"),
        ),
    ],
)
def test_repeatable_values(param, attribute, values, normalised):
    query = valid([(param, value) for value in values])

    assert getattr(query, attribute) == normalised


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("kind", "meetings", NOT_A_KIND),
        ("kind", "ride", NOT_A_KIND),
        ("category", "support_groups", NOT_A_CATEGORY),
        ("category", "a/b", NOT_A_CATEGORY),
        ("category", "é", NOT_A_CATEGORY),
        ("type", "ELEVENCHARS", NOT_A_TYPE),
        ("type", "O_W", NOT_A_TYPE),
        ("type", "Ü", NOT_A_TYPE),
        ("day", "7", NOT_A_DAY),
        ("day", "-1", NOT_A_DAY),
        ("day", "1.0", NOT_A_DAY),
        ("day", "funday", NOT_A_DAY),
        ("day", "mo", NOT_A_DAY),
        ("day", "٣", NOT_A_DAY),
        ("time", "afternoon", NOT_A_TIME),
        ("attendance", "in person", NOT_AN_ATTENDANCE),
        ("attendance", "zoom", NOT_AN_ATTENDANCE),
        ("language", "eng", NOT_A_LANGUAGE),
        ("language", "e1", NOT_A_LANGUAGE),
        ("language", "english", NOT_A_LANGUAGE),
        ("audience", "kids", NOT_AN_AUDIENCE),
    ],
)
def test_repeatable_values_we_cannot_use(param, value, message):
    assert only_error({param: value}, param) == message.format(value)


def test_each_bad_value_of_a_repeatable_parameter_is_its_own_error():
    errors = invalid("day=1,funday&day=moonday&day=2&day=funday")

    assert errors == [
        {"param": "day", "message": NOT_A_DAY.format("funday")},
        {"param": "day", "message": NOT_A_DAY.format("moonday")},
    ]


def test_a_long_bad_value_is_echoed_at_most_60_characters():
    value = "x" * 300

    assert only_error({"category": value}, "category") == NOT_A_CATEGORY.format("x" * 60 + "…")


def test_repeated_and_comma_separated_values_are_the_same_search():
    repeated = valid("day=2&day=1&kind=class&kind=meeting")
    commas = valid("day=1,2&kind=meeting,class")
    shuffled = valid("day=2,1,1&day=mon&kind=class,meeting,,class&kind=MEETING")

    assert repeated == commas == shuffled
    assert hash(repeated) == hash(shuffled)
    assert repeated.days == (1, 2)


def test_type_codes_keep_their_case_and_differ_by_it():
    assert valid("type=o&type=O").types == ("O", "o")


def test_too_many_values_for_one_parameter():
    many = ",".join(f"code{number}" for number in range(101))

    assert only_error({"type": many}, "type") == (
        "Give at most 100 values for meeting types (type)."
    )


# free, accessible, in_progress


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("Yes", True)]
    + [("false", False), ("False", False), ("0", False), ("no", False), ("NO", False)],
)
def test_yes_or_no_filters(text, value):
    query = valid({"free": text, "accessible": text, "in_progress": text})

    assert (query.free, query.accessible, query.in_progress) == (value, value, value)


@pytest.mark.parametrize(
    ("param", "message"),
    [("free", BAD_FREE), ("accessible", BAD_ACCESSIBLE), ("in_progress", BAD_IN_PROGRESS)],
)
@pytest.mark.parametrize("text", ["maybe", "2", "y", "on"])
def test_yes_or_no_filters_given_something_else(param, message, text):
    assert only_error({param: text}, param) == message


# starting_within


@pytest.mark.parametrize(("text", "minutes"), [("1", 1), ("90", 90), ("1440", 1440)])
def test_starting_within(text, minutes):
    assert valid({"starting_within": text}).starting_within == minutes


@pytest.mark.parametrize("text", ["0", "1441", "-5", "1.5", "soon", "1 hour"])
def test_starting_within_out_of_range(text):
    assert only_error({"starting_within": text}, "starting_within") == BAD_STARTING_WITHIN


# sort


@pytest.mark.parametrize(
    ("params", "sort"),
    [
        ({}, "soonest"),
        ({"q": "coffee"}, "relevance"),
        (DENVER, "distance"),
        ({"near": "80205"}, "distance"),
        ({"q": "coffee", "near": "80205"}, "relevance"),
    ],
)
def test_the_default_sort(params, sort):
    assert valid(params).sort == sort


@pytest.mark.parametrize(
    ("params", "sort"),
    [
        ({"q": "coffee", "sort": "name"}, "name"),
        ({"sort": "relevance"}, "relevance"),
        ({"q": "coffee", "sort": "SOONEST"}, "soonest"),
        ({"near": "80205", "sort": "distance"}, "distance"),
    ],
)
def test_a_chosen_sort(params, sort):
    assert valid(params).sort == sort


@pytest.mark.parametrize("text", ["nearest", "date", "-name"])
def test_an_unknown_sort(text):
    assert only_error({"sort": text}, "sort") == BAD_SORT


def test_sorting_by_distance_without_a_place():
    assert only_error({"sort": "distance"}, "sort") == DISTANCE_NEEDS_PLACE


def test_sorting_by_distance_from_a_mistaken_place_only_reports_the_place():
    message = only_error({"near": "Atlantis, ZZ", "sort": "distance"}, "near")

    assert message == UNKNOWN_PLACE.format("Atlantis, ZZ")


# page and page_size


@pytest.mark.parametrize(
    ("params", "page", "page_size", "offset"),
    [
        ({"page": "1"}, 1, 20, 0),
        ({"page": "3", "page_size": "10"}, 3, 10, 20),
        ({"page": "10000", "page_size": "100"}, 10000, 100, 999900),
        ({"page_size": "1"}, 1, 1, 0),
    ],
)
def test_pages(params, page, page_size, offset):
    query = valid(params)

    assert (query.page, query.page_size, query.offset) == (page, page_size, offset)


@pytest.mark.parametrize("text", ["0", "-1", "10001", "two", "1.0", "99999999999999999999999"])
def test_a_page_out_of_range(text):
    assert only_error({"page": text}, "page") == BAD_PAGE


@pytest.mark.parametrize("text", ["0", "101", "all", "20.5"])
def test_a_page_size_out_of_range(text):
    assert only_error({"page_size": text}, "page_size") == BAD_PAGE_SIZE


# Parameters given once, more than once.


def test_a_single_parameter_repeated_with_the_same_value_is_fine():
    assert valid("page=2&page=2&q=tea&q=%20tea").page == 2


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("page", "Give only one value for the page."),
        ("q", "Give only one value for the search words (q)."),
        ("free", "Give only one value for free."),
    ],
)
def test_a_single_parameter_with_two_values(param, message):
    assert only_error(f"{param}=1&{param}=0", param) == message


# Every problem at once.


def test_every_problem_is_reported_at_once_in_a_fixed_order():
    params = {
        "q": "a" * 201,
        "lat": "91",
        "lon": "x",
        "near": "Atlantis, ZZ",
        "radius": "0",
        "units": "furlongs",
        "min_results": "0",
        "kind": "ride",
        "category": "A B",
        "type": "TOO_LONG_CODE",
        "day": "funday",
        "time": "noon",
        "attendance": "zoom",
        "language": "eng",
        "audience": "kids",
        "free": "maybe",
        "accessible": "maybe",
        "starting_within": "0",
        "in_progress": "maybe",
        "sort": "random",
        "page": "0",
        "page_size": "0",
    }

    errors = invalid(params)

    assert errors == [
        {"param": "q", "message": LONG_Q},
        {"param": "lat", "message": LAT_RANGE},
        {"param": "lon", "message": LON_NUMBER},
        {"param": "near", "message": UNKNOWN_PLACE.format("Atlantis, ZZ")},
        {"param": "near", "message": NEAR_OR_COORDINATES},
        {"param": "radius", "message": BAD_RADIUS},
        {"param": "units", "message": BAD_UNITS},
        {"param": "min_results", "message": BAD_MIN_RESULTS},
        {"param": "kind", "message": NOT_A_KIND.format("ride")},
        {"param": "category", "message": NOT_A_CATEGORY.format("A B")},
        {"param": "type", "message": NOT_A_TYPE.format("TOO_LONG_CODE")},
        {"param": "day", "message": NOT_A_DAY.format("funday")},
        {"param": "time", "message": NOT_A_TIME.format("noon")},
        {"param": "attendance", "message": NOT_AN_ATTENDANCE.format("zoom")},
        {"param": "language", "message": NOT_A_LANGUAGE.format("eng")},
        {"param": "audience", "message": NOT_AN_AUDIENCE.format("kids")},
        {"param": "free", "message": BAD_FREE},
        {"param": "accessible", "message": BAD_ACCESSIBLE},
        {"param": "starting_within", "message": BAD_STARTING_WITHIN},
        {"param": "in_progress", "message": BAD_IN_PROGRESS},
        {"param": "sort", "message": BAD_SORT},
        {"param": "page", "message": BAD_PAGE},
        {"param": "page_size", "message": BAD_PAGE_SIZE},
    ]


# The query value itself.


def test_a_query_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        valid("").page = 2


def test_the_searchers_point_stays_out_of_the_repr():
    query = valid({"lat": "39.73921234", "lon": "-104.98765"})

    assert "39.73" not in repr(query)
    assert "104.98" not in repr(query)


# to_params


def test_the_default_search_has_no_params():
    assert valid("").to_params() == []


def test_to_params_lists_every_filter_without_the_page():
    query = valid(
        "q=big+book&near=80205&radius=10.5&units=km&kind=meeting&category=aa&type=W,O"
        "&day=mon,sun&time=evening&attendance=hybrid&free=true&language=es&accessible=true"
        "&audience=women&starting_within=60&in_progress=yes&sort=name&page=4&page_size=50"
    )

    assert query.to_params() == [
        ("q", "big book"),
        ("near", "80205"),
        ("radius", "10.5"),
        ("kind", "meeting"),
        ("category", "aa"),
        ("type", "O"),
        ("type", "W"),
        ("day", "0"),
        ("day", "1"),
        ("time", "evening"),
        ("attendance", "hybrid"),
        ("language", "es"),
        ("audience", "women"),
        ("units", "km"),
        ("free", "true"),
        ("accessible", "true"),
        ("starting_within", "60"),
        ("in_progress", "true"),
        ("sort", "name"),
        ("page_size", "50"),
    ]


def test_to_params_gives_coordinates_in_full_and_defaults_not_at_all():
    query = valid({"lat": "39.73921234", "lon": "-0.00001", "radius": "25", "sort": "distance"})

    assert query.to_params() == [("lat", "39.73921234"), ("lon", "-0.00001")]


def test_to_params_keeps_an_automatic_radius_and_its_minimum():
    query = valid({"near": "Denver, CO", "radius": "auto", "min_results": "5", "free": "no"})

    assert query.to_params() == [
        ("near", "Denver, CO"),
        ("radius", "auto"),
        ("min_results", "5"),
        ("free", "false"),
    ]


@pytest.mark.parametrize(
    "params",
    [
        "q=tea&sort=soonest&page=3",
        "near=st.+louis,+mo&radius=auto&units=km&day=sat",
        "lat=-33.8688&lon=151.2093&radius=0.25&sort=name&type=o,O",
        "sort=relevance&accessible=false&free=0&page_size=5",
    ],
)
def test_to_params_parses_back_to_the_same_search_on_page_one(params):
    query = valid(params)

    assert valid(query.to_params()) == dataclasses.replace(query, page=1)


# without


def test_without_one_value():
    query = valid("day=1,2,3&kind=meeting&page=3")

    assert query.without("day", 2) == dataclasses.replace(query, days=(1, 3), page=1)
    assert query.without("day", "mon").days == (2, 3)
    assert query.without("kind", "MEETING").kinds == ()


def test_without_a_whole_parameter():
    assert valid("day=1,2,3&time=night").without("day") == valid("time=night")


def test_without_a_value_that_is_not_there_changes_only_the_page():
    query = valid("day=1&page=2")

    assert query.without("day", 5) == query.without("day", "funday") == valid("day=1")


@pytest.mark.parametrize(
    ("params", "param", "expected"),
    [
        ("q=tea&free=1", "free", "q=tea"),
        ("accessible=true&q=tea", "accessible", "q=tea"),
        ("in_progress=true", "in_progress", ""),
        ("starting_within=30", "starting_within", ""),
        ("units=km&near=80205", "units", "near=80205"),
        ("near=80205&radius=5", "radius", "near=80205"),
        ("near=80205&radius=auto&min_results=3", "radius", "near=80205&min_results=3"),
        ("min_results=3", "min_results", ""),
        ("page_size=5", "page_size", ""),
        ("sort=name&q=tea", "sort", "q=tea"),
        ("page=9", "page", ""),
    ],
)
def test_without_a_setting_puts_back_its_default(params, param, expected):
    assert valid(params).without(param) == valid(expected)


@pytest.mark.parametrize("param", ["near", "lat", "lon"])
def test_without_the_place_drops_the_radius_and_distance_sort(param):
    by_zip = valid("near=80205&radius=5&sort=distance&q=tea")
    by_coordinates = valid({**DENVER, "radius": "auto", "kind": "class"})

    assert by_zip.without(param) == valid("q=tea")
    assert by_coordinates.without(param) == valid("kind=class")


def test_without_the_words_a_default_sort_follows_and_a_chosen_one_stays():
    assert valid("q=tea&near=80205").without("q").sort == "distance"
    assert valid("q=tea").without("q").sort == "soonest"
    assert valid("q=tea&sort=name").without("q").sort == "name"


def test_without_an_unknown_parameter_is_a_programming_error():
    with pytest.raises(ValueError, match="colour"):
        DirectoryQuery().without("colour")


# Anything at all: never an exception, always a query or well-formed errors.

NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
)
MEANINGFUL = st.sampled_from(
    [
        "80205",
        "80205-1234",
        "Denver, CO",
        "Atlantis, ZZ",
        "auto",
        "km",
        "mi",
        "meeting",
        "mon",
        "Sunday",
        "evening",
        "in_person",
        "true",
        "no",
        "es",
        "lgbtq",
        "relevance",
        "distance",
        "name",
        "O",
        "12x12",
        "al-anon",
        "39.7392",
        "-104.9903",
        ",",
        "",
    ]
)
VALUES = st.one_of(
    st.text(max_size=80),
    NUMBERS,
    MEANINGFUL,
    st.lists(st.one_of(MEANINGFUL, NUMBERS), min_size=2, max_size=4).map(",".join),
)
PARAM_LISTS = st.dictionaries(
    st.sampled_from([*PARAMS, "unknown"]), st.lists(VALUES, min_size=1, max_size=3)
)


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(PARAM_LISTS)
def test_anything_gives_a_query_or_errors_a_visitor_can_read(param_lists):
    params = QueryDict(mutable=True)
    for name, values in param_lists.items():
        params.setlist(name, values)

    query, errors = parse_query(params)

    if query is not None:
        assert errors == []
        assert isinstance(query, DirectoryQuery)
        assert valid(query.to_params()) == dataclasses.replace(query, page=1)
    else:
        assert errors
        for error in errors:
            assert set(error) == {"param", "message"}
            assert error["param"] in PARAMS
            assert isinstance(error["message"], str)
            assert 20 < len(error["message"]) < 200
            assert "Traceback" not in error["message"]


def decimal_text(low, high):
    return st.decimals(min_value=low, max_value=high, places=6).map(lambda number: f"{number:f}")


def any_case(words):
    return st.sampled_from([form for word in words for form in (word, word.upper(), word.title())])


def listed(values):
    """Some of the values, sent repeated, comma-separated or both."""
    return st.lists(st.lists(values, min_size=1, max_size=3).map(",".join), max_size=3)


POINTS = st.one_of(
    st.just({}),
    st.sampled_from(["80205", "10001-0001", "Denver, CO", "st. louis, mo, usa"]).map(
        lambda near: {"near": [near]}
    ),
    st.tuples(decimal_text(-90, 90), decimal_text(-180, 180)).map(
        lambda point: {"lat": [point[0]], "lon": [point[1]]}
    ),
)
RADII = st.one_of(st.just("auto"), decimal_text("0.000001", 500))
YES_NO = any_case(["true", "false", "yes", "no", "1", "0"])
VALID_SETTINGS = {
    "q": st.text(max_size=200),
    "units": any_case(["mi", "km"]),
    "min_results": st.integers(1, 100).map(str),
    "free": YES_NO,
    "accessible": YES_NO,
    "in_progress": YES_NO,
    "starting_within": st.integers(1, 1440).map(str),
    "sort": any_case(["relevance", "soonest", "name"]),
    "page": st.integers(1, 10000).map(str),
    "page_size": st.integers(1, 100).map(str),
    "lang": any_case(["en", "es"]),
}
VALID_FILTERS = {
    "kind": any_case(Kind.values),
    "category": st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True),
    "type": st.from_regex(r"[A-Za-z0-9-]{1,10}", fullmatch=True),
    "day": st.one_of(st.integers(0, 6).map(str), any_case(["sun", "monday", "Sat"])),
    "time": any_case(["morning", "midday", "evening", "night", "appointment"]),
    "attendance": any_case(Attendance.values),
    "language": st.from_regex(r"[a-z]{2}", fullmatch=True),
    "audience": any_case(Audience.values),
}


@st.composite
def valid_params(draw):
    """A search made only of values the contract accepts, in any of their accepted forms."""
    params = dict(draw(POINTS))  # a copy: st.just hands out the same dict every time
    if params and draw(st.booleans()):
        params["radius"] = [draw(RADII)]
        params["sort"] = ["distance"]
    for name, values in VALID_SETTINGS.items():
        if name not in params and draw(st.booleans()):
            params[name] = [draw(values)]
    for name, values in VALID_FILTERS.items():
        params[name] = draw(listed(values))
    return params


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(valid_params())
def test_any_valid_search_parses_and_survives_a_round_trip_through_its_params(params):
    query, errors = parse_query(params)

    assert errors == []
    assert valid(query.to_params()) == dataclasses.replace(query, page=1)


# The language of the search: `lang`.


def test_a_search_is_in_english_unless_lang_says_spanish():
    assert valid("").lang == "en"
    assert valid("lang=ES").lang == "es"
    assert valid("lang=es&q=mujeres").to_params() == [("q", "mujeres"), ("lang", "es")]
    assert valid("lang=en&q=women").to_params() == [("q", "women")]


def test_a_page_gives_the_language_of_its_address_and_lang_changes_nothing():
    query, errors = parse_query(querydict("lang=fr&q=mujeres"), lang="es")
    assert errors == []
    assert query.lang == "es"


def test_lang_must_be_a_language_the_site_speaks():
    query, errors = parse("lang=fr&lang=es")
    assert query is None
    assert errors == [{"param": "lang", "message": "Give only one value for the language (lang)."}]
    assert parse("lang=fr")[1] == [
        {"param": "lang", "message": "The language (lang) must be en (English) or es (Spanish)."}
    ]


def test_every_message_speaks_the_language_of_the_search():
    params = "near=80205&lat=1&radius=900&units=yd&kind=boat&sort=up&free=maybe&page=0&q=" + (
        "x" * 201
    )
    english = parse(params)[1]
    spanish = parse(params + "&lang=es")[1]
    assert [e["param"] for e in spanish] == [e["param"] for e in english]
    for ours, theirs in zip(english, spanish, strict=True):
        assert ours["message"] != theirs["message"], ours
    assert {e["param"]: e["message"] for e in spanish} == {
        "q": "Las palabras de búsqueda deben tener 200 caracteres o menos.",
        "lon": "Indique lat y lon, o ninguno de los dos.",
        "near": "Use near o lat/lon, no los dos.",
        "radius": "El radio debe ser un número de millas o kilómetros mayor que 0 y de 500 "
        "como máximo, o auto.",
        "units": "Las unidades deben ser mi (millas) o km (kilómetros).",
        "kind": "«boat» no es un tipo de ficha. Use meeting, transportation, childcare, class "
        "o service.",
        "free": "Free debe ser true (solo fichas gratuitas) o false (solo fichas que cuestan "
        "dinero).",
        "sort": "El orden (sort) debe ser relevance, distance, soonest o name.",
        "page": "La página debe ser un número entero del 1 al 10000.",
    }
