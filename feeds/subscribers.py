"""What makes the cached feed stale: any listing change, and the feed's own settings.

Listing changes arrive as the directory's one event (directory.changes). The
site record, the publisher setting and the directory's service area are shown
in the feed but are not listings, so the feed follows their edits itself. The
version changes at once and again when the transaction commits, so a feed
built from the old data in between is not kept.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Site

from directory.changes import listings_changed
from directory.models import DirectorySettings
from feeds.meeting_guide import bump_directory_version
from feeds.models import FeedPublisher


def directory_changed():
    bump_directory_version()
    transaction.on_commit(bump_directory_version)


@receiver(listings_changed)
def listings_were_changed(sender, **kwargs):
    directory_changed()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=FeedPublisher)
@receiver(post_delete, sender=FeedPublisher)
@receiver(post_save, sender=DirectorySettings)
def feed_settings_changed(sender, **kwargs):
    directory_changed()
