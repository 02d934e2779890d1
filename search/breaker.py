"""A circuit breaker, so one dead cluster does not make every visitor wait.

Closed, searches go to Elasticsearch. A search that cannot reach the cluster
at all (connection refused or reset, no such host, the cluster answering that
it is unavailable) opens the breaker: from then on this process answers every
visitor from the database at once. While it is open, one probe per process
(a health check in a background thread, never a visitor's search) asks the
cluster every ELASTICSEARCH_RETRY_AFTER seconds whether it can search again,
and the first good answer closes the breaker, so search returns to
Elasticsearch within seconds of the cluster being back.

Search comes back to the cluster gradually. A node that has just started
answers its first searches slowly (cold caches, code not yet compiled); sent
every visitor's search at once, each would wait out ELASTICSEARCH_TIMEOUT
before the database answered, past what a visitor waits. So after the probe
finds the cluster back, the breaker is recovering: at first one search at a
time per process goes to the cluster (a trial) while the others get the
database's answer at once. Each time as many trials in a row as are allowed
at once come back in time, twice as many are allowed; a slow one halves them.
Past RECOVERY_FULL at once, every search goes to the cluster again. A trial
waits as long as any search (ELASTICSEARCH_TIMEOUT): while the database
answers the rest, the machine it shares may be busy, and a trial held to less
kept failing on a healthy cluster, so search stayed on the database for many
seconds longer (bench/failover_bench.py).

A search that is only slow (it timed out) gets the database's answer, but a
slow cluster is not a dead one: the timeout does not open the breaker by
itself. It asks the probe for one health check, and only a cluster that
fails that too is treated as dead.
"""

import logging
import threading
import time

from django.conf import settings

from elasticsearch import ApiError, TransportError

from search import es_index
from search.connection import probe_client

logger = logging.getLogger(__name__)

# Never poll faster than this, whatever the settings say.
MIN_INTERVAL = 0.1
# While recovering, past this many trials at once per process (as many as a
# gunicorn process has threads, config/gunicorn.py) every search goes to the cluster.
RECOVERY_FULL = 4


class CircuitBreaker:
    def __init__(self, check):
        """`check()` says whether the cluster can answer searches; it must not raise."""
        self._check = check
        self._lock = threading.Lock()
        self._open = False
        self._probing = False
        self._generation = 0
        self._recovering = False
        self._allowed = 1  # trials at once, while recovering
        self._successes = 0  # trials in time in a row at that many
        self._trials = set()  # the threads whose searches are trials now

    @property
    def is_open(self):
        return self._open

    @property
    def is_recovering(self):
        return self._recovering

    def allows(self):
        """Whether searches go to the cluster at all (closed, or recovering)."""
        return not self._open

    def admit(self):
        """Whether this search may go to the cluster now: always when closed, never when
        open, and while recovering only when fewer trials than allowed are under
        way. Each admitted search ends with release(), after its outcome is recorded."""
        with self._lock:
            if self._open:
                return False
            if self._recovering:
                if len(self._trials) >= self._allowed:
                    return False
                self._trials.add(threading.get_ident())
            return True

    def release(self):
        """The admitted search of this thread is over, however it ended."""
        with self._lock:
            self._trials.discard(threading.get_ident())

    def _is_trial(self):
        return self._recovering and threading.get_ident() in self._trials

    def _recover(self):
        self._recovering, self._allowed, self._successes = True, 1, 0
        self._trials = set()

    def record_failure(self):
        """The cluster could not be reached: answer from the database until it is back."""
        with self._lock:
            if not self._open:
                logger.warning("Elasticsearch is unreachable; searches use the database")
            self._open = True
            self._recovering, self._trials = False, set()
            self._start_probe(until_healthy=True)

    def record_timeout(self):
        """A search took too long: check once whether the cluster is alive at all.

        A slow trial says the cluster is still warming up: half as many at once.
        """
        with self._lock:
            if self._is_trial():
                self._allowed, self._successes = max(1, self._allowed // 2), 0
            if not self._open:
                self._start_probe(until_healthy=False)

    def record_success(self):
        """A search was answered, so the cluster works (whatever a probe thought)."""
        with self._lock:
            self._open = False
            if self._is_trial():
                self._successes += 1
                if self._successes >= self._allowed:
                    self._allowed, self._successes = self._allowed * 2, 0
                if self._allowed > RECOVERY_FULL:
                    self._recovering = False
                    logger.info("Elasticsearch answers in time again; every search uses it")

    def reset(self):
        """Closed again, and any probe stopped (tests start from here)."""
        with self._lock:
            self._open = False
            self._generation += 1
            self._probing = False
            self._recovering, self._trials = False, set()

    # The probe

    def _start_probe(self, until_healthy):
        if self._probing:
            return
        self._probing = True
        generation = self._generation
        thread = threading.Thread(
            target=self._probe,
            args=(generation, until_healthy),
            name="elasticsearch-probe",
            daemon=True,
        )
        thread.start()

    def _healthy(self):
        try:
            return self._check()
        except Exception:  # a probe that dies would leave the breaker open for good
            logger.exception("The Elasticsearch health check failed")
            return False

    def _probe(self, generation, until_healthy):
        if not until_healthy:
            # One look after a slow search: a cluster that cannot answer a
            # health check either is down, and the loop below takes over.
            healthy = self._healthy()
            with self._lock:
                if generation != self._generation:
                    return
                if not self._open:
                    if healthy:
                        self._probing = False
                        return
                    logger.warning("Elasticsearch does not answer; searches use the database")
                    self._open = True
        while True:
            time.sleep(max(MIN_INTERVAL, settings.ELASTICSEARCH_RETRY_AFTER))
            with self._lock:
                if generation != self._generation:
                    return
                if not self._open:
                    self._probing = False
                    return
            healthy = self._healthy()
            with self._lock:
                if generation != self._generation:
                    return
                if healthy:
                    self._open = False
                    self._probing = False
                    self._recover()
                    logger.info("Elasticsearch is back; searches return to it gradually")
                    return


def cluster_can_search():
    """Whether the cluster answers a health check and, within the probe's timeout, a
    search that counts every facet, as a visitor's search does.

    The search also warms a node that has just started (its caches are cold), so
    the visitors who come back to it do not each wait for that.
    """
    try:
        client = probe_client()
        health = client.cluster.health()
        if health["status"] not in ("green", "yellow"):
            return False
        client.search(
            index=es_index.alias_name(),
            size=0,
            track_total_hits=True,
            aggs={
                facet: {"terms": {"field": field, "size": 500}}
                for facet, field in es_index.FACET_FIELDS.items()
            },
        )
    except (ApiError, TransportError):
        return False
    return True


breaker = CircuitBreaker(cluster_can_search)
