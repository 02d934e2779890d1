"""One build of /meetings.json per site at a time, on the shared cache production uses.

These tests run the view in many threads at once against the real Redis
(REDIS_URL), each thread with its own database connection, as gunicorn's
threads do. A build is held at a gate the test opens, so "the others did not
wait" and "the others did not build" are seen, not timed.
"""

import gzip
import threading

from django.db import connection
from django.test import Client

from wagtail.models import Site

import pytest
import redis

from directory.models import MeetingPage
from feeds import meeting_guide
from feeds.meeting_guide import BODY_KEY, LOCK_KEY, REPLACED_BODY_SECONDS, feed_cache
from tests.factories import (
    ListingIndexPageFactory,
    LocationFactory,
    MeetingPageFactory,
    add_location,
    add_session,
    ensure_site_tree,
)

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "/meetings.json"
CLIENTS = 20
# No step of these tests takes this long unless something is broken; it only
# keeps a broken build from hanging the run.
GIVE_UP = 60


def publish(page):
    page.save_revision().publish()
    return MeetingPage.objects.get(pk=page.pk)


@pytest.fixture
def meetings(redis_caches):
    home = ensure_site_tree()
    section = ListingIndexPageFactory(parent=home, title="Meetings", slug="meetings")
    hall = LocationFactory(name="Five Points Hall", street_address="2855 Welton St")
    pages = []
    for number, day in enumerate((1, 3, 5)):
        page = MeetingPageFactory(parent=section, title=f"Noon Recovery {number}")
        add_location(page, hall)
        add_session(page, day, "12:00", "13:00")
        pages.append(publish(page))
    return pages


