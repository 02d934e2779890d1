"""English at the plain addresses, Spanish under /es/, and nothing else decides.

No cookie, no Accept-Language header and no redirect: the address alone says
which language a page is in, every page links to itself in the other language,
and lists both for search engines.
"""

import re

from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import pytest

from tests.home import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    cache.clear()
    return pages.build()


def public_paths(listings):
    """Every kind of public page, by its English address."""
    later = listings["later"]
    return [
        "/",
        "/search/",
        "/search/?near=80205&kind=meeting",
        "/meetings/",
        "/meetings/print/",
        later.url,
        listings["care"].url,
        f"/report/{later.pk}/",
        f"/report/{later.pk}/thanks/",
        "/happening-now/?near=80205",
    ]


def test_english_keeps_its_addresses_and_spanish_has_them_under_es(client, listings):
    assert reverse("search") == "/search/"
    assert reverse("happening_now") == "/happening-now/"
    assert reverse("reports:report", args=[1]) == "/report/1/"
    with translation.override("es"):
        assert reverse("search") == "/es/search/"
        assert reverse("reports:report", args=[1]) == "/es/report/1/"
    for path in public_paths(listings):
        for address, language in ((path, "en"), (f"/es{path}", "es")):
            response = client.get(address)
            assert response.status_code == 200, address
            assert f'<html lang="{language}">' in response.content.decode(), address
            assert response["Content-Language"] == language


def test_only_the_address_chooses_the_language(client, listings):
    """A Spanish browser with a Spanish language cookie still gets the English page at an
    English address, without a redirect, and the other way round."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/es/meetings/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_no_page_in_either_language_sets_a_language_cookie(client, listings):
    for path in public_paths(listings):
        for address in (path, f"/es{path}"):
            response = client.get(address, HTTP_ACCEPT_LANGUAGE="es")
            # Only the report form sets a cookie: Django's CSRF cookie, which it needs.
            assert set(response.cookies) <= {"csrftoken"}, address
            assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_django_locale_middleware_is_not_used():
    """It would read the cookie and Accept-Language and redirect by them."""
    assert "django.middleware.locale.LocaleMiddleware" not in django_settings.MIDDLEWARE
    assert "config.language.LanguageFromAddressMiddleware" in django_settings.MIDDLEWARE


def test_an_unknown_spanish_address_is_a_spanish_404_not_a_redirect(client, listings):
    response = client.get("/es/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()
    assert "No encontramos esa página" in response.content.decode()
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_the_api_and_the_feeds_have_one_address_for_every_language(client, listings):
    assert client.get("/api/v1/search").status_code == 200
    assert client.get("/meetings.json").status_code == 200
    # (Django adds the missing slash first, as for any address it does not know.)
    assert client.get("/es/api/v1/search", follow=True).status_code == 404
    assert client.get("/es/meetings.json", follow=True).status_code == 404


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def language_links(html):
    nav = re.search(r'<nav aria-label="[^"]+">.*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="([^"]+)">([^<]+)</a>', nav)


def test_every_page_links_to_itself_in_the_other_language(client, listings):
    for path in public_paths(listings):
        english = client.get(path).content.decode()
        spanish = client.get(f"/es{path}").content.decode()
        escaped = path.replace("&", "&amp;")
        assert language_links(english) == [(f"/es{escaped}", "es", "es", "Español")], path
        assert language_links(spanish) == [(escaped, "en", "en", "English")], path


def test_every_page_lists_both_languages_for_search_engines(client, listings):
    for path in public_paths(listings):
        escaped = path.replace("&", "&amp;")
        expected = {
            "en": f"http://testserver{escaped}",
            "es": f"http://testserver/es{escaped}",
            "x-default": f"http://testserver{escaped}",
        }
        assert alternates(client.get(path).content.decode()) == expected, path
        assert alternates(client.get(f"/es{path}").content.decode()) == expected, path
