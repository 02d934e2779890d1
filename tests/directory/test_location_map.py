"""Staff set a location's exact point on a map in the editor."""

import re

import pytest

from directory.models import Location

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_page(page, site, django_user_model, settings):
    # Tiles come from the test server itself: the test must not reach other hosts.
    settings.MAP_TILE_URL = site.url + "/tiles/{z}/{x}/{y}.png"
    django_user_model.objects.create_superuser("staff", "staff@example.org", "correct horse 42")
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("correct horse 42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site.url + "/admin/")
    return page


def test_clicking_the_map_sets_exact_coordinates(staff_page, site):
    page = staff_page
    page.goto(site.url + "/admin/snippets/directory/location/add/")
    page.get_by_role("textbox", name="Building or place name").fill("Five Points Recovery Hall")
    page.get_by_role("textbox", name="Street address").fill("2855 Welton St")
    page.get_by_role("textbox", name="City").fill("Denver")
    page.get_by_role("textbox", name="State").fill("CO")
    page.get_by_role("textbox", name="ZIP code").fill("80205")

    map_box = page.locator("[data-map-picker]")
    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    map_box.click(position={"x": box["width"] / 2 + 40, "y": box["height"] / 2 - 30})

    latitude = float(page.locator('[name="latitude"]').input_value())
    longitude = float(page.locator('[name="longitude"]').input_value())
    assert 39.0 < latitude < 40.5
    assert -105.6 < longitude < -104.4
    # A new place is a draft until a moderator publishes it (test_reviewed_places).
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/snippets/directory/location/edit/[0-9]+/$"))

    saved = Location.objects.get(name="Five Points Recovery Hall")
    assert float(saved.latitude) == pytest.approx(latitude, abs=1e-6)
    assert float(saved.longitude) == pytest.approx(longitude, abs=1e-6)
    assert saved.coordinates_approximate is False
    assert saved.timezone == "America/Denver"
