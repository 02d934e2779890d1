"""Which edits make a new directory version, so the cached feed is rebuilt.

The same edits search/signals.py follows: publishing, unpublishing, deleting
and moving pages, and saving or deleting a location, organization or
category; also the site and the feed's publisher setting, which the feed
shows. The version changes at once and again when the transaction commits, so
a feed built from the old data in between is not kept. Saving a draft, a lock
or a comment on a published page changes nothing published, and so no version.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import (
    Category,
    ListingLocation,
    ListingSession,
    Location,
    MeetingPage,
    Organization,
)
from feeds.meeting_guide import bump_directory_version, remember_slug
from feeds.models import FeedPublisher

# What Wagtail writes on a page for a draft, a lock or a comment (save_revision,
# lock, unlock): the published page stays as it was.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_by",
        "locked_at",
    }
)

WATCHED = (
    Location,
    Organization,
    Category,
    ListingLocation,
    ListingSession,
    Site,
    FeedPublisher,
)


def directory_changed():
    bump_directory_version()
    transaction.on_commit(bump_directory_version)


@receiver(page_published)
def page_published_(sender, instance, **kwargs):
    if isinstance(instance, MeetingPage):
        remember_slug(instance)
    directory_changed()


@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, instance, **kwargs):
    directory_changed()


def _draft_only(update_fields):
    return update_fields is not None and set(update_fields) <= DRAFT_FIELDS


@receiver(post_save)
@receiver(post_delete)
def model_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        deleted = kwargs.get("signal") is post_delete
        # A draft, of an unpublished page or of a published one, changes nothing
        # the feed shows.
        if deleted or (instance.live and not _draft_only(kwargs.get("update_fields"))):
            directory_changed()
        return
    if isinstance(instance, WATCHED):
        directory_changed()
