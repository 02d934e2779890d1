"""A directory section's meetings as one printable weekly schedule.

Meetings are grouped by day, Sunday first as the Meeting Guide format numbers
days, then ordered by start time. Times are each meeting's own wall-clock
times in its own time zone, as on the listing pages. A meeting's region is the
city of the place the Meeting Guide feed publishes for it: the first in-person
location, else the first area.
"""

import re
from dataclasses import dataclass, field
from datetime import time
from urllib.parse import urlsplit

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import schedules
from directory.choices import Attendance, Weekday
from directory.contact_links import online_access
from directory.meeting_guide import types as meeting_types
from directory.models import Category, MeetingPage
from directory.params import InvalidParam, ParamReader, echo
from directory.site_language import address_in, current_language
from directory.site_language import site_name as site_name_of
from directory.translations import live_translations

TEMPLATE = "home/print_schedule.html"
# A join link longer than this prints as its host only; the page keeps the full link.
SHORT_URL_LENGTH = 40
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


# Which meetings, and the choices the form offers


def section_meetings(section):
    """The section's published, public meetings, with what the schedule shows prefetched."""
    return list(
        MeetingPage.objects.child_of(section)
        .live()
        .public()
        .select_related("locale")
        .prefetch_related("sessions")
        .with_locations()
        .with_categories()
        .order_by("title", "pk")
    )


def region_of(page):
    place = page.main_location
    return " ".join(place.city.split()) if place is not None else ""


def _region_key(text):
    return " ".join(text.split()).casefold()


def category_slugs(page):
    """The page's category slugs, with each one's top-level parent (which includes it)."""
    slugs = set()
    for category in page.categories.all():
        slugs.add(category.slug)
        if category.parent_id:
            slugs.add(category.parent.slug)
    return slugs


def region_choices(meetings):
    """The cities the meetings are in, each once, in alphabetical order."""
    found = {}
    for page in meetings:
        region = region_of(page)
        if region:
            found.setdefault(_region_key(region), region)
    return sorted(found.values(), key=str.casefold)


def _category_order(category):
    return (category.sort_order, category.name.casefold())


def category_choices(meetings):
    """[(top-level category, [its children])] the meetings are filed under, in staff's order."""
    tops, children = {}, {}
    for page in meetings:
        for category in page.categories.all():
            top = category.parent if category.parent_id else category
            tops[top.pk] = top
            if category.parent_id:
                children.setdefault(top.pk, {})[category.pk] = category
    return [
        (top, sorted(children.get(top.pk, {}).values(), key=_category_order))
        for top in sorted(tops.values(), key=_category_order)
    ]


def _flat(category_groups):
    for top, children in category_groups:
        yield top
        yield from children


# Reading the filters


@dataclass(frozen=True)
class Filters:
    region: str = ""
    category: Category | None = None

    @property
    def active(self):
        return bool(self.region or self.category)


def _parse_region(text, regions):
    known = {_region_key(name): name for name in regions}
    region = known.get(_region_key(text))
    if region:
        return region
    if regions:
        raise InvalidParam(
            _("“%(value)s” is not a region of this schedule. Choose one of: %(regions)s.")
            % {"value": echo(text), "regions": ", ".join(regions)}
        )
    raise InvalidParam(_("“%(value)s” is not a region of this schedule.") % {"value": echo(text)})


def _parse_category(text, categories):
    slug = text.lower()
    category = next((c for c in _flat(categories) if c.slug == slug), None)
    if category is None and _SLUG.fullmatch(slug):
        category = Category.objects.in_directory().filter(slug=slug).first()
    if category is None:
        raise InvalidParam(
            _("“%(value)s” is not a category. Choose one from the list, or all categories.")
            % {"value": echo(text)}
        )
    return category


def parse_filters(params, regions, categories):
    """(Filters, errors) from the query; each error names its "param" and has a "message"."""
    reader = ParamReader(params, {"region": _("the region"), "category": _("the category")})
    region = reader.single("region", lambda text: _parse_region(text, regions), "")
    category = reader.single("category", lambda text: _parse_category(text, categories))
    return Filters(region=region, category=category), reader.errors


def matches(page, filters):
    if filters.region and _region_key(region_of(page)) != _region_key(filters.region):
        return False
    return filters.category is None or filters.category.slug in category_slugs(page)


# One meeting as the schedule shows it


