"""Staff translations (wagtail-localize): words in Spanish, facts from the directory's page.

A listing, section, the home page and a category are translated the way staff
do it (a PO file exported from wagtail-localize, filled in, imported and
published, demo.translating). The directory still holds each listing once;
the Spanish site and a Spanish search show the translation's words, the
schedule and places stay the source's, and a listing nobody translated stays
on the Spanish site in English, marked as such.
"""

import io
import json
import re
from datetime import time

from django.core.management import call_command
from django.test import Client

from wagtail.models import Locale

import pytest

from demo.translating import translate
from directory.models import Category, ListingPage
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import SearchDocument
from search.query import parse_query
from tests.factories import (
    ListingIndexPageFactory,
    MeetingPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

pytestmark = pytest.mark.django_db

SPANISH = {
    "Find meetings and support near you": "Encuentre reuniones y apoyo cerca de usted",
    "Meetings": "Reuniones",
    "Harbor Light Women's Group": "Grupo de Mujeres Faro del Puerto",
    "A meeting for women who want to stop drinking.": "Una reunión para mujeres que "
    "quieren dejar de beber.",
    "Bring a friend if you like.": "Puede traer a una amiga si quiere.",
    "Alcoholics Anonymous (AA)": "Alcohólicos Anónimos (AA)",
}


class Unreachable:
    """The fallback of an Elasticsearch engine that must answer itself."""

    def search(self, query, now=None, degraded=False):
        raise AssertionError("the Elasticsearch engine fell back to the database")


def spanish():
    return Locale.objects.get(language_code="es")


@pytest.fixture
def directory():
    """A section with a translated meeting and one nobody has translated yet."""
    home = ensure_site_tree()
    section = ListingIndexPageFactory(
        parent=home, title="Meetings", slug="meetings", show_in_menus=True
    )
    translated = MeetingPageFactory(
        parent=section,
        title="Harbor Light Women's Group",
        slug="harbor-light",
        summary="A meeting for women who want to stop drinking.",
        description="<p>Bring a friend if you like.</p>",
        types=["O", "W"],
    )
    untranslated = MeetingPageFactory(
        parent=section,
        title="Tuesday Night Beginners",
        slug="beginners",
        summary="A meeting for people new to recovery.",
    )
    aa = Category.objects.in_directory().get(slug="aa")
    for page in (translated, untranslated):
        add_location(page, street_address="2855 Welton St", postal_code="80205")
        add_session(page, 2, "19:00", "20:00")
        page.categories = [aa]
        page.save_revision().publish()
    for instance in (home, section, translated, aa):
        assert translate(instance, spanish(), SPANISH)
    return {"section": section, "translated": translated, "untranslated": untranslated}


def get(path):
    response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def heading(body):
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(0)


def search(engine, params):
    query, errors = parse_query(_querydict(params))
    assert errors == []
    return engine.search(query)


def _querydict(params):
    from django.http import QueryDict

    return QueryDict(params)


def test_a_translation_is_a_page_in_spanish_kept_by_wagtail_localize(directory):
    translation = directory["translated"].get_translation(spanish()).specific
    assert translation.live
    assert translation.title == "Grupo de Mujeres Faro del Puerto"
    # Only words are translated; the address and the facts follow the source.
    assert translation.slug == "harbor-light"
    assert translation.types == ["O", "W"]
    # Listings are added to the directory's own sections, never to a translation.
    assert not type(translation).can_create_at(translation.get_parent())
    assert type(translation).can_create_at(directory["section"])


def test_the_directory_still_holds_each_listing_once(directory):
    assert ListingPage.objects.live().count() == 3  # two listings, one translation
    assert set(ListingPage.objects.in_directory().values_list("pk", flat=True)) == {
        directory["translated"].pk,
        directory["untranslated"].pk,
    }
    assert set(SearchDocument.objects.values_list("listing_id", flat=True)) == {
        directory["translated"].pk,
        directory["untranslated"].pk,
    }
    assert search(DatabaseEngine(), "page_size=100").total == 2
    feed = json.loads(get("/meetings.json"))
    assert sorted(meeting["name"] for meeting in feed) == [
        "Harbor Light Women's Group",
        "Tuesday Night Beginners",
    ]
    assert Category.objects.in_directory().filter(slug="aa").count() == 1
    assert Category.objects.filter(slug="aa").count() == 2


def test_the_spanish_site_shows_the_translation_and_the_sources_facts(directory):
    body = get("/es/meetings/harbor-light/")
    assert heading(body) == '<h1 id="listing-title">Grupo de Mujeres Faro del Puerto</h1>'
    assert "Una reunión para mujeres que quieren dejar de beber." in body
    assert "Puede traer a una amiga si quiere." in body
    assert 'lang="en"' not in heading(body)
    # The English site is unchanged.
    assert "Harbor Light Women&#x27;s Group</h1>" in get("/meetings/harbor-light/")

    # A fact changed on the directory's page shows on the Spanish page at once,
    # although nobody touched the translation.
    meeting = directory["translated"]
    meeting.sessions.all().delete()
    add_session(meeting, 4, "07:30", "08:30")
    meeting.save_revision().publish()
    assert meeting.get_translation(spanish()).specific.sessions.get().start_time == time(19)
    body = get("/es/meetings/harbor-light/")
    assert "Jueves" in body and "Martes" not in body


def test_a_listing_nobody_translated_stays_in_english_marked_as_such(directory):
    body = get("/es/meetings/beginners/")
    assert heading(body) == '<h1 id="listing-title" lang="en">Tuesday Night Beginners</h1>'


def test_the_spanish_home_page_and_sections_show_their_translations(directory):
    body = get("/es/")
    assert heading(body) == "<h1>Encuentre reuniones y apoyo cerca de usted</h1>"
    assert '<a href="/es/meetings/">Reuniones</a>' in body
    assert heading(get("/es/meetings/")) == "<h1>Reuniones</h1>"
    assert heading(get("/")) == "<h1>Find meetings and support near you</h1>"


def test_spanish_results_show_the_translation_and_mark_the_rest(directory):
    body = get("/es/search/?q=reunion&sort=name")
    cards = re.findall(r"<h3 [^>]*><a href=\"([^\"]+)\"([^>]*)>(.*?)</a>", body)
    assert cards == [
        ("/es/meetings/harbor-light/", "", "Grupo de Mujeres Faro del Puerto"),
        ("/es/meetings/beginners/", ' lang="en"', "Tuesday Night Beginners"),
    ]
    # The category's name in Spanish among the filters, not marked as English.
    assert '> Alcohólicos Anónimos (AA) <span class="count">(2)</span>' in body


def test_the_api_answers_in_the_language_asked_for(directory):
    response = Client().get("/api/v1/search?q=faro+del+puerto&lang=es")
    results = response.json()["results"]
    assert [(r["title"], r["url"]) for r in results] == [
        ("Grupo de Mujeres Faro del Puerto", "http://testserver/es/meetings/harbor-light/")
    ]
    english = Client().get("/api/v1/search?q=harbor+light").json()["results"]
    assert [r["title"] for r in english] == ["Harbor Light Women's Group"]


def test_a_calendar_in_spanish_carries_the_translations_words(directory):
    body = Client().get("/es/meetings/harbor-light/calendar/").content.decode()
    assert "X-WR-CALNAME:Grupo de Mujeres Faro del Puerto" in body


@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_a_spanish_search_finds_a_listing_by_its_translation(directory, engine_name, request):
    if engine_name == "elasticsearch":
        request.node.add_marker(pytest.mark.elasticsearch)
        request.getfixturevalue("live_index")
        call_command("directory_index", "rebuild", "--no-progress", stdout=io.StringIO())
        engine = ElasticsearchEngine(fallback=Unreachable())
    else:
        engine = DatabaseEngine()
    found = search(engine, "lang=es&q=mujeres+faro")
    assert [hit.document["id"] for hit in found.hits] == [directory["translated"].pk]
    # The category's Spanish name finds its listings in a Spanish search.
    found = search(engine, "lang=es&q=alcoholicos+anonimos&page_size=10")
    assert {hit.document["id"] for hit in found.hits} == {
        directory["translated"].pk,
        directory["untranslated"].pk,
    }


def test_unpublishing_a_translation_takes_its_words_away(directory):
    directory["translated"].get_translation(spanish()).unpublish()
    assert search(DatabaseEngine(), "lang=es&q=faro").total == 0
    body = get("/es/meetings/harbor-light/")
    assert heading(body) == '<h1 id="listing-title" lang="en">Harbor Light Women&#x27;s Group</h1>'
    document = SearchDocument.objects.get(listing=directory["translated"]).data
    assert document["translations"] == {}


def test_deleting_a_translation_keeps_the_listing(directory):
    directory["translated"].get_translation(spanish()).delete()
    assert SearchDocument.objects.filter(listing=directory["translated"]).exists()
    assert search(DatabaseEngine(), "q=harbor").total == 1
    assert search(DatabaseEngine(), "lang=es&q=faro").total == 0


def test_staff_translate_in_the_admin(admin_client, directory):
    """wagtail-localize's screens: submit a page for translation, edit a translation's
    words, and the categories' translations among the snippets."""
    untranslated = directory["untranslated"]
    response = admin_client.get(f"/admin/localize/submit/page/{untranslated.pk}/")
    assert response.status_code == 200
    assert "Spanish" in response.content.decode() or "Español" in response.content.decode()

    translation = directory["translated"].get_translation(spanish())
    editor = admin_client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()
    # The translation editor offers the words, not the facts.
    assert "Grupo de Mujeres Faro del Puerto" in editor
    assert "A meeting for women who want to stop drinking." in editor

    listing = admin_client.get("/admin/snippets/directory/category/?locale=es").content.decode()
    assert "Alcohólicos Anónimos (AA)" in listing


def test_the_printed_schedule_in_spanish_names_meetings_in_their_translation(directory):
    body = get("/es/meetings/print/")
    names = re.findall(r'<p class="schedule-name"([^>]*)><a href="([^"]+)">(.*?)</a>', body)
    assert sorted(set(names)) == [
        ("", "/es/meetings/harbor-light/", "Grupo de Mujeres Faro del Puerto"),
        (' lang="en"', "/es/meetings/beginners/", "Tuesday Night Beginners"),
    ]
