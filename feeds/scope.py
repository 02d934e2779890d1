"""Which listings the open-data feeds publish: live, public, and on the asking site."""

from directory.models import ListingPage, ListingSource
from directory.translations import in_default_locale
from feeds.models import FeedPublisher


def published(site, model=ListingPage):
    """The published, public pages of `model` under the site (all sites when None)."""
    pages = in_default_locale(model.objects.live().public())
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


def in_meeting_feed(site, pages):
    """Of these published meetings, the ones /meetings.json lists: the center's own, and
    those kept current from other publishers' lists only when the site's feed setting
    says so.

    The Meeting Guide app reads the intergroups' and service bodies' lists itself;
    a feed that repeated their meetings would have it show each one twice.
    """
    include = (
        site is not None
        and FeedPublisher.objects.filter(site=site, include_subscribed=True).exists()
    )
    if include:
        return pages
    return pages.exclude(pk__in=ListingSource.objects.attached().values("page_id"))
