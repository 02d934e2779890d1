"""A lock held in the cache, so that one process of many does an expensive job.

With the shared cache (Redis, REDIS_URL) it holds across every worker of
every server; with the local memory cache of development, across the threads
of one process. add() is atomic in both (SET NX in Redis). A holder that dies
leaves the lock to expire after `timeout` seconds, so choose one well above
the job's longest run.
"""

import secrets


class CacheLock:
    def __init__(self, cache, key, timeout):
        self.cache, self.key, self.timeout = cache, key, timeout
        self.token = None

    def acquire(self):
        """Take the lock if nobody holds it; True when taken. Never waits."""
        token = secrets.token_hex(8)
        if self.cache.add(self.key, token, timeout=self.timeout):
            self.token = token
            return True
        return False

    def is_held(self):
        """Whether anyone holds the lock now."""
        return self.cache.get(self.key) is not None

    def release(self):
        """Give the lock back, unless it expired and someone else has taken it since."""
        if self.token is not None and self.cache.get(self.key) == self.token:
            self.cache.delete(self.key)
        self.token = None
