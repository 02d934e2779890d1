"""The listings of one kind as a CSV file, with plain-English column headers.

Meetings use the Meeting Guide spreadsheet layout that meeting lists use
(MEETING_CSV_COLUMNS), one row per meeting per distinct start time with its
days together, as people keep meeting spreadsheets; each row's slug is the
/meetings.json slug of its first session, and the fields come from the feed's
own functions, so an import of the file finds the same meetings. The other kinds have the
fields every listing shares followed by their own (csv_columns()).

The file is UTF-8 with a byte order mark, so that spreadsheet programs show
accents and non-Latin scripts correctly; read it with encoding="utf-8-sig".
Every cell is quoted.

Spreadsheet formulas. A cell that starts with = + - @ (or a tab or carriage
return) could run as a formula when the file is opened in a spreadsheet, so
such a cell is written with a leading apostrophe, which spreadsheets take as
"this is text". A cell made only of digits, spaces and + - ( ) . , * # is left
exactly as it is (quoted, like every cell): it cannot call a function or
another program, and phone numbers ("+1 720 555 0199", "+17205550199,,12345#")
must reach an import, or a person copying them, unchanged rather than with an
apostrophe in front. A cell that itself starts with an apostrophe gets one
more, so the rule can be undone exactly: unescape_cell() gives back the
original text.
"""

import csv
import re
from datetime import date

from django.utils import timezone

from wagtail.rich_text import get_text_for_indexing

from directory.choices import ENGLISH_DAY_NAMES, Audience, Kind, Language
from directory.meeting_guide import types as meeting_types
from directory.meeting_guide.entries import (
    UPDATED_FORMAT,
    contact_first_name,
    location_fields,
    schedule_groups,
    updated_at,
)
from directory.meeting_guide.slugs import feed_slugs, session_slugs
from directory.meeting_guide.spreadsheet import MEETING_CSV_COLUMNS
from directory.models import LISTING_MODELS
from directory.schedules import hhmm

#: How several values share one cell (days, types, languages, categories).
LIST_SEPARATOR = ", "
ENCODING = "utf-8-sig"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER_OR_DIAL_STRING = re.compile(r"[0-9 +().,*#-]*[0-9][0-9 +().,*#-]*")


# Cells


