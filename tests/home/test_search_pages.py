"""The public search pages, rendered on the server from the same query and engine."""

import re

from django.core.cache import cache

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from directory.models import Category
from home.models import BrowsePage, HomePage
from tests.factories import ensure_site_tree
from tests.home import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    cache.clear()
    return pages.build()


def titles(response):
    return re.findall(
        r'<h3 id="result-\d+"><a href="[^"]+">([^<]+)</a></h3>', response.content.decode()
    )


def test_search_by_zip_lists_nearby_listings_with_counts(client, listings):
    response = client.get("/search/", {"near": "80205", "radius": "10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert set(titles(response)) == {
        "Happening Now Group",
        "Starting Soon Group",
        "Tuesday Night Hope",
        "Little Steps Childcare",
    }
    assert "4 results within 10 mi of 80205" in html
    assert re.search(r'name="kind" value="meeting"> Meeting <span class="count">\(3\)</span>', html)
    assert not response.cookies


def test_a_filter_chip_removes_itself(client, listings):
    response = client.get("/search/", {"near": "80205", "kind": "childcare"})
    assert titles(response) == ["Little Steps Childcare"]
    chip = re.search(r'<ul class="chips".*?</ul>', response.content.decode(), re.S).group(0)
    remove = re.search(r'href="([^"]+)">Childcare', chip).group(1).replace("&amp;", "&")
    assert "kind=" not in remove
    assert len(titles(client.get(remove))) == 4


@pytest.mark.parametrize(
    "prefix, words",
    [
        ("", ["Class", "Tuesday", "Evening", "Spanish", "Seniors"]),
        ("/es", ["Clase", "Martes", "Tarde", "Español", "Personas mayores"]),
    ],
)
def test_chips_name_filters_that_matched_nothing(client, listings, prefix, words):
    """A filter with no matches has no facet entry; its chip still says it in words."""
    aa = Category.objects.get(slug="aa").name
    response = client.get(
        f"{prefix}/search/",
        {
            "kind": "class",
            "category": "aa",
            "day": "2",
            "time": "evening",
            "audience": "seniors",
            "language": "es",
        },
    )
    assert titles(response) == []
    chip = re.search(r'<ul class="chips".*?</ul>', response.content.decode(), re.S).group(0)
    labels = re.findall(r'<a href="[^"]+">(?:<span lang="(\w+)">)?([^<]+)<', chip)
    # Staff's category names are English; on the Spanish page they say so.
    english = "en" if prefix else ""
    assert labels == [("", words[0]), (english, aa)] + [("", word) for word in words[1:]]


def test_nothing_found_offers_next_steps(client, listings):
    html = client.get(
        "/search/", {"near": "80205", "radius": "1", "kind": "class"}
    ).content.decode()
    assert "Nothing matches this search yet." in html
    assert "Search further away" in html
    assert "Clear all filters" in html


def test_invalid_values_are_explained_beside_the_form(client, listings):
    response = client.get("/search/", {"near": "Atlantis, ZZ", "day": "funday"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#field-near"' in html and 'href="#field-day"' in html
    assert "couldn&#x27;t find the place" in html or "couldn't find the place" in html


def test_the_fallback_engine_is_announced_quietly(client, listings, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    html = client.get("/search/", {"near": "80205"}).content.decode()
    assert "Search is running in a simpler mode right now." in html
    assert len(re.findall(r'class="result"', html)) == 4


def test_sections_and_browse_pages_list_their_part(client, listings):
    from home.models import BrowsePage
    from tests.factories import ensure_site_tree

    families = BrowsePage(title="For families", slug="for-families", audiences=["families"])
    ensure_site_tree().add_child(instance=families)
    families.save_revision().publish()
    assert titles(client.get("/childcare/")) == ["Little Steps Childcare"]
    assert set(titles(client.get("/meetings/"))) == {
        "Happening Now Group",
        "Starting Soon Group",
        "Tuesday Night Hope",
    }
    response = client.get("/for-families/")
    assert titles(response) == ["Little Steps Childcare"]
    assert '<ul class="chips"' not in response.content.decode()  # its own filter is fixed


def test_happening_now_shows_meetings_under_way_or_starting_within_the_hour(client, listings):
    response = client.get("/happening-now/", {"near": "80205"})
    assert response.status_code == 200
    assert titles(response) == ["Happening Now Group", "Starting Soon Group"]


def test_no_cache_keeps_a_page_that_can_carry_where_the_visitor_is(client, listings):
    families = BrowsePage(title="For families", slug="for-families", audiences=["families"])
    ensure_site_tree().add_child(instance=families)
    families.save_revision().publish()
    for path, status in (
        ("/search/?near=80205", 200),
        ("/search/?lat=39.756&lon=-104.961", 200),
        ("/search/?lat=39.756&lon=north", 400),
        ("/happening-now/?near=80205", 200),
        ("/meetings/?near=80205", 200),
        ("/for-families/?lat=39.756&lon=-104.961", 200),
    ):
        response = client.get(path)
        assert response.status_code == status, path
        assert response["Cache-Control"] == "no-store", path


def test_home_page_offers_the_ways_in_and_what_starts_soon(client, listings):
    html = client.get("/").content.decode()
    assert re.search(r'<ul class="ways-in">.*Meetings.*Childcare.*</ul>', html, re.S)
    assert "Starting Soon Group" in html
    assert 'action="/search/"' in html
    assert 'href="tel:988"' in html


class TestBrowsePageType(WagtailPageTestCase):
    def test_sits_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(BrowsePage, {HomePage})
        self.assertAllowedSubpageTypes(BrowsePage, set())

    def test_staff_create_it_in_the_admin_and_it_renders(self):
        home = ensure_site_tree()
        self.login()
        self.assertCanCreate(
            home,
            BrowsePage,
            nested_form_data(
                {
                    "title": "For families",
                    "slug": "for-families",
                    "audiences": "families",
                    "intro": rich_text(
                        "<p>Support for the people who love someone in recovery.</p>"
                    ),
                }
            ),
        )
        page = BrowsePage.objects.get(slug="for-families")
        self.assertEqual(page.search_preset(), {"audience": ["families"]})
        self.assertPageIsRenderable(page)
