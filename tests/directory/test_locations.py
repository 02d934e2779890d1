"""Locations: map points and time zones from the ZIP code, and one edit for every listing."""

from decimal import Decimal

from django.urls import reverse

import pytest
import zipcodes

from directory.models import Location
from tests.factories import (
    ChildcarePageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
)

pytestmark = pytest.mark.django_db

SIX_PLACES = Decimal("0.000001")


def add_url():
    return reverse(Location.snippet_viewset.get_url_name("add"))


def edit_url(location):
    return reverse(Location.snippet_viewset.get_url_name("edit"), args=[location.pk])


def location_data(**fields):
    """The snippet form as a person fills it in for a Five Points library branch."""
    data = {
        "name": "Ford-Warren Branch Library",
        "street_address": "2825 High St",
        "city": "Denver",
        "region": "co",
        "postal_code": "80205",
        "country": "us",
        "latitude": "",
        "longitude": "",
        "timezone": "",
        "accessibility_notes": "Ramp on the north side.",
        "transit_notes": "Bus 28 stops on 28th Ave.",
    }
    data.update(fields)
    return data


def create_location(client, **fields):
    response = client.post(add_url(), location_data(**fields))
    assert response.status_code == 302
    return Location.objects.get(name=fields.get("name", "Ford-Warren Branch Library"))


def zip_record(code):
    """The ZIP code's record straight from the `zipcodes` data, not through our code."""
    (record,) = zipcodes.matching(code)
    return record


def test_blank_coordinates_are_filled_from_the_zip_centroid(admin_client):
    location = create_location(admin_client)
    record = zip_record("80205")

    assert location.latitude == Decimal(record["lat"]).quantize(SIX_PLACES)
    assert location.longitude == Decimal(record["long"]).quantize(SIX_PLACES)
    assert location.coordinates_approximate is True


def test_the_zip_centroid_is_in_denver(admin_client):
    location = create_location(admin_client)

    # Five Points, Denver: about 39.76 N, 104.97 W.
    assert abs(location.latitude - Decimal("39.76")) < Decimal("0.05")
    assert abs(location.longitude - Decimal("-104.97")) < Decimal("0.05")


def test_the_time_zone_comes_from_the_zip(admin_client):
    location = create_location(admin_client)

    assert location.timezone == zip_record("80205")["timezone"] == "America/Denver"


def test_a_zip_in_another_state_takes_its_own_time_zone(admin_client):
    location = create_location(
        admin_client,
        name="Central Library",
        street_address="801 SW 10th Ave",
        city="Portland",
        region="OR",
        postal_code="97205",
    )

    assert location.timezone == zip_record("97205")["timezone"] == "America/Los_Angeles"
    assert location.latitude == Decimal(zip_record("97205")["lat"]).quantize(SIX_PLACES)


def test_exact_coordinates_are_kept_and_not_marked_approximate(admin_client):
    location = create_location(admin_client, latitude="39.758812", longitude="-104.967734")

    assert location.latitude == Decimal("39.758812")
    assert location.longitude == Decimal("-104.967734")
    assert location.coordinates_approximate is False
    assert location.timezone == "America/Denver"


def test_a_chosen_time_zone_is_kept(admin_client):
    location = create_location(admin_client, timezone="America/Phoenix")

    assert location.timezone == "America/Phoenix"


def test_state_and_country_are_stored_in_capitals(admin_client):
    location = create_location(admin_client)

    assert (location.region, location.country) == ("CO", "US")


def test_one_edit_shows_on_every_listing_held_there(admin_client, client):
    shared = LocationFactory(name="Whittier Community Hall", street_address="2900 Downing St")
    meeting = MeetingPageFactory(title="Downing Street Group")
    childcare = ChildcarePageFactory(title="Childcare at Whittier")
    for page in (meeting, childcare):
        add_location(page, shared)
        add_session(page, 2, "19:00", "20:00")
    for page in (meeting, childcare):
        assert "Whittier Community Hall" in client.get(page.url).content.decode()

    data = location_data(
        name="Whittier Neighborhood Center",
        street_address=shared.street_address,
        postal_code=shared.postal_code,
        latitude=str(shared.latitude),
        longitude=str(shared.longitude),
        timezone=shared.timezone,
    )
    # Publish: a plain save keeps the edit as a draft for review (test_reviewed_places).
    response = admin_client.post(edit_url(shared), data | {"action-publish": "action-publish"})
    assert response.status_code == 302

    for page in (meeting, childcare):
        html = client.get(page.url).content.decode()
        assert "Whittier Neighborhood Center" in html
        assert "Whittier Community Hall" not in html
    assert Location.objects.count() == 1


def test_without_a_zip_code_a_us_city_centre_stands_in(admin_client):
    location = create_location(admin_client, postal_code="", city="Westerville", region="oh")
    rows = [
        row
        for row in zipcodes.filter_by(state="OH", zip_code_type="STANDARD", active=True)
        if "westerville" in {name.lower() for name in [row["city"], *row["acceptable_cities"]]}
    ]
    assert rows
    latitude = sum(float(row["lat"]) for row in rows) / len(rows)

    assert abs(float(location.latitude) - latitude) < 1e-5
    assert location.coordinates_approximate is True
    assert location.timezone == "America/New_York"


def test_a_us_place_nobody_can_find_is_refused(admin_client):
    response = admin_client.post(
        add_url(), location_data(postal_code="", city="Nowhereville", region="CO")
    )
    assert response.status_code == 200
    assert "Enter a ZIP code or the coordinates" in response.content.decode()
    assert not Location.objects.exists()


def test_a_canadian_place_takes_its_provinces_time_zone(admin_client):
    location = create_location(
        admin_client,
        name="Annex Recovery Centre",
        street_address="427 Bloor St W",
        city="Toronto",
        region="on",
        postal_code="M5S 1X7",
        country="ca",
        latitude="43.6657",
        longitude="-79.4056",
    )
    assert (location.region, location.country) == ("ON", "CA")
    assert location.timezone == "America/Toronto"
    assert location.coordinates_approximate is False


def test_a_place_abroad_may_have_no_map_point(admin_client):
    location = create_location(
        admin_client,
        name="Online (London)",
        street_address="",
        city="London",
        region="",
        postal_code="",
        country="gb",
    )
    assert location.latitude is None and location.longitude is None
    assert location.timezone == "Europe/London"


def test_a_us_place_needs_its_state(admin_client):
    response = admin_client.post(add_url(), location_data(region=""))
    assert response.status_code == 200
    assert "Enter the state or province" in response.content.decode()
