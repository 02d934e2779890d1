"""The breaker: a dead cluster is skipped at once and found again within seconds,
a slow one is not taken for dead, and a cluster of several nodes outlives one.

The breaker's own rules are proven with a health check the test controls; the
rest against the real Elasticsearch (and a real three-node cluster).
"""

import socket
import threading
import time
from urllib.parse import urlsplit

from django.http import QueryDict

import pytest

from search import es_index
from search.breaker import RECOVERY_FULL, CircuitBreaker, breaker
from search.engines import get_engine
from search.indexing import refresh
from search.query import parse_query
from tests.factories import LocationFactory, MeetingPageFactory, add_location, add_session

DEAD_NODE = "http://127.0.0.1:9"  # nothing listens on this port


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Cluster:
    """A health check the test answers, counting how many run at once."""

    def __init__(self, healthy):
        self.healthy = healthy
        self.running = 0
        self.most_at_once = 0
        self.checks = 0
        self._lock = threading.Lock()

    def check(self):
        with self._lock:
            self.running += 1
            self.checks += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.05)
        with self._lock:
            self.running -= 1
        return self.healthy


@pytest.fixture
def quick_probe(settings):
    settings.ELASTICSEARCH_RETRY_AFTER = 0.1


def test_a_failure_opens_it_and_one_probe_closes_it_when_the_cluster_is_back(quick_probe):
    cluster = Cluster(healthy=False)
    tested = CircuitBreaker(cluster.check)
    # Many visitors' searches fail at once: still a single probe.
    threads = [threading.Thread(target=tested.record_failure) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not tested.allows()
    assert wait_until(lambda: cluster.checks >= 3, 2)
    assert cluster.most_at_once == 1
    assert not tested.allows()

    cluster.healthy = True
    assert wait_until(tested.allows, 1)
    tested.reset()


def test_a_slow_search_does_not_open_it_while_the_cluster_answers_its_health_check(quick_probe):
    cluster = Cluster(healthy=True)
    tested = CircuitBreaker(cluster.check)
    tested.record_timeout()
    assert wait_until(lambda: cluster.checks == 1 and cluster.running == 0, 1)
    assert tested.allows()


def test_a_timeout_from_a_cluster_that_fails_its_health_check_opens_it(quick_probe):
    cluster = Cluster(healthy=False)
    tested = CircuitBreaker(cluster.check)
    tested.record_timeout()
    assert wait_until(lambda: not tested.allows(), 1)
    cluster.healthy = True
    assert wait_until(tested.allows, 1)
    tested.reset()


def recovering_breaker():
    """A breaker whose probe has just found the cluster back."""
    cluster = Cluster(healthy=True)
    tested = CircuitBreaker(cluster.check)
    tested.record_failure()
    assert wait_until(tested.allows, 1)
    assert tested.is_recovering
    return tested


def in_another_thread(function):
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(function()))
    thread.start()
    thread.join()
    return outcome[0]


def admitted_at_once(tested, threads=RECOVERY_FULL * 2):
    """How many searches of `threads` visitors, all under way together, may try the
    cluster (each admitted visitor keeps its place until told to go on)."""
    admitted, go_on = [], threading.Event()

    def visitor():
        if tested.admit():
            admitted.append(1)
            go_on.wait()
            tested.release()

    running = [threading.Thread(target=visitor) for _ in range(threads)]
    for thread in running:
        thread.start()
    wait_until(lambda: sum(not t.is_alive() for t in running) >= threads - len(admitted), 1)
    go_on.set()
    for thread in running:
        thread.join()
    return len(admitted)


def answer_trials(tested, n, outcome="success"):
    for _ in range(n):
        assert tested.admit()
        getattr(tested, f"record_{outcome}")()
        tested.release()


