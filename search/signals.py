"""Which changes reach the search documents.

Publishing, unpublishing, deleting and moving a listing, and editing the
location, organization or category it shows, all refresh the listings
concerned once the transaction commits.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import Category, ListingPage, Location, Organization
from search.indexing import refresh_on_commit
from search.serializers import CATEGORY_NAMES_KEY


def _listing_ids(page):
    if isinstance(page, ListingPage):
        return [page.pk]
    return list(ListingPage.objects.descendant_of(page).values_list("pk", flat=True))


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    refresh_on_commit(_listing_ids(instance))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    refresh_on_commit(_listing_ids(instance.specific))


@receiver(post_delete, sender=ListingPage)
def listing_deleted(sender, instance, **kwargs):
    refresh_on_commit([instance.pk])


@receiver(post_save, sender=Location)
def location_saved(sender, instance, **kwargs):
    refresh_on_commit(instance.listing_links.values_list("page_id", flat=True))


@receiver(post_save, sender=Organization)
def organization_saved(sender, instance, **kwargs):
    refresh_on_commit(instance.listings.values_list("pk", flat=True))


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_saved(sender, instance, **kwargs):
    cache.delete(CATEGORY_NAMES_KEY)
    ids = set(instance.listings.values_list("pk", flat=True))
    for child in instance.children.all():
        ids.update(child.listings.values_list("pk", flat=True))
    refresh_on_commit(ids)
