"""The production caches (REDIS_URL) on a real Redis: shared, atomic where it matters."""

from django.core.cache import caches

from directory.cache_lock import CacheLock


def test_both_caches_reach_redis_and_keep_their_keys_apart(redis_caches):
    default, feeds = caches["default"], caches["feeds"]
    default.set("same-name", "default's")
    feeds.set("same-name", "the feeds'")
    assert default.get("same-name") == "default's"
    assert feeds.get("same-name") == "the feeds'"
    # The feeds keep their builds until replaced.
    feeds.set("body", b"x" * 5_000_000)
    assert len(feeds.get("body")) == 5_000_000


def test_another_process_sees_the_same_counts(redis_caches):
    default = caches["default"]
    assert default.add("reports:rate:abc", 1, timeout=60)
    assert not default.add("reports:rate:abc", 1, timeout=60)
    default.incr("reports:rate:abc")
    # A new connection, as another gunicorn worker has.
    default.close()
    assert default.get("reports:rate:abc") == 2


def test_a_lock_is_held_by_one_holder_at_a_time(redis_caches):
    first = CacheLock(caches["feeds"], "lock:site-1", timeout=60)
    second = CacheLock(caches["feeds"], "lock:site-1", timeout=60)
    other_site = CacheLock(caches["feeds"], "lock:site-2", timeout=60)
    assert first.acquire()
    assert not second.acquire()
    assert other_site.acquire()
    assert second.is_held()
    # Only the holder gives it back.
    second.release()
    assert first.is_held()
    first.release()
    assert second.acquire()
    second.release()
    other_site.release()
    assert not first.is_held()
