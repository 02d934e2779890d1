"""gunicorn's settings: `gunicorn --config config/gunicorn.py config.wsgi`.

`make serve` (bin/serve) and the README's deploy steps use this file; every
value can be changed on the command line or in the environment.
"""

import ctypes
import ctypes.util
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, and threads in each: a request waiting on the database or on
# Elasticsearch holds a thread, not a process.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker takes a connection only when one of its threads is free, and closes
# it after the answer. The threaded worker otherwise accepts every connection
# it can and queues them behind its own threads, kept alive for good: under
# load one worker held 16 visitors' connections while another held 1, and its
# queue made searches miss their time while other threads were idle. Closed
# after each answer, the next request goes to whichever worker is free. Behind
# the proxy (README, "Deploying") a new local connection costs next to nothing.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
worker_connections = threads if not keepalive else 1000
# Seconds a worker may go silent before it is restarted; the threaded worker
# stays heard while one of its threads builds the meeting feed.
timeout = 60
# No access log: a search's address carries where the visitor searched from.
accesslog = None
errorlog = "-"
# gunicorn's control socket sits at one path per user, which a second site or
# a benchmark on the same machine would fight over; nothing here uses it.
control_socket_disable = True
# The site is loaded once, in the master, and the workers are forked from it,
# so they share its code and the place tables (built here, before the fork)
# instead of each holding a copy. A code change needs a restart, not a HUP.
preload_app = True


# glibc's malloc: allocations of 64 KiB and more get pages of their own, given
# back when freed, and free memory at the top of the heap is given back past
# 128 KiB. A search's large, short-lived buffers (SQLite's sorts, result rows)
# otherwise stay in each worker after the answer, adding about 13 MB per worker
# at 100,000 listings (bench/load_bench.py). Set here, before the workers are
# forked, so they inherit it; a C library without mallopt is left as it is.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3


def _give_freed_memory_back():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(M_MMAP_THRESHOLD, 64 * 1024)
        libc.mallopt(M_TRIM_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError):
        pass


def when_ready(server):
    import gc

    from directory.geocoding import warm

    warm()
    _give_freed_memory_back()
    # What the master holds now is never collected: the workers' collections
    # then leave those pages shared instead of copying them.
    gc.freeze()