def test_after_the_cluster_is_back_searches_return_to_it_gradually(quick_probe):
    tested = recovering_breaker()
    allowed = 1
    while allowed <= RECOVERY_FULL:
        # Only that many at once; every other visitor is answered by the database.
        assert admitted_at_once(tested) == allowed
        assert tested.is_recovering
        answer_trials(tested, allowed)  # as many in time: twice as many at once
        allowed *= 2
    assert not tested.is_recovering
    assert admitted_at_once(tested) == RECOVERY_FULL * 2


def test_a_slow_trial_halves_the_searches_allowed_without_opening_it(quick_probe):
    tested = recovering_breaker()
    answer_trials(tested, 1)
    answer_trials(tested, 2)
    assert admitted_at_once(tested) == 4
    answer_trials(tested, 1, "timeout")
    assert tested.allows() and tested.is_recovering
    assert admitted_at_once(tested) == 2
    tested.reset()


def test_only_a_trials_outcome_moves_the_ramp(quick_probe):
    tested = recovering_breaker()
    assert tested.admit()  # this thread's search is the one trial
    # An answer in another thread (a search sent before the breaker opened) is no trial.
    in_another_thread(tested.record_success)
    tested.release()
    assert tested.is_recovering
    assert admitted_at_once(tested) == 1
    answer_trials(tested, 1)
    assert admitted_at_once(tested) == 2
    tested.reset()


def test_a_trial_that_ends_without_an_outcome_frees_its_place(quick_probe):
    tested = recovering_breaker()
    assert tested.admit()
    tested.release()  # e.g. the search raised something unforeseen
    assert in_another_thread(tested.admit)
    tested.reset()


def test_a_refused_trial_opens_it_again(quick_probe):
    tested = recovering_breaker()
    assert tested.admit()
    tested.record_failure()
    tested.release()
    assert not tested.allows() and not tested.is_recovering
    tested.reset()


# Against the real server


pytestmark = pytest.mark.django_db


def search(params):
    query, errors = parse_query(QueryDict(params))
    assert errors == []
    return get_engine().search(query)


@pytest.fixture
def indexed_meeting(live_index, es_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingPageFactory(title="Numbat Fellowship")
        add_location(meeting, LocationFactory())
        add_session(meeting, 3, "12:00", "13:00")
        meeting.save_revision().publish()
    es_client.indices.refresh(index=es_index.alias_name())
    return meeting


def test_search_returns_to_elasticsearch_by_itself_once_the_cluster_is_back(
    indexed_meeting, live_index
):
    live_index.ELASTICSEARCH_RETRY_AFTER = 0.2
    url = live_index.ELASTICSEARCH_URL
    live_index.ELASTICSEARCH_URL = DEAD_NODE
    assert search("q=numbat").degraded
    assert not breaker.allows()

    live_index.ELASTICSEARCH_URL = url  # the cluster is back
    assert wait_until(breaker.allows, 3)
    results = search("q=numbat")
    assert (results.engine, results.degraded, results.ids) == (
        "elasticsearch",
        False,
        [indexed_meeting.pk],
    )


def test_a_probe_that_finds_the_index_missing_keeps_trying(indexed_meeting, live_index, es_client):
    """A cluster still starting (no index yet) is not back; the next look finds it."""
    live_index.ELASTICSEARCH_RETRY_AFTER = 0.2
    alias = es_index.alias_name()
    index = es_index.current_index()
    es_client.indices.delete_alias(index=index, name=alias)
    assert search("q=numbat").degraded
    time.sleep(0.6)  # several probes find no index
    assert not breaker.allows()
    es_client.indices.put_alias(index=index, name=alias)
    assert wait_until(breaker.allows, 3)
    assert not search("q=numbat").degraded


class SlowProxy:
    """Elasticsearch behind a connection that holds every answer back for `delay` seconds:
    a cluster that is alive but slow, as under heavy CPU load."""

    def __init__(self, upstream, delay):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, upstream, 0), daemon=True).start()
            threading.Thread(
                target=self._pump, args=(upstream, client, self.delay), daemon=True
            ).start()

    @staticmethod
    def _pump(source, target, delay):
        try:
            while chunk := source.recv(65536):
                time.sleep(delay)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                end.close()

    def close(self):
        self.listener.close()


