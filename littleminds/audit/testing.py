"""For other apps' tests that count queries around a write to the audit trail."""

from __future__ import annotations

from django.db import connection


def chain_lock_queries() -> int:
    """The queries the trail's lock adds to each audited write: on PostgreSQL an advisory
    lock (`services._lock_chain`), on SQLite none (its transactions already hold the lock)."""
    return 1 if connection.vendor == "postgresql" else 0