class Builds:
    """Wraps the feed's build: counts them, the most at once, and can hold them at a gate."""

    def __init__(self, monkeypatch, gated=False):
        self.original = meeting_guide._build
        self.count = 0
        self.running = 0
        self.most_at_once = 0
        self.started = threading.Event()
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self._lock = threading.Lock()
        monkeypatch.setattr(meeting_guide, "_build", self.build)

    def build(self, *args, **kwargs):
        with self._lock:
            self.count += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.started.set()
        try:
            assert self.gate.wait(GIVE_UP), "the test never opened the gate"
            return self.original(*args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1


class Refusals:
    """Notes the requests (threads) that found the build lock taken by another."""

    def __init__(self, monkeypatch, wanted):
        self.threads = set()
        self.wanted = wanted
        self.enough = threading.Event()
        self._lock = threading.Lock()
        original = meeting_guide.CacheLock.acquire

        def acquire(lock):
            taken = original(lock)
            if not taken:
                with self._lock:
                    self.threads.add(threading.get_ident())
                    if len(self.threads) >= self.wanted:
                        self.enough.set()
            return taken

        monkeypatch.setattr(meeting_guide.CacheLock, "acquire", acquire)


def fetch(results, index, start, **headers):
    """One client's request, in its own thread with its own database connection."""
    try:
        start.wait(GIVE_UP)
        response = Client().get(FEED, headers=headers)
        results[index] = response
    finally:
        connection.close()


def run_clients(count, **headers):
    results = [None] * count
    start = threading.Barrier(count)
    threads = [
        threading.Thread(target=fetch, args=(results, n, start), kwargs=headers)
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    return threads, results


def join(threads):
    for thread in threads:
        thread.join(GIVE_UP)
        assert not thread.is_alive(), "a request never answered"


def test_a_cold_feed_is_built_once_for_twenty_clients_at_once(meetings, monkeypatch):
    builds = Builds(monkeypatch, gated=True)
    # The build waits until every other client has found it under way.
    refusals = Refusals(monkeypatch, wanted=CLIENTS - 1)
    threads, results = run_clients(CLIENTS, accept_encoding="gzip")
    assert refusals.enough.wait(GIVE_UP), f"only {len(refusals.threads)} clients met the build"
    builds.gate.set()
    join(threads)
    assert builds.count == 1
    assert builds.most_at_once == 1
    assert [r.status_code for r in results] == [200] * CLIENTS
    assert len({r["ETag"] for r in results}) == 1
    bodies = {gzip.decompress(r.content) for r in results}
    assert len(bodies) == 1
    assert b"Noon Recovery 2" in bodies.pop()


def test_while_a_new_build_runs_everyone_else_gets_the_previous_one(meetings, monkeypatch):
    first = Client().get(FEED)
    assert first.status_code == 200
    page = meetings[0]
    page.title = "Noon Recovery, now at one"
    publish(page)

    builds = Builds(monkeypatch, gated=True)
    builder_results = [None]
    builder = threading.Thread(target=fetch, args=(builder_results, 0, threading.Barrier(1)))
    builder.start()
    assert builds.started.wait(GIVE_UP)
    # The build is held at the gate: these requests must answer without it.
    during = [Client().get(FEED) for _ in range(5)]
    assert builds.count == 1
    for response in during:
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"]
        assert response.content == first.content
    builds.gate.set()
    join([builder])
    (built,) = builder_results
    assert built.status_code == 200
    assert built["ETag"] != first["ETag"]
    assert b"Noon Recovery, now at one" in built.content
    after = Client().get(FEED)
    assert after["ETag"] == built["ETag"]
    assert builds.count == 1


def test_an_edit_during_load_starts_one_build_not_one_per_request(meetings, monkeypatch):
    Client().get(FEED)
    page = meetings[1]
    page.title = "Evening Recovery"
    publish(page)
    builds = Builds(monkeypatch, gated=True)
    threads, results = run_clients(CLIENTS)
    # Nineteen answer with the previous build while the twentieth builds,
    # held at the gate.
    answered = threading.Event()

    def count_answers():
        while not answered.is_set():
            if sum(r is not None for r in results) >= CLIENTS - 1:
                answered.set()
            else:
                threading.Event().wait(0.05)

    watcher = threading.Thread(target=count_answers, daemon=True)
    watcher.start()
    assert answered.wait(GIVE_UP), "requests waited for the build"
    assert builds.running == 1
    during = [r for r in results if r is not None]
    assert all(r.status_code == 200 for r in during)
    assert all(b"Evening Recovery" not in r.content for r in during)
    builds.gate.set()
    join(threads)
    assert builds.count == 1
    assert builds.most_at_once == 1
    assert [r.status_code for r in results] == [200] * CLIENTS
    assert b"Evening Recovery" in Client().get(FEED).content


def test_a_lock_left_by_a_builder_that_died_lapses(meetings, monkeypatch):

    site = Site.objects.get(is_default_site=True)
    # As if a worker had died in the middle of the first build.
    feed_cache().set(LOCK_KEY.format(site=site.pk), "dead-worker", timeout=1)
    builds = Builds(monkeypatch)
    response = Client().get(FEED)
    assert response.status_code == 200
    assert builds.count == 1


def test_with_no_build_to_serve_a_request_waits_only_so_long(meetings, monkeypatch):

    site = Site.objects.get(is_default_site=True)
    feed_cache().set(LOCK_KEY.format(site=site.pk), "a-slow-worker", timeout=300)
    monkeypatch.setattr(meeting_guide, "COLD_WAIT_SECONDS", 0.3)
    builds = Builds(monkeypatch)
    response = Client().get(FEED)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert builds.count == 0


def test_a_replaced_build_stays_a_while_for_requests_that_just_read_it(meetings, redis_url):

    site = Site.objects.get(is_default_site=True)
    old = Client().get(FEED)["ETag"][3:-1]
    page = meetings[2]
    page.title = "Friday Noon"
    publish(page)
    new = Client().get(FEED)["ETag"][3:-1]
    assert new != old
    server = redis.Redis.from_url(redis_url)
    try:
        for encoding in ("identity", "gzip"):
            old_key = feed_cache().make_key(
                BODY_KEY.format(site=site.pk, digest=old, encoding=encoding)
            )
            new_key = feed_cache().make_key(
                BODY_KEY.format(site=site.pk, digest=new, encoding=encoding)
            )
            assert 0 < server.ttl(old_key) <= REPLACED_BODY_SECONDS
            assert server.ttl(new_key) == -1  # kept until replaced
    finally:
        server.close()