def short_url(url):
    """ "zoom.us/j/81234567890" for a join link: no scheme, no query, the host when long."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    text = host + parts.path.rstrip("/")
    if len(text) > SHORT_URL_LENGTH:
        return host
    return text


def one_line_address(location):
    region = " ".join(part for part in (location.region, location.postal_code) if part)
    return ", ".join(
        part for part in (location.street_address.strip(), location.city, region) if part
    )


@dataclass
class Meeting:
    """What the schedule prints about one meeting, whichever day it appears under."""

    page: object
    words: object  # the page whose words are printed: a translation, or `page`
    title: str
    url: str
    zone: str
    zone_label: str
    types: list
    place: object = None
    place_words: object = None  # the place whose name is printed: a translation, or `place`
    place_name: str = ""
    address: str = ""
    area: bool = False
    online: bool = False
    online_only: bool = False
    closed: bool = False
    join: dict = field(default_factory=dict)

    @classmethod
    def of(cls, page, words=None, places=None):
        """`words` is the page's live translation to print, `places` {translation_key:
        live translation} of places (directory.translations.live_translations)."""
        words = words or page
        zone = page.timezone_name
        reserved = meeting_types.reserved_codes()
        meeting = cls(
            page=page,
            words=words,
            title=words.title,
            # The section's own meetings: their addresses in the language being read.
            url=address_in(page.url, current_language()) if page.url else "",
            zone=zone,
            zone_label=schedules.zone_name(zone) or zone,
            types=sorted({code for code in page.types or [] if code in reserved}, key=str.casefold),
            closed=page.is_temporarily_closed,
        )
        attendance = page.attendance
        meeting.online = attendance in (Attendance.ONLINE, Attendance.HYBRID)
        meeting.online_only = attendance == Attendance.ONLINE
        place = page.main_location
        if place is not None and (attendance != Attendance.ONLINE or not place.has_street_address):
            meeting.place = place
            meeting.place_words = (places or {}).get(place.translation_key, place)
            meeting.place_name = meeting.place_words.name
            if place.has_street_address:
                meeting.address = one_line_address(place)
            else:
                meeting.area = True
                meeting.address = ", ".join(part for part in (place.city, place.region) if part)
        if meeting.online:
            join = online_access(page)
            join["short_url"] = short_url(join["url"]) if join["url"] else ""
            meeting.join = join
        return meeting


@dataclass(frozen=True)
class Row:
    meeting: Meeting
    start: time | None
    end: time | None

    @property
    def start_text(self):
        return schedules.clock(self.start) if self.start else ""

    @property
    def end_text(self):
        return schedules.clock(self.end) if self.end else ""


@dataclass
class Day:
    number: int | None
    name: str
    rows: list

    @property
    def anchor(self):
        return f"day-{self.number}" if self.number is not None else "day-unscheduled"


def _row_order(row):
    return (
        row.start or time.min,
        row.end is None,
        row.end or time.min,
        row.meeting.title.casefold(),
        row.meeting.page.pk,
    )


def group_by_day(meetings):
    """[Day] Sunday first, each day's rows by start time; meetings without a time come last."""
    by_day = {number: [] for number in Weekday.values}
    unscheduled = []
    for meeting in meetings:
        seen = set()
        for session in meeting.page.sessions.all():
            key = (session.day, session.start_time, session.end_time)
            if key in seen or session.day not in by_day:
                continue
            seen.add(key)
            by_day[session.day].append(Row(meeting, session.start_time, session.end_time))
        if not seen:
            unscheduled.append(Row(meeting, None, None))
    days = [
        Day(number, Weekday(number).label, sorted(rows, key=_row_order))
        for number, rows in by_day.items()
        if rows
    ]
    if unscheduled:
        days.append(Day(None, _("No weekly time listed"), sorted(unscheduled, key=_row_order)))
    return days


def legend(meetings):
    """[(code, label)] of the type codes the schedule shows, by code."""
    codes = {code for meeting in meetings for code in meeting.types}
    return [(code, meeting_types.label(code)) for code in sorted(codes, key=str.casefold)]


@dataclass
class Schedule:
    days: list
    legend: list
    zones: list
    meeting_count: int

    @property
    def zone_note(self):
        """One note for the whole schedule when every meeting shares a zone."""
        if len(self.zones) == 1:
            return schedules.zone_note(self.zones[0])
        if self.zones:
            return _(
                "Times are each meeting’s local time; the time zone is given with each meeting."
            )
        return ""

    @property
    def mixed_zones(self):
        return len(self.zones) > 1


def build_schedule(pages):
    language = current_language()
    translated = live_translations(pages, language)
    places = live_translations([p.main_location for p in pages if p.main_location], language)
    meetings = [Meeting.of(page, translated.get(page.translation_key), places) for page in pages]
    return Schedule(
        days=group_by_day(meetings),
        legend=legend(meetings),
        zones=sorted({meeting.zone for meeting in meetings}),
        meeting_count=len(meetings),
    )


# The page


def schedule_context(section, request):
    pages = section_meetings(section)
    regions = region_choices(pages)
    categories = category_choices(pages)
    filters, errors = parse_filters(request.GET, regions, categories)
    context = {
        "page": section,
        "self": section,
        "request": request,
        "section_has_meetings": bool(pages),
        "regions": regions,
        "categories": categories,
        "filters": filters,
        "errors": errors,
        "params": request.GET,
        "print_path": (
            address_in(f"{section.url}{section.reverse_subpage('print')}", current_language())
            if section.url
            else ""
        ),
        "site_name": site_name_of(request)[0],
        "printed_on": timezone.localdate(),
    }
    if not errors:
        context["schedule"] = build_schedule([page for page in pages if matches(page, filters)])
    return context


def schedule_response(section, request):
    """The printable schedule of `section`; a 400 naming the filter when one is wrong."""
    context = schedule_context(section, request)
    status = 400 if context["errors"] else 200
    return TemplateResponse(request, TEMPLATE, context, status=status)
