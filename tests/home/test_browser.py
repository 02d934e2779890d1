"""The public site in a real browser, in English and in Spanish: the main journey with
and without JavaScript, "use my location", accessibility (axe-core), privacy and page
weight.

Screenshots of the main pages at 390 px and 1280 px go to var/screenshots/ (the
Spanish ones named es-…).
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.conf import settings as django_settings
from django.core.cache import cache

import icalendar
import pytest

from home.models import BrowsePage
from problem_reports.models import ProblemReport
from tests.accessibility import axe_violations
from tests.factories import ensure_site_tree
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


# What the journey reads and presses, in each language.
WORDS = {
    "en": {
        "prefix": "",
        "near": "Near (ZIP code or city, state)",
        "search": "Search",
        "heading": "4 results within 25 mi of 80205",
        "meetings": "Meeting (3)",
        "apply": "Apply filters",
        "calendar": "Add to calendar",
        "details": "Details: ",
        "report": "Report a problem with this listing",
        "reason": "Wrong time or day",
        "more": "Tell us more",
        "send": "Send report",
        "thanks": "Thank you for your report",
    },
    "es": {
        "prefix": "/es",
        "near": "Cerca de (código postal o ciudad, estado)",
        "search": "Buscar",
        "heading": "4 resultados a menos de 25 mi de 80205",
        "meetings": "Reunión (3)",
        "apply": "Aplicar filtros",
        "calendar": "Añadir al calendario",
        "details": "Detalles: ",
        "report": "Informar de un problema con esta ficha",
        "reason": "La hora o el día están mal",
        "more": "Cuéntenos más",
        "send": "Enviar el aviso",
        "thanks": "Gracias por su aviso",
    },
}


def journey(page, base, language="en"):
    """Home → search by ZIP → filter → open a listing → calendar → report a problem."""
    words = WORDS[language]
    page.goto(base + words["prefix"] + "/")
    page.get_by_label(words["near"]).fill("80205")
    page.get_by_role("main").get_by_role("button", name=words["search"], exact=True).click()
    page.wait_for_url(f"**{words['prefix']}/search/**")
    heading = page.locator("#results-heading").inner_text()
    assert " ".join(heading.split()) == words["heading"]
    page.locator("details.filters > summary").click()
    page.get_by_role("checkbox", name=words["meetings"]).check()
    page.get_by_role("button", name=words["apply"]).click()
    page.wait_for_url("**kind=meeting**")
    assert page.locator("ol.results > li").count() == 3
    page.get_by_role("link", name="Tuesday Night Hope").click()
    assert page.locator("h1").inner_text() == "Tuesday Night Hope"
    assert urlparse(page.url).path.startswith(words["prefix"] + "/meetings/")

    with page.expect_download() as download:
        page.get_by_role("link", name=words["calendar"]).click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Tuesday Night Hope"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert words["details"] in str(event["DESCRIPTION"])
    assert urlparse(str(event["URL"])).path.startswith(words["prefix"] + "/meetings/")

    # Reading sets no cookie; only the report form may set Django's CSRF cookie.
    assert page.context.cookies() == []
    page.get_by_role("link", name=words["report"]).click()
    page.get_by_label(words["reason"]).check()
    page.get_by_label(words["more"]).fill("It starts at 7:30 now.")
    page.get_by_role("button", name=words["send"]).click()
    page.get_by_role("heading", name=words["thanks"]).wait_for()
    assert urlparse(page.url).path.startswith(words["prefix"] + "/report/")
    assert ProblemReport.objects.get().details == "It starts at 7:30 now."
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_journey_with_javascript(public, page, language):
    site, _ = public
    journey(page, site.url, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_journey_without_javascript(public, browser, language):
    site, _ = public
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    journey(page, site.url, language)
    page.goto(site.url + WORDS[language]["prefix"] + "/")
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


def public_pages(listings):
    """(name, English address) of every kind of public page."""
    later = listings["later"]
    return [
        ("home", "/"),
        ("results", "/search/?near=80205"),
        ("nothing-found", "/search/?near=80205&radius=1&audience=seniors"),
        ("search-mistake", "/search/?near=Atlantis%2C+ZZ&day=funday"),
        ("listing", later.url),
        ("category", "/meetings/"),
        ("browse", "/for-families/"),
        ("print", "/meetings/print/"),
        ("report", f"/report/{later.pk}/"),
        ("thanks", f"/report/{later.pk}/thanks/"),
        ("happening-now", "/happening-now/?near=80205"),
        ("not-found", "/no-such-page/"),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_pass_axe_and_stay_on_this_site(public, page, language):
    site, listings = public
    families = BrowsePage(title="For families", slug="for-families", audiences=["families"])
    ensure_site_tree().add_child(instance=families)
    families.save_revision().publish()
    prefix, shot = ("", "") if language == "en" else ("/es", "es-")
    host = urlparse(site.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).netloc))
    for name, path in public_pages(listings):
        page.goto(site.url + prefix + path)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], name
        shoot(page, shot + name)
    words, zoom_in = {"en": ("Show map", "Zoom in"), "es": ("Mostrar el mapa", "Acercar")}[language]
    page.goto(site.url + prefix + "/search/?near=80205")
    page.get_by_role("button", name=words).click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == zoom_in
    assert axe_violations(page) == [], "results with the map"
    shoot(page, shot + "results-map")
    page.goto(site.url + prefix + listings["later"].url)
    page.get_by_role("button", name=words).click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert axe_violations(page) == [], "listing with its map"
    assert set(requested) == {host}


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_a_results_page_weighs_under_150_kb(public, page, prefix):
    site, _ = public
    sizes = {}

    def record(response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(site.url + prefix + "/search/?near=80205")
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert total < 150 * 1024, sizes