def test_a_slow_answer_falls_back_but_does_not_take_the_cluster_for_dead(
    indexed_meeting, live_index
):
    proxy = SlowProxy(live_index.ELASTICSEARCH_URL, delay=0.6)
    try:
        live_index.ELASTICSEARCH_URL = proxy.url
        live_index.ELASTICSEARCH_TIMEOUT = 0.3
        live_index.ELASTICSEARCH_PROBE_TIMEOUT = 3.0
        live_index.ELASTICSEARCH_RETRY_AFTER = 0.2
        results = search("q=numbat&near=80205&radius=auto")
        # The visitor got the database's answer…
        assert results.degraded and results.ids == [indexed_meeting.pk]
        # …and the cluster, slow as it is, answered its health check: not dead.
        time.sleep(2)
        assert breaker.allows()
        live_index.ELASTICSEARCH_TIMEOUT = 5.0
        assert not search("q=numbat").degraded
    finally:
        proxy.close()


def test_a_dead_node_in_the_list_is_passed_over(indexed_meeting, live_index):
    live_index.ELASTICSEARCH_URL = f"{DEAD_NODE},{live_index.ELASTICSEARCH_URL}"
    for _ in range(5):
        results = search("q=numbat")
        assert (results.engine, results.degraded) == ("elasticsearch", False)
    assert breaker.allows()


@pytest.mark.single_run
@pytest.mark.django_db(transaction=True)
def test_killing_one_node_of_three_under_load_costs_no_answer(
    three_node_cluster, settings, django_capture_on_commit_callbacks
):
    """Searches keep coming from Elasticsearch, none degraded, while a node dies."""
    from tests.factories import ensure_site_tree

    cluster = three_node_cluster
    settings.ELASTICSEARCH_URL = ",".join(
        f"http://127.0.0.1:{cluster.port(node)}" for node in range(1, 4)
    )
    settings.ELASTICSEARCH_INDEX_PREFIX = "test-three-nodes"
    settings.ELASTICSEARCH_RETRY_AFTER = 0.5
    # About a dead node, not a slow one: a machine busy with three nodes and the
    # visitors must not turn slowness into fallbacks here.
    settings.ELASTICSEARCH_TIMEOUT = 5.0
    breaker.reset()
    ensure_site_tree()
    es_index.ensure_index({})
    with django_capture_on_commit_callbacks(execute=True):
        pages = []
        for n in range(12):
            page = MeetingPageFactory(title=f"Numbat Group {n}")
            add_location(page, LocationFactory())
            add_session(page, n % 7, "18:00", "19:00")
            pages.append(page)
        refresh([page.pk for page in pages])
    client = cluster.client(1)
    client.indices.refresh(index=es_index.alias_name())
    health = client.cluster.health(
        index=es_index.alias_name(), wait_for_status="green", timeout="60s"
    )
    assert health["status"] == "green", health  # every shard has a copy on another node

    answers, problems = [], []
    stop = threading.Event()

    def visitor():
        while not stop.is_set():
            try:
                results = search("q=numbat&page_size=50")
                answers.append((results.engine, results.degraded, results.total))
            except Exception as error:  # noqa: BLE001 — every failure must be counted
                problems.append(repr(error))

    visitors = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in visitors:
        thread.start()
    try:
        time.sleep(2)
        before = len(answers)
        victim = 2
        cluster.script("kill-node", str(victim))
        time.sleep(6)
    finally:
        stop.set()
        for thread in visitors:
            thread.join()
        cluster.script("start-node", str(victim))
    assert problems == []
    assert len(answers) > before + 10  # searches went on after the kill
    assert {answer for answer in answers} == {("elasticsearch", False, 12)}
    client.indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")
