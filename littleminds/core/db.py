"""Database helpers every app may use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def count_write() -> Iterator[None]:
    """A transaction for a count that the public's requests write (a navigator answer, a
    rate limit's counter): its commit does not wait for the disk on PostgreSQL.

    `SET LOCAL synchronous_commit TO OFF` is PostgreSQL's own trade for such writes: the
    transaction is atomic and visible at once, but a crash of the database server may lose
    the last fraction of a second of them (about three times `wal_writer_delay`, 0.6 s by
    default); it never half-applies one or corrupts anything. Waiting for the disk cost
    each answer 1 to 15 ms on a busy machine (ADR 0048). Inside a transaction the caller
    already holds, nothing changes: the caller's commit stays as durable as it was. On
    SQLite it is a plain transaction."""
    owned = not connection.in_atomic_block
    with transaction.atomic(savepoint=False):
        if owned and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
