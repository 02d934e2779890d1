"""The public site in Spanish: every page's own words in Spanish, the listings' text
(not yet translated) marked as English, and every link kept on the Spanish site."""

import re
from datetime import date
from urllib.parse import urlsplit

from django.core.cache import cache
from django.test import Client
from django.utils import translation

from wagtail.models import Locale

import icalendar
import pytest

from config.errors import server_error
from directory.models import Category
from home.models import BrowsePage, CrisisLine
from tests.factories import (
    ClassPageFactory,
    ServicePageFactory,
    TransportationPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)
from tests.home import pages
from tests.languages import english_left

pytestmark = pytest.mark.django_db

DAY = "(Domingo|Lunes|Martes|Miércoles|Jueves|Viernes|Sábado)"


@pytest.fixture
def listings():
    cache.clear()
    listings = pages.build()
    home = ensure_site_tree()
    services = listings["care"].get_parent()
    ride = TransportationPageFactory(parent=services, title="Rides to Meetings", slug="rides")
    add_location(ride, street_address="", postal_code="80205")
    add_session(ride, 1, "08:00", "18:00")
    ride.save_revision().publish()
    course = ClassPageFactory(
        parent=services,
        title="Resume Workshop",
        slug="resume",
        start_date=date(2026, 6, 5),
        registration_url="https://example.org/sign-up",
    )
    add_location(course, listings["later"].locations[0])
    add_session(course, 3, "18:00", "20:00")
    course.save_revision().publish()
    coaching = ServicePageFactory(parent=services, title="Family Coaching", slug="coaching")
    add_location(coaching, listings["later"].locations[0])
    coaching.save_revision().publish()
    families = BrowsePage(title="For families", slug="for-families", audiences=["families"])
    home.add_child(instance=families)
    families.save_revision().publish()
    listings.update(ride=ride, course=course, coaching=coaching, families=families)
    from search.indexing import rebuild_documents

    rebuild_documents()
    return listings


def spanish_paths(listings):
    later = listings["later"]
    return [
        "/es/",
        "/es/search/",
        "/es/search/?near=80205",
        "/es/search/?near=80205&kind=meeting&category=aa&day=2&free=true&q=hope&sort=name",
        "/es/search/?near=80205&radius=1&audience=seniors",
        "/es/search/?near=80205&page_size=1",
        "/es/search/?near=Atlantis%2C+ZZ&day=funday&page=0",
        "/es/meetings/",
        "/es/meetings/print/",
        "/es/meetings/print/?region=Nowhere",
        "/es/for-families/",
        "/es/happening-now/?near=80205",
        "/es/happening-now/?near=Atlantis%2C+ZZ",
        f"/es{later.url}",
        f"/es{listings['care'].url}",
        f"/es{listings['ride'].url}",
        f"/es{listings['course'].url}",
        f"/es{listings['coaching'].url}",
        f"/es{listings['coaching'].url}calendar/",
        f"/es/report/{later.pk}/",
        f"/es/report/{later.pk}/thanks/",
        "/es/no-such-page/",
    ]


def html(response):
    return response.content.decode()


def test_spanish_pages_show_english_only_where_marked(client, listings):
    for path in spanish_paths(listings):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        assert english_left(html(response)) == [], path


def test_the_report_form_and_its_messages_are_in_spanish(client, listings, settings):
    settings.REPORT_MIN_SECONDS = 0
    later = listings["later"]
    form = client.get(f"/es/report/{later.pk}/")
    assert "¿Qué está mal?" in html(form)
    assert "La hora o el día están mal" in html(form)
    stamp = re.search(r'name="stamp" value="([^"]+)"', html(form)).group(1)

    refused = client.post(f"/es/report/{later.pk}/", {"details": "", "stamp": stamp})
    assert refused.status_code == 400
    assert english_left(html(refused)) == []
    assert "Elija qué está mal." in html(refused)
    assert "Cuéntenos un poco qué está mal." in html(refused)

    sent = client.post(
        f"/es/report/{later.pk}/",
        {"reason": "wrong_time", "details": "Ahora empieza a las 7:30.", "stamp": stamp},
    )
    assert sent.status_code == 303
    assert sent["Location"] == f"/es/report/{later.pk}/thanks/"
    thanks = client.get(sent["Location"])
    assert "Gracias por su aviso" in html(thanks)
    assert f'<a href="/es{later.url}">' in html(thanks)


