"""What every app shares in the database: the counters of the rate limits."""

from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    """Requests from one client to one limited endpoint in the current fixed window.

    The key is the endpoint's scope and a keyed hash of the client's address, never the
    address itself (ADR 0012). Written only by `littleminds.core.ratelimit.count_request`,
    in one atomic upsert, when the cache is not shared by every worker (ADR 0048); rows of
    windows long past are pruned there too.
    """

    key = models.CharField(max_length=80, primary_key=True)
    # Seconds since the epoch at which the window began: an integer compares and sorts the
    # same on SQLite and PostgreSQL, with no time zone to get wrong.
    window_start = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} {self.window_start} {self.hits}"


class CacheGeneration(models.Model):
    """A named token that changes, in the same transaction, with every write that changes
    the answers cached under it (`littleminds.core.caching`, ADR 0050): What's on, the
    course finder. Keyed by it, a cached answer is never served after a change, in any
    worker, whatever the cache."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
