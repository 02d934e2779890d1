"""Keeping both engines' documents in step with the published listings.

Every change ends in `refresh_listings(ids)`: it rebuilds the database row of
each listing (or removes it when the listing is no longer live) and sends the
same document to Elasticsearch. An Elasticsearch write that fails is kept in
PendingIndexUpdate and retried by `retry_pending()`, so nothing is lost while
the cluster is away.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import BulkIndexError

from search import es_index
from search.connection import elasticsearch_configured
from search.documents import build_document, document_text
from search.models import PendingIndexUpdate, SearchDocument

logger = logging.getLogger(__name__)


def live_listings(ids=None):
    from directory.models import ListingPage

    listings = ListingPage.objects.live().specific()
    if ids is not None:
        listings = listings.filter(pk__in=ids)
    return listings.prefetch_related(
        "sessions", "categories__parent", "organization"
    ).with_locations()


def rebuild_documents(now=None, chunk_size=2000, progress=None, each_chunk=None):
    """Recompute every database document from the live listings; return how many.

    Rows are replaced in chunks inside one transaction, so a reader sees the
    old set or the new one, never a mix. `each_chunk(documents)` receives each
    chunk as it is built (a rebuild streams them into the new index).
    """
    from directory.models import ListingPage

    ids = list(ListingPage.objects.live().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchDocument.objects.exclude(listing__live=True).delete()
        for offset in range(0, len(ids), chunk_size):
            chunk = ids[offset : offset + chunk_size]
            documents = [build_document(listing, now) for listing in live_listings(chunk)]
            if each_chunk:
                each_chunk(documents)
            replace_documents(chunk, documents)
            if progress:
                progress(len(chunk))
    return len(ids)


def replace_documents(ids, documents):
    """Swap the database rows of these listing ids for `documents` (live ones only)."""
    SearchDocument.objects.filter(listing_id__in=ids).delete()
    SearchDocument.objects.bulk_create(
        [SearchDocument(listing_id=d["id"], data=d, text=document_text(d)) for d in documents],
        batch_size=500,
    )


def store_documents(listings, now=None):
    """Write the database rows for these live listings; return their documents."""
    documents = []
    for listing in listings:
        document = build_document(listing, now)
        documents.append(document)
        SearchDocument.objects.update_or_create(
            listing_id=listing.pk,
            defaults={"data": document, "text": document_text(document)},
        )
    return documents


def refresh_listings(ids, now=None):
    """Bring both engines up to date for these listing ids, live or not."""
    ids = set(ids)
    if not ids:
        return
    documents = store_documents(live_listings(ids), now)
    gone = ids - {document["id"] for document in documents}
    SearchDocument.objects.filter(listing_id__in=gone).delete()
    if elasticsearch_configured():
        for document in documents:
            push(document["id"], PendingIndexUpdate.Action.INDEX, document)
        for listing_id in gone:
            push(listing_id, PendingIndexUpdate.Action.DELETE)


def refresh_many(ids, now=None, chunk_size=500, progress=None):
    """refresh_listings() for thousands of ids at once, as an import needs.

    Documents are written to both engines a chunk at a time in bulk; a chunk
    Elasticsearch refuses is kept in PendingIndexUpdate, as single updates are.
    """
    ids = sorted(set(ids))
    searching = elasticsearch_configured()
    for offset in range(0, len(ids), chunk_size):
        chunk = ids[offset : offset + chunk_size]
        documents = [build_document(listing, now) for listing in live_listings(chunk)]
        gone = set(chunk) - {document["id"] for document in documents}
        with transaction.atomic():
            replace_documents(chunk, documents)
        if searching:
            _push_chunk(chunk, documents, gone)
        if progress:
            progress(len(chunk))


def _push_chunk(chunk, documents, gone):
    try:
        es_index.ensure_index()
        for _written in es_index.bulk_load(es_index.alias_name(), documents):
            pass
        for listing_id in gone:
            es_index.delete(listing_id)
    except (ApiError, TransportError, BulkIndexError) as error:
        logger.warning(
            "Search index update for %s listings kept for retry: %s",
            len(chunk),
            type(error).__name__,
        )
        message = f"{type(error).__name__}: {error}"[:2000]
        kept = set(
            PendingIndexUpdate.objects.filter(listing_id__in=chunk).values_list(
                "listing_id", flat=True
            )
        )
        PendingIndexUpdate.objects.bulk_create(
            [
                PendingIndexUpdate(
                    listing_id=listing_id,
                    action=PendingIndexUpdate.Action.DELETE
                    if listing_id in gone
                    else PendingIndexUpdate.Action.INDEX,
                    attempts=1,
                    last_error=message,
                )
                for listing_id in chunk
                if listing_id not in kept
            ]
        )
        PendingIndexUpdate.objects.filter(listing_id__in=kept).update(
            attempts=F("attempts") + 1, last_error=message
        )
        return
    PendingIndexUpdate.objects.filter(listing_id__in=chunk).delete()


# More listings than this at once are refreshed in bulk (an import, a section moved).
BULK = 50


def refresh_on_commit(ids, progress=None):
    """Refresh these listings in both engines once the current transaction commits."""
    ids = list(ids)
    if len(ids) > BULK:
        transaction.on_commit(lambda: refresh_many(ids, progress=progress))
    else:
        transaction.on_commit(lambda: refresh_listings(ids))


def push(listing_id, action, document=None):
    """Send one change to Elasticsearch, or keep it for a retry if that fails."""
    try:
        if action == PendingIndexUpdate.Action.INDEX:
            es_index.ensure_index()
            es_index.write(document)
        else:
            es_index.delete(listing_id)
    except (ApiError, TransportError) as error:
        logger.warning(
            "Search index update for listing %s kept for retry: %s",
            listing_id,
            type(error).__name__,
        )
        pending, _ = PendingIndexUpdate.objects.get_or_create(
            listing_id=listing_id, defaults={"action": action}
        )
        pending.action = action
        pending.attempts += 1
        pending.last_error = f"{type(error).__name__}: {error}"[:2000]
        pending.save()
        return False
    PendingIndexUpdate.objects.filter(listing_id=listing_id).delete()
    return True


def retry_pending():
    """Apply kept updates from the database's current truth; return how many succeeded."""
    done = 0
    for pending in PendingIndexUpdate.objects.all():
        document = SearchDocument.objects.filter(listing_id=pending.listing_id).first()
        if document is not None:
            done += push(pending.listing_id, PendingIndexUpdate.Action.INDEX, document.data)
        else:
            done += push(pending.listing_id, PendingIndexUpdate.Action.DELETE)
    return done


def stale_occurrence_ids(now=None):
    """Listings whose precomputed session times run out within a week."""
    cutoff = (now or timezone.now()).timestamp() + 7 * 24 * 3600
    return [
        doc.listing_id
        for doc in SearchDocument.objects.only("listing_id", "data")
        if doc.data.get("occurrences_until", 0) < cutoff
    ]
