"""The replica router (ADR 0040): the insights' pages read from the replica while
`reading_replica()` is in force, nothing else does, and nothing is ever written there.

Under pytest the "replica" alias is a test mirror of the default database (settings.py): a
second connection to the same database. The router is installed only here."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from littleminds.audit.models import AuditEvent
from littleminds.insights import router as replica
from littleminds.insights.models import Tally

ROUTER = "littleminds.insights.router.ReplicaRouter"


@pytest.fixture
def routed(settings: Any) -> None:
    settings.DATABASE_ROUTERS = [ROUTER]


def test_the_router_sends_reads_to_the_replica_only_while_asked(routed: None) -> None:
    assert router.db_for_read(Tally) == "default"
    with replica.reading_replica():
        assert router.db_for_read(Tally) == "replica"
        assert router.db_for_write(Tally) == "default"
    assert router.db_for_read(Tally) == "default"
    assert router.db_for_write(Tally) == "default"


def test_no_migration_runs_on_the_replica(routed: None) -> None:
    assert router.allow_migrate("default", "insights")
    assert not router.allow_migrate("replica", "insights")


def test_without_a_replica_the_router_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    without = SimpleNamespace(DATABASES={"default": {}})
    monkeypatch.setattr(replica, "settings", without)
    with replica.reading_replica():
        assert not replica.replica_in_use()
        assert replica.ReplicaRouter().db_for_read(Tally) is None


def test_the_router_is_not_installed_unless_asked() -> None:
    from django.conf import settings

    assert ROUTER not in settings.DATABASE_ROUTERS
    with replica.reading_replica():
        assert router.db_for_read(Tally) == "default"


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_an_insights_page_and_its_download_read_from_the_replica_and_write_only_to_default(
    routed: None, as_persona: Any, manager: Any
) -> None:
    client = as_persona("manager")
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        page = client.get("/insights/training-cancelled/")
        download = client.get("/insights/training-cancelled.xlsx")

    assert (page.status_code, download.status_code) == (200, 200)
    assert on_replica.captured_queries, "the page's figures are read from the replica"
    assert not _writes(on_replica)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in on_replica.captured_queries)
    # Signing in, the access check and the export's audit stay on the main database.
    assert AuditEvent.objects.filter(action="insights.exported").count() == 1
    assert _writes(on_default)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_other_pages_never_read_from_the_replica(
    routed: None, as_persona: Any, manager: Any
) -> None:
    client = as_persona("manager")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/insights/").status_code == 200
        assert client.get("/referrals/triage/").status_code in {200, 302, 404}

    assert not on_replica.captured_queries
