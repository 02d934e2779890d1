"""The printable meeting schedule of a directory section (<section>/print/)."""

import json
import re
from datetime import UTC, datetime
from unittest import mock
from urllib.parse import urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from directory.meeting_guide import types as meeting_types
from directory.models import MeetingPage
from home.models import CrisisLine
from search.indexing import rebuild_documents
from tests.accessibility import axe_violations
from tests.factories import (
    CategoryFactory,
    ChildcarePageFactory,
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ"


# Building meetings


def publish(page):
    """Publish as an editor would, and read the page back as visitors get it."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add_meeting(section, title, sessions=(), place=None, categories=(), **fields):
    """A published meeting in `section`; sessions are (day, start, end) with 0 as Sunday."""
    page = MeetingPageFactory(parent=section, title=title, **fields)
    places = place if isinstance(place, list | tuple) else [place] if place else []
    for location in places:
        add_location(page, location)
    for day, start, end in sessions:
        add_session(page, day, start, end)
    page.categories.set(categories)
    return publish(page)


def denver_hall(**fields):
    return LocationFactory(
        **{
            "name": "Five Points Hall",
            "street_address": "2855 Welton St",
            "postal_code": "80205",
            **fields,
        }
    )


def aurora_church():
    return LocationFactory(
        name="Aurora Hope Church",
        street_address="1290 Peoria St",
        city="Aurora",
        postal_code="80012",
    )


@pytest.fixture
def section(db):
    home = ensure_site_tree()
    return ListingIndexPageFactory(parent=home, title="Meetings", slug="meetings")


def print_url(section, **params):
    url = f"{section.url}print/"
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


# Reading the page as a person does


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def words(element):
    return " ".join(element.get_text(" ").split()) if element is not None else ""


def schedule_of(response):
    """[(day heading, [(times, meeting name), …]), …] in page order."""
    assert response.status_code == 200
    days = []
    for day in soup_of(response).select("section.schedule-day"):
        rows = [
            (words(row.select_one(".schedule-when")), words(row.select_one(".schedule-name")))
            for row in day.select("li.schedule-meeting")
        ]
        days.append((words(day.find("h2")), rows))
    return days


def names_on(response):
    return {name for _day, rows in schedule_of(response) for _times, name in rows}


def row_of(response, name):
    for row in soup_of(response).select("li.schedule-meeting"):
        if words(row.select_one(".schedule-name")) == name:
            return row
    raise AssertionError(f"{name} is not on the schedule")


def legend_of(response):
    legend = soup_of(response).select_one("section.schedule-legend")
    if legend is None:
        return {}
    return {words(dt): words(dt.find_next_sibling("dd")) for dt in legend.select("dt")}


# Grouping and order


def test_meetings_are_grouped_by_day_sunday_first_then_by_start_time(client, section):
    hall = denver_hall()
    add_meeting(section, "Saturday Night Live Wire", [(6, "21:00", "22:00")], hall)
    add_meeting(section, "Sunday Evening Steps", [(0, "19:00", "20:00")], hall)
    add_meeting(section, "Early Birds", [(0, "07:00", None)], hall)
    add_meeting(section, "Noon Recovery", [(1, "12:00", "13:00")], hall)
    # Sessions entered out of order, on two days: the meeting shows under both.
    add_meeting(section, "Twice a Week", [(6, "07:30", "08:30"), (2, "19:00", "20:30")], hall)
    # The same start: the one ending first, then by name.
    add_meeting(section, "Beta Group", [(2, "19:00", "20:00")], hall)
    add_meeting(section, "Alpha Group", [(2, "19:00", "20:00")], hall)

    schedule = schedule_of(client.get(print_url(section)))

    assert schedule == [
        (
            "Sunday",
            [("7:00 am", "Early Birds"), ("7:00 pm to 8:00 pm", "Sunday Evening Steps")],
        ),
        ("Monday", [("12:00 pm to 1:00 pm", "Noon Recovery")]),
        (
            "Tuesday",
            [
                ("7:00 pm to 8:00 pm", "Alpha Group"),
                ("7:00 pm to 8:00 pm", "Beta Group"),
                ("7:00 pm to 8:30 pm", "Twice a Week"),
            ],
        ),
        (
            "Saturday",
            [
                ("7:30 am to 8:30 am", "Twice a Week"),
                ("9:00 pm to 10:00 pm", "Saturday Night Live Wire"),
            ],
        ),
    ]


def test_each_row_says_where_and_how_to_join(client, section):
    hall = denver_hall()
    area = LocationFactory(name="Denver area (online group)", street_address="")
    add_meeting(section, "Tuesday Night Hope", [(2, "19:00", "20:00")], hall, types=["O", "D"])
    add_meeting(
        section,
        "Online Serenity",
        [(4, "18:30", "19:30")],
        area,
        types=["C"],
        conference_url=ZOOM,
        conference_url_notes="Meeting ID 812 3456 7890",
        conference_phone="+1 720 555 0199,,81234567890#",
        conference_phone_notes="Press # twice",
    )
    add_meeting(
        section,
        "Hybrid Big Book",
        [(6, "10:00", "11:00")],
        hall,
        types=["B"],
        conference_url="https://meet.example.org/" + "a-very-long-room-name-" * 4,
    )
    response = client.get(print_url(section))
    html = response.content.decode()

    in_person = row_of(response, "Tuesday Night Hope")
    assert words(in_person.select_one(".schedule-place")) == (
        "Five Points Hall, 2855 Welton St, Denver, CO 80205"
    )
    assert in_person.select_one(".schedule-join") is None
    assert words(in_person.select_one(".schedule-types")) == "Types: D, O"

    online = row_of(response, "Online Serenity")
    assert words(online.select_one(".schedule-place")).startswith("Online")
    join = online.select_one(".schedule-join")
    # The short form of the link on paper, the whole link behind it on screen.
    assert words(join) == (
        "Join: us02web.zoom.us/j/81234567890 (Meeting ID 812 3456 7890) · "
        "Dial in: +1 720 555 0199,,81234567890# (Press # twice)"
    )
    assert join.find("a")["href"] == ZOOM
    assert "pwd=" not in words(soup_of(response))

    hybrid = row_of(response, "Hybrid Big Book")
    assert words(hybrid.select_one(".schedule-place")) == (
        "Five Points Hall, 2855 Welton St, Denver, CO 80205 and online"
    )
    # A link too long to print tidily shows as its host.
    assert words(hybrid.select_one(".schedule-join")) == "Join: meet.example.org"
    assert "a-very-long-room-name" not in words(soup_of(response))
    assert 'lang="en"' in html


def test_a_meeting_without_a_weekly_time_is_listed_last(client, section):
    hall = denver_hall()
    add_meeting(section, "Sunday Serenity", [(0, "10:00", "11:00")], hall)
    add_meeting(section, "Sponsorship by appointment", (), hall, by_appointment=True)
    schedule = schedule_of(client.get(print_url(section)))
    assert [day for day, _rows in schedule] == ["Sunday", "No weekly time listed"]
    assert schedule[-1][1] == [("Ask for times", "Sponsorship by appointment")]


# Time zones


def test_one_time_zone_is_named_once_in_the_heading(client, section):
    hall = denver_hall()
    add_meeting(section, "Tuesday Night Hope", [(2, "19:00", "20:00")], hall)
    add_meeting(section, "Noon Recovery", [(1, "12:00", "13:00")], hall)
    response = client.get(print_url(section))
    header = soup_of(response).select_one(".schedule-header")
    assert "Times are Mountain Time (America/Denver)." in words(header)
    assert soup_of(response).select(".schedule-zone-row") == []


def test_mixed_time_zones_are_named_on_each_row_in_local_time(client, section):
    add_meeting(section, "Denver Evening", [(2, "19:00", "20:00")], denver_hall())
    new_york = LocationFactory(
        name="Chelsea Hall",
        street_address="220 W 26th St",
        city="New York",
        region="NY",
        postal_code="10001",
    )
    add_meeting(section, "Chelsea Evening", [(2, "19:00", "20:00")], new_york)
    area = LocationFactory(name="Online", street_address="", postal_code="80205")
    add_meeting(
        section,
        "Pacific Morning",
        [(2, "07:00", "08:00")],
        area,
        conference_url="https://zoom.us/j/123456789",
        timezone="America/Los_Angeles",
    )
    response = client.get(print_url(section))
    header = words(soup_of(response).select_one(".schedule-header"))
    assert "Mountain Time (America/Denver)" not in header
    assert "the time zone is given with each meeting" in header
    # Each meeting keeps its own wall-clock time: nothing is converted.
    assert schedule_of(response) == [
        (
            "Tuesday",
            [
                ("7:00 am to 8:00 am Pacific Time", "Pacific Morning"),
                ("7:00 pm to 8:00 pm Eastern Time", "Chelsea Evening"),
                ("7:00 pm to 8:00 pm Mountain Time", "Denver Evening"),
            ],
        )
    ]


# Filters


def test_region_is_the_city_the_meeting_guide_feed_gives(client, section):
    add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())
    add_meeting(section, "Aurora Hope", [(2, "19:00", "20:00")], aurora_church())
    boulder = LocationFactory(
        name="Boulder area (online group)",
        street_address="",
        city="Boulder",
        postal_code="80302",
    )
    add_meeting(
        section,
        "Boulder Online",
        [(3, "12:00", "13:00")],
        boulder,
        conference_url="https://zoom.us/j/555",
    )
    lakewood = LocationFactory(
        name="Lakewood area", street_address="", city="Lakewood", postal_code="80226"
    )
    # An area first and a street address second: the feed publishes the street address.
    add_meeting(section, "Two Places", [(4, "18:00", "19:00")], [lakewood, aurora_church()])

    feed = json.loads(client.get("/meetings.json").content)
    regions = {entry["name"]: entry["regions"][-1] for entry in feed}
    assert len(regions) == 4
    offered = [
        option["value"]
        for option in soup_of(client.get(print_url(section))).select("#region option")
        if option["value"]
    ]
    assert offered == sorted(set(regions.values()))
    for region in offered:
        expected = {name for name, where in regions.items() if where == region}
        assert names_on(client.get(print_url(section, region=region))) == expected, region
        # Typed by hand, in any case.
        assert names_on(client.get(print_url(section, region=region.upper()))) == expected


def test_the_chosen_filters_are_shown_and_kept_in_the_form(client, section):
    top = CategoryFactory(name="Print meetings", slug="print-meetings")
    aa = CategoryFactory(name="Print AA", slug="print-aa", parent=top)
    add_meeting(section, "Aurora Hope", [(2, "19:00", "20:00")], aurora_church(), [aa])
    soup = soup_of(client.get(print_url(section, region="aurora", category="print-aa")))
    assert words(soup.select_one(".schedule-choice")) == "Region: Aurora · Category: Print AA"
    assert soup.select_one("#region option[selected]")["value"] == "Aurora"
    assert soup.select_one("#category option[selected]")["value"] == "print-aa"


def test_category_filter_takes_a_child_or_a_whole_top_level(client, section):
    meetings = CategoryFactory(name="Print meetings", slug="print-meetings")
    aa = CategoryFactory(name="Print AA", slug="print-aa", parent=meetings)
    na = CategoryFactory(name="Print NA", slug="print-na", parent=meetings)
    family = CategoryFactory(name="Print family support", slug="print-family")
    al_anon = CategoryFactory(name="Print Al-Anon", slug="print-al-anon", parent=family)
    unused = CategoryFactory(name="Print classes", slug="print-classes")
    hall = denver_hall()
    add_meeting(section, "Big Book Study", [(1, "19:00", "20:00")], hall, [aa])
    add_meeting(section, "Clean Time", [(2, "19:00", "20:00")], hall, [na])
    add_meeting(section, "Family Hope", [(3, "19:00", "20:00")], hall, [al_anon])
    add_meeting(section, "Unfiled", [(4, "19:00", "20:00")], hall)

    def shown(slug):
        return names_on(client.get(print_url(section, category=slug)))

    assert shown("print-aa") == {"Big Book Study"}
    assert shown("PRINT-NA") == {"Clean Time"}
    assert shown("print-meetings") == {"Big Book Study", "Clean Time"}
    assert shown("print-family") == {"Family Hope"}
    assert shown("") == {"Big Book Study", "Clean Time", "Family Hope", "Unfiled"}

    # The form offers the categories in use, each top level with its children.
    soup = soup_of(client.get(print_url(section)))
    groups = {
        group["label"]: [option["value"] for option in group.select("option")]
        for group in soup.select("#category optgroup")
    }
    assert groups == {
        "Print meetings": ["print-meetings", "print-aa", "print-na"],
        "Print family support": ["print-family", "print-al-anon"],
    }
    # A real category with no meetings here: an empty schedule that says so.
    response = client.get(print_url(section, category=unused.slug))
    assert response.status_code == 200
    assert schedule_of(response) == []
    assert "No meetings match these choices." in words(soup_of(response))


def test_region_and_category_combine(client, section):
    aa = CategoryFactory(name="Print AA", slug="print-aa")
    add_meeting(section, "Denver AA", [(1, "19:00", "20:00")], denver_hall(), [aa])
    add_meeting(section, "Aurora AA", [(1, "18:00", "19:00")], aurora_church(), [aa])
    add_meeting(section, "Aurora Other", [(1, "17:00", "18:00")], aurora_church())
    response = client.get(print_url(section, region="Aurora", category="print-aa"))
    assert names_on(response) == {"Aurora AA"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"region": "Atlantis"}, "region", "“Atlantis” is not a region of this schedule."),
        ({"category": "no-such-thing"}, "category", "“no-such-thing” is not a category."),
        ({"category": "%3Cscript%3E"}, "category", "“<script>” is not a category."),
        ({"region": "x" * 500}, "region", "“" + "x" * 60 + "…” is not a region"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_what_is_wrong(client, section, params, field, message):
    add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())
    response = client.get(print_url(section, **params))
    assert response.status_code == 400
    soup = soup_of(response)
    alert = soup.select_one(".error-summary[role=alert]")
    assert message in words(alert)
    assert alert.find("a")["href"] == f"#field-{field}"
    assert soup.select_one(f"#field-{field}") is not None  # the form is there to fix it
    assert "“<script>”" not in response.content.decode()  # repeated, but escaped
    assert soup.select("section.schedule-day") == []


def test_an_unknown_region_lists_the_ones_there_are(client, section):
    add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())
    add_meeting(section, "Aurora Hope", [(2, "19:00", "20:00")], aurora_church())
    response = client.get(print_url(section, region="Atlantis"))
    assert response.status_code == 400
    assert "Choose one of: Aurora, Denver." in words(soup_of(response))


# The legend


def test_the_legend_lists_exactly_the_codes_on_the_page(client, section):
    add_meeting(
        section, "Denver Open", [(1, "19:00", "20:00")], denver_hall(), types=["O", "D", "X"]
    )
    add_meeting(section, "Aurora Women", [(2, "19:00", "20:00")], aurora_church(), types=["C", "W"])
    add_meeting(section, "No Types", [(3, "19:00", "20:00")], denver_hall(), types=[])

    for params, shown in [
        ({}, ["Denver Open", "Aurora Women", "No Types"]),
        ({"region": "Aurora"}, ["Aurora Women"]),
        ({"region": "Denver"}, ["Denver Open", "No Types"]),
    ]:
        response = client.get(print_url(section, **params))
        used = {code for page in MeetingPage.objects.filter(title__in=shown) for code in page.types}
        assert legend_of(response) == {code: meeting_types.label(code) for code in used}
        # Every code in a row is explained, and nothing else is.
        codes_in_rows = {
            code.strip()
            for row in soup_of(response).select(".schedule-types")
            for code in words(row).removeprefix("Types:").split(",")
        }
        assert codes_in_rows == set(legend_of(response))


# The date, the site and the crisis line


def test_it_says_where_and_when_it_was_printed_with_the_crisis_line(client, section):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Five Points Recovery Center"
    site.save()
    crisis = CrisisLine.for_site(site)
    crisis.number = "1-800-555-0100"
    crisis.save()
    add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())

    # 03:00 UTC on the 24th is still the evening of the 23rd in Denver.
    moment = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        response = client.get(print_url(section))
    soup = soup_of(response)
    assert words(soup.select_one(".schedule-printed")) == (
        "Printed from Five Points Recovery Center on 23 November 2026"
    )
    assert "1-800-555-0100" in words(soup.select_one(".crisis-line"))
    assert soup.select_one(".crisis-line a")["href"] == "tel:18005550100"


# What is left out


def test_only_published_public_meetings_of_the_section_are_listed(client, section):
    hall = denver_hall()
    add_meeting(section, "Published Group", [(1, "19:00", "20:00")], hall)
    MeetingPageFactory(parent=section, title="Draft Group", live=False)
    gone = add_meeting(section, "Unpublished Group", [(2, "19:00", "20:00")], hall)
    gone.unpublish()
    private = add_meeting(section, "Private Group", [(3, "19:00", "20:00")], hall)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="serenity"
    )
    edited = add_meeting(section, "Live Title", [(4, "19:00", "20:00")], hall)
    edited.title = "Unpublished New Title"
    edited.save_revision()
    other = ListingIndexPageFactory(parent=ensure_site_tree(), title="Other", slug="other")
    add_meeting(other, "Other Section Group", [(5, "19:00", "20:00")], hall)
    care = ChildcarePageFactory(parent=section, title="Childcare Here")
    add_session(care, 1, "18:00", "20:00")
    publish(care)

    names = names_on(client.get(print_url(section)))
    assert names == {"Published Group", "Live Title"}
    assert names_on(client.get(print_url(other))) == {"Other Section Group"}


def test_a_section_without_meetings_says_so(client, section):
    care_section = ListingIndexPageFactory(
        parent=ensure_site_tree(), title="Childcare", slug="childcare"
    )
    care = ChildcarePageFactory(parent=care_section, title="Little Steps")
    add_session(care, 1, "18:00", "20:00")
    care.save_revision().publish()
    response = client.get(print_url(care_section))
    assert response.status_code == 200
    soup = soup_of(response)
    assert "There are no meetings in this section to print." in words(soup)
    assert soup.select("form.schedule-form") == []


# The section page, its link and its listings


def test_the_section_page_links_to_its_schedule_only_when_it_holds_meetings(client, section):
    add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())
    care_section = ListingIndexPageFactory(
        parent=ensure_site_tree(), title="Childcare", slug="childcare"
    )
    publish(ChildcarePageFactory(parent=care_section, title="Little Steps"))

    link = soup_of(client.get(section.url)).find("a", string="Printable schedule")
    assert link is not None and link["href"] == print_url(section)
    assert client.get(link["href"]).status_code == 200
    assert soup_of(client.get(care_section.url)).find("a", string="Printable schedule") is None
    assert soup_of(client.get("/search/")).find("a", string="Printable schedule") is None


def test_the_section_and_its_listings_answer_as_before(client, section):
    page = add_meeting(section, "Five Points Group", [(1, "19:00", "20:00")], denver_hall())
    listing = client.get(page.url)
    assert listing.status_code == 200
    assert words(soup_of(listing).find("h1")) == "Five Points Group"
    assert client.get(f"{page.url}calendar/")["Content-Type"].startswith("text/calendar")
    rebuild_documents()
    results = client.get(section.url + "?q=points")
    assert results.status_code == 200
    assert "Five Points Group" in words(soup_of(results))
    assert client.get(section.url + "print/nothing-here/").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_meetings(client, section):
    aa = CategoryFactory(name="Print AA", slug="print-aa")

    def add(count, start):
        for n in range(count):
            place = denver_hall(name=f"Hall {start + n}")
            add_meeting(
                section,
                f"Group {start + n}",
                [(n % 7, "19:00", "20:00"), (0, "08:00", None)],
                place,
                [aa],
                conference_url="https://zoom.us/j/1",
            )

    def queries():
        client.get(print_url(section))  # warms the site and settings caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(print_url(section))
        return len(names_on(response)), len(captured.captured_queries)

    add(2, 0)
    few_names, few_queries = queries()
    add(10, 2)
    many_names, many_queries = queries()
    assert (few_names, many_names) == (2, 12)
    assert many_queries == few_queries


# In a real browser: accessibility, print media and the PDF


def pdf_page_count(pdf):
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Count\s+(\d+)", pdf)]
    assert counts and max(counts) == pages, "the page tree and the pages disagree"
    return pages


def build_browser_section(count, slug="meetings"):
    """A live section with `count` meetings across the week, in Denver and Aurora and online."""
    home = ensure_site_tree()
    section = ListingIndexPageFactory(parent=home, title=slug.title(), slug=slug)
    hall, church = denver_hall(), aurora_church()
    area = LocationFactory(name="Denver area (online group)", street_address="")
    for n in range(count):
        place = (hall, church, area)[n % 3]
        page = MeetingPageFactory(
            parent=section,
            title=f"Serenity Group {n:03d}",
            types=[["O", "D", "X"], ["C", "W"], ["O", "ST", "BE"]][n % 3],
            conference_url=ZOOM if place is area else "",
            conference_url_notes="Meeting ID 812 3456 7890" if place is area else "",
        )
        add_location(page, place)
        add_session(page, n % 7, f"{6 + n % 15:02d}:{(n * 15) % 60:02d}", None)
    return section


@pytest.fixture
def browsed(site, settings):
    settings.MAP_TILE_URL = ""
    return site


@pytest.mark.django_db(transaction=True)
def test_the_schedule_passes_axe_sets_no_cookies_and_stays_on_this_site(browsed, page):
    build_browser_section(6)
    host = urlparse(browsed.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).netloc))
    for path in (
        "/meetings/print/",
        "/meetings/print/?region=Aurora",
        "/meetings/print/?region=Atlantis",
    ):
        page.goto(browsed.url + path)
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 900})
        assert axe_violations(page) == [], f"{path} at 390 px"
        page.set_viewport_size({"width": 1280, "height": 900})
    assert page.context.cookies() == []
    assert set(requested) == {host}


@pytest.mark.django_db(transaction=True)
def test_print_media_hides_the_form_and_lays_out_two_columns(browsed, page):
    build_browser_section(6)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(browsed.url + "/meetings/print/")
    form = page.locator("form.schedule-form")
    assert form.is_visible()
    assert page.locator(".site-header nav").is_visible()
    assert page.locator(".schedule-days").evaluate("e => getComputedStyle(e).columnCount") == (
        "auto"
    )

    page.emulate_media(media="print")
    assert form.is_hidden()
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".crisis-line").is_visible()
    assert page.locator(".schedule-printed").is_visible()
    style = page.locator(".schedule-days").evaluate(
        "e => { const s = getComputedStyle(e); return [s.columnCount, s.color]; }"
    )
    assert style == ["2", "rgb(0, 0, 0)"]
    meeting = page.locator("li.schedule-meeting").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.breakInside, s.color]; }"
    )
    assert meeting == ["avoid", "rgb(0, 0, 0)"]
    assert page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(255, 255, 255)"
    )


@pytest.mark.django_db(transaction=True)
def test_it_prints_to_a_pdf_that_grows_to_several_pages(browsed, page):
    build_browser_section(3, slug="meetings")
    build_browser_section(150, slug="metro-meetings")
    page.goto(browsed.url + "/meetings/print/")
    assert page.locator("li.schedule-meeting").count() == 3
    page.emulate_media(media="print")
    small = page.pdf(format="Letter")
    assert small.startswith(b"%PDF-")
    assert pdf_page_count(small) == 1

    page.goto(browsed.url + "/metro-meetings/print/")
    assert page.locator("li.schedule-meeting").count() == 150
    page.emulate_media(media="print")
    large = page.pdf(format="Letter")
    assert large.startswith(b"%PDF-")
    assert len(large) > len(small)
    assert pdf_page_count(large) >= 2


@pytest.mark.django_db(transaction=True)
def test_choosing_a_region_works_without_javascript(browsed, browser):
    build_browser_section(6)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(browsed.url + "/meetings/")
    page.get_by_role("link", name="Printable schedule").click()
    page.wait_for_url("**/meetings/print/")
    page.get_by_label("Region").select_option("Aurora")
    page.get_by_role("button", name="Show schedule").click()
    page.wait_for_url("**region=Aurora**")
    names = page.locator(".schedule-name").all_inner_texts()
    expected = sorted(
        page_.title
        for page_ in MeetingPage.objects.all()
        if page_.locations and page_.locations[0].city == "Aurora"
    )
    assert expected and sorted(names) == expected
    assert page.locator(".schedule-choice").inner_text() == "Region: Aurora"
    assert context.cookies() == []
    context.close()
