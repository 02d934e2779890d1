"""Staff translations (wagtail-localize): words in Spanish, facts from the directory's page.

A listing, section, the home page, a category and a place are translated the
way staff do it (a PO file exported from wagtail-localize, filled in, imported and
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
from directory.models import Category, ListingPage, Location
from directory.models.listings import place_choices
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import SearchDocument
from search.query import parse_query
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
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
    "Harbor Light Community Hall": "Salón Comunitario de la Bahía",
    "Use the side door; the hall is down a short ramp.": "Use la puerta lateral; al "
    "salón se llega por una rampa corta.",
    "Bus 43 stops at the corner.": "El autobús 43 para en la esquina.",
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
    hall = add_location(
        translated,
        name="Harbor Light Community Hall",
        street_address="2855 Welton St",
        postal_code="80205",
        # Placed exactly: a result card names a place only then.
        latitude=39.7553,
        longitude=-104.9786,
        accessibility_notes="Use the side door; the hall is down a short ramp.",
        transit_notes="Bus 43 stops at the corner.",
    )
    add_location(
        untranslated,
        name="Welton Street Annex",
        street_address="2901 Welton St",
        postal_code="80205",
        accessibility_notes="Ring the bell at the back door.",
    )
    for page in (translated, untranslated):
        add_session(page, 2, "19:00", "20:00")
        page.categories = [aa]
        page.save_revision().publish()
    for instance in (home, section, translated, aa, hall):
        assert translate(instance, spanish(), SPANISH)
    return {
        "section": section,
        "translated": translated,
        "untranslated": untranslated,
        "hall": hall,
    }


def get(path):
    response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def heading(body):
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(0)


def engine_for(name, request):
    """The engine a parametrized test names; Elasticsearch with the directory rebuilt
    into the real cluster, and never falling back to the database."""
    if name == "database":
        return DatabaseEngine()
    request.node.add_marker(pytest.mark.elasticsearch)
    request.getfixturevalue("live_index")
    call_command("directory_index", "rebuild", "--no-progress", stdout=io.StringIO())
    return ElasticsearchEngine(fallback=Unreachable())


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
    engine = engine_for(engine_name, request)
    found = search(engine, "lang=es&q=mujeres+faro")
    assert [hit.document["id"] for hit in found.hits] == [directory["translated"].pk]
    # The category's Spanish name finds its listings in a Spanish search.
    found = search(engine, "lang=es&q=alcoholicos+anonimos&page_size=10")
    assert {hit.document["id"] for hit in found.hits} == {
        directory["translated"].pk,
        directory["untranslated"].pk,
    }


@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_suggestions_offer_the_titles_in_the_language_asked_for(directory, engine_name, request):
    engine = engine_for(engine_name, request)
    assert [s["text"] for s in engine.suggest("mujeres fa", lang="es")] == [
        "Grupo de Mujeres Faro del Puerto"
    ]
    # Typed in English, a Spanish reader is offered the title in Spanish.
    assert [s["text"] for s in engine.suggest("harbor", lang="es")] == [
        "Grupo de Mujeres Faro del Puerto"
    ]
    assert [s["text"] for s in engine.suggest("harbor")] == ["Harbor Light Women's Group"]
    assert [s["text"] for s in engine.suggest("tuesday", lang="es")] == ["Tuesday Night Beginners"]


def test_the_suggestions_api_answers_in_spanish(directory):
    found = Client().get("/api/v1/suggest?q=faro&lang=es").json()["suggestions"]
    assert found == [
        {
            "text": "Grupo de Mujeres Faro del Puerto",
            "url": "http://testserver/es/meetings/harbor-light/",
        }
    ]


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


# Places: a place's name and notes in Spanish, its address always the directory's


def place_section(body):
    return re.search(r'<div class="listing-place">.*?</div>', body, re.S).group(0)


def test_a_place_translation_is_kept_by_wagtail_localize_beside_the_place(directory):
    hall = directory["hall"]
    translation = hall.get_translation(spanish())
    assert translation.live
    assert translation.name == "Salón Comunitario de la Bahía"
    assert translation.transit_notes == "El autobús 43 para en la esquina."
    # The address and map point are facts, kept in step with the place.
    assert (translation.street_address, translation.postal_code) == ("2855 Welton St", "80205")
    assert translation.latitude == hall.latitude
    # The directory holds the place once: listings, imports and feeds see only it.
    assert set(Location.objects.in_directory()) == {hall, directory["untranslated"].locations[0]}
    assert translation not in Location.objects.filter(place_choices())
    assert hall in Location.objects.filter(place_choices())


def test_the_spanish_listing_page_shows_the_places_words_and_its_address(directory):
    place = place_section(get("/es/meetings/harbor-light/"))
    assert "<h3>Salón Comunitario de la Bahía</h3>" in place
    assert "Use la puerta lateral; al salón se llega por una rampa corta." in place
    assert "El autobús 43 para en la esquina." in place
    assert "2855 Welton St" in place
    assert 'lang="en"' not in place
    english = place_section(get("/meetings/harbor-light/"))
    assert "<h3>Harbor Light Community Hall</h3>" in english
    assert "Bus 43 stops at the corner." in english

    # The address is read from the place itself: a move shows in Spanish at once.
    hall = directory["hall"]
    hall.street_address = "3001 Welton St"
    hall.save_revision().publish()
    place = place_section(get("/es/meetings/harbor-light/"))
    assert "3001 Welton St" in place and "2855 Welton St" not in place
    assert "<h3>Salón Comunitario de la Bahía</h3>" in place


def test_a_place_nobody_translated_keeps_its_words_marked_english(directory):
    place = place_section(get("/es/meetings/beginners/"))
    assert '<h3 lang="en">Welton Street Annex</h3>' in place
    assert '<span lang="en">Ring the bell at the back door.</span>' in place


def test_spanish_results_the_api_and_the_printed_schedule_name_the_place_in_spanish(directory):
    body = get("/es/search/?q=faro&sort=name")
    assert '<p class="address">Salón Comunitario de la Bahía, 2855 Welton St' in body
    found = Client().get("/api/v1/search?q=harbor+light&lang=es").json()["results"]
    assert [r["location"]["name"] for r in found] == ["Salón Comunitario de la Bahía"]
    english = Client().get("/api/v1/search?q=harbor+light").json()["results"]
    assert [r["location"]["name"] for r in english] == ["Harbor Light Community Hall"]
    schedule = get("/es/meetings/print/")
    assert '<p class="schedule-place">Salón Comunitario de la Bahía, 2855 Welton St' in schedule
    assert '<span lang="en">Welton Street Annex</span>' in schedule


@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_a_search_finds_a_listing_by_its_places_spanish_name(directory, engine_name, request):
    engine = engine_for(engine_name, request)
    found = search(engine, "lang=es&q=salon+comunitario")
    assert [hit.document["id"] for hit in found.hits] == [directory["translated"].pk]


def test_editing_and_deleting_a_place_translation_reach_search(directory):
    def names():
        document = SearchDocument.objects.get(listing=directory["translated"]).data
        return document["locations"][0]["names"]

    assert names() == {"es": "Salón Comunitario de la Bahía"}
    translation = directory["hall"].get_translation(spanish())
    translation.name = "Salón Faro"
    translation.save_revision().publish()
    assert names() == {"es": "Salón Faro"}
    translation.delete()
    assert names() == {}
    place = place_section(get("/es/meetings/harbor-light/"))
    assert '<h3 lang="en">Harbor Light Community Hall</h3>' in place


def test_a_place_deleted_takes_its_translations_with_it(directory):
    unused = LocationFactory(name="Old Hall", street_address="1 Main St", postal_code="80205")
    assert translate(unused, spanish(), {"Old Hall": "Salón Viejo"})
    key = unused.translation_key
    unused.delete()
    assert not Location.objects.filter(translation_key=key).exists()


def test_a_listing_cannot_be_held_at_a_places_translation(admin_client, directory):
    from tests.factories import listing_form_data

    meeting = directory["untranslated"]
    translation = directory["hall"].get_translation(spanish())
    data = listing_form_data(meeting.title, locations=[translation], types=["O"])
    response = admin_client.post(f"/admin/pages/{meeting.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert meeting.locations[0].name == "Welton Street Annex"


def test_staff_translate_places_in_the_admin(admin_client, directory):
    listing = admin_client.get("/admin/snippets/directory/location/?locale=es").content.decode()
    assert "Salón Comunitario de la Bahía" in listing
    english = admin_client.get("/admin/snippets/directory/location/?locale=en").content.decode()
    assert "Harbor Light Community Hall" in english
    assert "Salón Comunitario de la Bahía" not in english
    # The listing editor's place chooser offers the directory's places, not translations.
    chooser = admin_client.get("/admin/snippets/choose/directory/location/").content.decode()
    assert "Harbor Light Community Hall" in chooser
    assert "Salón Comunitario de la Bahía" not in chooser
    annex = directory["untranslated"].locations[0]
    response = admin_client.get(f"/admin/localize/submit/snippet/directory/location/{annex.pk}/")
    assert response.status_code == 200
