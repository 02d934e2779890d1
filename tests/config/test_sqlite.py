"""SQLite fit for a small center: readers never wait for the writer, and a writer waits
its turn instead of failing with "database is locked"."""

import sqlite3
import threading
import time

from django.db import connection, transaction

import pytest

from search.models import Synonym

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def other_process():
    """A second connection to the same file, as another worker process has."""
    other = sqlite3.connect(
        connection.settings_dict["NAME"], timeout=5, isolation_level=None, check_same_thread=False
    )
    yield other
    other.close()


def test_the_journal_is_a_write_ahead_log():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        # Each connection keeps a small page cache of its own (negative: KiB).
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -512


def test_a_reader_does_not_wait_for_a_writer(other_process):
    other_process.execute("BEGIN IMMEDIATE")
    other_process.execute("INSERT INTO directory_search_synonym (terms) VALUES ('kin, family')")
    started = time.monotonic()
    assert not Synonym.objects.filter(terms="kin, family").exists()  # not committed yet
    assert time.monotonic() - started < 1
    other_process.execute("COMMIT")
    assert Synonym.objects.filter(terms="kin, family").exists()


def test_a_transaction_that_reads_then_writes_waits_for_the_writer(other_process):
    other_process.execute("BEGIN IMMEDIATE")
    other_process.execute("INSERT INTO directory_search_synonym (terms) VALUES ('kin, family')")
    threading.Timer(0.5, other_process.execute, ["COMMIT"]).start()
    started = time.monotonic()
    # Deferred, this transaction would read an old snapshot and then fail to
    # write ("database is locked") the moment the other committed. IMMEDIATE,
    # it waits for the write lock first and then sees the other's row.
    with transaction.atomic():
        seen = Synonym.objects.count()
        Synonym.objects.create(terms="guardian, caregiver")
    assert time.monotonic() - started >= 0.4
    assert seen == 1
    assert Synonym.objects.count() == 2
