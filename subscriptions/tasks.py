"""Refreshes run in the background worker (`manage.py db_worker --backend background`):
a list of ten thousand meetings never holds up a web request, and the schedule
(subscriptions.schedule) needs no process of its own."""

from django.contrib.auth import get_user_model

from django_tasks import task

from subscriptions import refresh, schedule
from subscriptions.models import Refresh, Subscription


@task(backend="background")
def refresh_subscription(
    subscription_id, trigger=Refresh.Trigger.SCHEDULE, user_id=None, accept_shrink=False
):
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return None  # deleted while it waited
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    record = refresh.refresh(subscription, trigger=trigger, user=user, accept_shrink=accept_shrink)
    schedule.ensure_scheduled()
    return record.result if record else None


@task(backend="background")
def run_schedule():
    """Queue the refreshes that are due, then wait (as a queued task) for the next."""
    try:
        return schedule.queue_due()
    finally:
        schedule.ensure_scheduled()
