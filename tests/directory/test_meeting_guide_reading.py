"""Each row is judged on its own, and every refusal is a sentence staff can act on."""

from datetime import time

import pytest

from directory.meeting_guide.reading import RowProblems, parse_row, split_address
from tests.imports.conftest import meeting


def reasons(fields, **options):
    with pytest.raises(RowProblems) as problems:
        parse_row(fields, **options)
    return " ".join(problems.value.reasons)


def test_a_valid_entry_becomes_a_meeting():
    row = parse_row(
        meeting(
            "hope",
            day=[4, 2],
            types=["O", "Discussion", "XYZ"],
            latitude=39.7589,
            longitude=-104.9661,
        )
    )
    assert row.slug == "hope"
    assert row.sessions == ((2, time(19), time(20)), (4, time(19), time(20)))
    # A label in words is read as its code; a code outside the list is kept.
    assert row.types == ("D", "O", "XYZ")
    assert row.own_types == ("XYZ",)
    assert row.place.street_address == "2900 Downing St"
    assert row.place.coordinates_approximate is False
    assert str(row.place.latitude) == "39.758900"


def test_a_place_without_coordinates_takes_its_zip_centre():
    assert parse_row(meeting("a")).place.coordinates_approximate is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, [0]),
        ("6", [6]),
        ("Tuesday", [2]),
        ("tue, THURSDAY", [2, 4]),
        ([1, "3", "Fri"], [1, 3, 5]),
    ],
)
def test_days_are_read_as_numbers_names_and_lists(value, expected):
    row = parse_row(meeting("a", day=value))
    assert [day for day, _start, _end in row.sessions] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19:30", time(19, 30)),
        ("7:30 pm", time(19, 30)),
        ("12 am", time(0)),
        ("06:05:00", time(6, 5)),
    ],
)
def test_times_are_read_in_the_forms_sheets_use(value, expected):
    assert parse_row(meeting("a", time=value, end_time=None)).sessions[0][1] == expected


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"day": 7}, "Day “7” is not a day of the week"),
        ({"day": "Caturday"}, "Day “Caturday” is not a day of the week"),
        ({"time": "25:00"}, "Time “25:00” is not a time of day"),
        ({"end_time": "8 o'clock"}, "End time “8 o'clock” is not a time of day"),
        ({"name": ""}, "The meeting has no name."),
        ({"timezone": "Mars/Olympus_Mons"}, "Time zone “Mars/Olympus_Mons” is not a time zone"),
        ({"time": None, "end_time": None}, "has a day but no time"),
        ({"day": None}, "has a time but no day"),
        ({"conference_url": "http://zoom.us/j/1"}, "starts with https://"),
        ({"conference_phone": "call Bob"}, "can't be dialled"),
        ({"latitude": "39.7"}, "both latitude and longitude"),
        ({"latitude": "99", "longitude": "-104"}, "from -90 to 90"),
        (
            {"address": None, "city": None, "state": None, "postal_code": None},
            "has no address",
        ),
    ],
)
def test_broken_rows_are_refused_with_their_reason(fields, words):
    assert words in reasons(meeting("a", **fields))


def test_a_feed_entry_needs_a_slug():
    assert "has no slug" in reasons(meeting(""))


def test_a_row_with_several_problems_gives_them_all():
    text = reasons(meeting("a", name="", day=9, timezone="Nowhere"))
    assert "no name" in text and "Day “9”" in text and "“Nowhere”" in text


def test_a_meeting_nobody_could_attend_is_refused_with_the_admin_words():
    online_only_without_link = meeting(
        "a", address=None, city=None, state=None, postal_code=None, location=None
    )
    assert "Add a location for an in-person listing" in reasons(online_only_without_link)
    area_only = meeting("a", approximate="yes")
    assert "needs a location with a street address" in reasons(area_only)


def test_an_online_meeting_may_give_only_its_area():
    row = parse_row(meeting("a", approximate="yes", conference_url="https://zoom.us/j/81234567890"))
    assert row.place.street_address == "" and row.place.city == "Denver"
    assert row.online


def test_an_end_before_the_start_is_kept_as_no_end_and_said():
    row = parse_row(meeting("a", time="23:00", end_time="00:30"))
    assert row.sessions[0][2] is None
    assert "ends at 00:30" in row.changes[0]


def test_no_day_means_by_appointment():
    row = parse_row(meeting("a", day=None, time=None, end_time=None))
    assert row.by_appointment and row.sessions == ()


def test_a_spreadsheet_row_without_a_slug_gets_the_same_one_every_time():
    fields = meeting("", name="Hope Group", day="Tuesday", time="7:00 PM")
    first = parse_row(dict(fields), derive_slug=True)
    again = parse_row(dict(fields), derive_slug=True)
    assert first.slug == again.slug == "hope-group-2-1900"


def test_contacts_keep_first_names_only():
    row = parse_row(meeting("a", contact_1_name="Maria Gonzales"))
    assert row.contact_name == "Maria"


