"""Search follows the directory's one change event, and says when its synonyms change.

Every listing change reaches both engines' documents from inside the
transaction that makes it (search.indexing.refresh: the database engine's
rows at once, Elasticsearch through the outbox once it commits); edits of a
category also drop the cached category names. Synonyms are search's own
data: editing them changes how listings are found, not the listings, so the
event carries no ids, and the cached rules are dropped so the database
engine uses the new ones at once.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.changes import Reason, announce, listings_changed
from directory.translations import category_names_key
from search.indexing import refresh
from search.models import Synonym, rules_key


@receiver(listings_changed)
def reindex(sender, ids, reason, progress=None, **kwargs):
    if reason == Reason.CATEGORY:
        cache.delete_many([category_names_key(code) for code, _name in settings.LANGUAGES])
    if reason == Reason.SYNONYMS:
        cache.delete_many([rules_key(code) for code, _name in settings.LANGUAGES])
    if ids:
        refresh(ids, progress=progress)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, instance, **kwargs):
    announce((), Reason.SYNONYMS)
