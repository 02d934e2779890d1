"""When subscriptions are refreshed: by the background worker, each on its own interval.

The worker (`manage.py db_worker --backend background`, which `make run`
starts) runs queued tasks from the database. One queued task, run_schedule,
is always waiting for the next subscription to fall due (its `run_after`):
it then queues a refresh of every subscription that is due and queues itself
again for the next one. Being a row in the database, it outlives worker
restarts; and whatever may have lost it (a worker killed mid-task, a
database restored) is mended by ensure_scheduled(), which every change to a
subscription, every look at the admin's list and every migration calls: it
leaves exactly one run_schedule waiting, at the right time.

Without the worker, `manage.py feed_subscriptions refresh --due` from cron
does the same work in the foreground.
"""

from django.db.models import Min
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from subscriptions.models import Subscription


def due(now=None):
    """Active subscriptions whose next refresh time has come."""
    now = now or timezone.now()
    return Subscription.objects.filter(active=True, next_run_at__lte=now).order_by("next_run_at")


def next_due():
    """When the next active subscription falls due, or None."""
    return Subscription.objects.filter(active=True).aggregate(soonest=Min("next_run_at"))["soonest"]


def ensure_scheduled():
    """Leave one run_schedule task waiting for the next subscription due (none if none is)."""
    from subscriptions.tasks import run_schedule

    waiting = DBTaskResult.objects.filter(
        task_path=run_schedule.module_path, status=TaskResultStatus.READY
    )
    soonest = next_due()
    if soonest is None:
        waiting.delete()
        return None
    soonest = max(soonest, timezone.now())
    if waiting.filter(run_after__lte=soonest).exists():
        # One already waits in time; later ones would only wake for nothing.
        waiting.filter(run_after__gt=soonest).delete()
        return None
    waiting.delete()
    return run_schedule.using(run_after=soonest).enqueue()


def queue_due():
    """Queue a refresh of every subscription that is due; their ids.

    Each is moved on by its interval as it is queued, so another run_schedule
    (or a second worker) does not queue it again; the refresh itself sets the
    real next time when it finishes.
    """
    from subscriptions.tasks import refresh_subscription

    now = timezone.now()
    queued = []
    for subscription in due(now):
        moved = Subscription.objects.filter(
            pk=subscription.pk, next_run_at=subscription.next_run_at
        ).update(next_run_at=now + subscription.interval)
        if moved:
            refresh_subscription.enqueue(subscription.pk, "schedule")
            queued.append(subscription.pk)
    return queued
