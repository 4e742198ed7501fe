"""Database helpers every app may use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.db.models import OrderBy


class NullsFirstIndex(models.Index):
    """An index whose columns may be ordered ascending with no value (NULL) first, for a
    query ordered so (`F(...).asc(nulls_first=True)`). PostgreSQL sorts NULLs last unless
    told, so its index says NULLS FIRST; SQLite sorts them first already and refuses the
    words in an index, so they are left out there."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(
            OrderBy(column.expression)
            if isinstance(column, OrderBy) and not column.descending and column.nulls_first
            else column
            for column in self.expressions
        )
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)


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
