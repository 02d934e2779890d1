"""A circuit breaker, so one dead cluster does not make every visitor wait."""

import threading
import time

from django.conf import settings


class CircuitBreaker:
    """Open after a failure; let one request try again after a pause."""

    def __init__(self):
        self._lock = threading.Lock()
        self._open_until = 0.0

    def allows(self):
        with self._lock:
            return time.monotonic() >= self._open_until

    def record_failure(self):
        with self._lock:
            self._open_until = time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER

    def record_success(self):
        with self._lock:
            self._open_until = 0.0

    def reset(self):
        self.record_success()


breaker = CircuitBreaker()
