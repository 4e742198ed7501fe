"""Reading the insights from a PostgreSQL read replica (ADR 0040).

With `LITTLEMINDS_REPLICA_DATABASE_URL` set, `settings.DATABASES["replica"]` is that
connection and this router is installed. It sends a read to the replica only while
`reading_replica()` is in force, which the insights' views and report hold around building
their tables: only they read from the replica, and everything else (signing in, the access
checks, the audit of an export, every other app) reads and writes the main database as
before. Writes always go to the main database, and no migration runs on the replica.

Unset, there is no "replica" connection, `reading_replica()` changes nothing and the router
is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
DEFAULT = "default"

_reading = ContextVar("insights_reading_replica", default=False)


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads inside go to the replica, when there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_in_use() -> bool:
    return _reading.get() and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return REPLICA if replica_in_use() else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return DEFAULT

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the main database: a row read from one may point at a
        # row of the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
