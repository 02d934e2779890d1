"""Keeping both engines' documents in step with the published listings.

Every change reaches `refresh(ids)` inside the transaction that makes it
(search.subscribers follows the directory's change event). The database
engine's rows of those listings are rebuilt there and then, so they commit or
roll back with the change and can never drift from the pages; and the change
is written to the outbox (search.outbox), which sends it to Elasticsearch
once the transaction has committed and keeps it until it has arrived.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory.bulk_pages import batched
from directory.site_language import site_languages
from search import outbox, store
from search.connection import elasticsearch_configured
from search.documents import build_document
from search.models import SearchDocument, SearchWord
from search.serializers import category_names

# Listings built and written at a time: enough to write in bulk, few enough
# that a chunk's pages, sessions and places fit comfortably in memory.
CHUNK = 500
# Session times are refreshed when they run out within this many seconds.
OCCURRENCES_LEFT = 7 * 24 * 3600


def live_listings(ids=None):
    from directory.models import ListingPage

    listings = ListingPage.objects.in_directory().specific()
    if ids is not None:
        listings = listings.filter(pk__in=ids)
    return listings.prefetch_related(
        "sessions", "categories__parent", "organization"
    ).with_locations()


def _lock(ids):
    """Hold these listings' rows until the transaction ends (PostgreSQL; SQLite has
    one writer at a time anyway), so two changes to one listing, say its page and
    its place edited at once, build its document one after the other: the later
    sees the earlier and no document is built from half of each."""
    from directory.models import ListingPage

    list(ListingPage.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def translations_of(listings):
    """{translation_key: [live translations]} of these listings (the words staff
    wrote in the site's other languages, directory.translations)."""
    from directory.models import ListingPage

    found = {}
    translations = (
        ListingPage.objects.live()
        .filter(translation_key__in=[listing.translation_key for listing in listings])
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .select_related("locale")
    )
    for page in translations:
        found.setdefault(page.translation_key, []).append(page)
    return found


def place_names_of(listings):
    """{translation_key: {language: name}} of these listings' places that staff
    translated (directory.translations), where the name differs."""
    from directory.models import Location

    own = {place.translation_key: place.name for listing in listings for place in listing.locations}
    found = {}
    translations = (
        Location.objects.filter(live=True, translation_key__in=own)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .values_list("translation_key", "locale__language_code", "name")
    )
    for key, language, name in translations:
        if name and name != own[key]:
            found.setdefault(key, {})[language] = name
    return found


def _refresh_chunk(ids, now):
    _lock(ids)
    listings = list(live_listings(ids))
    translated = translations_of(listings)
    place_names = place_names_of(listings)
    names = {
        language: category_names(language)
        for language in site_languages()
        if language != settings.LANGUAGE_CODE
    }
    documents = [
        build_document(
            listing, now, translated.get(listing.translation_key, ()), names, place_names
        )
        for listing in listings
    ]
    store.write(documents)
    live = {document["id"] for document in documents}
    store.remove(set(ids) - live)
    return documents, live


def refresh(ids, now=None, progress=None):
    """Rebuild these listings' documents (live or not any more) in the current
    transaction, and note them in the outbox for Elasticsearch."""
    ids = sorted(set(ids))
    if not ids:
        return
    live = set()
    with transaction.atomic():
        for chunk in batched(ids, CHUNK):
            live |= _refresh_chunk(chunk, now)[1]
            if progress:
                progress(len(chunk))
        outbox.record(ids, live)


def rebuild_documents(now=None, chunk_size=2000, progress=None, each_chunk=None):
    """Recompute every database document from the live listings; return how many.

    Each chunk is replaced in a transaction of its own, so writers are held up
    for a chunk at most, and a reader sees every listing, in its old or its
    new form. `each_chunk(documents)` receives each chunk as it is built (a
    rebuild streams them into a new Elasticsearch index).
    """
    from directory.models import ListingPage

    ids = list(ListingPage.objects.in_directory().order_by("pk").values_list("pk", flat=True))
    SearchWord.objects.all().delete()  # refilled from the documents as they are written
    for chunk in batched(ids, chunk_size):
        with transaction.atomic():
            documents, _live = _refresh_chunk(chunk, now)
        if each_chunk:
            each_chunk(documents)
        if progress:
            progress(len(chunk))
    with transaction.atomic():
        gone = SearchDocument.objects.exclude(listing__live=True).values_list(
            "listing_id", flat=True
        )
        store.remove(list(gone))
    store.settle()
    return len(ids)


def stale_occurrence_ids(now=None):
    """Listings whose precomputed session times run out within a week."""
    cutoff = int((now or timezone.now()).timestamp()) + OCCURRENCES_LEFT
    return list(
        SearchDocument.objects.filter(occurrences_until__lt=cutoff).values_list(
            "listing_id", flat=True
        )
    )


def sync(now=None):
    """What the background worker runs every minute (and `directory_index sync`):
    refresh session times about to run out, then deliver the outbox.

    Returns (listings refreshed, updates delivered, updates still pending).
    """
    stale = stale_occurrence_ids(now)
    for chunk in batched(stale, CHUNK):
        refresh(chunk, now)
    delivered = outbox.deliver_pending() if elasticsearch_configured() else 0
    return len(stale), delivered, outbox.pending_count()
