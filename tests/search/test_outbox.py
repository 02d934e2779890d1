"""The outbox: a change and its search update commit together, and whatever fails
after the commit is delivered later, never lost."""

from datetime import timedelta
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from search import outbox
from search.models import PendingIndexUpdate, SearchDocument
from search.tasks import schedule_sync, start_schedule, sync_search_index
from tests.factories import LocationFactory, MeetingPageFactory, add_location, add_session
from tests.search.test_indexing import DEAD_CLUSTER, wait_for
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def published_meeting(capture, title):
    with capture(execute=True):
        meeting = MeetingPageFactory(title=title)
        add_location(meeting, LocationFactory())
        add_session(meeting, 4, "18:00", "19:00")
        meeting.save_revision().publish()
    return meeting


def stored_title(meeting):
    return SearchDocument.objects.get(listing_id=meeting.pk).data["title"]


def status():
    out = StringIO()
    call_command("directory_index", "status", stdout=out)
    return out.getvalue()


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_a_delivery_that_fails_after_the_commit_is_kept_and_repaired(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks, "Harbor Light Group")
    assert wait_for(es_client, lambda docs: meeting.pk in docs)
    assert not PendingIndexUpdate.objects.exists()

    # The edit commits; sending it to Elasticsearch afterwards fails the way a
    # busy SQLite file does.
    with (
        mock.patch("search.outbox._send", side_effect=locked),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        meeting.title = "Harbor Light Fellowship"
        meeting.save_revision().publish()
    assert callbacks, "the delivery was left to run after the commit"
    assert stored_title(meeting) == "Harbor Light Fellowship"  # the database engine has it
    kept = PendingIndexUpdate.objects.get(listing_id=meeting.pk)
    assert (kept.action, kept.attempts) == ("index", 1)
    assert "database is locked" in kept.last_error

    # Counts agree, content does not: status says so.
    report = status()
    assert "Elasticsearch: 1 documents with other content" in report
    assert "No drift." not in report
    assert wait_for(
        es_client,
        lambda docs: docs.get(meeting.pk, {}).get("title") == "Harbor Light Group",
        wait=0.2,
    )

    call_command("directory_index", "sync")
    assert not PendingIndexUpdate.objects.exists()
    assert wait_for(
        es_client, lambda docs: docs.get(meeting.pk, {}).get("title") == "Harbor Light Fellowship"
    )
    assert "No drift." in status()


def test_a_change_rolled_back_leaves_search_as_it_was(
    live_index, es_client, django_capture_on_commit_callbacks
):
    meeting = published_meeting(django_capture_on_commit_callbacks, "Quiet Cove Group")
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        meeting.title = "Quiet Cove Renamed"
        meeting.save_revision().publish()
        # Inside the change's transaction the database engine already has it,
        # and the outbox holds it for Elasticsearch.
        assert stored_title(meeting) == "Quiet Cove Renamed"
        assert PendingIndexUpdate.objects.filter(listing_id=meeting.pk).exists()
        raise RuntimeError("the change fails")
    assert callbacks == []
    assert stored_title(meeting) == "Quiet Cove Group"
    assert not PendingIndexUpdate.objects.exists()


def test_an_older_delivery_never_clears_a_newer_change(live_index, es_client):
    meeting = MeetingPageFactory(title="Tidewater Group")
    add_location(meeting, LocationFactory())
    with transaction.atomic():
        meeting.save_revision().publish()  # its delivery waits for the test's commit
    first = PendingIndexUpdate.objects.get(listing_id=meeting.pk).token
    with transaction.atomic():
        meeting.title = "Tidewater Renamed"
        meeting.save_revision().publish()
    second = PendingIndexUpdate.objects.get(listing_id=meeting.pk).token
    assert first != second

    # The first write's delivery sends what the database holds now, but its row
    # was taken over by the second write: that row stays for its own delivery.
    assert outbox.deliver([meeting.pk], first) == 0
    assert PendingIndexUpdate.objects.filter(listing_id=meeting.pk, token=second).exists()
    assert outbox.deliver([meeting.pk], second) == 1
    assert not PendingIndexUpdate.objects.exists()
    assert wait_for(
        es_client, lambda docs: docs.get(meeting.pk, {}).get("title") == "Tidewater Renamed"
    )


@pytest.mark.django_db(transaction=True)
def test_a_cluster_away_is_caught_up_by_the_worker_on_its_schedule(
    live_index, es_client, elasticsearch_url, django_capture_on_commit_callbacks
):
    live_index.ELASTICSEARCH_URL = DEAD_CLUSTER
    meeting = published_meeting(django_capture_on_commit_callbacks, "Lighthouse Group")
    assert PendingIndexUpdate.objects.filter(listing_id=meeting.pk).exists()
    # The failed delivery asked for a sync soon.
    queued = DBTaskResult.objects.get(
        task_path=sync_search_index.module_path, status=TaskResultStatus.READY
    )
    assert queued.run_after <= timezone.now() + timedelta(seconds=outbox.RETRY_AFTER)

    live_index.ELASTICSEARCH_URL = elasticsearch_url
    live_index.SEARCH_SYNC_INTERVAL = 60
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    run_worker()

    assert not PendingIndexUpdate.objects.exists()
    assert wait_for(es_client, lambda docs: meeting.pk in docs)
    ran = DBTaskResult.objects.get(pk=queued.pk)
    assert ran.status == TaskResultStatus.SUCCESSFUL
    assert ran.return_value == {"refreshed": 0, "delivered": 1, "pending": 0}
    # It queued the next run a minute on, so the worker keeps syncing without cron.
    following = DBTaskResult.objects.get(
        task_path=sync_search_index.module_path, status=TaskResultStatus.READY
    )
    assert following.run_after > timezone.now() + timedelta(seconds=50)


def test_migrating_starts_the_schedule_once(settings):
    settings.SEARCH_SYNC_INTERVAL = 60
    start_schedule()
    start_schedule()
    schedule_sync(300)  # a later sync is already covered by the queued one
    queued = DBTaskResult.objects.filter(
        task_path=sync_search_index.module_path, status=TaskResultStatus.READY
    )
    assert queued.count() == 1
    assert queued.get().run_after <= timezone.now() + timedelta(seconds=60)
    settings.SEARCH_SYNC_INTERVAL = 0
    DBTaskResult.objects.all().delete()
    start_schedule()
    assert not DBTaskResult.objects.exists()
