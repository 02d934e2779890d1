import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from elasticsearch import ApiError, TransportError
from tqdm import tqdm

from search import es_index, outbox
from search.connection import elasticsearch_configured, get_client
from search.drift import database_drift, index_drift
from search.indexing import rebuild_documents, sync
from search.models import PendingIndexUpdate, SearchDocument, Synonym

# Ids shown for each kind of drift; the counts say how many there are.
SHOWN = 10


class Command(BaseCommand):
    help = (
        "Manage the search index. rebuild: recompute every document and load a new "
        "Elasticsearch index, then swap the alias (search keeps answering). sync: refresh "
        "expiring session times and deliver updates Elasticsearch has not confirmed (the "
        "background worker runs it every minute); --compare also compares every document "
        "by content and sends what differs. status: documents in the database and the "
        "index, pending updates, and any document that differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--compare",
            action="store_true",
            help="With sync: compare every document by content and send what differs.",
        )

    def handle(self, *, action, no_progress, compare, **options):
        self.progress = not no_progress
        self.compare = compare
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

        total = ListingPage.objects.in_directory().count()
        loader = None
        if elasticsearch_configured():
            client = get_client()
            name = es_index.new_index_name()
            es_index.create_index(name, Synonym.rules_by_language(), client)
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
        # Changes committed while the new index was filling may have reached only
        # the old one: compare by content and send whatever differs.
        repaired = self._repair(client)
        rate = total / seconds if seconds else float("inf")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {total} documents into {name} in {seconds:.1f} s ({rate:.0f} docs/s, "
                f"built and indexed together); the alias {es_index.alias_name()} now points "
                "to it" + (f" (replaced {old})" if old else "") + f"; {repaired} sent again."
            )
        )

    def _repair(self, client=None):
        """Put every document that differs in the outbox and deliver it; return how many."""
        drift = index_drift(client)
        if drift:
            live = set(
                SearchDocument.objects.filter(listing_id__in=drift.ids).values_list(
                    "listing_id", flat=True
                )
            )
            with transaction.atomic():
                outbox.record(drift.ids, live)
        outbox.deliver_pending()
        return len(drift.ids)

    def sync(self):
        refreshed, delivered, left = sync()
        repaired = self._repair() if self.compare and elasticsearch_configured() else 0
        left = PendingIndexUpdate.objects.count()
        self.stdout.write(
            f"Refreshed {refreshed} listings with expiring session times; "
            f"applied {delivered} pending updates; "
            + (f"{repaired} found different and sent; " if self.compare else "")
            + f"{left} still pending."
        )
        if left:
            raise CommandError(f"{left} updates could not be applied; try again later.")

    def status(self):
        from directory.models import ListingPage

        self.stdout.write(f"Published listings:      {ListingPage.objects.in_directory().count()}")
        self.stdout.write(f"Database documents:      {SearchDocument.objects.count()}")
        self.stdout.write(f"Pending index updates:   {PendingIndexUpdate.objects.count()}")
        drifted = self._report("Database", database_drift())
        if not elasticsearch_configured():
            self.stdout.write("Elasticsearch:           not configured (database engine)")
        else:
            index = es_index.current_index()
            self.stdout.write(f"Index version:           {index or 'none'}")
            if index:
                self.stdout.write(
                    "Documents in the index:  "
                    f"{get_client().count(index=es_index.alias_name())['count']}"
                )
                drifted |= self._report("Elasticsearch", index_drift())
            else:
                drifted = True
        if drifted:
            self.stdout.write(
                self.style.WARNING(
                    "Drift: run 'directory_index sync' (it delivers pending updates), "
                    "'sync --compare' to send every document that differs, or 'rebuild'."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("No drift."))

    def _report(self, engine, drift):
        for label, ids in (
            ("missing", drift.missing),
            ("that should not be there", drift.extra),
            ("with other content", drift.different),
        ):
            if ids:
                shown = ", ".join(str(i) for i in ids[:SHOWN]) + (" …" if len(ids) > SHOWN else "")
                self.stdout.write(
                    self.style.WARNING(f"{engine}: {len(ids)} documents {label}: {shown}")
                )
        return bool(drift)
