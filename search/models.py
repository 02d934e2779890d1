"""What search keeps in the database: the documents, the synonyms and the retry queue."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class SearchDocument(models.Model):
    """One published listing as both engines see it.

    The database engine searches these rows directly; the Elasticsearch index
    holds the same documents. Rows exist only for live listings.
    """

    listing = models.OneToOneField(
        "directory.ListingPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    data = models.JSONField()
    text = models.TextField(help_text="Lower-cased words for the database engine's text match.")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return self.data.get("title", str(self.listing_id))


class PendingIndexUpdate(models.Model):
    """An Elasticsearch update that failed and will be retried; nothing is lost."""

    class Action(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    listing_id = models.PositiveBigIntegerField(unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
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


class Synonym(models.Model):
    """Words a searcher may use for the same thing ("AA, Alcoholics Anonymous")."""

    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        unique=True,
        help_text=_(
            "Separate with commas, e.g. “childcare, babysitting, daycare”. "
            "Changes apply after the search index is rebuilt."
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym")

    def __str__(self):
        return self.terms

    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]

    @classmethod
    def rules(cls):
        """Solr-format rules, one line a group, for the analyzer and the database engine.

        Kept in the cache: the database engine reads them on every search with
        words. An edit clears them (search.subscribers); the timeout bounds how
        long another process with its own cache can use the old ones.
        """
        return cache.get_or_set(RULES_KEY, cls._rules_from_database, RULES_TIMEOUT)

    @classmethod
    def _rules_from_database(cls):
        return [", ".join(s.term_list()) for s in cls.objects.all() if len(s.term_list()) > 1]
