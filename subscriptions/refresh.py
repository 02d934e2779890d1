"""One refresh of a subscription: fetch the list, check it is one, bring the directory in line.

A fetch that fails, or an answer that is not the list (a maintenance page,
broken or cut-off JSON, a list suddenly far shorter than before), changes
nothing: the refresh is recorded as failed with the reason, and the
listings stay as the last good read left them. A 304, or the very same
bytes as last time, changes nothing either, beyond counting one more
refresh for meetings already missing from the list (so a meeting dropped
upstream is unpublished at the next refresh, whether or not anything else
changed).

The schedule (subscriptions.schedule), the admin and `manage.py
feed_subscriptions refresh` all come through refresh().
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.changes import Reason, announce
from directory.models import ListingSource
from subscriptions import bmlt, meeting_guide
from subscriptions.entries import ListProblem, ListShrank, digest, text_of
from subscriptions.fetching import FetchProblem, fetch
from subscriptions.models import Refresh, Subscription
from subscriptions.sync import Sync, count_missing

logger = logging.getLogger(__name__)

# Bumped when the reading of lists changes, so the next refresh reads an unchanged
# list again rather than trusting what the older code made of it.
READING_VERSION = "1"
# A list at most this share of its last good size is not trusted without staff saying so.
SHRINK_LIMIT = 0.5
SHRINK_MINIMUM = 10  # lists smaller than this may shrink freely
# A refresh older than this is taken to have died with its worker.
STALE_AFTER = timedelta(hours=1)
# After a failure the next try comes sooner than the usual interval, but not at once.
RETRY_AFTER = timedelta(hours=1)
HISTORY_KEPT = 50


def shape(subscription):
    """What, besides the list, decides what a refresh makes of it."""
    return digest(
        READING_VERSION,
        subscription.url,
        subscription.format,
        subscription.category_id,
        subscription.timezone,
        subscription.country,
    )[:16]


def claim(subscription):
    """Mark the subscription as being refreshed; False when another refresh holds it."""
    now = timezone.now()
    claimed = (
        Subscription.objects.filter(pk=subscription.pk)
        .filter(Q(running_since=None) | Q(running_since__lt=now - STALE_AFTER))
        .update(running_since=now, requested_at=None)
    )
    return bool(claimed)


def refresh(subscription, *, trigger, user=None, force=False, accept_shrink=False):
    """Refresh now; the Refresh record, or None when a refresh of it is already running."""
    if not claim(subscription):
        return None
    subscription.refresh_from_db()
    record = Refresh.objects.create(
        subscription=subscription, trigger=trigger, requested_by=user, started_at=timezone.now()
    )
    try:
        Reader(subscription, record, force=force, accept_shrink=accept_shrink).run()
    except (FetchProblem, ListProblem) as problem:
        record.result, record.error = Refresh.Result.FAILED, str(problem)
        record.shrunk = isinstance(problem, ListShrank)
    except Exception as error:
        logger.exception("Refresh of subscription %s failed", subscription.pk)
        record.result = Refresh.Result.FAILED
        record.error = _(
            "The refresh stopped because of an error (%(error)s). Nothing it was writing was "
            "kept; it will be tried again, and whoever runs the site can see the details in "
            "the log."
        ) % {"error": type(error).__name__}
    finally:
        finish(subscription, record)
    return record


def finish(subscription, record):
    now = timezone.now()
    record.finished_at = now
    record.save()
    subscription.last_refresh = record
    subscription.running_since = None
    if record.failed:
        subscription.failing_since = subscription.failing_since or record.started_at
        subscription.next_run_at = now + min(subscription.interval, RETRY_AFTER)
    else:
        subscription.failing_since = None
        subscription.next_run_at = now + subscription.interval
    Subscription.objects.filter(pk=subscription.pk).update(
        last_refresh=record,
        running_since=None,
        failing_since=subscription.failing_since,
        next_run_at=subscription.next_run_at,
    )
    old = subscription.refreshes.values_list("pk", flat=True)[HISTORY_KEPT:]
    Refresh.objects.filter(pk__in=list(old)).delete()


class Reader:
    def __init__(self, subscription, record, *, force=False, accept_shrink=False):
        self.subscription = subscription
        self.record = record
        self.force = force
        self.accept_shrink = accept_shrink
        self.shape = shape(subscription)

    def run(self):
        subscription = self.subscription
        conditional = subscription.digest.endswith(self.shape) and not self.force
        fetched = fetch(
            subscription.url,
            etag=subscription.etag if conditional else "",
            last_modified=subscription.last_modified if conditional else "",
        )
        if fetched.not_modified:
            return self.unchanged(fetched)
        body_digest = f"{digest(fetched.body)[:48]}{self.shape}"
        if conditional and body_digest == subscription.digest:
            return self.unchanged(fetched)
        upstream_list = self.read(fetched)
        self.check_size(upstream_list)
        now = timezone.now()
        sync = Sync(subscription, upstream_list, now)
        counts = sync.run()
        self.record.result = Refresh.Result.CHANGED
        self.record.counts, self.record.problems, self.record.notes = (
            counts,
            sync.problems,
            upstream_list.notes + sync.notes,
        )
        self.remember(fetched, body_digest, len(upstream_list.entries))
        upstream = subscription.upstream
        upstream.checked_at = now
        upstream.website = upstream_list.website or upstream.website
        upstream.save(update_fields=["checked_at", "website"])

    def unchanged(self, fetched):
        """Nothing new upstream: only meetings already missing count one more refresh."""
        now = timezone.now()
        with transaction.atomic():
            missing = list(
                ListingSource.objects.attached()
                .filter(upstream=self.subscription.upstream)
                .exclude(missing_count=0)
            )
            gone = count_missing(missing, now)
            if gone:
                announce(gone, Reason.SUBSCRIPTION)
            self.subscription.upstream.checked_at = now
            self.subscription.upstream.save(update_fields=["checked_at"])
        self.record.result = Refresh.Result.UNCHANGED
        self.record.counts = {
            "entries": self.subscription.entries,
            "missing": len(missing),
            "unpublished": len(gone),
        }
        self.remember(fetched, self.subscription.digest, self.subscription.entries)

    def remember(self, fetched, body_digest, entries):
        subscription = self.subscription
        subscription.etag = fetched.etag[:500]
        subscription.last_modified = fetched.last_modified[:100]
        subscription.digest = body_digest
        subscription.entries = entries
        Subscription.objects.filter(pk=subscription.pk).update(
            etag=subscription.etag,
            last_modified=subscription.last_modified,
            digest=subscription.digest,
            entries=entries,
        )

    def read(self, fetched):
        subscription = self.subscription
        text = text_of(fetched.body, fetched.url)
        if subscription.format == Subscription.Format.BMLT:
            upstream_list = bmlt.read(text, None, subscription, fetched.url)
            if upstream_list is None:
                formats = fetch(bmlt.formats_url(fetched.url))
                upstream_list = bmlt.read(
                    text, text_of(formats.body, formats.url), subscription, fetched.url
                )
            return upstream_list
        return meeting_guide.read(text, subscription, fetched.url)

    def check_size(self, upstream_list):
        """An empty list, or one far shorter than the last, is taken only when staff accept it."""
        count, before = len(upstream_list.entries), self.subscription.entries
        if count == 0 and not before:
            raise ListProblem(_("The list has no meetings in it. Is the address right?"))
        if self.accept_shrink:
            return
        if count == 0:
            raise ListShrank(
                _(
                    "The list came back empty, where it had %(before)s meetings. Nothing was "
                    "changed; the publisher's site may be having trouble. If the list really "
                    "is empty now, refresh it and accept the shorter list."
                )
                % {"before": before}
            )
        if before >= SHRINK_MINIMUM and count <= before * SHRINK_LIMIT:
            raise ListShrank(
                _(
                    "The list now has %(count)s meetings, where it had %(before)s. Nothing was "
                    "changed, in case the publisher's list is broken for now. If it really is "
                    "that much shorter, refresh it and accept the shorter list."
                )
                % {"count": count, "before": before}
            )