def test_a_one_line_address_is_split_into_its_parts():
    assert split_address("123 Main St, Suite 4, Denver, CO 80205, USA") == (
        "123 Main St, Suite 4",
        "Denver",
        "CO",
        "80205",
        "US",
    )
    row = parse_row(
        meeting(
            "a",
            address=None,
            city=None,
            state=None,
            postal_code=None,
            formatted_address="2900 Downing St, Denver, CO 80205, USA",
        )
    )
    assert (row.place.street_address, row.place.city, row.place.postal_code) == (
        "2900 Downing St",
        "Denver",
        "80205",
    )


# What real publishers write


def one_line(formatted, **fields):
    """An entry with only a one-line address, as BMLT and online feeds send."""
    return meeting(
        "a",
        address=None,
        city=None,
        state=None,
        postal_code=None,
        country=None,
        formatted_address=formatted,
        **fields,
    )


@pytest.mark.parametrize(
    ("formatted", "parts"),
    [
        (
            "5305 Lake Brandt Rd, Greensboro, NC, 27455, USA",
            ("5305 Lake Brandt Rd", "Greensboro", "NC", "27455", "US"),
        ),
        (
            "427 Bloor St W, Toronto, ON M5S 1X7, Canada",
            ("427 Bloor St W", "Toronto", "ON", "M5S 1X7", "CA"),
        ),
        ("Sacramento, CA", ("", "Sacramento", "CA", "", "")),
        ("Bengaluru, Karnataka, India", ("", "Bengaluru", "Karnataka", "", "IN")),
        ("London, UK", ("", "London", "", "", "GB")),
        ("Reno, NV 89501, USA", ("", "Reno", "NV", "89501", "US")),
    ],
)
def test_one_line_addresses_as_feeds_write_them(formatted, parts):
    assert split_address(formatted) == parts


def test_bmlts_one_coordinates_string_is_read():
    row = parse_row(meeting("a", coordinates="36.0921453,-79.7770318"))
    assert (str(row.place.latitude), str(row.place.longitude)) == ("36.092145", "-79.777032")
    assert row.place.coordinates_approximate is False


def test_places_abroad_and_in_canada():
    toronto = parse_row(
        meeting("a", city="Toronto", state="ON", postal_code="M5V 2T6", country="CA")
    ).place
    assert (toronto.region, toronto.country, toronto.postal_code) == ("ON", "CA", "M5V 2T6")
    # A province without a country is in Canada; "Canada" in words is read as its code.
    assert parse_row(meeting("a", state="ON", country=None)).place.country == "CA"
    assert parse_row(meeting("a", state="ON", country="Canada")).place.country == "CA"
    area = parse_row(
        one_line("London, UK", approximate="yes", conference_url="https://zoom.us/j/1234567890")
    ).place
    assert (area.city, area.region, area.country, area.street_address) == ("London", "", "GB", "")
    assert "“Narnia” is not a country we know" in reasons(meeting("a", country="Narnia"))


def test_slugs_and_days_as_numbers_and_digit_strings():
    row = parse_row(meeting(4101, day="3"))
    assert row.slug == "4101" and row.sessions[0][0] == 3


def test_a_time_zone_named_in_words_is_read_and_said():
    row = parse_row(meeting("a", timezone="Pacific"))
    assert row.timezone == "America/Los_Angeles"
    assert row.changes == ["time zone “Pacific” read as America/Los_Angeles"]
    assert "“Pacifica” is not a time zone name" in reasons(meeting("a", timezone="Pacifica"))


def test_a_groups_own_email_phone_and_website():
    row = parse_row(
        meeting("a", email="group@example.org", phone="303-555-0150", website="www.example.org")
    )
    assert (row.contact_name, row.contact_email, row.contact_phone) == (
        "",
        "group@example.org",
        "303-555-0150",
    )
    assert row.website == "https://www.example.org"
    assert row.changes == ["website “www.example.org” kept as https://www.example.org"]
    # A named contact is the contact; the group's address is then not read.
    named = parse_row(
        meeting("a", contact_1_name="Dana", contact_1_email="dana@example.org", email="g@x.org")
    )
    assert (named.contact_name, named.contact_email) == ("Dana", "dana@example.org")
    assert "not a web address" in reasons(meeting("a", website="not a site"))


def test_a_district_is_the_meetings_organization():
    assert parse_row(meeting("a", district="District 12")).organization == "District 12"
    both = parse_row(meeting("a", district="District 12", organization="High Plains Intergroup"))
    assert both.organization == "High Plains Intergroup"


def test_a_slug_unfit_for_a_url_is_made_fit_and_said():
    row = parse_row(meeting("Hope Group_7"))
    assert row.slug == "hope-group-7"
    assert row.changes == ["slug “Hope Group_7” kept as hope-group-7"]
    assert parse_row(meeting("Hope Group_7")).slug == row.slug
