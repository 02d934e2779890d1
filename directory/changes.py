"""One event for every change to what the public sees of a listing.

Whatever writes listings (the page editor's publish, unpublish, move and
delete; edits of the places, organizations and categories listings show;
imports; verification; refreshes of followed meeting lists; and any write
path to come) ends by calling announce(ids, reason). It sends
`listings_changed`, and the parts of the site
that keep copies of listings subscribe to it: search indexing (both engines)
and the feed cache. No write path calls them by hand, so a new one cannot
forget one of them.

announce() is called inside the transaction that makes the change, once the
change is made, so a subscriber can bring its copies up to date in that same
transaction (search's database rows, its outbox) and act on the rest once it
commits (Django's transaction.on_commit). A listing's publish and unpublish
are such transactions (ListingPage.publish, ListingPage.unpublish).

Receivers here turn Wagtail's and Django's own signals into the event; the
ones that write in bulk (imports) or behind the model's back (verification's
queryset update) call announce() themselves.
"""

from enum import StrEnum

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.meeting_guide.slugs import remember_slug
from directory.models import Category, ListingPage, Location, MeetingPage, Organization
from directory.translations import in_default_locale, is_source, source_of


class Reason(StrEnum):
    """Why listings changed; subscribers may treat some reasons specially."""

    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    MOVE = "move"
    DELETE = "delete"
    LOCATION = "location"
    ORGANIZATION = "organization"
    CATEGORY = "category"
    # How listings are found changed, not the listings: `ids` is empty.
    SYNONYMS = "synonyms"
    IMPORT = "import"
    VERIFICATION = "verification"
    # A refresh from a meeting list the directory follows (directory.models.sources):
    # meetings created, updated, unpublished as gone from the list or back again, and
    # meetings staff detach from their list.
    SUBSCRIPTION = "subscription"


listings_changed = Signal()
"""Sent with `ids` (a frozenset of listing page pks whose public form may have
changed, live or not any more), `reason` (a Reason) and, from bulk writers,
`progress` (a callable taking a count, or None) for long subscribers to report
how far they are."""


def announce(ids, reason, progress=None):
    """Tell every subscriber that these listings changed, and why."""
    listings_changed.send(
        sender=Reason, ids=frozenset(ids), reason=Reason(reason), progress=progress
    )


# The editor's write paths


def listing_ids(page):
    """The listings a page change touches: the page itself, or the listings under it.

    A translation's change touches the listing it translates (the directory's
    page, whose search document carries its translations' words).
    """
    if isinstance(page, ListingPage):
        return [page.pk] if is_source(page) else sources_of([page.translation_key])
    return sources_of(ListingPage.objects.descendant_of(page).values("translation_key"))


def sources_of(translation_keys):
    """The pks of the directory's listings with these translation keys."""
    listings = ListingPage.objects.filter(translation_key__in=translation_keys)
    return list(in_default_locale(listings).values_list("pk", flat=True))


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    if isinstance(instance, MeetingPage) and is_source(instance):
        # Its slug in the Meeting Guide format is fixed from the first publication.
        remember_slug(instance)
    announce(listing_ids(instance), Reason.PUBLISH)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    announce(listing_ids(instance), Reason.UNPUBLISH)


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    announce(listing_ids(instance.specific), Reason.MOVE)


@receiver(post_delete, sender=ListingPage)
def listing_was_deleted(sender, instance, **kwargs):
    announce(listing_ids(instance), Reason.DELETE)


# Reference data that listings show. Locations and organizations are
# reviewed (directory.models.snippets): an editor's change waits in a revision
# and their row, which is all listings show, changes when it is published.
# Saving a draft only updates Wagtail's bookkeeping of revisions and locks.

BOOKKEEPING = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
)


def changes_the_row(created, instance, update_fields):
    """Whether a save changed what listings show: not a draft's bookkeeping, and
    not a new draft that no listing can point to before it is published."""
    if update_fields is not None and set(update_fields) <= BOOKKEEPING:
        return False
    return not (created and not instance.live)


def location_listing_ids(location):
    """A place's listings (a translation's are those of the place it translates,
    whose words it gives)."""
    place = source_of(location)
    if place is None:
        return set()
    return set(place.listing_links.values_list("page_id", flat=True))


@receiver(post_save, sender=Location)
def location_was_saved(sender, instance, created, update_fields, **kwargs):
    if changes_the_row(created, instance, update_fields):
        announce(location_listing_ids(instance), Reason.LOCATION)


@receiver(post_delete, sender=Location)
def location_went(sender, instance, **kwargs):
    if is_source(instance):
        # No listing points to a place that can be deleted (ListingLocation
        # protects it); its translations go with it, as nothing else reads them.
        Location.objects.filter(translation_key=instance.translation_key).delete()
    else:
        announce(location_listing_ids(instance), Reason.LOCATION)


@receiver(post_save, sender=Organization)
def organization_was_saved(sender, instance, created, update_fields, **kwargs):
    if changes_the_row(created, instance, update_fields):
        announce(instance.listings.values_list("pk", flat=True), Reason.ORGANIZATION)


@receiver(pre_delete, sender=Organization)
def organization_will_go(sender, instance, **kwargs):
    # Before the delete: afterwards its listings no longer point at it. The
    # change is announced once it is made (below).
    instance._listing_ids = list(instance.listings.values_list("pk", flat=True))


@receiver(post_delete, sender=Organization)
def organization_went(sender, instance, **kwargs):
    announce(getattr(instance, "_listing_ids", ()), Reason.ORGANIZATION)


def category_listing_ids(category):
    """A category's listings and its children's, which the category includes (a
    translation's are those of the category it translates, whose name it gives)."""
    category = source_of(category)
    if category is None:
        return set()
    ids = set(category.listings.values_list("pk", flat=True))
    for child in category.children.all():
        ids.update(child.listings.values_list("pk", flat=True))
    return ids


@receiver(post_save, sender=Category)
def category_was_saved(sender, instance, **kwargs):
    announce(category_listing_ids(instance), Reason.CATEGORY)


@receiver(pre_delete, sender=Category)
def category_will_go(sender, instance, **kwargs):
    instance._listing_ids = category_listing_ids(instance)


@receiver(post_delete, sender=Category)
def category_went(sender, instance, **kwargs):
    announce(getattr(instance, "_listing_ids", ()), Reason.CATEGORY)
