"""Inserting very many listing pages without saving them one by one.

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
from django.db import connections, router

from wagtail.models import Locale, Page

from directory.models import LISTING_MODELS, ListingPage

ROWS_PER_EXECUTE = 2000


class BulkError(Exception):
    """The bulk write cannot go ahead; the message says why."""


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


def insert_rows(model, records, *, using, exclude=(), prepared=False):
    """INSERT one row per record into `model`'s own table; the record is keyed by attname.

    Fields a record leaves out take the model field's default, so fields added
    to the models later still get sensible values here. `prepared`: the values
    are already what the database takes (numbers, text, booleans), so they go
    as they are, without each field's conversion (which costs more than the
    INSERT for narrow rows).
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

    def row(record):
        values = [record.get(f.attname, defaults[f.attname]) for f in fields]
        if prepared:
            return values
        return [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]

    with connection.cursor() as cursor:
        for chunk in batched(records, ROWS_PER_EXECUTE):
            cursor.executemany(sql, [row(record) for record in chunk])
    return len(records)


def update_rows(model, records, attnames, *, using):
    """UPDATE the rows of `model`'s own table named by each record's "id".

    Only the fields among `attnames` that live in this table are set; a
    multi-table page is updated by calling this once per level. Django's
    bulk_update() builds one CASE expression per field and row, which costs
    seconds per thousand pages; this sends plain parameterized UPDATEs.
    """
    connection = connections[using]
    fields = [f for f in model._meta.local_concrete_fields if f.attname in attnames]
    if not fields or not records:
        return 0
    quote = connection.ops.quote_name
    # Identifiers come from the model's metadata and are quoted; values are parameters.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        for chunk in batched(records, ROWS_PER_EXECUTE):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(record[f.attname], connection) for f in fields]
                    + [record["id"]]
                    for record in chunk
                ],
            )
    return len(records)


def delete_rows(model, attname, values, *, using):
    """DELETE the rows of `model` whose `attname` is among `values`, without loading them.

    For a listing's own child rows (sessions, place links), which nothing else
    points to. QuerySet.delete() loads every row and sends a signal for each
    (Wagtail's reference index listens to every model's deletes), which costs
    seconds per thousand listings and finds nothing to do for these rows.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    field = model._meta.get_field(attname.removesuffix("_id"))
    total = 0
    with connection.cursor() as cursor:
        # At most 500 parameters a statement: older SQLite builds allow 999.
        for chunk in batched(values, 500):
            # Identifiers from the model's metadata, quoted; values are parameters.
            sql = "DELETE FROM {} WHERE {} IN ({})".format(  # noqa: S608
                quote(model._meta.db_table),
                quote(field.column),
                ", ".join(["%s"] * len(chunk)),
            )
            cursor.execute(sql, chunk)
            total += cursor.rowcount
    return total


def insert_pages(section, records, now):
    """Insert listing pages under `section`, published at `now`; return their new ids.

    Each record maps attnames to values for every table of its kind, plus
    "model" (a LISTING_MODELS class), "title" and "slug_base"; the page slug
    is `slug_base` made unique with the page's tree step. Records are
    modified in place (ids, paths, slugs).
    """
    using = router.db_for_write(Page)
    if not connections[using].features.can_return_rows_from_bulk_insert:
        raise BulkError("This database cannot return new ids from a bulk insert.")
    if not records:
        return []
    content_types = ContentType.objects.get_for_models(*LISTING_MODELS)
    locale_id = section.locale_id or Locale.get_default().pk
    depth = section.depth + 1
    last_path = children(section).order_by("-path").values_list("path", flat=True).first()
    first_step = decode_step(last_path[-Page.steplen :]) + 1 if last_path else 1
    encode_step(first_step + len(records) - 1)  # fails early if the section is full

    for offset, record in enumerate(records):
        step = first_step + offset
        model = record["model"]
        slug = f"{record['slug_base']}-{step}"
        record.update(
            path=section.path + encode_step(step),
            depth=depth,
            numchild=0,
            draft_title=record["title"],
            slug=slug,
            url_path=f"{section.url_path}{slug}/",
            content_type_id=content_types[model].pk,
            locale_id=locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            kind=model.listing_kind.value,
        )
    insert_rows(Page, records, using=using, exclude=("id",))  # the database numbers them

    ids = dict(
        Page.objects.filter(
            depth=depth, path__gte=records[0]["path"], path__lte=records[-1]["path"]
        ).values_list("path", "pk")
    )
    for record in records:
        record["id"] = record["page_ptr_id"] = record["listingpage_ptr_id"] = ids[record["path"]]
    insert_rows(ListingPage, records, using=using)
    for model in LISTING_MODELS:
        insert_rows(model, [r for r in records if r["model"] is model], using=using)
    recount(section)
    return [record["id"] for record in records]


def children(section):
    # Not section.get_children(): treebeard answers "none" from the in-memory
    # numchild, which a bulk insert leaves stale.
    return Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)


def recount(section):
    section.numchild = children(section).count()
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild)
