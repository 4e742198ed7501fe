"""Rate limits for public endpoints: how often one address may call them (ADR 0012, ADR 0048).

Each limited endpoint has a scope, a name in `settings.RATE_LIMITS` with its requests and
seconds (`LITTLEMINDS_RATE_LIMIT_<SCOPE>`). Requests are counted in fixed windows, where
every gunicorn worker sees the same count:

- in the cache (`django.core.cache`), when every process shares it and it counts
  atomically (Redis or Memcached): an atomic `incr` of a key that expires with its
  window, and no write to the database;
- otherwise (the local-memory cache of a single install, which each process keeps for
  itself), in a table of the database with one atomic upsert per request, on SQLite and
  PostgreSQL alike, with nothing else to run.

`LITTLEMINDS_RATE_LIMITS=false` turns every limit off.

- A JSON API handler calls `count_request(request, scope)` first; it raises `RateLimited`,
  which the API turns into 429 `{"errors": {"__all__": message}}` with `Retry-After`.
- A page uses the `rate_limited(scope)` decorator (see its docstring).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from littleminds.core.db import count_write
from littleminds.core.models import RateLimitCounter

V = TypeVar("V", bound=Callable[..., HttpResponse])

logger = logging.getLogger(__name__)

# Each worker process deletes the counters of windows long past about once an hour, on the
# request that finds it due, so the table holds only the clients seen lately with no
# scheduled job. (A monotonic clock: a test that moves the wall clock never makes it due.)
PRUNE_EVERY_SECONDS = 3600
_next_prune = time.monotonic() + PRUNE_EVERY_SECONDS


class RateLimited(Exception):
    """The client has used up its requests for now; `retry_after` seconds until it may
    try again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return wait_message(self.retry_after)


def wait_message(seconds: int) -> str:
    """Plain words on how long to wait, rounded up to whole minutes from a minute on."""
    if seconds < 60:
        wait = ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _("You have sent too many requests. Wait %(wait)s, then try again.") % {"wait": wait}


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's own, or behind `LITTLEMINDS_BEHIND_PROXY` the
    one our proxies recorded in X-Forwarded-For.

    Each proxy appends the address it was called from, so with N proxies the client is the
    Nth entry from the right; anything further left was sent by the client and may be made
    up. Sign-in lockouts use this helper too (`AXES_CLIENT_IP_CALLABLE`), so both agree.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-min(max(settings.PROXY_COUNT, 1), len(forwarded))]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def _client_key(scope: str, address: str) -> str:
    """The scope and a keyed hash of the address: the table never holds an address. An
    IPv6 client is counted by its /64 network, which one household or device usually has
    whole (it could otherwise change address for every request)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        bucket = address
    else:
        bucket = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}|{bucket}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{scope}:{digest[:40]}"


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table, key, start, hits = (
        quote(RateLimitCounter._meta.db_table),
        quote("key"),
        quote("window_start"),
        quote("hits"),
    )
    # One statement, atomic on both databases: a new client inserts 1; a client in the same
    # window adds 1; a client whose row is from an earlier window starts again at 1. (Every
    # expression in SET sees the row as it was before the statement.)
    return (
        f"INSERT INTO {table} ({key}, {start}, {hits}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{hits} = CASE WHEN {table}.{start} >= excluded.{start} "
        f"THEN {table}.{hits} + 1 ELSE 1 END, "
        f"{start} = CASE WHEN {table}.{start} >= excluded.{start} "
        f"THEN {table}.{start} ELSE excluded.{start} END "
        f"RETURNING {hits}"
    )


def shared_cache() -> BaseCache | None:
    """The default cache when every worker process shares it and it counts atomically
    (Redis or Memcached: `add` and `incr` are single commands of the server); None for a
    cache each process keeps for itself (local memory: counts per process would let a
    client through once per worker) or one that reads then writes (the database's, files)."""
    cache = caches["default"]
    return cache if isinstance(cache, RedisCache | BaseMemcachedCache) else None


def _count_in_cache(cache: BaseCache, key: str, window_start: int, expires_in: int) -> int:
    """One more request in the key's window, counted in a shared cache: `incr` of a key that
    exists (two commands), or `add` of the window's first (which only one process wins; a
    loser counts again). The key names its window and lives a little past its end."""
    windowed = f"ratelimit:{key}:{window_start}"
    for _attempt in range(3):
        try:
            return int(cache.incr(windowed))
        except ValueError:  # no such key yet: this is the window's first request
            if cache.add(windowed, 1, timeout=expires_in + 1):
                return 1
    raise RuntimeError(f"The cache would not count {windowed}")


def _count_in_database(key: str, window_start: int) -> int:
    # A count lost in a crash of the database server matters to nobody, so its commit does
    # not wait for the disk (`count_write`; inside a caller's transaction it changes nothing).
    with count_write(), connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [key, window_start])
        (hits,) = cursor.fetchone()
    return int(hits)


