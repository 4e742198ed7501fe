"""`count_write`: a count's transaction, whose commit does not wait for the disk on
PostgreSQL, and which leaves a caller's own transaction as durable as it was. And
`NullsFirstIndex`, an index in a query's NULLS FIRST order on both databases."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from littleminds.core.db import count_write
from littleminds.core.models import RateLimitCounter

ASYNC = "SET LOCAL synchronous_commit TO OFF"


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        (value,) = cursor.fetchone()
    return str(value)


@pytest.mark.django_db(transaction=True)
def test_it_commits_without_waiting_for_the_disk_on_postgresql_for_one_transaction() -> None:
    with CaptureQueriesContext(connection) as queries, count_write():
        RateLimitCounter.objects.create(key="test:a", window_start=0, hits=1)

    assert RateLimitCounter.objects.filter(key="test:a").exists()
    said = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert ASYNC in said
        assert _setting() == "on"  # the next transaction waits for the disk again
    else:
        assert ASYNC not in said


@pytest.mark.django_db(transaction=True)
def test_it_leaves_a_callers_transaction_durable() -> None:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        RateLimitCounter.objects.create(key="test:before", window_start=0, hits=1)
        with count_write():
            RateLimitCounter.objects.create(key="test:a", window_start=0, hits=1)

    assert ASYNC not in [query["sql"] for query in queries.captured_queries]
    assert RateLimitCounter.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_its_writes_are_kept_or_lost_together() -> None:
    def count_and_fail() -> None:
        with count_write():
            RateLimitCounter.objects.create(key="test:a", window_start=0, hits=1)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        count_and_fail()

    assert not RateLimitCounter.objects.exists()


@pytest.mark.django_db
def test_a_nulls_first_index_says_so_on_postgresql_and_is_plain_on_sqlite() -> None:
    from littleminds.casework.models import Case

    (index,) = [i for i in Case._meta.indexes if i.name == "case_team_last_contact"]
    # Not entered: only its SQL is wanted (SQLite's refuses to be entered in a transaction).
    sql = str(index.create_sql(Case, connection.schema_editor()))
    # The index the migration built, with the same columns.
    with connection.cursor() as cursor:
        built = connection.introspection.get_constraints(cursor, Case._meta.db_table)

    assert built["case_team_last_contact"]["columns"] == ["team_id", "last_contact_at", "id"]
    if connection.vendor == "postgresql":
        assert '"last_contact_at" ASC NULLS FIRST' in sql
    else:
        assert "NULLS" not in sql
        assert '"last_contact_at" ASC' in sql
