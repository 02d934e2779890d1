# The database engine searches in SQL: a narrow row per document for filters,
# facets and sorting, its places and session times, a vocabulary for typos, a
# text index the database keeps in step with each document by itself, and
# the outbox's token.

import django.db.models.deletion
from django.db import migrations, models

DOCUMENTS = "directory_search_searchdocument"
ENTRIES = "directory_search_searchentry"

SQLITE_TEXT_INDEX = [
    # External content: the words stay in the document row; triggers keep the
    # index in step with every insert, update and delete, whoever makes it.
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title_words, words, content='{DOCUMENTS}', content_rowid='listing_id')""",
    # Index the rows already there, so that the triggers' deletes find them.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON {DOCUMENTS} BEGIN
        INSERT INTO search_fts(rowid, title_words, words)
        VALUES (new.listing_id, new.title_words, new.words);
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON {DOCUMENTS} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, words)
        VALUES ('delete', old.listing_id, old.title_words, old.words);
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE OF title_words, words ON {DOCUMENTS}
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, words)
        VALUES ('delete', old.listing_id, old.title_words, old.words);
        INSERT INTO search_fts(rowid, title_words, words)
        VALUES (new.listing_id, new.title_words, new.words);
    END""",
]
SQLITE_TEXT_INDEX_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL_TEXT_INDEX = [
    # The title's words carry weight A, so a search can ask for them alone.
    f"""ALTER TABLE {DOCUMENTS} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_words), 'A')
        || to_tsvector('simple'::regconfig, words)) STORED""",
    f"CREATE INDEX search_document_vector ON {DOCUMENTS} USING gin (search_vector)",
    # Titles sort by code point whatever the database's collation.
    f'CREATE INDEX search_entry_title_c ON {ENTRIES} (sort_title COLLATE "C", listing_id)',
]
POSTGRESQL_TEXT_INDEX_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_title_c",
    "DROP INDEX IF EXISTS search_document_vector",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_text_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_TEXT_INDEX, "postgresql": POSTGRESQL_TEXT_INDEX})


def drop_text_index(apps, schema_editor):
    _run(
        schema_editor,
        {"sqlite": SQLITE_TEXT_INDEX_REVERSE, "postgresql": POSTGRESQL_TEXT_INDEX_REVERSE},
    )


def index_stored_documents(apps, schema_editor):
    """Documents stored before this migration get their new rows from their own JSON,
    so search keeps answering without a rebuild."""
    SearchDocument = apps.get_model("directory_search", "SearchDocument")
    if not SearchDocument.objects.exists():
        return
    from search import store

    documents = list(SearchDocument.objects.values_list("data", flat=True))
    store.write(documents)


def _covering_index(column):
    columns = [
        "kind",
        "attendance",
        "categories",
        "types",
        "days",
        "times",
        "free",
        "accessible",
        "languages",
        "audiences",
    ]
    return models.Index(
        fields=[column, *[name for name in columns if name != column], "listing"],
        name=f"search_entry_by_{column}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_roles_and_review"),
        ("directory_search", "0005_browse_page_moved"),
    ]

    operations = [
        migrations.RenameField(model_name="searchdocument", old_name="text", new_name="words"),
        migrations.AlterField(
            model_name="searchdocument",
            name="words",
            field=models.TextField(help_text="Every searchable word, folded, for the text index."),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_words",
            field=models.TextField(
                default="", help_text="The title's folded words, for the text index."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="content_hash",
            field=models.CharField(
                default="",
                help_text="Changes whenever the document does; the index keeps a copy.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="occurrences_until",
            field=models.BigIntegerField(
                db_index=True,
                default=0,
                help_text="When the precomputed session times run out (epoch seconds).",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pendingindexupdate",
            name="token",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "listing",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="directory.listingpage",
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("attendance", models.CharField(blank=True, max_length=20)),
                ("free", models.BooleanField()),
                ("accessible", models.BooleanField()),
                ("categories", models.TextField()),
                ("types", models.TextField()),
                ("days", models.TextField()),
                ("times", models.TextField()),
                ("languages", models.TextField()),
                ("audiences", models.TextField()),
                ("profile", models.TextField()),
                ("sort_title", models.CharField(max_length=255)),
                ("title_words", models.TextField()),
            ],
            options={
                "verbose_name": "search entry",
                "indexes": [
                    models.Index(fields=["sort_title", "listing"], name="search_entry_by_title"),
                    *(
                        _covering_index(column)
                        for column in ("profile", "categories", "types")
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("lat", models.FloatField()),
                ("lon", models.FloatField()),
                (
                    "listing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.listingpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "search point",
                "indexes": [
                    models.Index(fields=["lat", "lon", "listing"], name="search_point_box")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchOccurrence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts", models.BigIntegerField()),
                ("ends", models.BigIntegerField()),
                (
                    "listing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.listingpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "search occurrence",
                "indexes": [
                    models.Index(
                        fields=["starts", "ends", "listing"], name="search_occurrence_time"
                    ),
                    models.Index(fields=["listing", "starts"], name="search_occurrence_next"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=64, primary_key=True, serialize=False))],
            options={"verbose_name": "search word"},
        ),
        migrations.RunPython(create_text_index, drop_text_index),
        migrations.RunPython(index_stored_documents, migrations.RunPython.noop),
    ]