def cell_text(value):
    """A value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    return str(value)


def safe_cell(value):
    """The cell's text, made safe to open in a spreadsheet (see the module's docstring)."""
    text = cell_text(value)
    if not text or _NUMBER_OR_DIAL_STRING.fullmatch(text):
        return text
    if text.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text):
    """The original text of a cell safe_cell() wrote."""
    if text.startswith(ESCAPE) and text[1:2] and text[1] in (*FORMULA_STARTS, ESCAPE):
        return text[1:]
    return text


# Shared parts of a listing


def _first_name(page):
    return contact_first_name(page)


def _updated(page):
    moment = updated_at(page)
    return moment.strftime(UPDATED_FORMAT) if moment else ""


def _url(page, request):
    return page.get_full_url(request) or ""


def _place_fields(page):
    where = location_fields(page.main_location)
    return {
        "Location": where.get("location", ""),
        "Address": where.get("address", ""),
        "City": where.get("city", ""),
        "State": where.get("state", ""),
        "Postal Code": where.get("postal_code", ""),
        "Country": where.get("country", ""),
        "Location Notes": where.get("location_notes", ""),
    }


def _other_locations(page):
    place = page.main_location
    return [str(location) for location in page.locations if location != place]


def _schedule(page):
    sessions = sorted(page.sessions.all(), key=lambda row: (row.day, row.start_time))
    return "; ".join(
        f"{ENGLISH_DAY_NAMES[row.day]} {hhmm(row.start_time)}"
        + (f"-{hhmm(row.end_time)}" if row.end_time else "")
        for row in sessions
    )


def _labels(codes, choices):
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes or []]


def _verifier(page):
    user = page.verified_by
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


# Meetings


def meeting_rows(pages, request):
    """Rows (dicts keyed by MEETING_CSV_COLUMNS) of these meetings: one per start and end
    time, its days together; the slug is the feed's slug of the row's first session."""
    slugs = feed_slugs(pages)
    sessions = session_slugs(pages, slugs)
    for page in pages:
        common = {
            "Name": page.title,
            "Timezone": page.timezone_name,
            **_place_fields(page),
            "Types": [meeting_types.label(code, "en") for code in page.types or []],
            "Notes": page.notes or page.summary,
            "Conference URL": page.conference_url,
            "Conference URL Notes": page.conference_url_notes,
            "Conference Phone": page.conference_phone,
            "Conference Phone Notes": page.conference_phone_notes,
            "Group": page.group_name,
            "Contact 1 Name": _first_name(page),
            "Contact 1 Email": page.contact_email,
            "Contact 1 Phone": page.contact_phone,
            "URL": _url(page, request),
            "Updated": _updated(page),
            "Last Verified": page.last_verified,
        }
        for days, start, end in schedule_groups(page):
            yield {
                **common,
                "Slug": sessions[page.pk][(days[0], start)] if days else slugs[page.pk],
                "Day": [ENGLISH_DAY_NAMES[day] for day in days or []],
                "Time": hhmm(start),
                "End Time": hhmm(end),
            }


# The other kinds: what every listing has, then the kind's own fields.

PLACE_COLUMNS = (
    "Location",
    "Address",
    "City",
    "State",
    "Postal Code",
    "Country",
    "Location Notes",
)

LISTING_CSV_COLUMNS = (
    ("Name", lambda page, request: page.title),
    ("ID", lambda page, request: page.pk),
    ("Kind", lambda page, request: Kind(page.kind).label),
    ("Summary", lambda page, request: page.summary),
    ("Description", lambda page, request: get_text_for_indexing(page.description or "")),
    ("Organization", lambda page, request: page.organization.name if page.organization else ""),
    ("Categories", lambda page, request: [str(category) for category in page.categories.all()]),
    *(
        (header, lambda page, request, header=header: _place_fields(page)[header])
        for header in PLACE_COLUMNS
    ),
    ("Other Locations", lambda page, request: _other_locations(page)),
    ("Timezone", lambda page, request: page.timezone_name),
    ("By Appointment", lambda page, request: page.by_appointment),
    ("Schedule", lambda page, request: _schedule(page)),
    ("Languages", lambda page, request: _labels(page.languages, Language.choices)),
    ("Especially For", lambda page, request: _labels(page.audiences, Audience.choices)),
    ("Free", lambda page, request: page.is_free),
    ("Cost", lambda page, request: page.cost_description),
    ("Who Can Come", lambda page, request: page.eligibility),
    ("Contact Name", lambda page, request: _first_name(page)),
    ("Contact Phone", lambda page, request: page.contact_phone),
    ("Contact Email", lambda page, request: page.contact_email),
    ("Website", lambda page, request: page.website),
    ("URL", lambda page, request: _url(page, request)),
    ("Updated", lambda page, request: _updated(page)),
    ("Last Verified", lambda page, request: page.last_verified),
    ("Verified By", lambda page, request: _verifier(page)),
)


def _field(name):
    return lambda page, request: getattr(page, name)


KIND_CSV_COLUMNS = {
    Kind.TRANSPORTATION: (
        ("Service Area", _field("service_area")),
        ("Notice Needed (Hours)", _field("notice_hours")),
        ("Vehicles Take Wheelchairs", _field("wheelchair_vehicles")),
        ("How To Book", _field("booking_instructions")),
    ),
    Kind.CHILDCARE: (
        ("Youngest Age (Years)", _field("min_age_years")),
        ("Oldest Age (Years)", _field("max_age_years")),
        ("State Licensed", _field("licensed")),
        ("License Number", _field("license_number")),
        ("During Meetings Or Classes", _field("during_meetings")),
    ),
    Kind.CLASS: (
        ("Taught By", _field("provider")),
        ("First Class", _field("start_date")),
        ("Last Class", _field("end_date")),
        ("Online Class Link", _field("online_url")),
        ("Registration Link", _field("registration_url")),
        ("Registration Phone", _field("registration_phone")),
        ("Seats", _field("seats")),
        ("Certificate Or Credential", _field("credential")),
    ),
    Kind.SERVICE: (
        ("Type Of Support", lambda page, request: page.get_service_type_display()),
        ("Online Link", _field("online_url")),
    ),
}


def csv_columns(kind):
    """The column headers of the file for one kind, in order."""
    if kind == Kind.MEETING:
        return MEETING_CSV_COLUMNS
    return tuple(header for header, _ in LISTING_CSV_COLUMNS + KIND_CSV_COLUMNS[kind])


def listing_rows(pages, request, kind):
    columns = LISTING_CSV_COLUMNS + KIND_CSV_COLUMNS[kind]
    for page in pages:
        yield {header: value(page, request) for header, value in columns}


# The file


def model_for(kind):
    """The page model of a kind ("meeting", "transportation", …)."""
    return {model.listing_kind: model for model in LISTING_MODELS}[Kind(kind)]


def _pages_in_chunks(queryset, kind, chunk_size):
    """The pages of `queryset`, ordered by name, fetched a chunk at a time.

    Only the ordered ids are read up front; each chunk is then loaded with
    what its rows need, so memory stays flat however many listings there are.
    """
    ids = list(queryset.order_by("title", "pk").values_list("pk", flat=True))
    model = queryset.model
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        pages = (
            model.objects.filter(pk__in=chunk)
            .select_related("organization", "verified_by")
            .prefetch_related("sessions")
            .with_locations()
        )
        if kind != Kind.MEETING:
            pages = pages.with_categories()
        by_pk = {page.pk: page for page in pages}
        yield [by_pk[pk] for pk in chunk if pk in by_pk]


class _Echo:
    """A file that hands back what is written to it, for csv.writer to stream through."""

    def write(self, value):
        return value


def stream_csv(queryset, kind, request, chunk_size=500):
    """The CSV file of the listings in `queryset` (all of one kind), line by line."""
    kind = Kind(kind)
    headers = csv_columns(kind)
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield "\ufeff" + writer.writerow(headers)
    for pages in _pages_in_chunks(queryset, kind, chunk_size):
        if kind == Kind.MEETING:
            rows = meeting_rows(pages, request)
        else:
            rows = listing_rows(pages, request, kind)
        yield "".join(writer.writerow([safe_cell(row[h]) for h in headers]) for row in rows)


def filename(kind, today=None):
    today = today or timezone.localdate()
    return f"{Kind(kind).value}-listings-{today.isoformat()}.csv"
