"""The schedule follows every change to a subscription; a deleted one leaves its meetings
to the center."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from subscriptions.detach import detach_all
from subscriptions.models import Subscription
from subscriptions.schedule import ensure_scheduled


@receiver(post_save, sender=Subscription)
def subscription_saved(sender, instance, **kwargs):
    transaction.on_commit(ensure_scheduled)


@receiver(post_delete, sender=Subscription)
def subscription_deleted(sender, instance, **kwargs):
    # Its meetings stay listed, kept by hand from now on.
    detach_all(instance.upstream)
    transaction.on_commit(ensure_scheduled)


def schedule_after_migrate(sender, app_config, **kwargs):
    if app_config.name == "subscriptions":
        ensure_scheduled()


post_migrate.connect(schedule_after_migrate)
