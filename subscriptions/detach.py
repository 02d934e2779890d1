"""Taking a listing off its list: staff keep it by hand from then on, and refreshes leave it be.

A detached listing is the center's own again: its page no longer says who
lists it, and the open-data feed publishes it with the center's meetings.
That changes what the public sees, so it is announced like any write.
"""

from django.db import transaction
from django.utils import timezone

from directory.changes import Reason, announce
from directory.models import ListingSource


def detach(page, user=None):
    """Detach one listing from its list; False when it was not on one."""
    return bool(_detach(ListingSource.objects.attached().filter(page_id=page.pk), user))


def detach_all(upstream, user=None):
    """Detach every listing of a list (its subscription is being deleted); how many."""
    return len(_detach(ListingSource.objects.attached().filter(upstream=upstream), user))


def _detach(sources, user):
    with transaction.atomic():
        ids = list(sources.values_list("page_id", flat=True))
        if ids:
            ListingSource.objects.filter(page_id__in=ids).update(
                detached_at=timezone.now(), detached_by=user
            )
            announce(ids, Reason.SUBSCRIPTION)
    return ids
