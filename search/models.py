"""What search keeps in the database: the documents, the rows the database engine
searches, the synonyms and the outbox of Elasticsearch updates."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class SearchDocument(models.Model):
    """One published listing as both engines see it.

    `data` is the document both engines return; the Elasticsearch index holds
    the same one. The database engine finds documents through the rows below
    and through a text index on `title_words` and `words`, which the database
    keeps in step with this row by itself (an FTS5 table fed by triggers on
    SQLite, a generated tsvector column on PostgreSQL; migration 0006). Rows
    exist only for live listings.
    """

    listing = models.OneToOneField(
        "directory.ListingPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    data = models.JSONField()
    title_words = models.TextField(help_text="The title's folded words, for the text index.")
    words = models.TextField(help_text="Every searchable word, folded, for the text index.")
    content_hash = models.CharField(
        max_length=64, help_text="Changes whenever the document does; the index keeps a copy."
    )
    occurrences_until = models.BigIntegerField(
        db_index=True, help_text="When the precomputed session times run out (epoch seconds)."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return self.data.get("title", str(self.listing_id))


# What SearchEntry filters on. Facets are counted by grouping on `profile`
# (kind, attendance, days and times at once), `categories` or `types`; each
# has a covering index holding every filter, so SQLite counts from the index
# alone, in the order of the grouped column.
FILTER_COLUMNS = (
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
)
GROUPED_COLUMNS = ("profile", "categories", "types")


def _covering_index(column):
    others = [name for name in FILTER_COLUMNS if name != column]
    return models.Index(fields=[column, *others, "listing"], name=f"search_entry_by_{column}")


class SearchEntry(models.Model):
    """What the database engine filters, counts and sorts a document by, in one narrow row.

    Lists are kept as one string each, every value between two separators
    (see search.store.joined), so that membership is a substring test and a
    facet is counted with one GROUP BY over the distinct combinations.
    `profile` joins kind, attendance, days and times, which have few
    combinations between them, so one GROUP BY counts all four.
    """

    listing = models.OneToOneField(
        "directory.ListingPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    attendance = models.CharField(max_length=20, blank=True)
    free = models.BooleanField()
    accessible = models.BooleanField()
    categories = models.TextField()
    types = models.TextField()
    days = models.TextField()
    times = models.TextField()
    languages = models.TextField()
    audiences = models.TextField()
    profile = models.TextField()
    sort_title = models.CharField(max_length=255)
    title_words = models.TextField()

    class Meta:
        verbose_name = _("search entry")
        indexes = [
            models.Index(fields=["sort_title", "listing"], name="search_entry_by_title"),
            *(_covering_index(column) for column in GROUPED_COLUMNS),
        ]

    def __str__(self):
        return self.sort_title


class SearchPoint(models.Model):
    """One of a document's places, for the distance filter and sort."""

    listing = models.ForeignKey("directory.ListingPage", on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        verbose_name = _("search point")
        indexes = [models.Index(fields=["lat", "lon", "listing"], name="search_point_box")]

    def __str__(self):
        return f"{self.lat},{self.lon}"


class SearchOccurrence(models.Model):
    """One upcoming session of a document (epoch seconds), for "soonest", "starting
    within" and "in progress"; the same precomputed times Elasticsearch holds."""

    listing = models.ForeignKey("directory.ListingPage", on_delete=models.CASCADE, related_name="+")
    starts = models.BigIntegerField()
    ends = models.BigIntegerField()

    class Meta:
        verbose_name = _("search occurrence")
        indexes = [
            models.Index(fields=["starts", "ends", "listing"], name="search_occurrence_time"),
            models.Index(fields=["listing", "starts"], name="search_occurrence_next"),
        ]

    def __str__(self):
        return f"{self.starts}–{self.ends}"


class SearchWord(models.Model):
    """Every word the documents have held: what a misspelt word is compared with.

    Only ever added to between rebuilds; a word no document holds any more
    matches nothing, so it does no harm.
    """

    word = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("search word")

    def __str__(self):
        return self.word


class SearchGeneration(models.Model):
    """One row: a number that grows after every commit that changes the database
    engine's rows. What is kept for broad searches (search.counts_cache) is
    keyed by it, so every process sees an edit as soon as it commits."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("search generation")

    def __str__(self):
        return str(self.value)


class PendingIndexUpdate(models.Model):
    """The outbox: a listing whose change Elasticsearch has not confirmed yet.

    Written in the same transaction as the change, deleted once the document
    Elasticsearch holds matches the database; `directory_index sync` (run by
    the background worker every minute) delivers whatever is left, so nothing
    is lost whatever fails after the commit. `token` says which write put the
    row here, so a delivery never clears a newer change it did not send.
    """

    class Action(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    listing_id = models.PositiveBigIntegerField(unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pending search update")

    def __str__(self):
        return f"{self.action} listing {self.listing_id}"


RULES_KEY = "search:synonym-rules"
RULES_TIMEOUT = 60


def rules_key(language):
    return f"{RULES_KEY}:{language}"


class Synonym(models.Model):
    """Words a searcher may use for the same thing ("AA, Alcoholics Anonymous"), in one
    language: Spanish rules ("niños, cuidado infantil") apply to searches in Spanish."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        help_text=_("The language of the searches these words apply to."),
    )
    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        help_text=_(
            "Separate with commas, e.g. “childcare, babysitting, daycare”. "
            "Changes apply after the search index is rebuilt."
        ),
    )

    panels = [FieldPanel("language"), FieldPanel("terms")]

    class Meta:
        ordering = ["language", "terms"]
        verbose_name = _("synonym")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "terms"], name="directory_search_synonym_unique_terms"
            )
        ]

    def __str__(self):
        return self.terms

    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]

    @classmethod
    def rules(cls, language=settings.LANGUAGE_CODE):
        """Solr-format rules of one language, one line a group, for the analyzer and the
        database engine.

        Kept in the cache: the database engine reads them on every search with
        words. An edit clears them (search.subscribers); the timeout bounds how
        long another process with its own cache can use the old ones.
        """
        return cache.get_or_set(
            rules_key(language), lambda: cls._rules_from_database(language), RULES_TIMEOUT
        )

    @classmethod
    def rules_by_language(cls):
        """{language: rules} for every language of the site, as an index is made with."""
        return {code: cls.rules(code) for code, _name in settings.LANGUAGES}

    @classmethod
    def _rules_from_database(cls, language):
        groups = [s.term_list() for s in cls.objects.filter(language=language)]
        return [", ".join(terms) for terms in groups if len(terms) > 1]
