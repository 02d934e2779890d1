"""The public site in a real browser: the main journey with and without JavaScript,
"use my location", accessibility (axe-core), privacy and page weight.

Screenshots of the main pages at 390 px and 1280 px go to var/screenshots/.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.conf import settings as django_settings
from django.core.cache import cache

import icalendar
import pytest

from problem_reports.models import ProblemReport
from tests.accessibility import axe_violations
from tests.home import pages

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = django_settings.VAR_DIR / "screenshots"


@pytest.fixture
def public(site, settings):
    """The live site with listings; map tiles come from the site itself, never elsewhere."""
    cache.clear()
    settings.REPORT_MIN_SECONDS = 0
    settings.MAP_TILE_URL = site.url + "/static/vendor/leaflet/images/marker-icon.png?{z}{x}{y}"
    listings = pages.build()
    return site, listings


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def journey(page, base):
    """Home → search by ZIP → filter → open a listing."""
    page.goto(base + "/")
    page.get_by_label("Near (ZIP code or city, state)").fill("80205")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/**")
    heading = page.locator("#results-heading").inner_text()
    assert " ".join(heading.split()) == "4 results within 25 mi of 80205"
    page.locator("details.filters > summary").click()
    page.get_by_role("checkbox", name="Meeting (3)").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**kind=meeting**")
    assert page.locator("ol.results > li").count() == 3
    page.get_by_role("link", name="Tuesday Night Hope").click()
    assert page.locator("h1").inner_text() == "Tuesday Night Hope"

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Tuesday Night Hope"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]

    # Reading sets no cookie; only the report form may set Django's CSRF cookie.
    assert page.context.cookies() == []
    page.get_by_role("link", name="Report a problem with this listing").click()
    page.get_by_label("Wrong time or day").check()
    page.get_by_label("Tell us more").fill("It starts at 7:30 now.")
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Thank you for your report").wait_for()
    assert ProblemReport.objects.get().details == "It starts at 7:30 now."
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]


def test_the_journey_with_javascript(public, page):
    site, _ = public
    journey(page, site.url)


def test_the_journey_without_javascript(public, browser):
    site, _ = public
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    journey(page, site.url)
    page.goto(site.url + "/")
    assert page.locator("[data-locate]").is_hidden()  # an enhancement, absent without scripts
    context.close()


def test_use_my_location(public, browser):
    site, _ = public
    context = browser.new_context(
        geolocation={"latitude": 39.75549, "longitude": -104.96128}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url("**lat=**")
    params = parse_qs(urlparse(page.url).query)
    # Three decimals, about 100 m: enough to find what is near, and no closer.
    assert (params["lat"], params["lon"]) == (["39.755"], ["-104.961"])
    assert page.evaluate("document.cookie") == ""
    distances = page.locator(".result .distance").all_inner_texts()
    assert distances and all(text.endswith("mi away") for text in distances)
    context.close()


def test_pages_pass_axe_and_stay_on_this_site(public, page):
    site, listings = public
    host = urlparse(site.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).netloc))
    listing = listings["later"].url
    for name, path in [
        ("home", "/"),
        ("results", "/search/?near=80205"),
        ("listing", listing),
        ("category", "/meetings/"),
        ("report", f"/report/{listings['later'].pk}/"),
        ("happening-now", "/happening-now/?near=80205"),
    ]:
        page.goto(site.url + path)
        assert axe_violations(page) == [], name
        shoot(page, name)
    page.goto(site.url + "/search/?near=80205")
    page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == [], "results with the map"
    shoot(page, "results-map")
    page.goto(site.url + listing)
    page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == [], "listing with its map"
    assert set(requested) == {host}


def test_a_results_page_weighs_under_150_kb(public, page):
    site, _ = public
    sizes = {}

    def record(response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(site.url + "/search/?near=80205")
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert total < 150 * 1024, sizes
