"""Generated listings: made-up pages written in bulk (see directory.bulk_pages), and
removed in bulk.

Deleting through the ORM would load each page and send per-row signals, far
too slow for a hundred thousand pages, so removal also goes table by table.
"""

from django.db import connections, models, router
from django.utils import timezone

from wagtail.models import Page

from directory.bulk_pages import (
    ROWS_PER_EXECUTE,
    BulkError,
    batched,
    children,
    insert_pages,
    recount,
)
from directory.models import (
    LISTING_MODELS,
    Category,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    Organization,
)
from directory.translations import in_default_locale
from home.models import HomePage, ListingIndexPage

SECTION_SLUG = "generated"
SECTION_TITLE = "Generated listings"
SECTION_INTRO = (
    "<p>Made-up listings for testing how the directory copes with scale. None of them are real.</p>"
)


def generated_section():
    """The "Generated listings" section under the home page, made the normal way."""
    home = in_default_locale(HomePage.objects.filter(slug="home")).first()
    if home is None:
        raise BulkError("There is no home page yet. Run `manage.py migrate` first.")
    section = ListingIndexPage.objects.child_of(home).filter(slug=SECTION_SLUG).first()
    if section is None:
        section = ListingIndexPage(title=SECTION_TITLE, slug=SECTION_SLUG, intro=SECTION_INTRO)
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


def insert_batch(section, batch):
    """Write a synthetic batch under `section`; returns the number of rows written."""
    locations = Location.objects.bulk_create(
        [Location(**values) for values in batch.locations], batch_size=ROWS_PER_EXECUTE
    )
    organizations = _organizations({listing.organization for listing in batch.listings} - {""})
    categories = dict(Category.objects.in_directory().values_list("slug", "pk"))
    missing = sorted({listing.category for listing in batch.listings} - set(categories))
    if missing:
        raise BulkError(
            f"The categories {', '.join(missing)} are missing; run `manage.py migrate`."
        )
    records = [
        {
            **listing.fields,
            "model": listing.model,
            "title": listing.title,
            "slug_base": listing.slug_base,
            "organization_id": organizations.get(listing.organization),
        }
        for listing in batch.listings
    ]
    insert_pages(section, records, timezone.now())
    # Three rows per page (page, listing, kind) and whatever links each has.
    return len(locations) + 3 * len(records) + _links(records, batch, locations, categories)


def _organizations(names):
    existing = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
    missing = sorted(names - set(existing))
    Organization.objects.bulk_create(
        [
            Organization(name=name, description="<p>A made-up organization for testing.</p>")
            for name in missing
        ]
    )
    return dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))


def _links(records, batch, locations, categories):
    sessions, places, tags = [], [], []
    through = ListingPage.categories.through
    for record, listing in zip(records, batch.listings, strict=True):
        page_id = record["id"]
        sessions += [
            ListingSession(
                page_id=page_id, sort_order=order, day=day, start_time=start, end_time=end
            )
            for order, (day, start, end) in enumerate(listing.sessions)
        ]
        places += [
            ListingLocation(page_id=page_id, sort_order=order, location_id=locations[index].pk)
            for order, index in enumerate(listing.locations)
        ]
        tags.append(through(listingpage_id=page_id, category_id=categories[listing.category]))
    ListingSession.objects.bulk_create(sessions, batch_size=ROWS_PER_EXECUTE)
    ListingLocation.objects.bulk_create(places, batch_size=ROWS_PER_EXECUTE)
    through.objects.bulk_create(tags, batch_size=ROWS_PER_EXECUTE)
    return len(sessions) + len(places) + len(tags)


def delete_generated(section):
    """Remove every listing under `section` and the locations only they used.

    Deleting through the ORM would load each page and send per-row signals
    (search documents, reference index, an audit log entry each): minutes
    for a big batch. So rows are deleted table by table: first whatever
    points at a listing (sessions, links, search documents, ...), found from
    the models' relations and treated as their on_delete says, then the
    kind, listing and page rows. Any page someone has since edited in the
    admin (it has revisions) is deleted the normal Wagtail way first.
    """
    pages = children(section)
    location_ids = set(
        ListingLocation.objects.filter(page__in=pages).values_list("location_id", flat=True)
    )
    for page in pages.filter(latest_revision__isnull=False).specific():
        page.delete()

    connection = connections[router.db_for_write(Page)]
    quote = connection.ops.quote_name
    # Every table below is keyed by the page id, so one subquery picks the rows.
    subquery = (
        f"SELECT {quote('id')} FROM {quote(Page._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('path')} LIKE %s AND {quote('depth')} = %s"
    )
    params = [f"{section.path}%", section.depth + 1]
    deleted = 0
    with connection.cursor() as cursor:
        for model in (*LISTING_MODELS, ListingPage, Page):
            for related, column, on_delete in _pointing_at(model):
                _clear(cursor, quote, related, column, on_delete, subquery, params)
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} "  # noqa: S608 - quoted identifiers
                f"WHERE {quote(model._meta.pk.column)} IN ({subquery})",
                params,
            )
            deleted = cursor.rowcount
        still_used = set(ListingLocation.objects.values_list("location_id", flat=True))
        for chunk in batched(sorted(location_ids - still_used), 500):
            cursor.execute(
                f"DELETE FROM {quote(Location._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('id')} IN ({', '.join(['%s'] * len(chunk))})",
                list(chunk),
            )
    recount(section)
    return deleted


def _pointing_at(model):
    """(model, column, on_delete) for each foreign key to `model`'s own table.

    The multi-table links between page levels are left out: those rows are
    deleted level by level on purpose.
    """
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one) or relation.model is not model:
            continue
        if relation.field.remote_field.parent_link:
            continue
        yield relation.related_model, relation.field.column, relation.on_delete


def _clear(cursor, quote, related, column, on_delete, subquery, params):
    table, column = quote(related._meta.db_table), quote(column)
    where = f"WHERE {column} IN ({subquery})"
    if on_delete is models.CASCADE:
        cursor.execute(f"DELETE FROM {table} {where}", params)  # noqa: S608
    elif on_delete is models.SET_NULL:
        cursor.execute(f"UPDATE {table} SET {column} = NULL {where}", params)  # noqa: S608
    elif on_delete is not models.DO_NOTHING:
        cursor.execute(f"SELECT 1 FROM {table} {where} LIMIT 1", params)  # noqa: S608
        if cursor.fetchone():
            raise BulkError(
                f"Some generated listings are still used by {related._meta.verbose_name} "
                "entries. Remove those first, or delete the listings in the admin."
            )
