"""The outbox: what Elasticsearch must learn, kept until it has.

A change writes a PendingIndexUpdate row per listing in its own transaction
(`record`). Once that commits, `deliver` sends each listing's document as the
database holds it then, reads the database again to make sure nothing newer
was committed meanwhile (and sends that too), and only then deletes the rows
it sent. Whatever fails after the commit (the cluster, the network, a locked
database, the process itself) leaves the rows, and `deliver_pending` (run by
the background worker every minute through `directory_index sync`) sends
them later; nothing is lost.
"""

import logging
import uuid
from functools import partial

from django.db import DatabaseError, transaction
from django.db.models import F

from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import BulkIndexError

from directory.bulk_pages import batched
from search import es_index
from search.connection import elasticsearch_configured
from search.models import PendingIndexUpdate, SearchDocument

logger = logging.getLogger(__name__)

CHUNK = 500
# A document that keeps changing while it is sent is left to the next sync.
SEND_ATTEMPTS = 3
# A failed delivery is tried again by a sync this many seconds later.
RETRY_AFTER = 10
FAILURES = (ApiError, TransportError, BulkIndexError, DatabaseError)


def record(ids, live_ids):
    """Note, in the current transaction, that Elasticsearch must learn these listings'
    state (indexed if in `live_ids`, else deleted), and deliver it after the commit."""
    if not elasticsearch_configured() or not ids:
        return
    token = uuid.uuid4().hex
    PendingIndexUpdate.objects.bulk_create(
        [
            PendingIndexUpdate(
                listing_id=listing_id,
                action=PendingIndexUpdate.Action.INDEX
                if listing_id in live_ids
                else PendingIndexUpdate.Action.DELETE,
                token=token,
            )
            for listing_id in ids
        ],
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["listing_id"],
        update_fields=["action", "token", "updated_at"],
    )
    transaction.on_commit(partial(deliver, list(ids), token))


def pending_count():
    return PendingIndexUpdate.objects.count()


def deliver_pending():
    """Deliver every update in the outbox; return how many arrived."""
    pending = PendingIndexUpdate.objects.order_by("listing_id")
    return deliver(list(pending.values_list("listing_id", flat=True)))


def deliver(ids, token=None):
    """Send these listings to Elasticsearch and clear their outbox rows; return how
    many arrived. With `token`, only rows that write put there are cleared, so a
    newer change to the same listing keeps its row until it is delivered too."""
    delivered = 0
    try:
        es_index.ensure_index()
        for chunk in batched(sorted(ids), CHUNK):
            delivered += _deliver_chunk(chunk, token)
    except FAILURES as error:
        logger.warning(
            "Search index update for %s listings kept for retry: %s",
            len(ids),
            type(error).__name__,
        )
        _note_failure(ids, error)
    return delivered


def _deliver_chunk(chunk, token):
    rows = dict(
        PendingIndexUpdate.objects.filter(listing_id__in=chunk).values_list("listing_id", "token")
    )
    if token is not None:
        rows = {listing_id: t for listing_id, t in rows.items() if t == token}
    unsure = sorted(rows)
    for _attempt in range(SEND_ATTEMPTS):
        if not unsure:
            break
        sent = _send(unsure)
        current = _hashes(unsure)
        unsure = [i for i in unsure if current.get(i) != sent[i]]
    arrived = [listing_id for listing_id in rows if listing_id not in set(unsure)]
    by_token = {}
    for listing_id in arrived:
        by_token.setdefault(rows[listing_id], []).append(listing_id)
    for row_token, listing_ids in by_token.items():
        PendingIndexUpdate.objects.filter(listing_id__in=listing_ids, token=row_token).delete()
    return len(arrived)


def _send(ids):
    """Send the database's current documents of these ids (deleting those without one);
    return {id: the content hash sent, or None for a delete}."""
    rows = SearchDocument.objects.filter(listing_id__in=ids)
    stored = {
        listing_id: (data, hash_)
        for listing_id, data, hash_ in rows.values_list("listing_id", "data", "content_hash")
    }
    es_index.apply(stored.values(), [i for i in ids if i not in stored])
    return {i: stored[i][1] if i in stored else None for i in ids}


def _hashes(ids):
    return dict(
        SearchDocument.objects.filter(listing_id__in=ids).values_list("listing_id", "content_hash")
    )


def _note_failure(ids, error):
    """Count the attempt and keep the reason where staff can see it, and ask for a sync
    soon. Best effort: the rows themselves are what matters, and they are already there."""
    from search.tasks import schedule_sync

    message = f"{type(error).__name__}: {error}"[:2000]
    try:
        for chunk in batched(sorted(ids), CHUNK):
            PendingIndexUpdate.objects.filter(listing_id__in=chunk).update(
                attempts=F("attempts") + 1, last_error=message
            )
        schedule_sync(RETRY_AFTER)
    except DatabaseError:
        logger.warning("Could not note the failed search update; the next sync retries it.")