def test_too_many_reports_are_refused_kindly_in_spanish(client, listings, settings):
    settings.REPORT_MIN_SECONDS = 0
    settings.REPORT_RATE_LIMIT = 1
    later = listings["later"]
    for expected in (303, 429):
        form = html(client.get(f"/es/report/{later.pk}/"))
        stamp = re.search(r'name="stamp" value="([^"]+)"', form).group(1)
        response = client.post(
            f"/es/report/{later.pk}/",
            {"reason": "other", "details": "Hay una reunión nueva.", "stamp": stamp},
        )
        assert response.status_code == expected
    assert "Inténtelo de nuevo dentro de una hora." in html(response)
    assert "Hay una reunión nueva." in html(response)
    assert english_left(html(response)) == []


def test_the_csrf_failure_page_is_in_spanish(listings):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/es/report/{listings['later'].pk}/", {"reason": "other"})
    assert response.status_code == 403
    assert "No pudimos enviar su formulario" in html(response)
    assert english_left(html(response)) == []


def test_the_server_error_page_speaks_the_language_of_the_address(rf):
    with translation.override("es"):
        response = server_error(rf.get("/es/search/?near=80205"))
    page = html(response)
    assert response.status_code == 500
    assert '<html lang="es">' in page
    assert "Algo salió mal de nuestra parte" in page
    assert '<a href="/search/?near=80205" hreflang="en" lang="en">English</a>' in page
    assert english_left(page) == []
    with translation.override("en"):
        page = html(server_error(rf.get("/search/")))
    assert "Something went wrong on our side" in page
    assert '<a href="/es/search/" hreflang="es" lang="es">Español</a>' in page
    # Django uses it for every unhandled error.
    from config import urls

    assert urls.handler500 == "config.errors.server_error"


def internal_links(page_html):
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page_html)
    return [
        href
        for href in hrefs
        if not href.startswith(("#", "tel:", "mailto:", "https://"))
        and urlsplit(href).netloc in ("", "testserver", "localhost")
    ]


def test_links_on_spanish_pages_stay_in_spanish(client, listings):
    for path in spanish_paths(listings):
        page_html = html(client.get(path))
        english_link = re.search(r'<a href="([^"]+)" hreflang="en"', page_html).group(1)
        for href in internal_links(page_html):
            if href == english_link:
                continue
            assert urlsplit(href).path.startswith("/es/"), (path, href)
        for action in re.findall(r'<form\b[^>]*\baction="([^"]+)"', page_html):
            assert action.startswith("/es/"), (path, action)


def test_results_speak_spanish(client, listings):
    page = html(client.get("/es/search/", {"near": "80205", "kind": "meeting"}))
    assert "3 resultados a menos de 25 mi de 80205" in page
    assert re.search(
        r'name="kind" value="meeting" checked> Reunión <span class="count">\(3\)<', page
    )
    assert re.search(r'name="time" value="[a-z]+"> (Mañana|Mediodía|Tarde|Noche) ', page)
    assert 'Reunión<span class="visually-hidden"> — quitar este filtro</span>' in page
    assert "Cerca de 80205" in page
    assert re.search(r'<span class="next">(Esta noche|Hoy|Mañana|[A-Z][a-zé]+), \d', page)
    assert re.search(r'<span class="distance">a \d+,\d mi</span>', page)
    assert "Ordenar por" in page and "Lo más cercano" in page


