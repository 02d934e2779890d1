"""Inserting (and removing) very many listing pages without saving them one by one.

Saving a Wagtail page runs validation, writes three tables, updates search and
reference indexes and logs the action: fine for a person, far too slow for a
hundred thousand pages. Here each table is written in bulk instead.

Listing pages are multi-table inherited: a row in wagtailcore_page, one in
directory_listingpage sharing its id, and one in the kind's own table (for
example directory_meetingpage). Django's bulk_create() refuses such models,
because it cannot insert the parent rows and learn their ids in one go. So we
insert level by level, as Model.save() itself does for one object:

1. wagtailcore_page rows, with tree paths worked out here (treebeard's
   materialized path: the parent's path plus a fixed-width base-36 step);
2. read their new ids back by path, which is unique;
3. each child table's rows, using that model's *local* concrete fields only,
   with the shared id as their primary key.

Each level is one parameterized INSERT run with cursor.executemany(), with
values prepared by each field's get_db_prep_save(), exactly as save() would
prepare them. That needs no private QuerySet methods (such as _insert), and
sends one row's parameters at a time, so SQLite's limit on parameters per
statement never comes into play. Plain models (locations, sessions, links)
use bulk_create().
"""

import uuid
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils import timezone

from wagtail.models import Locale, Page

from directory.models import (
    LISTING_MODELS,
    Category,
    ListingIndexPage,
    ListingLocation,
    ListingPage,
    ListingSession,
    Location,
    Organization,
)
from home.models import HomePage

SECTION_SLUG = "generated"
SECTION_TITLE = "Generated listings"
SECTION_INTRO = (
    "<p>Made-up listings for testing how the directory copes with scale. None of them are real.</p>"
)
ROWS_PER_EXECUTE = 2000


class BulkError(Exception):
    """The bulk load cannot go ahead; the message says why."""


def generated_section():
    """The "Generated listings" section under the home page, made the normal way."""
    home = HomePage.objects.filter(slug="home").first()
    if home is None:
        raise BulkError("There is no home page yet. Run `manage.py migrate` first.")
    section = ListingIndexPage.objects.child_of(home).filter(slug=SECTION_SLUG).first()
    if section is None:
        section = ListingIndexPage(title=SECTION_TITLE, slug=SECTION_SLUG, intro=SECTION_INTRO)
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


# Treebeard paths: each level adds `steplen` characters from `alphabet`.


def encode_step(number):
    alphabet, width = Page.alphabet, Page.steplen
    if not 0 < number < len(alphabet) ** width:
        raise BulkError(
            "The generated section is full. Run generate_directory with --replace to "
            "start it afresh."
        )
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    return "".join(reversed(digits))


def decode_step(text):
    number = 0
    for character in text:
        number = number * len(Page.alphabet) + Page.alphabet.index(character)
    return number


def batched(items, size):
    """itertools.batched, which arrives only in Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert_rows(model, records, *, using, exclude=()):
    """INSERT one row per record into `model`'s own table; the record is keyed by attname.

    Fields a record leaves out take the model field's default, so fields added
    to the models later still get sensible values here.
    """
    connection = connections[using]
    fields = [f for f in model._meta.local_concrete_fields if f.attname not in exclude]
    defaults = {f.attname: f.get_default() for f in fields}
    quote = connection.ops.quote_name
    # Identifiers come from the model's metadata and are quoted; values are
    # parameters, never formatted into the SQL.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for chunk in batched(records, ROWS_PER_EXECUTE):
            cursor.executemany(
                sql,
                [
                    [
                        f.get_db_prep_save(record.get(f.attname, defaults[f.attname]), connection)
                        for f in fields
                    ]
                    for record in chunk
                ],
            )
    return len(records)


def insert_batch(section, batch):
    """Write a synthetic batch under `section`; returns the number of rows written."""
    using = router.db_for_write(Page)
    if not connections[using].features.can_return_rows_from_bulk_insert:
        raise BulkError("This database cannot return new ids from a bulk insert.")
    now = timezone.now()
    rows = 0

    locations = Location.objects.bulk_create(
        [Location(**values) for values in batch.locations], batch_size=ROWS_PER_EXECUTE
    )
    rows += len(locations)
    organizations = _organizations({listing.organization for listing in batch.listings} - {""})
    categories = dict(Category.objects.values_list("slug", "pk"))
    missing = sorted({listing.category for listing in batch.listings} - set(categories))
    if missing:
        raise BulkError(
            f"The categories {', '.join(missing)} are missing; run `manage.py migrate`."
        )
    content_types = ContentType.objects.get_for_models(*LISTING_MODELS)
    locale_id = section.locale_id or Locale.get_default().pk

    depth = section.depth + 1
    last_path = _children(section).order_by("-path").values_list("path", flat=True).first()
    first_step = decode_step(last_path[-Page.steplen :]) + 1 if last_path else 1
    encode_step(first_step + len(batch.listings) - 1)  # fails early if the section is full

    records = []
    for offset, listing in enumerate(batch.listings):
        step = first_step + offset
        slug = f"{listing.slug_base}-{step}"
        records.append(
            {
                **listing.fields,
                "path": section.path + encode_step(step),
                "depth": depth,
                "numchild": 0,
                "title": listing.title,
                "draft_title": listing.title,
                "slug": slug,
                "url_path": f"{section.url_path}{slug}/",
                "content_type_id": content_types[listing.model].pk,
                "locale_id": locale_id,
                "translation_key": uuid.uuid4(),
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": now,
                "last_published_at": now,
                "kind": listing.model.listing_kind.value,
                "organization_id": organizations.get(listing.organization),
            }
        )
    rows += insert_rows(Page, records, using=using, exclude=("id",))  # the database numbers them

    ids = dict(
        Page.objects.filter(
            depth=depth, path__gte=records[0]["path"], path__lte=records[-1]["path"]
        ).values_list("path", "pk")
    )
    for record in records:
        record["id"] = record["page_ptr_id"] = record["listingpage_ptr_id"] = ids[record["path"]]
    rows += insert_rows(ListingPage, records, using=using)
    for model in LISTING_MODELS:
        of_kind = [
            record
            for record, listing in zip(records, batch.listings, strict=True)
            if listing.model is model
        ]
        rows += insert_rows(model, of_kind, using=using)

    rows += _links(records, batch, locations, categories)
    _recount(section)
    return rows


def _children(section):
    # Not section.get_children(): treebeard answers "none" from the in-memory
    # numchild, which a bulk insert leaves stale.
    return Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)


def _recount(section):
    section.numchild = _children(section).count()
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild)


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
    children = _children(section)
    location_ids = set(
        ListingLocation.objects.filter(page__in=children).values_list("location_id", flat=True)
    )
    for page in children.filter(latest_revision__isnull=False).specific():
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
    _recount(section)
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