def count_request(request: HttpRequest, scope: str) -> None:
    """Count one request from the client to `scope`; raise `RateLimited` once the client
    has had its share of the window. In a shared cache, two commands and no query;
    otherwise one query (none with the limits off; two on the request that prunes, once an
    hour per process)."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    allowed, seconds = settings.RATE_LIMITS[scope]
    now = time.time()
    window_start = int(now // seconds) * seconds
    retry_after = max(1, math.ceil(window_start + seconds - now))
    key = _client_key(scope, client_address(request))
    cache = shared_cache()
    hits = None
    if cache is not None:
        try:
            hits = _count_in_cache(cache, key, window_start, retry_after)
        except Exception:
            # A cache that does not answer must not take the public pages down with it: the
            # database counts meanwhile (each store counts apart, so a client may get up to
            # its share from each while the cache comes and goes).
            logger.warning("Rate limits counted in the database: the cache did not answer")
    if hits is None:
        hits = _count_in_database(key, window_start)
        global _next_prune  # one clock per process, on purpose
        if time.monotonic() >= _next_prune:
            _next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
            prune(now)
    if hits > allowed:
        raise RateLimited(retry_after)


def prune(now: float | None = None) -> int:
    """Delete the counters whose window has ended whatever its scope (it began more than
    the longest window ago); returns how many were deleted."""
    now = time.time() if now is None else now
    longest = max((seconds for _allowed, seconds in settings.RATE_LIMITS.values()), default=0)
    deleted, _kinds = RateLimitCounter.objects.filter(window_start__lt=now - longest).delete()
    return deleted


def too_many_requests_page(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    """The page for a client over its limit: 429, how long to wait, and where to get
    urgent help meanwhile."""
    response = render(request, "core/rate_limited.html", {"message": limited.message}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


def rate_limited(scope: str, *, methods: Collection[str] = ("POST",)) -> Callable[[V], V]:
    """Limit a page's view by client address, in the scope's window of `settings.RATE_LIMITS`.

    Requests with one of `methods` (by default only POST: showing a form is free, sending it
    is counted) are counted before the view runs; over the limit the view does not run at
    all, and the client gets a 429 page ("You have sent too many requests", how long to
    wait, the urgent-help notice) with a `Retry-After` header. For example, the navigator's
    answer page:

        @public
        @rate_limited("navigator")
        @require_http_methods(["GET", "POST"])
        def answer(request: HttpRequest) -> HttpResponse: ...

    A new scope needs a line in `settings.RATE_LIMITS` (with its `LITTLEMINDS_RATE_LIMIT_…`
    variable, documented in the README and `.env.example`). A JSON API handler calls
    `count_request(request, scope)` instead, and the API answers `RateLimited` with 429.
    """
    counted = {method.upper() for method in methods}

    def decorate(view: V) -> V:
        @wraps(view)
        def limited_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in counted:
                try:
                    count_request(request, scope)
                except RateLimited as limited:
                    return too_many_requests_page(request, limited)
            return view(request, *args, **kwargs)

        return limited_view  # type: ignore[return-value]

    return decorate