def test_nothing_found_helps_in_spanish(client, listings):
    page = html(client.get("/es/search/", {"near": "80205", "radius": "1", "audience": "seniors"}))
    assert "Todavía no hay nada que coincida con esta búsqueda." in page
    assert (
        '<a href="/es/search/?near=80205&amp;radius=auto&amp;audience=seniors">Buscar más lejos</a>'
    ) in page
    assert '<a href="/es/search/?near=80205&amp;radius=1">Quitar todos los filtros</a>' in page


def test_mistakes_in_a_search_are_explained_in_spanish(client, listings):
    response = client.get("/es/search/", {"near": "Atlantis, ZZ", "day": "funday"})
    assert response.status_code == 400
    assert "No encontramos el lugar «Atlantis, ZZ»." in html(response)
    assert "«funday» no es un día." in html(response)


def test_pages_of_results_in_spanish(client, listings):
    page = html(client.get("/es/search/", {"near": "80205", "page_size": "2", "page": "2"}))
    assert '<nav class="pagination" aria-label="Páginas de resultados">' in page
    assert re.search(r'<a href="/es/search/\?[^"]*page=1" rel="prev">Anterior</a>', page)


def test_untranslated_text_is_marked_as_english(client, listings):
    page = html(client.get(f"/es{listings['later'].url}"))
    assert '<h1 id="listing-title" lang="en">Tuesday Night Hope</h1>' in page
    assert '<p class="listing-summary" lang="en">' in page
    assert '<h3 lang="en">Five Points Hall</h3>' in page
    results = html(client.get("/es/search/", {"near": "80205", "category": "aa"}))
    assert re.search(r'<a href="/es/meetings/later/" lang="en">Tuesday Night Hope</a>', results)
    assert '<p class="summary" lang="en">' in results
    assert re.search(r'<span lang="en">Alcoholics Anonymous \(AA\)</span>', results)
    home = html(client.get("/es/"))
    assert '<h1 lang="en">Find meetings and support near you</h1>' in home
    assert '<a href="/es/meetings/" lang="en">Meetings</a>' in home


def test_english_pages_mark_nothing_as_english(client, listings):
    for path in (listings["later"].url, "/search/?near=80205&category=aa", "/"):
        page = html(client.get(path))
        assert ' lang="en"' not in page.replace('<html lang="en">', ""), path


def test_meeting_type_names_and_day_words_are_in_spanish(client, listings):
    listing = html(client.get(f"/es{listings['later'].url}"))
    # D and O, in the order of their codes.
    assert '<ul class="listing-types"><li>Discusión</li><li>Abierta</li></ul>' in listing
    day = f'<span class="listing-day">{DAY}</span>'
    assert re.search(day + r' <span class="listing-times">\d+:\d\d [ap]\. m\.</span>', listing)
    assert "Los horarios están en hora de la Montaña (America/Denver)." in listing
    facets = html(client.get("/es/search/", {"kind": "meeting"}))
    assert re.search(
        r'name="type" value="X"> Acceso en silla de ruedas <span class="count">', facets
    )
    schedule = html(client.get("/es/meetings/print/"))
    assert "<dt>X</dt> <dd>Acceso en silla de ruedas</dd>" in schedule


def test_every_kind_of_listing_in_spanish(client, listings):
    ride = html(client.get(f"/es{listings['ride'].url}"))
    assert "Reserve con al menos 24 horas de anticipación." in ride
    assert '<p class="listing-kind">Transporte</p>' in ride
    care = html(client.get(f"/es{listings['care'].url}"))
    assert "Niños de 2 a 10 años" in care
    course = html(client.get(f"/es{listings['course'].url}"))
    assert "<dd>5 de junio de 2026</dd>" in course
    assert "12 plazas" in course
    coaching = html(client.get(f"/es{listings['coaching'].url}"))
    assert "<dd>Acompañamiento entre pares en la recuperación</dd>" in coaching
    assert "Con cita" in coaching


