"""Which language an address is in, and a page's address in each language."""

from django.utils import translation

from wagtail.models import Locale

import pytest

from directory.models import Category
from directory.site_language import (
    address_in,
    content_language,
    language_of_path,
    other_language,
    page_url,
)
from tests.factories import ListingIndexPageFactory, MeetingPageFactory, ensure_site_tree


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/", "en"),
        ("/search/", "en"),
        ("/es/", "es"),
        ("/es/meetings/print/", "es"),
        # Only an exact first segment followed by a slash names a language.
        ("/es", "en"),
        ("/es-mx/", "en"),
        ("/es-algo/", "en"),
        ("/espanol/", "en"),
        # English has no prefix: /en/… is just an address that does not exist.
        ("/en/", "en"),
        ("/api/v1/search", "en"),
    ],
)
def test_the_language_of_an_address(path, language):
    assert language_of_path(path) == language


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("/", "/es/"),
        ("/meetings/", "/es/meetings/"),
        ("/search/?q=women&near=80205#results", "/es/search/?q=women&near=80205#results"),
        ("http://example.org/meetings/later/", "http://example.org/es/meetings/later/"),
        ("/es-algo/", "/es/es-algo/"),
    ],
)
def test_an_address_in_each_language(english, spanish):
    assert address_in(english, "es") == spanish
    assert address_in(spanish, "en") == english
    # Already in the language asked for: unchanged.
    assert address_in(spanish, "es") == spanish
    assert address_in(english, "en") == english


@pytest.mark.django_db
def test_text_staff_wrote_is_in_the_default_language_until_translated():
    meeting = MeetingPageFactory()
    category = Category.objects.first()
    assert content_language(meeting) == "en"
    assert content_language(category) == "en"
    assert content_language({"title": "A document"}) == "en"
    assert content_language({"title": "Un documento", "lang": "es"}) == "es"
    with translation.override("es"):
        assert other_language(meeting) == "en"
        assert other_language({"lang": "es"}) == ""
    with translation.override("en"):
        assert other_language(meeting) == ""


@pytest.mark.django_db
def test_a_page_links_to_its_own_address_in_the_language_read_until_it_is_translated():
    section = ListingIndexPageFactory(slug="meetings")
    meeting = MeetingPageFactory(parent=section, slug="hope")
    with translation.override("en"):
        assert page_url(meeting) == "/meetings/hope/"
    with translation.override("es"):
        assert page_url(meeting) == "/es/meetings/hope/"


@pytest.mark.django_db
def test_a_translated_page_links_to_its_translation_and_speaks_its_language():
    home = ensure_site_tree()
    spanish = Locale.objects.get(language_code="es")
    translated = home.copy_for_translation(spanish)
    translated.title = "Encuentre reuniones y apoyo cerca de usted"
    translated.save_revision().publish()
    translated.refresh_from_db()
    with translation.override("es"):
        assert page_url(home) == "/es/"
        assert content_language(translated) == "es"
        assert other_language(translated) == ""
    # A page kept in step with another locale's page (an alias) holds that page's text.
    alias = ListingIndexPageFactory(parent=home, slug="meetings").create_alias(
        parent=translated, update_locale=spanish
    )
    assert content_language(alias) == "en"
