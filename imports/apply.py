"""Applying a checked import: every change in one transaction, written in bulk.

Saving ten thousand pages one by one takes many minutes (each save validates,
writes a revision, logs and reindexes). Here new meetings go in through
directory.bulk_pages and updated ones with plain UPDATEs; a meeting that
already has revisions gets a new one, so the editor opens on what was
imported rather than on the older draft. The changes are announced as one
listing change (directory.changes), so both search engines and the feed
catch up as the transaction commits; the admin's page search is updated here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backends

from directory.bulk_pages import ROWS_PER_EXECUTE, delete_rows, update_rows
from directory.bulk_pages import insert_pages as insert_listing_pages
from directory.changes import Reason, announce
from directory.models import (
    FeedSlug,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
)
from imports.plan import CHUNK, MEETING_FIELDS, summary_text

# What page_values() keeps from a page being updated, and how its revisions stand.
KEPT_FIELDS = ("organization", "last_verified", "notes", "summary", "latest_revision")
PAGE_FIELDS = {
    *MEETING_FIELDS,
    "draft_title",
    "organization_id",
    "last_published_at",
    "has_unpublished_changes",
}


def page_values(meeting, *, place_ids, zones, organizations, keep=None):
    """The page fields a meeting sets; `keep` is the page being updated, if any."""
    place_id = place_ids.get(meeting.place.key) if meeting.place else None
    # A listing follows its place's time zone unless the row says otherwise.
    zone = meeting.timezone if meeting.timezone != zones.get(place_id) else ""
    values = {
        "title": meeting.name,
        "draft_title": meeting.name,
        "summary": summary_text(meeting),
        "notes": meeting.notes,
        "types": list(meeting.types),
        "timezone": zone,
        "by_appointment": meeting.by_appointment,
        "conference_url": meeting.conference_url,
        "conference_url_notes": meeting.conference_url_notes,
        "conference_phone": meeting.conference_phone,
        "conference_phone_notes": meeting.conference_phone_notes,
        "group_name": meeting.group,
        "group_notes": meeting.group_notes,
        "contact_name": meeting.contact_name,
        "contact_email": meeting.contact_email,
        "contact_phone": meeting.contact_phone,
        "website": meeting.website,
        "organization_id": organizations.get(meeting.organization)
        if meeting.organization
        else None,
        "last_verified": meeting.last_verified,
    }
    if keep is not None:
        # What the row does not give stays as it was.
        if not meeting.organization:
            values["organization_id"] = keep.organization_id
        if not meeting.last_verified:
            values["last_verified"] = keep.last_verified
        if (keep.notes or keep.summary) == meeting.notes:
            values["summary"], values["notes"] = keep.summary, keep.notes
    return values


class Applier:
    """Writes a Plan. `reason` is what the change is announced as; with `revise_all`
    every page updated gets a new revision, not only pages that already have one.
    After apply(), `created` holds the new pages' ids in the order of plan.creates
    and `updated` the ids of the pages updated."""

    def __init__(
        self, plan, *, section, user=None, report=None, reason=Reason.IMPORT, revise_all=False
    ):
        self.plan = plan
        self.section = section
        self.user = user
        self.report = report or (lambda stage, done=0, total=0: None)
        self.reason = reason
        self.revise_all = revise_all
        self.now = timezone.now()
        self.created, self.updated = [], []

    def apply(self):
        plan = self.plan
        self.report("Writing the changes", 0, 0)
        done = 0

        def progress(count):
            nonlocal done
            done += count
            self.report("Updating search", done, len(changed))

        with transaction.atomic():
            self.place_ids = {**plan.place_ids, **self.create_places()}
            self.zones = dict(Location.objects.values_list("pk", "timezone"))
            self.organizations = self.find_organizations()
            created = self.created = self.create_pages()
            updated = self.updated = self.update_pages()
            changed = created + updated
            self.report("Updating search", 0, len(changed))
            # Search and the feed catch up as the transaction commits.
            announce(changed, self.reason, progress=progress)
        self.report("Updating the admin's page search", 0, len(changed))
        for offset in range(0, len(changed), CHUNK):
            pages = list(MeetingPage.objects.filter(pk__in=changed[offset : offset + CHUNK]))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(MeetingPage, pages)
            self.report("Updating the admin's page search", offset + len(pages), len(changed))
        return {"created": len(created), "updated": len(updated), "unchanged": len(plan.unchanged)}

    def create_places(self):
        places = list(self.plan.new_places.items())
        saved = Location.objects.bulk_create(
            [location for _key, location in places], batch_size=ROWS_PER_EXECUTE
        )
        return {key: location.pk for (key, _), location in zip(places, saved, strict=True)}

    def find_organizations(self):
        meetings = self.plan.creates + [meeting for _pk, meeting in self.plan.updates]
        names = {meeting.organization for meeting in meetings if meeting.organization}
        existing = {
            name.casefold(): pk for name, pk in Organization.objects.values_list("name", "pk")
        }
        missing = {}
        for name in sorted(names):
            if name.casefold() not in existing:
                missing.setdefault(name.casefold(), name)
        for organization in Organization.objects.bulk_create(
            [Organization(name=name) for name in missing.values()]
        ):
            existing[organization.name.casefold()] = organization.pk
        return {name: existing[name.casefold()] for name in names}

    def values(self, meeting, keep=None):
        return page_values(
            meeting,
            place_ids=self.place_ids,
            zones=self.zones,
            organizations=self.organizations,
            keep=keep,
        )

    def create_pages(self):
        creates = self.plan.creates
        records = [
            {
                **self.values(meeting),
                "model": MeetingPage,
                "slug_base": self.slug_base(meeting),
                "owner_id": self.user.pk if self.user else None,
            }
            for meeting in creates
        ]
        ids = insert_listing_pages(self.section, records, self.now)
        FeedSlug.objects.bulk_create(
            [
                FeedSlug(page_id=page_id, slug=meeting.slug)
                for page_id, meeting in zip(ids, creates, strict=True)
            ],
            batch_size=ROWS_PER_EXECUTE,
        )
        self.link(list(zip(ids, creates, strict=True)))
        return ids

    def slug_base(self, meeting):
        """What a new meeting's page slug starts with (the page's tree step follows)."""
        return slugify(meeting.slug)[:50].strip("-") or "meeting"

    def link(self, pairs):
        """Sessions, place and category rows of these (page id, meeting) pairs."""
        sessions, places, categories = [], [], []
        through = ListingPage.categories.through
        for page_id, meeting in pairs:
            sessions += [
                ListingSession(
                    page_id=page_id, sort_order=order, day=day, start_time=start, end_time=end
                )
                for order, (day, start, end) in enumerate(meeting.sessions)
            ]
            if meeting.place is not None:
                places.append(
                    ListingLocation(
                        page_id=page_id, sort_order=0, location_id=self.place_ids[meeting.place.key]
                    )
                )
            if meeting.category:
                categories.append(
                    through(
                        listingpage_id=page_id, category_id=self.plan.categories[meeting.category]
                    )
                )
        ListingSession.objects.bulk_create(sessions, batch_size=ROWS_PER_EXECUTE)
        ListingLocation.objects.bulk_create(places, batch_size=ROWS_PER_EXECUTE)
        through.objects.bulk_create(categories, batch_size=ROWS_PER_EXECUTE, ignore_conflicts=True)

    def update_pages(self):
        wanted = dict(self.plan.updates)
        ids = sorted(wanted)
        using = router.db_for_write(Page)
        for offset in range(0, len(ids), CHUNK):
            chunk = ids[offset : offset + CHUNK]
            stored = MeetingPage.objects.filter(pk__in=chunk).only(*KEPT_FIELDS)
            records = [
                {
                    **self.values(wanted[page.pk], keep=page),
                    "id": page.pk,
                    "last_published_at": self.now,
                    "has_unpublished_changes": False,
                }
                for page in stored
            ]
            for model in (Page, ListingPage, MeetingPage):
                update_rows(model, records, PAGE_FIELDS, using=using)
            delete_rows(ListingSession, "page_id", chunk, using=using)
            delete_rows(ListingLocation, "page_id", chunk, using=using)
            self.link([(record["id"], wanted[record["id"]]) for record in records])
            self.revise([page.pk for page in stored if self.revise_all or page.latest_revision_id])
        return ids

    def revise(self, ids):
        """A new published revision for each of these pages, from its new rows."""
        if not ids:
            return
        page_type = ContentType.objects.get_for_model(Page)
        meeting_type = ContentType.objects.get_for_model(MeetingPage)
        pages = list(
            MeetingPage.objects.filter(pk__in=ids).prefetch_related(
                # Every child relation a revision holds, comments included.
                "sessions",
                "listing_locations",
                "categories",
                "wagtail_admin_comments",
            )
        )
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=meeting_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=self.now,
                    user=self.user,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in pages
            ]
        )
        update_rows(
            Page,
            [
                {"id": page.pk, "latest_revision_id": revision.pk, "live_revision_id": revision.pk}
                for page, revision in zip(pages, revisions, strict=True)
            ],
            {"latest_revision_id", "live_revision_id"},
            using=router.db_for_write(Page),
        )
