"""The schedule: one queued task waits for the next subscription due, in the database, so it
outlives the worker; whatever loses it is mended; cron can do the same work."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from subscriptions.models import Refresh, Subscription
from subscriptions.schedule import ensure_scheduled
from subscriptions.tasks import run_schedule
from tests.subscriptions.conftest import feed, meeting
from tests.worker import run_worker

PATH = "/meetings.json"


def waiting():
    """The run_schedule tasks queued and not yet run, soonest first."""
    return list(
        DBTaskResult.objects.filter(
            task_path=run_schedule.module_path, status=TaskResultStatus.READY
        ).order_by("run_after")
    )


def close(moment, other):
    return abs(moment - other) < timedelta(seconds=5)


@pytest.mark.django_db
def test_one_task_waits_for_the_next_subscription_due(publisher, subscribe):
    assert ensure_scheduled() is None and waiting() == []  # nothing to wait for
    later = subscribe(publisher.serve("/a.json", feed(meeting("a"))))
    Subscription.objects.filter(pk=later.pk).update(next_run_at=timezone.now() + timedelta(hours=5))
    ensure_scheduled()
    ensure_scheduled()
    [task] = waiting()
    assert close(task.run_after, timezone.now() + timedelta(hours=5))

    sooner = subscribe(publisher.serve("/b.json", feed(meeting("b"))))
    Subscription.objects.filter(pk=sooner.pk).update(
        next_run_at=timezone.now() + timedelta(hours=1)
    )
    ensure_scheduled()
    [task] = waiting()
    assert close(task.run_after, timezone.now() + timedelta(hours=1))

    Subscription.objects.update(active=False)
    ensure_scheduled()
    assert waiting() == []  # paused subscriptions wake nobody


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_each_subscription_when_it_falls_due(publisher, subscribe):
    url = publisher.serve(PATH, feed(meeting("hope", name="Hope Group")), etag='"v1"')
    subscription = subscribe(url, interval_hours=Subscription.Interval.SIX_HOURS)
    [task] = waiting()  # queued as the subscription was saved, due at once
    assert task.run_after <= timezone.now()

    run_worker()
    subscription.refresh_from_db()
    first = subscription.last_refresh
    assert (first.trigger, first.result) == (Refresh.Trigger.SCHEDULE, Refresh.Result.CHANGED)
    assert close(subscription.next_run_at, timezone.now() + timedelta(hours=6))
    [task] = waiting()  # the next wait, for the next refresh
    assert close(task.run_after, subscription.next_run_at)

    run_worker()  # nothing is due yet
    assert subscription.refreshes.count() == 1

    # Six hours later (the clock moved on for the subscription and its queued task).
    past = timezone.now() - timedelta(seconds=1)
    Subscription.objects.filter(pk=subscription.pk).update(next_run_at=past)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=past)
    run_worker()
    assert subscription.refreshes.count() == 2
    assert subscription.refreshes.first().result == Refresh.Result.UNCHANGED  # a 304
    assert len(waiting()) == 1


@pytest.mark.django_db(transaction=True)
def test_a_schedule_lost_with_its_worker_is_mended(admin_client, publisher, subscribe):
    subscription = subscribe(publisher.serve(PATH, feed(meeting("hope"))))
    [task] = waiting()
    # The worker was killed while it ran the task: the row stays "running" for ever.
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING)
    assert waiting() == []

    admin_client.get("/admin/feed-subscriptions/")  # any look at the list mends it

    assert len(waiting()) == 1
    run_worker()
    subscription.refresh_from_db()
    assert subscription.last_refresh.result == Refresh.Result.CHANGED


@pytest.mark.django_db
def test_cron_can_refresh_what_is_due_without_the_worker(publisher, subscribe):
    due = subscribe(publisher.serve("/due.json", feed(meeting("a"))), name="Due List")
    later = subscribe(publisher.serve("/later.json", feed(meeting("b"))), name="Later List")
    Subscription.objects.filter(pk=later.pk).update(next_run_at=timezone.now() + timedelta(hours=3))
    out = StringIO()
    call_command("feed_subscriptions", "refresh", "--due", stdout=out)
    assert "Due List: 1 meetings: 1 created" in out.getvalue()
    assert "Later List" not in out.getvalue()
    assert due.refreshes.count() == 1 and later.refreshes.count() == 0
