"""Answers cached under a generation the database keeps (ADR 0046, ADR 0050).

A cached answer's key is made of everything that changes it and of a generation token,
which every write that changes the answer replaces in its own transaction. Nothing needs
deleting: after a change, the old keys are never asked for again and expire. A cache that
fails (Redis down or slow) costs a page its speed, never its answer.

Each generation is a row of `core.CacheGeneration`, one a name: the directory's searches
(`directory.search`), What's on (`community.whats_on`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from redis.exceptions import RedisError

from littleminds.core.models import CacheGeneration

logger = logging.getLogger(__name__)

# How long a cached answer is kept (it is never stale: this only bounds the cache's size).
CACHE_SECONDS = 3600

T = TypeVar("T")


def generation(name: str) -> str | None:
    """The named generation now (one indexed query of one row), or None before its first
    change, and then nothing is cached."""
    return CacheGeneration.objects.filter(pk=name).values_list("token", flat=True).first()


def generations(*names: str) -> tuple[str, ...] | None:
    """The named generations now, in the order named, in one query; None while any of them
    has not changed yet (then nothing is cached)."""
    found = dict(CacheGeneration.objects.filter(pk__in=names).values_list("pk", "token"))
    if len(found) < len(set(names)):
        return None
    return tuple(found[name] for name in names)


def generation_with(name: str, expression: Any) -> tuple[str, Any] | None:
    """The named generation and the value of one more expression (a subquery), read in one
    query rather than two: a cached page whose key needs something else the database holds
    (What's on: when its next event ends) pays one round trip a request, not two. None
    before the generation's first change."""
    row = (
        CacheGeneration.objects.filter(pk=name)
        .annotate(also=expression)
        .values_list("token", "also")
        .first()
    )
    return None if row is None else (row[0], row[1])


def generation_changed(name: str) -> None:
    """Give the named generation a new token, inside the caller's transaction: once it
    commits, no worker serves an answer cached under the old one; if it rolls back, the
    new token goes with it and is never seen. A random token rather than a counter, so a
    rolled-back token never comes back."""
    token = uuid.uuid4().hex
    if not CacheGeneration.objects.filter(pk=name).update(token=token):
        CacheGeneration.objects.create(name=name, token=token)


def cache_key(prefix: str, kind: str, generation: str, **parts: Any) -> str:
    """The cache key of one kind of cached answer: the generation and every part that
    changes the answer (the query, the day, the page; the language where words are shown),
    hashed to a fixed length."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return f"{prefix}:{kind}:{generation}:{hashlib.sha256(text.encode()).hexdigest()}"


def cached(key: str | None, make: Callable[[], T]) -> T:
    """The value cached under `key`, or `make()`'s, cached unless it is None (nothing to
    keep). A cache that fails costs the answer its cache: it is made afresh."""
    if key is None:
        return make()
    try:
        found = cache.get(key)
    except RedisError:
        logger.warning("The cache did not answer; answering without it.", exc_info=True)
        return make()
    if found is not None:
        return found
    value = make()
    if value is None:
        return value
    try:
        cache.set(key, value, CACHE_SECONDS)
    except RedisError:
        logger.warning("The cache did not answer; an answer was not kept.", exc_info=True)
    return value
