import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail.models import PageLogEntry

from elasticsearch import ApiError, TransportError
from tqdm import tqdm

from search import es_index
from search.connection import elasticsearch_configured, get_client
from search.indexing import rebuild_documents, refresh_listings, retry_pending, stale_occurrence_ids
from search.models import PendingIndexUpdate, SearchDocument, Synonym

LISTING_ACTIONS = ["wagtail.publish", "wagtail.unpublish", "wagtail.delete", "wagtail.move"]


class Command(BaseCommand):
    help = (
        "Manage the search index. rebuild: recompute every document and load a new "
        "Elasticsearch index, then swap the alias (search keeps answering). sync: apply "
        "updates kept while Elasticsearch was away and refresh expiring session times. "
        "status: documents in the database and in the index, pending updates, index version."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *, action, no_progress, **options):
        self.progress = not no_progress
        try:
            getattr(self, action)()
        except (ApiError, TransportError) as error:
            raise CommandError(
                f"Elasticsearch did not answer: {type(error).__name__}. "
                "Run 'directory_index sync' when it is back."
            ) from error

    def _bar(self, total, label):
        return tqdm(
            total=total, desc=label, unit="doc", disable=not self.progress, file=self.stderr._out
        )

    def rebuild(self):
        from directory.models import ListingPage

        began = timezone.now()
        total = ListingPage.objects.live().count()
        loader = None
        if elasticsearch_configured():
            client = get_client()
            name = es_index.new_index_name()
            es_index.create_index(name, Synonym.rules(), client)
            loader = es_index.BackgroundLoader(name, client)
        started = time.monotonic()
        with self._bar(total, "documents") as bar:
            rebuild_documents(progress=bar.update, each_chunk=loader)
        seconds = time.monotonic() - started
        self.stdout.write(f"Database documents: {total} in {seconds:.1f} s")
        if loader is None:
            self.stdout.write("ELASTICSEARCH_URL is not set; the database engine is up to date.")
            return
        loader.finish()
        client.options(request_timeout=120).indices.refresh(index=name)
        seconds = time.monotonic() - started
        old = es_index.swap_alias(name, client)
        PendingIndexUpdate.objects.all().delete()
        # Listings published, unpublished, moved or deleted while the new index
        # was filling may have missed it; apply them again.
        changed = PageLogEntry.objects.filter(
            timestamp__gte=began, action__in=LISTING_ACTIONS
        ).values_list("page_id", flat=True)
        refresh_listings(set(changed))
        rate = total / seconds if seconds else float("inf")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {total} documents into {name} in {seconds:.1f} s ({rate:.0f} docs/s, "
                f"built and indexed together); the alias {es_index.alias_name()} now points "
                "to it" + (f" (replaced {old})." if old else ".")
            )
        )

    def sync(self):
        stale = stale_occurrence_ids()
        if stale:
            refresh_listings(stale)
        applied = retry_pending() if elasticsearch_configured() else 0
        left = PendingIndexUpdate.objects.count()
        self.stdout.write(
            f"Refreshed {len(stale)} listings with expiring session times; "
            f"applied {applied} pending updates; {left} still pending."
        )
        if left:
            raise CommandError(f"{left} updates could not be applied; try again later.")

    def status(self):
        from directory.models import ListingPage

        live = ListingPage.objects.live().count()
        stored = SearchDocument.objects.count()
        pending = PendingIndexUpdate.objects.count()
        self.stdout.write(f"Published listings:      {live}")
        self.stdout.write(f"Database documents:      {stored}")
        self.stdout.write(f"Pending index updates:   {pending}")
        if not elasticsearch_configured():
            self.stdout.write("Elasticsearch:           not configured (database engine)")
            drift = live != stored
        else:
            index = es_index.current_index()
            indexed = get_client().count(index=es_index.alias_name())["count"] if index else 0
            self.stdout.write(f"Index version:           {index or 'none'}")
            self.stdout.write(f"Documents in the index:  {indexed}")
            drift = not (live == stored == indexed)
        if drift:
            self.stdout.write(
                self.style.WARNING(
                    "Drift: the counts differ. Run 'directory_index sync', or 'rebuild'."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("No drift."))
