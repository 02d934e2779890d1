"""Every rule a person can break in the admin, with the exact message they read."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

import pytest
import zipcodes

from directory.models import (
    ChildcarePage,
    ClassPage,
    Location,
    MeetingPage,
    ServicePage,
    TransportationPage,
)
from directory.validators import validate_dialable, validate_https
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
    listing_form_data,
)

pytestmark = pytest.mark.django_db

TUESDAY = 2
EVENING = (TUESDAY, "19:00", "20:00")
ZOOM = "https://us02web.zoom.us/j/81234567890"

NOWHERE_ONLINE = (
    "Add a location for an in-person listing, or a join link or dial-in number for an online one."
)
NOWHERE = "Add the location where this happens."
NO_SCHEDULE = "Add at least one weekly session, or tick “by appointment”."
NOT_HTTPS = "Use a secure link that starts with https://."


def not_dialable(value):
    return (
        f"“{value}” can't be dialled. Use digits, with + , * # where needed, "
        "for example 303-555-0142 or +1 720 555 0199,,12345#."
    )


@pytest.fixture
def section():
    return ListingIndexPageFactory(title="Meetings")


@pytest.fixture
def hall():
    return LocationFactory(name="Whittier Community Hall", street_address="2900 Downing St")


@pytest.fixture
def area():
    """An approximate place: a neighbourhood, no street address."""
    return LocationFactory(name="Capitol Hill", street_address="", postal_code="80203")


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def post_listing(client, model, parent, data):
    """Publish a new listing through the admin's add view, as the editor's browser does."""
    return client.post(add_url(model, parent), {**data, "action-publish": "action-publish"})


def assert_created(response, model, title):
    assert response.status_code == 302
    return model.objects.get(title=title)


def validated_form(model, parent, data, user):
    """The admin's own form class for `model`, bound as the add view binds it, after
    validation."""
    form_class = model.get_edit_handler().get_form_class()
    form = form_class(data, instance=model(), parent_page=parent, for_user=user)
    form.is_valid()
    return form


def refused(model, parent, data, user):
    form = validated_form(model, parent, data, user)
    assert not form.is_valid()
    return form


# Sessions


@pytest.mark.parametrize("end", ["19:00", "18:30"], ids=["same-as-start", "before-start"])
def test_a_session_must_end_after_it_starts(admin_user, section, hall, end):
    data = listing_form_data("Big Book", locations=[hall], sessions=[(TUESDAY, "19:00", end)])
    form = refused(MeetingPage, section, data, admin_user)

    session_form = form.formsets["sessions"].forms[0]
    assert session_form.errors == {"end_time": ["The end time must be after the start time."]}


def test_a_meeting_needs_a_session_or_by_appointment(admin_user, section):
    data = listing_form_data("No Schedule Group", conference_url=ZOOM)
    form = refused(MeetingPage, section, data, admin_user)

    assert form.errors == {"by_appointment": [NO_SCHEDULE]}


def test_by_appointment_stands_in_for_sessions(admin_client, section):
    data = listing_form_data("Sponsor Matching", conference_url=ZOOM, by_appointment="on")
    page = assert_created(
        post_listing(admin_client, MeetingPage, section, data), MeetingPage, "Sponsor Matching"
    )
    assert page.by_appointment
    assert not page.sessions.exists()


def test_a_ride_needs_no_schedule_and_no_place(admin_client, section):
    data = listing_form_data("Rides Anywhere", service_area="Denver", notice_hours="24")
    page = assert_created(
        post_listing(admin_client, TransportationPage, section, data),
        TransportationPage,
        "Rides Anywhere",
    )
    assert page.live


# Where: a place to go or a way in online


def test_an_online_meeting_needs_a_link_a_phone_or_a_location(admin_user, section):
    data = listing_form_data("Nowhere Group", sessions=[EVENING])
    form = refused(MeetingPage, section, data, admin_user)

    assert form.non_field_errors() == [NOWHERE_ONLINE]


def test_childcare_without_a_location_asks_for_one(admin_user, section):
    data = listing_form_data("Nowhere Childcare", sessions=[EVENING])
    form = refused(ChildcarePage, section, data, admin_user)

    assert form.non_field_errors() == [NOWHERE]


@pytest.mark.parametrize("model", [MeetingPage, ChildcarePage], ids=["meeting", "childcare"])
def test_an_in_person_listing_needs_a_street_address(admin_user, section, area, model):
    data = listing_form_data("On The Hill", locations=[area], sessions=[EVENING])
    form = refused(model, section, data, admin_user)

    assert form.non_field_errors() == [
        "An in-person listing needs a location with a street address and city. "
        "“Capitol Hill (Denver)” has none; add it to the location, or choose another."
    ]


def test_a_valid_online_only_meeting_is_accepted(admin_client, section):
    data = listing_form_data("Online Serenity", sessions=[EVENING], conference_url=ZOOM)
    page = assert_created(
        post_listing(admin_client, MeetingPage, section, data), MeetingPage, "Online Serenity"
    )
    assert page.live
    assert page.conference_url == ZOOM
    assert page.locations == []
    assert page.sessions.count() == 1


def test_a_valid_in_person_meeting_is_accepted(admin_client, section, hall):
    data = listing_form_data("Downing Street Group", locations=[hall], sessions=[EVENING])
    page = assert_created(
        post_listing(admin_client, MeetingPage, section, data), MeetingPage, "Downing Street Group"
    )
    assert page.locations == [hall]


# Links and phone numbers


@pytest.mark.parametrize(
    ("model", "field"),
    [(MeetingPage, "conference_url"), (ClassPage, "online_url"), (ServicePage, "online_url")],
    ids=["meeting-join-link", "class-link", "service-link"],
)
def test_a_join_link_must_be_https(admin_user, section, hall, model, field):
    data = listing_form_data(
        "Plain HTTP Link",
        locations=[hall],
        sessions=[EVENING],
        **{field: "http://us02web.zoom.us/j/81234567890"},
    )
    form = refused(model, section, data, admin_user)

    assert form.errors[field] == [NOT_HTTPS]


def test_the_https_validator_itself_gives_the_advice():
    with pytest.raises(ValidationError) as refusal:
        validate_https("http://us02web.zoom.us/j/81234567890")
    assert refusal.value.messages == [NOT_HTTPS]
    validate_https(ZOOM)  # accepted


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_phone", "call Maria"),
        ("contact_phone", "12"),
        ("conference_phone", "zoom id 812 3456 7890"),
    ],
)
def test_a_phone_number_that_cannot_be_dialled_is_refused(admin_user, section, field, value):
    data = listing_form_data(
        "Bad Phone", conference_url=ZOOM, by_appointment="on", **{field: value}
    )
    form = refused(MeetingPage, section, data, admin_user)

    assert form.errors == {field: [not_dialable(value)]}
    assert form.errors[field][0].startswith(f"“{value}” can't be dialled")


@pytest.mark.parametrize("field", ["conference_phone", "contact_phone"])
def test_a_dial_in_with_pauses_and_a_meeting_code_is_accepted(admin_user, section, field):
    dial_in = "+1 720 555 0199,,12345#"
    data = listing_form_data(
        "Phone Group", sessions=[EVENING], conference_url=ZOOM, **{field: dial_in}
    )
    form = validated_form(MeetingPage, section, data, admin_user)

    assert field not in form.errors
    assert form.cleaned_data[field] == dial_in


def test_a_phone_only_meeting_is_published(admin_client, section):
    dial_in = "+1 720 555 0199,,12345#"
    data = listing_form_data("Phone Only Group", sessions=[EVENING], conference_phone=dial_in)
    page = assert_created(
        post_listing(admin_client, MeetingPage, section, data), MeetingPage, "Phone Only Group"
    )
    assert page.conference_phone == dial_in


def test_a_three_digit_crisis_number_is_accepted(admin_client, section):
    data = listing_form_data(
        "Crisis Rides", service_area="Denver", notice_hours="0", contact_phone="988"
    )
    page = assert_created(
        post_listing(admin_client, TransportationPage, section, data),
        TransportationPage,
        "Crisis Rides",
    )
    assert page.contact_phone == "988"


@pytest.mark.parametrize(
    "number", ["988", "+1 720 555 0199,,12345#", "303-555-0142", "(303) 555-0142 ext. 12"]
)
def test_numbers_people_dial_pass_the_validator(number):
    validate_dialable(number)  # raises ValidationError if refused


# Cost


def test_a_listing_that_is_not_free_says_what_it_costs(admin_user, section, hall):
    data = listing_form_data(
        "Paid Class", locations=[hall], sessions=[EVENING], is_free=None, cost_description="  "
    )
    form = refused(ClassPage, section, data, admin_user)

    assert form.errors["cost_description"] == ["Say what it costs, or tick “free”."]


def test_a_listing_that_is_not_free_with_a_cost_is_accepted(admin_client, section):
    data = listing_form_data(
        "Paid Workshop",
        service_type="peer_coaching",
        by_appointment="on",
        online_url="https://example.org/workshop",
        is_free=None,
        cost_description="$5 a session, sliding scale",
    )
    page = assert_created(
        post_listing(admin_client, ServicePage, section, data), ServicePage, "Paid Workshop"
    )
    assert not page.is_free
    assert page.cost_description == "$5 a session, sliding scale"


# Meeting types


def test_unknown_meeting_type_codes_are_named(admin_user, section):
    data = listing_form_data(
        "Odd Types", conference_url=ZOOM, by_appointment="on", types=["O", "ZZ", "QQ"]
    )
    form = refused(MeetingPage, section, data, admin_user)

    assert form.errors == {"types": ["Unknown meeting type codes: QQ, ZZ."]}


def test_known_meeting_type_codes_are_kept_in_order(admin_client, section):
    data = listing_form_data(
        "Typed Group", conference_url=ZOOM, by_appointment="on", types=["W", "O", "D"]
    )
    page = assert_created(
        post_listing(admin_client, MeetingPage, section, data), MeetingPage, "Typed Group"
    )
    assert page.types == ["D", "O", "W"]


# What the person sees in the admin


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param({}, "by_appointment", NO_SCHEDULE, id="no-schedule"),
        pytest.param(
            {"conference_url": "http://zoom.us/j/1"},
            "conference_url",
            NOT_HTTPS,
            id="http-link",
        ),
        pytest.param(
            {"contact_phone": "call Maria"},
            "contact_phone",
            not_dialable("call Maria"),
            id="bad-phone",
        ),
        pytest.param(
            {"is_free": None, "cost_description": ""},
            "cost_description",
            "Say what it costs, or tick “free”.",
            id="no-cost",
        ),
        pytest.param(
            {"types": ["O", "ZZ"]},
            "types",
            "Unknown meeting type codes: ZZ.",
            id="unknown-type",
        ),
    ],
)
def test_the_admin_shows_the_message_beside_the_field(
    admin_client, section, fields, field, message
):
    data = listing_form_data("Refused Group", **{"conference_url": ZOOM, **fields})
    response = post_listing(admin_client, MeetingPage, section, data)

    assert response.status_code == 200
    assert not MeetingPage.objects.filter(title="Refused Group").exists()
    assert response.context["form"].errors[field] == [message]
    assert escape(message) in response.content.decode()


def test_the_admin_shows_the_message_for_the_whole_listing(admin_client, section):
    data = listing_form_data("Nowhere Group", by_appointment="on", languages=["es"])
    response = post_listing(admin_client, MeetingPage, section, data)

    assert response.status_code == 200
    assert escape(NOWHERE_ONLINE) in response.content.decode()
    assert 'name="languages" value="es"' in response.content.decode()


# Locations (snippets)


def location_add_url():
    return reverse(Location.snippet_viewset.get_url_name("add"))


def location_data(**fields):
    data = {
        "name": "Five Points Library",
        "street_address": "2855 Welton St",
        "city": "Denver",
        "region": "CO",
        "postal_code": "80205",
        "country": "US",
        "latitude": "",
        "longitude": "",
        "timezone": "",
        "accessibility_notes": "",
        "transit_notes": "",
    }
    data.update(fields)
    return data


def assert_shown(response, message):
    """The message is on the page the person sees, as the template escapes it."""
    assert escape(message) in response.content.decode()


def assert_location_refused(response):
    assert response.status_code == 200
    assert not Location.objects.filter(name="Five Points Library").exists()
    return response.context["form"]


@pytest.mark.parametrize("latitude", ["90.5", "-91"])
def test_latitude_out_of_range_is_refused(admin_client, latitude):
    response = admin_client.post(
        location_add_url(), location_data(latitude=latitude, longitude="-104.9661")
    )
    form = assert_location_refused(response)
    assert form.errors["latitude"] == ["Latitude must be between -90 and 90."]
    assert_shown(response, "Latitude must be between -90 and 90.")


@pytest.mark.parametrize("longitude", ["180.5", "-181"])
def test_longitude_out_of_range_is_refused(admin_client, longitude):
    response = admin_client.post(
        location_add_url(), location_data(latitude="39.759", longitude=longitude)
    )
    form = assert_location_refused(response)
    assert form.errors["longitude"] == ["Longitude must be between -180 and 180."]
    assert_shown(response, "Longitude must be between -180 and 180.")


def test_an_unknown_zip_code_is_refused(admin_client):
    assert zipcodes.matching("80999") == []  # not a ZIP code anywhere
    response = admin_client.post(location_add_url(), location_data(postal_code="80999"))

    form = assert_location_refused(response)
    message = "We don't know the ZIP code “80999”. Check it, or enter the coordinates yourself."
    assert form.errors["postal_code"] == [message]
    assert_shown(response, message)


def test_an_unknown_zip_code_with_coordinates_entered_is_accepted(admin_client):
    response = admin_client.post(
        location_add_url(),
        location_data(
            postal_code="80999",
            latitude="39.761200",
            longitude="-104.981100",
            timezone="America/Denver",
        ),
    )
    assert response.status_code == 302
    location = Location.objects.get(name="Five Points Library")
    assert location.postal_code == "80999"
    assert not location.coordinates_approximate


def test_only_one_coordinate_is_refused(admin_client):
    response = admin_client.post(location_add_url(), location_data(latitude="39.7612"))

    form = assert_location_refused(response)
    message = "Give both latitude and longitude, or leave both blank to use the ZIP code."
    assert form.non_field_errors() == [message]
    assert_shown(response, message)


def test_a_place_with_neither_zip_nor_coordinates_is_refused(admin_client):
    # A known city's centre would stand in (test_locations); this town is unknown.
    response = admin_client.post(
        location_add_url(), location_data(postal_code="", city="Nowhereville")
    )

    form = assert_location_refused(response)
    message = "Enter a ZIP code or the coordinates, so searches by distance can find this place."
    assert form.errors["postal_code"] == [message]
    assert_shown(response, message)


def test_a_valid_location_is_accepted(admin_client):
    response = admin_client.post(location_add_url(), location_data())

    assert response.status_code == 302
    assert Location.objects.get(name="Five Points Library").city == "Denver"


def test_a_listing_cannot_take_an_address_its_section_answers(admin_user, section):
    data = listing_form_data("Print Shop Group", conference_url=ZOOM, by_appointment="on")
    data["slug"] = "print"
    form = refused(MeetingPage, section, data, admin_user)
    assert form.errors == {"slug": ["“print” is taken by the section; choose another."]}
