"""Which listings need verifying, and how a verification is recorded.

A listing needs verifying when it was never verified or was last verified
longer ago than Settings → Directory settings allows; the same rule as
ListingPage.needs_verification, written as a query so that staff tools can
list and count those listings in the database.
"""

import calendar
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Revision

from directory.changes import Reason, announce
from directory.models import DirectorySettings, ListingPage

#: The audit-log action a verification is recorded under, in the page's history.
VERIFIED_ACTION = "directory.mark_verified"


def needs_verification_q(today=None):
    """A filter for listings whose last_verified is missing or too old.

    The same rule as ListingPage.needs_verification: verified before
    `verification_days` ago, or never.
    """
    today = today or timezone.localdate()
    days = DirectorySettings.load().verification_days
    return Q(last_verified__isnull=True) | Q(last_verified__lt=today - timedelta(days=days))


def months_before(day, months):
    """The same day of the month `months` earlier, or that month's last day."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def record_verification(page, user, on=None):
    """Record that `user` checked `page` on the date `on` (today by default).

    A Wagtail page keeps its data twice: in its own row, which the public site
    and search read, and in its revisions, the JSON snapshots the editor opens
    and the next publish copies back onto the row. Saving a new revision would
    drag any unpublished draft along with it, and publishing here would
    publish that draft, which a verification must never do. So the row is
    changed with a queryset update (no signals, no new revision) and the same
    two values are written into the revision the editor will open next (the
    latest) and into any revision scheduled to go live; otherwise the next
    publish would silently bring the old date back. Older revisions stay as
    they were: reverting to one reverts its verification too, as it should.
    The change is logged in the page's history and announced as a listing
    change, since search and the feeds show the date.
    """
    on = on or timezone.localdate()
    user_pk = user.pk if user is not None else None
    with transaction.atomic():
        ListingPage.objects.filter(pk=page.pk).update(last_verified=on, verified_by=user_pk)
        revisions = Revision.page_revisions.filter(object_id=str(page.pk)).filter(
            Q(pk=page.latest_revision_id) | Q(approved_go_live_at__isnull=False)
        )
        for revision in revisions.select_for_update():
            content = dict(revision.content or {})
            content.update(last_verified=on.isoformat(), verified_by=user_pk)
            Revision.objects.filter(pk=revision.pk).update(content=content)
        log(instance=page, action=VERIFIED_ACTION, user=user)
        announce([page.pk], Reason.VERIFICATION)
    page.last_verified = on
    page.verified_by = user