def test_the_last_verified_date_is_written_the_spanish_way(client, listings):
    later = listings["later"]
    type(later).objects.filter(pk=later.pk).update(last_verified=date(2026, 3, 4))
    page = html(client.get(f"/es{later.url}"))
    assert "Verificada por última vez: 4 de marzo de 2026" in page
    assert "Last verified: March 4, 2026" in html(client.get(later.url))


def test_the_calendar_file_is_in_spanish_and_links_to_the_spanish_page(client, listings):
    later = listings["later"]
    # Full addresses are the site's own (Wagtail's site hostname), as the feeds give them.
    site = later.get_site().root_url
    response = client.get(f"/es{later.url}calendar/")
    event = next(iter(icalendar.Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["URL"]) == f"{site}/es{later.url}"
    assert f"Detalles: {site}/es{later.url}" in str(event["DESCRIPTION"])
    english = client.get(f"{later.url}calendar/")
    event = next(iter(icalendar.Calendar.from_ical(english.content).walk("VEVENT")))
    assert f"Details: {site}{later.url}" in str(event["DESCRIPTION"])


def test_a_listing_page_links_within_the_spanish_site(client, listings):
    later = listings["later"]
    page = html(client.get(f"/es{later.url}"))
    assert f'href="/es{later.url}calendar/"' in page
    assert f'href="/es/report/{later.pk}/"' in page
    assert f'value="{later.get_site().root_url}/es{later.url}"' in page


def test_the_printable_schedule_prints_in_spanish(client, listings):
    page = html(client.get("/es/meetings/print/"))
    assert '<h1 id="schedule-title"><span lang="en">Meetings</span>: horario semanal</h1>' in page
    assert "Impreso desde Directorio de Recursos para la Recuperación el " in page
    assert re.search(rf'<h2 id="day-\d">{DAY}</h2>', page)
    assert 'action="/es/meetings/print/"' in page
    assert f'<a href="/es{listings["later"].url}">Tuesday Night Hope</a>' in page
    refused = client.get("/es/meetings/print/", {"region": "Nowhere"})
    assert refused.status_code == 400
    assert "«Nowhere» no es una región de este horario." in html(refused)


def test_the_crisis_line_has_spanish_words_of_its_own(client, listings):
    page = html(client.get("/es/"))
    assert (
        '<p>¿Está en crisis? Llame o envíe un mensaje de texto al <a href="tel:988">988</a>'
        " · Gratis y confidencial, las 24 horas del día.</p>"
    ) in page
    line = CrisisLine.for_site(listings["later"].get_site())
    line.label, line.label_es, line.details_es = "Need help now? Call", "", ""
    line.save()
    page = html(client.get("/es/"))
    assert '<p lang="en">Need help now? Call <a href="tel:988">988</a>' in page
    line.label_es = "¿Necesita ayuda ahora? Llame al"
    line.save()
    assert '<p>¿Necesita ayuda ahora? Llame al <a href="tel:988">988</a></p>' in html(
        client.get("/es/")
    )


def test_a_translated_page_takes_the_place_of_the_english_one(client, listings):
    """When a page has a Spanish translation, /es/ serves it, in its own words."""
    home = ensure_site_tree()
    translated = home.copy_for_translation(Locale.objects.get(language_code="es"))
    translated.title = "Encuentre reuniones y apoyo cerca de usted"
    translated.save_revision().publish()
    page = html(client.get("/es/"))
    assert "<h1>Encuentre reuniones y apoyo cerca de usted</h1>" in page
    assert "<h1>Find meetings and support near you</h1>" in html(client.get("/"))


def test_category_names_keep_their_language_in_the_schedule_form(client, listings):
    page = html(client.get("/es/meetings/print/"))
    name = Category.objects.get(slug="aa").name
    assert f'<option value="aa" lang="en">{name}</option>' in page
