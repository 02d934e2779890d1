"""Work the admin starts and that may outlast a request, and the search index's
schedule: run by the background worker (`manage.py db_worker --backend background`)."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from search.indexing import sync


@task(backend="background")
def rebuild_search_index():
    """Rebuild both engines' documents and the Elasticsearch index (with current synonyms)."""
    call_command("directory_index", "rebuild", "--no-progress")


@task(backend="background")
def sync_search_index():
    """Refresh expiring session times and deliver the outbox, then come back in a while.

    Each run queues the next, so the worker keeps the index in step without
    cron; `schedule_sync` starts the chain (after `migrate`) and hurries it
    along when a delivery has just failed.
    """
    try:
        refreshed, delivered, pending = sync()
    finally:
        if settings.SEARCH_SYNC_INTERVAL:
            schedule_sync(settings.SEARCH_SYNC_INTERVAL)
        _forget_old_runs()
    return {"refreshed": refreshed, "delivered": delivered, "pending": pending}


def _queued():
    return DBTaskResult.objects.filter(
        task_path=sync_search_index.module_path, status=TaskResultStatus.READY
    )


def start_schedule(**kwargs):
    """After `migrate`: the first sync, which queues the next (unless switched off)."""
    if settings.SEARCH_SYNC_INTERVAL:
        schedule_sync(settings.SEARCH_SYNC_INTERVAL)


def schedule_sync(delay):
    """Make sure a sync is queued to run within `delay` seconds."""
    run_after = timezone.now() + timedelta(seconds=delay)
    queued = _queued()
    if queued.exists():
        queued.filter(run_after__gt=run_after).update(run_after=run_after)
    else:
        sync_search_index.using(run_after=run_after).enqueue()


def _forget_old_runs():
    """A run a minute makes many results; keep a day of them."""
    DBTaskResult.objects.filter(
        task_path=sync_search_index.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - timedelta(days=1),
    ).delete()
