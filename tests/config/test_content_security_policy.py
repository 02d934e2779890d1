"""The Content-Security-Policy: public pages run only this site's files; maps and the admin work.

The header is checked as sent; the browser tests load the pages in Chromium,
which enforces it, and fail on any violation the page reports.
"""

from urllib.parse import urlparse

import pytest

from config.csp import tile_source
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def policy(response):
    """{directive: [sources]} of the response's Content-Security-Policy."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("", None),
    ],
)
def test_the_tile_host_is_the_only_other_source(url, source):
    assert tile_source(url) == source


def test_public_pages_allow_only_this_site_and_the_tiles(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    for path in ("/", "/search/?near=80205", "/meetings.json", "/api/v1/search"):
        directives = policy(client.get(path))
        assert directives["default-src"] == ["'self'"], path
        assert directives["script-src"] == ["'self'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["img-src"] == ["'self'", "data:", "https://tiles.example.org"], path
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]


def test_without_maps_no_other_host_is_allowed(client, settings):
    settings.MAP_TILE_URL = ""
    assert policy(client.get("/"))["img-src"] == ["'self'", "data:"]


def test_the_admin_allows_wagtails_inline_scripts_and_styles(client):
    directives = policy(client.get("/admin/login/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in directives["img-src"]


# In the browser, which enforces the policy


def watch_violations(page):
    """Collect every policy violation the page reports, from the first script on."""
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def violations(page, console):
    return page.evaluate("window.__violations") + console


@pytest.fixture
def tiles_elsewhere(site, settings):
    """Tiles from another origin than the site's (127.0.0.1 against localhost), so the
    policy must name their host for the map to load."""
    port = urlparse(site.url).port
    settings.MAP_TILE_URL = (
        f"http://127.0.0.1:{port}/static/vendor/leaflet/images/marker-icon.png?{{z}}{{x}}{{y}}"
    )
    return site


@pytest.mark.django_db(transaction=True)
def test_the_results_map_and_the_listing_map_work_under_the_policy(tiles_elsewhere, page):
    from tests.home import pages

    site = tiles_elsewhere
    listings = pages.build()
    console = watch_violations(page)
    tiles = []
    page.on(
        "requestfinished",
        lambda request: (
            tiles.append(request.url)
            if "{" not in request.url and "127.0.0.1" in request.url
            else None
        ),
    )
    page.goto(site.url + "/search/?near=80205")
    page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.goto(site.url + listings["later"].url)
    page.get_by_role("button", name="Show map").click()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert violations(page, console) == []
    assert tiles


@pytest.mark.django_db(transaction=True)
def test_the_admin_editors_and_their_map_work_under_the_policy(
    tiles_elsewhere, page, django_user_model
):
    site = tiles_elsewhere
    django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
    location = LocationFactory(name="Five Points Hall")
    from tests.home import pages

    listing = pages.build()["later"]
    console = watch_violations(page)
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.goto(site.url + f"/admin/snippets/directory/location/edit/{location.pk}/")
    page.locator("[data-map-picker] .leaflet-tile-loaded").first.wait_for()
    page.goto(site.url + f"/admin/pages/{listing.pk}/edit/")
    # The editor's inline panels (places, weekly sessions) are built by inline scripts.
    page.get_by_role("tab", name="When").click()
    sessions = page.locator("[id^='inline_child_sessions-']:visible")
    before = sessions.count()
    page.get_by_role("button", name="Add session").click()
    sessions.nth(before).wait_for()
    # Signed in, staff see Wagtail's user bar on the public pages, under their policy.
    page.goto(site.url + listing.url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.get_by_role("button", name="View Wagtail quick actions").click()
    page.get_by_role("menuitem", name="Edit this page").wait_for()
    assert violations(page, console) == []
