"""Facet counts of broad searches, kept until the database engine's rows change.

A search with no words, place or time (a category and two days, say) counts
a quarter of the directory or more, and visitors clicking filters ask the
same few of these again and again. Like Elasticsearch's request cache, their
counts are kept, keyed by the search's SQL conditions and by the index's
generation, which changes with every change to the rows: at once in the
writing process (through the cache, so it sees its own uncommitted edit) and,
after the commit, in the database (SearchGeneration), which every process
reads. Only searches made of filters are kept: never words or a place.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F

from search.models import SearchGeneration

logger = logging.getLogger(__name__)

LOCAL_KEY = "search:generation"
# A bound on what a lost generation bump (a process ending between the commit
# and the bump) could leave behind.
TIMEOUT = 10 * 60


def changed(using):
    """The database engine's rows change in this transaction on `using`."""
    try:
        if not cache.add(LOCAL_KEY, 1, timeout=None):
            cache.incr(LOCAL_KEY)
    except Exception:  # noqa: BLE001 - a sick cache must not stop an edit
        logger.warning("Could not note a search index change in the cache.", exc_info=True)
    transaction.on_commit(lambda: _bump(using), using=using, robust=True)


def _bump(using):
    rows = SearchGeneration.objects.using(using)
    if not rows.filter(pk=1).update(value=F("value") + 1):
        # Migration 0007 made the row; a flushed database has none until now.
        rows.get_or_create(pk=1, defaults={"value": 1})


def generation(using):
    committed = SearchGeneration.objects.using(using).values_list("value", flat=True).first()
    try:
        local = cache.get(LOCAL_KEY, 0)
    except Exception:  # noqa: BLE001
        local = "?"
    return f"{committed}:{local}"


def remembered(using, conditions, count):
    """count()'s answer for these conditions (SQL and parameters), kept per generation."""
    try:
        stamp = generation(using)
    except DatabaseError:
        return count()
    digest = hashlib.sha256(repr((stamp, conditions)).encode()).hexdigest()
    key = f"search:counts:{digest}"
    try:
        kept = cache.get(key)
    except Exception:  # noqa: BLE001 - without the cache, count again
        kept = None
    if kept is not None:
        return kept
    answer = count()
    try:
        cache.set(key, answer, timeout=TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("Could not keep facet counts in the cache.", exc_info=True)
    return answer
