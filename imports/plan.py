"""What applying an import would do, worked out without writing anything.

Rows are matched to meetings by their feed slug: the slug we publish a
meeting under (directory.models.FeedSlug) or one of its sessions' slugs
(FeedEntrySlug), so the entries of a meeting published once per session
become that one meeting again. Matched meetings are compared field by field
with what the row says, so importing the same file twice finds nothing to
change the second time. Places are matched by name and address,
organizations and categories by name, so nothing is created twice.

Real feeds are taken as their publishers write them: a slug several rows
share (as BMLT's feed has) becomes one per row, made from the row's day,
time and place; a row without a time zone keeps its place's (or the site's);
an online meeting placed only in the area the feed would give it anyway
keeps no place. Each is said in the dry run.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.areas import parse_area
from directory.meeting_guide import types as meeting_types
from directory.meeting_guide.reading import RowProblems, parse_row
from directory.meeting_guide.slugs import with_suffix
from directory.meeting_guide.spreadsheet import HEADINGS, is_ignored
from directory.models import (
    Category,
    DirectorySettings,
    FeedEntrySlug,
    FeedSlug,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
)
from directory.models.snippets import timezone_choices
from directory.validators import dial_string
from imports.models import ImportRun


@cache
def zone_names():
    return frozenset(zone for zone, _label in timezone_choices())


CHUNK = 1000
SUMMARY_LENGTH = 300


@dataclass
class Plan:
    creates: list = field(default_factory=list)  # [Meeting]
    updates: list = field(default_factory=list)  # [(page id, Meeting)]
    unchanged: list = field(default_factory=list)  # [page id]
    problems: list = field(default_factory=list)  # [{"where", "name", "reason"}]
    notes: list = field(default_factory=list)
    new_places: dict = field(default_factory=dict)  # place key: unsaved Location
    place_ids: dict = field(default_factory=dict)  # place key: Location id
    categories: dict = field(default_factory=dict)  # category text: Category id
    rows: int = 0

    @property
    def summary(self):
        rejected = len({problem["where"] for problem in self.problems})
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
            "rejected": rejected,
            "rows": self.rows,
        }


def summary_text(meeting):
    """The listing's required one-line summary: the notes' start, else its types in words."""
    notes = " ".join(meeting.notes.split())
    if notes:
        if len(notes) <= SUMMARY_LENGTH:
            return notes
        return notes[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    labels = [meeting_types.label(code, "en") for code in meeting.types if code != "TC"]
    if labels:
        return _("Weekly meeting: %(types)s.") % {"types": ", ".join(labels[:6])}
    return _("Weekly meeting.")


class Planner:
    def __init__(self, *, category=None, progress=None, pages=None):
        self.plan = Plan()
        self.default_category = category
        self.progress = progress or (lambda done, total: None)
        # `pages` ({slug: page id}) replaces the feed slugs for whoever keeps its own
        # keys (a followed meeting list); those slugs are matched exactly.
        if pages is not None:
            self.slugs = dict(pages)
        else:
            meetings = MeetingPage.objects.values("pk")
            self.slugs = dict(
                FeedSlug.objects.filter(page_id__in=meetings).values_list("slug", "page_id")
            )
            self.slugs.update(
                FeedEntrySlug.objects.filter(page_id__in=meetings).values_list("slug", "page_id")
            )
        self.places, self.zones = {}, {}
        # Only published places of the directory's own (not their translations): a
        # draft waits for review (directory.models.snippets), and a row matching it
        # gets a place of its own from the file.
        for location in (
            Location.objects.in_directory().filter(live=True).only(*PLACE_KEY_FIELDS, "timezone")
        ):
            self.places.setdefault(place_key(location), location.pk)
            self.zones[location.pk] = location.timezone
        # Organizations are matched by name (imports.apply); one still waiting for
        # review cannot be named, nor made again under the same name.
        self.draft_organizations = {
            name.casefold(): name
            for name in Organization.objects.filter(live=False).values_list("name", flat=True)
        }
        self.site_zone_places = set()  # new places that take the site's time zone
        self.category_ids = {}
        for category in Category.objects.in_directory():
            self.category_ids[category.slug.casefold()] = category.pk
            self.category_ids.setdefault(category.name.casefold(), category.pk)
        # What the feed shows for an online meeting with no place (entries.place_fields).
        settings_row = DirectorySettings.objects.first()
        self.service_area = settings_row.service_area if settings_row else ""
        self.organization_areas = {
            name.casefold(): area
            for name, area in Organization.objects.exclude(service_area="").values_list(
                "name", "service_area"
            )
        }
        self.page_areas = dict(
            MeetingPage.objects.exclude(organization__service_area="")
            .filter(organization__isnull=False)
            .values_list("pk", "organization__service_area")
        )

    def reject(self, row, name, reasons):
        self.plan.problems.append(
            {"where": row.where, "line": row.line, "name": name, "reason": " ".join(reasons)}
        )

    def make(self, source):
        plan = self.plan
        plan.rows = len(source.rows)
        if source.skipped_columns:
            plan.notes.append(
                _("Columns not imported (not meeting fields): %(columns)s.")
                % {"columns": ", ".join(source.skipped_columns)}
            )
        unread = Counter(
            key
            for row in source.rows
            if isinstance(row.fields, dict)
            for key in row.fields
            if key not in HEADINGS and not is_ignored(key)
        )
        if unread:
            plan.notes.append(
                _("Fields not imported (the directory has no place for them): %(fields)s.")
                % {"fields": ", ".join(sorted(unread))}
            )
        derive = source.format == ImportRun.Format.CSV
        parsed = []
        for row in source.rows:
            name = row.fields.get("name", "") if isinstance(row.fields, dict) else ""
            try:
                parsed.append((row, parse_row(row.fields, derive_slug=derive)))
            except RowProblems as problems:
                self.reject(row, str(name), problems.reasons)
        self.distinct_slugs(parsed)
        meetings = []
        own_codes = Counter()
        zones = defaultdict(Counter)  # where the zone of a row without one came from
        for index, (row, meeting) in enumerate(parsed, start=1):
            self.drop_usual_area(meeting)
            reasons = (
                self.check_place(meeting)
                + self.check_organization(meeting)
                + self.check_category(meeting)
            )
            if reasons:
                self.reject(row, meeting.name, reasons)
                continue
            for change in meeting.changes:
                plan.notes.append(f"{row.where}: {change}.")
            own_codes.update(meeting.own_types)
            if not meeting.timezone:
                zones[self.zone_source(meeting)][self.zone(meeting)] += 1
            meetings.append((row, meeting))
            if index % 500 == 0:
                self.progress(index, len(source.rows))
        if own_codes:
            plan.notes.append(
                _(
                    "Type codes outside the Meeting Guide list are kept, though other apps "
                    "ignore them: %(codes)s."
                )
                % {"codes": _counted(own_codes)}
            )
        if zones:
            plan.notes.append(zone_note(zones))
        self.match(meetings)
        self.progress(len(source.rows), len(source.rows))
        return plan

    def distinct_slugs(self, parsed):
        """Give each of several rows sharing a slug its own, and say so.

        Some publishers give one slug to every meeting of the same name (BMLT's
        feed does). Refusing those rows would refuse the whole file, and which
        row kept the bare slug would depend on the file's order, so each gets
        a slug made from its first day and time (and its city, or a number,
        when that is not enough), the same on every import of the same data.
        """
        counts = Counter(meeting.slug for _row, meeting in parsed)
        taken = set(counts)
        renamed = defaultdict(list)
        for _row, meeting in parsed:
            if counts[meeting.slug] < 2:
                continue
            original = meeting.slug
            meeting.slug = _distinct_slug(meeting, taken)
            taken.add(meeting.slug)
            renamed[original].append(meeting.slug)
        for original, slugs in renamed.items():
            self.plan.notes.append(
                _(
                    "The slug “%(slug)s” is given to %(count)s meetings; each is kept under "
                    "its own, made from its day and time: %(slugs)s."
                )
                % {"slug": original, "count": len(slugs), "slugs": ", ".join(slugs)}
            )

    def drop_usual_area(self, meeting):
        """An online meeting placed only in the area the feed gives it anyway keeps no place.

        The feed places an online meeting that has no location in its
        organization's service area, else the directory's; such a row, as our
        own feed writes it, is the same meeting without a location.
        """
        if not (meeting.online and meeting.is_area):
            return
        page_id = self.page_for(meeting.slug)
        area = (
            self.page_areas.get(page_id)
            or self.organization_areas.get(meeting.organization.casefold())
            or self.service_area
        )
        area, place = parse_area(area), meeting.place
        if area is None or place.name.casefold() not in (area.city.casefold(), ""):
            return
        if (area.city.casefold(), area.region.upper(), area.country or "US") == (
            place.city.casefold(),
            place.region.upper(),
            place.country,
        ):
            meeting.place = None

    def zone(self, meeting):
        """The time zone a meeting without one takes: its place's, else the site's."""
        if meeting.place is None:
            return settings.TIME_ZONE
        place_id = self.places.get(meeting.place.key)
        if place_id is not None:
            return self.zones[place_id] or settings.TIME_ZONE
        return self.plan.new_places[meeting.place.key].timezone

    def zone_source(self, meeting):
        place = meeting.place
        return "site" if place is None or place.key in self.site_zone_places else "place"

    def check_place(self, meeting):
        place = meeting.place
        if place is None or place.key in self.plan.new_places:
            return []
        if place.key in self.places:
            self.plan.place_ids[place.key] = self.places[place.key]
            return []
        location = Location(
            name=place.name,
            street_address=place.street_address,
            city=place.city,
            region=place.region,
            postal_code=place.postal_code,
            country=place.country,
            latitude=place.latitude,
            longitude=place.longitude,
            coordinates_approximate=place.coordinates_approximate,
            timezone=meeting.timezone,
            accessibility_notes=place.notes,
        )
        try:
            try:
                # The time zone is checked apart: validating it as a choice among
                # hundreds of zones, row after row, costs more than all the rest.
                location.full_clean(exclude=["photo", "timezone"])
            except ValidationError as error:
                if meeting.timezone or set(error.message_dict) != {"timezone"}:
                    raise
                # Neither the row nor the place says: the site's own time zone.
                location.timezone = settings.TIME_ZONE
                self.site_zone_places.add(place.key)
                location.full_clean(exclude=["photo", "timezone"])
            if location.timezone not in zone_names():
                raise ValidationError(
                    _(
                        "“%(zone)s” is not a time zone of a place; "
                        "choose one such as America/Denver."
                    )
                    % {"zone": location.timezone}
                )
        except ValidationError as error:
            return [
                _("The place “%(place)s”: %(problem)s") % {"place": place, "problem": message}
                for message in error.messages
            ]
        self.plan.new_places[place.key] = location
        return []

    def check_organization(self, meeting):
        draft = self.draft_organizations.get(meeting.organization.casefold())
        if not draft:
            return []
        return [
            _(
                "The organization “%(name)s” is a draft waiting for review; publish it in "
                "the admin first, or name another."
            )
            % {"name": draft}
        ]

    def check_category(self, meeting):
        wanted = meeting.category or self.default_category
        if not wanted:
            return []
        if isinstance(wanted, Category):
            self.plan.categories[wanted.slug] = wanted.pk
            meeting.category = wanted.slug
            return []
        category_id = self.category_ids.get(wanted.casefold())
        if category_id is None:
            return [
                _("There is no category “%(category)s”; use the name or slug of one in the admin.")
                % {"category": wanted}
            ]
        self.plan.categories[wanted] = category_id
        return []

    def page_for(self, slug):
        return self.slugs.get(slug)

    def match(self, meetings):
        by_page = {}
        for _row, meeting in meetings:
            page_id = self.page_for(meeting.slug)
            if page_id is None:
                self.plan.creates.append(meeting)
            elif page_id in by_page:
                # Entries of one meeting published per session: one listing again.
                first = by_page[page_id]
                first.sessions = tuple(sorted(set(first.sessions) | set(meeting.sessions)))
            else:
                by_page[page_id] = meeting
        ids = sorted(by_page)
        for offset in range(0, len(ids), CHUNK):
            for pk, page in stored_meetings(ids[offset : offset + CHUNK], self.zones).items():
                meeting = by_page[pk]
                wanted = self.wanted_state(meeting)
                if page_state(page, meeting, wanted.get("category")) == wanted:
                    self.plan.unchanged.append(pk)
                else:
                    self.plan.updates.append((pk, meeting))

    def place_id(self, meeting):
        if meeting.place is None:
            return None
        return self.places.get(meeting.place.key)

    def wanted_state(self, meeting):
        place = meeting.place
        place_id = self.place_id(meeting)
        if place is None:
            zone = meeting.timezone or settings.TIME_ZONE
        elif place_id is None:
            zone = meeting.timezone or self.plan.new_places[place.key].timezone
        else:
            zone = meeting.timezone or self.zones[place_id]
        state = meeting_state(meeting)
        state.update(
            locations=(place_id,) if place is not None else (),
            timezone=zone,
        )
        if meeting.category:
            state["category"] = self.plan.categories[meeting.category]
        return state


PLACE_KEY_FIELDS = ("name", "street_address", "city", "region", "postal_code", "country")


def place_key(location):
    """The key a Venue from a row would have for this Location."""
    return (
        location.name.casefold(),
        location.street_address.strip().casefold(),
        location.city.casefold(),
        location.region.upper(),
        location.postal_code[:5],
        location.country.upper(),
    )


# The page fields an import sets (imports.apply writes them; here they are compared).
MEETING_FIELDS = (
    "title",
    "notes",
    "summary",
    "types",
    "timezone",
    "by_appointment",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "group_name",
    "group_notes",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "last_verified",
)
STATE_FIELDS = ("pk", *MEETING_FIELDS, "organization__name")


def stored_meetings(ids, zones):
    """{page id: its fields as a dict}, with "sessions", "locations" and "categories".

    Plain value queries: loading thousands of pages as objects with their
    child rows costs seconds an import of ten thousand meetings cannot spare.
    """
    rows = {row["pk"]: row for row in MeetingPage.objects.filter(pk__in=ids).values(*STATE_FIELDS)}
    for row in rows.values():
        row.update(sessions=[], locations=[], categories=set())
    sessions = ListingSession.objects.filter(page_id__in=ids).order_by("sort_order", "pk")
    for page_id, day, start, end in sessions.values_list(
        "page_id", "day", "start_time", "end_time"
    ):
        rows[page_id]["sessions"].append((day, start, end))
    links = ListingLocation.objects.filter(page_id__in=ids).order_by("sort_order", "pk")
    for page_id, location_id in links.values_list("page_id", "location_id"):
        rows[page_id]["locations"].append(location_id)
    through = ListingPage.categories.through
    for page_id, category_id in through.objects.filter(listingpage_id__in=ids).values_list(
        "listingpage_id", "category_id"
    ):
        rows[page_id]["categories"].add(category_id)
    for row in rows.values():
        # As ListingPage.timezone_name: its own zone, else its first place's, else the site's.
        row["zone"] = row["timezone"] or next(
            (zones[pk] for pk in row["locations"] if zones.get(pk)), settings.TIME_ZONE
        )
    return rows


def meeting_state(meeting):
    """The fields an import sets, from a row; compared with page_state()."""
    state = {
        "title": meeting.name,
        "notes": meeting.notes,
        "types": tuple(meeting.types),
        "sessions": tuple(meeting.sessions),
        "by_appointment": meeting.by_appointment,
        "conference_url": meeting.conference_url,
        "conference_url_notes": meeting.conference_url_notes,
        "conference_phone": dial_string(meeting.conference_phone),
        "conference_phone_notes": meeting.conference_phone_notes,
        "group": meeting.group,
        "group_notes": meeting.group_notes,
        "contact_name": meeting.contact_name,
        "contact_email": meeting.contact_email,
        "contact_phone": meeting.contact_phone,
        "website": meeting.website,
    }
    if meeting.organization:
        state["organization"] = meeting.organization
    if meeting.last_verified:
        state["last_verified"] = meeting.last_verified
    return state


def shown_notes(page, meeting):
    """The notes the feed shows: the page's notes, or its summary when it has none.

    An import of a row without notes writes a summary of its own (see
    summary_text), which is not the row's notes.
    """
    if page["notes"]:
        return page["notes"]
    if not meeting.notes and page["summary"] == summary_text(meeting):
        return ""
    return page["summary"]


def page_state(page, meeting, category_id=None):
    """The same fields from a stored meeting (see stored_meetings), as the feed shows them.

    Fields the row leaves out (organization, category, last verified) are
    compared only when it gives them.
    """
    sessions = tuple(sorted(page["sessions"]))
    state = {
        "title": page["title"],
        "notes": shown_notes(page, meeting),
        "types": tuple(sorted(page["types"] or [])),
        "sessions": sessions,
        "by_appointment": bool(page["by_appointment"] and not sessions),
        "conference_url": page["conference_url"],
        "conference_url_notes": page["conference_url_notes"],
        "conference_phone": dial_string(page["conference_phone"]),
        "conference_phone_notes": page["conference_phone_notes"],
        "group": page["group_name"],
        "group_notes": page["group_notes"],
        "contact_name": (page["contact_name"].split() or [""])[0],
        "contact_email": page["contact_email"],
        "contact_phone": page["contact_phone"],
        "website": page["website"],
        "locations": tuple(page["locations"][:1]),
        "timezone": page["zone"],
    }
    if meeting.organization:
        state["organization"] = page["organization__name"] or ""
    if meeting.last_verified:
        state["last_verified"] = page["last_verified"]
    if meeting.category:
        state["category"] = category_id if category_id in page["categories"] else None
    return state


def _counted(counter):
    """ "NS (1 meeting), ONL (12 meetings)"."""
    return ", ".join(
        ngettext("%(code)s (%(count)s meeting)", "%(code)s (%(count)s meetings)", n)
        % {"code": code, "count": n}
        for code, n in sorted(counter.items())
    )


def zone_note(zones):
    """What rows without a time zone keep, as one sentence of the dry run."""
    parts = []
    if zones.get("place"):
        parts.append(
            _("the time zone of their place: %(zones)s") % {"zones": _counted(zones["place"])}
        )
    if zones.get("site"):
        parts.append(
            _("the site's time zone where their place does not tell: %(zones)s")
            % {"zones": _counted(zones["site"])}
        )
    return _("No time zone given, so the meetings keep %(parts)s.") % {
        "parts": _("; and ").join(parts)
    }


def _distinct_slug(meeting, taken):
    """A slug for one of several rows sharing `meeting.slug`, not in `taken`."""
    parts = []
    if meeting.sessions:
        day, start, _end = meeting.sessions[0]
        parts.append(f"{day}-{start:%H%M}")
    place = meeting.place
    where = slugify(place.city or place.name) if place else ""
    candidates = ["-".join(parts)] if parts else []
    if where:
        candidates.append("-".join([*parts, where]))
    for suffix in candidates:
        slug = with_suffix(meeting.slug, f"-{suffix}")
        if slug not in taken:
            return slug
    base = "-".join(candidates[-1:]) or "copy"
    number = 2
    while (slug := with_suffix(meeting.slug, f"-{base}-{number}")) in taken:
        number += 1
    return slug


def make_plan(source, *, category=None, progress=None, pages=None):
    """The Plan for a Source; `pages` ({slug: page id}) matches rows to meetings by those
    slugs alone instead of the feed slugs."""
    return Planner(category=category, progress=progress, pages=pages).make(source)
