"""Rate limits of public endpoints, counted in the database or in a shared cache.

Under pytest the cache is each process's own (local memory), so counters live in a table
and each test starts with none: the test's transaction is rolled back after it, like any
other row. The tests of the shared cache use Redis (127.0.0.1:6379, as on the project's
machines) under a key prefix of their own. The limits are on under pytest, as in
production; each test sets the limit it needs.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from axes.helpers import get_client_ip_address
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_http_methods

from littleminds.core import ratelimit
from littleminds.core.decorators import public
from littleminds.core.models import RateLimitCounter
from littleminds.core.ratelimit import (
    RateLimited,
    client_address,
    count_request,
    prune,
    rate_limited,
    wait_message,
)
from littleminds.settings import env_rate

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@public
@rate_limited("test")
@require_http_methods(["GET", "POST"])
def _limited(request: HttpRequest) -> HttpResponse:
    CALLS.append(request.method or "")
    return HttpResponse("done")


@pytest.fixture(autouse=True)
def two_a_minute(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test": (2, 60)}
    settings.RATE_LIMITS_ENABLED = True
    CALLS.clear()


@pytest.fixture
def noon(time_machine) -> None:
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC), tick=False)


def _request(
    address: str = "192.0.2.1", forwarded: str | None = None, method: str = "post"
) -> HttpRequest:
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = getattr(RequestFactory(), method)("/limited/", **extra)
    request.user = AnonymousUser()
    return request


def _count(times: int, request: HttpRequest) -> None:
    for _ in range(times):
        count_request(request, "test")


def test_it_answers_a_page_over_the_limit_with_a_clear_page(noon) -> None:
    assert [_limited(_request()).status_code for _ in range(2)] == [200, 200]

    response = _limited(_request())

    body = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "<h1>You have sent too many requests</h1>" in body
    assert "Wait 1 minute, then try again." in body
    assert "If you or your baby are in danger now" in body  # the urgent-help notice
    assert "nhsuk-header" in body  # the page extends base.html
    assert CALLS == ["POST", "POST"]  # the view did not run the third time


def test_it_counts_only_the_methods_it_is_told_to(noon) -> None:
    for _ in range(5):
        assert _limited(_request(method="get")).status_code == 200

    assert _limited(_request()).status_code == 200
    assert CALLS == ["GET"] * 5 + ["POST"]


def test_it_says_how_long_until_the_next_window(time_machine) -> None:
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 45, tzinfo=UTC), tick=False)
    _count(2, _request())

    with pytest.raises(RateLimited) as limited:
        count_request(_request(), "test")

    assert limited.value.retry_after == 15
    assert (
        limited.value.message == "You have sent too many requests. Wait 15 seconds, then try again."
    )


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [(1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (61, "2 minutes"), (900, "15 minutes")],
)
def test_it_words_the_wait_plainly(seconds: int, wait: str) -> None:
    assert wait_message(seconds) == f"You have sent too many requests. Wait {wait}, then try again."


def test_it_counts_each_address_separately(noon) -> None:
    _count(2, _request("192.0.2.1"))

    count_request(_request("192.0.2.2"), "test")  # another address still has its share
    with pytest.raises(RateLimited):
        count_request(_request("192.0.2.1"), "test")


def test_it_counts_each_scope_separately(settings, noon) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "other": (2, 60)}
    _count(2, _request())

    count_request(_request(), "other")


def test_it_counts_an_ipv6_network_as_one_client(noon) -> None:
    _count(2, _request("2001:db8:1:2::1"))

    with pytest.raises(RateLimited):
        count_request(_request("2001:db8:1:2:ffff::9"), "test")
    count_request(_request("2001:db8:1:3::1"), "test")


def test_it_starts_again_in_the_next_window(time_machine) -> None:
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC), tick=False)
    _count(2, _request())
    with pytest.raises(RateLimited):
        count_request(_request(), "test")

    time_machine.shift(59)
    with pytest.raises(RateLimited):
        count_request(_request(), "test")
    time_machine.shift(1)
    _count(2, _request())
    with pytest.raises(RateLimited):
        count_request(_request(), "test")


def test_it_never_limits_with_the_limits_off(settings, django_assert_num_queries) -> None:
    settings.RATE_LIMITS_ENABLED = False

    with django_assert_num_queries(0):
        _count(50, _request())


def test_it_counts_with_one_query(django_assert_num_queries, monkeypatch) -> None:
    monkeypatch.setattr(ratelimit, "_next_prune", float("inf"))

    with django_assert_num_queries(1):
        count_request(_request(), "test")


def test_it_prunes_when_due_and_then_waits_an_hour(time_machine, monkeypatch) -> None:
    time_machine.move_to(datetime(2026, 11, 27, 11, 0, 0, tzinfo=UTC), tick=False)
    count_request(_request("192.0.2.1"), "test")
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC), tick=False)
    monkeypatch.setattr(ratelimit, "_next_prune", 0.0)

    count_request(_request("192.0.2.2"), "test")

    assert RateLimitCounter.objects.count() == 1
    assert ratelimit._next_prune > time.monotonic() + 3500


def test_it_keeps_no_address(noon) -> None:
    count_request(_request("192.0.2.77"), "test")

    (counter,) = RateLimitCounter.objects.all()
    assert counter.key.startswith("test:")
    assert "192.0.2.77" not in counter.key
    assert counter.hits == 1


def test_it_prunes_windows_long_past(time_machine, settings) -> None:
    settings.RATE_LIMITS = {"test": (2, 60), "daily": (100, 86_400)}
    time_machine.move_to(datetime(2026, 11, 27, 11, 0, 0, tzinfo=UTC), tick=False)
    count_request(_request("192.0.2.1"), "test")
    time_machine.move_to(datetime(2026, 11, 28, 11, 59, 0, tzinfo=UTC), tick=False)
    count_request(_request("192.0.2.2"), "test")

    assert prune() == 1
    assert RateLimitCounter.objects.count() == 1


@pytest.mark.parametrize(
    ("behind_proxy", "proxies", "remote", "forwarded", "client"),
    [
        (False, 1, "192.0.2.1", None, "192.0.2.1"),
        # Without a proxy, anyone can send X-Forwarded-For: it is ignored.
        (False, 1, "192.0.2.1", "198.51.100.9", "192.0.2.1"),
        (True, 1, "10.0.0.1", "198.51.100.9", "198.51.100.9"),
        # The client's own made-up entry is left of the one our proxy added.
        (True, 1, "10.0.0.1", "203.0.113.5, 198.51.100.9", "198.51.100.9"),
        (True, 2, "10.0.0.2", "203.0.113.5, 198.51.100.9, 10.0.0.1", "198.51.100.9"),
        (True, 2, "10.0.0.2", "198.51.100.9", "198.51.100.9"),
        (True, 1, "10.0.0.1", None, "10.0.0.1"),
        (True, 1, "10.0.0.1", "not-an-address", "10.0.0.1"),
    ],
)
def test_it_reads_the_client_address_as_configured(
    settings,
    behind_proxy: bool,
    proxies: int,
    remote: str,
    forwarded: str | None,
    client: str,
) -> None:
    settings.BEHIND_PROXY = behind_proxy
    settings.PROXY_COUNT = proxies
    request = _request(remote, forwarded)

    assert client_address(request) == client
    # Sign-in lockouts read the same address.
    assert get_client_ip_address(request) == client


def test_it_counts_clients_behind_a_proxy_separately(settings, noon) -> None:
    settings.BEHIND_PROXY = True
    _count(2, _request("10.0.0.1", "198.51.100.9"))

    count_request(_request("10.0.0.1", "198.51.100.10"), "test")
    with pytest.raises(RateLimited):
        count_request(_request("10.0.0.1", "203.0.113.5, 198.51.100.9"), "test")


@pytest.mark.parametrize(
    ("raw", "rate"),
    [("60/m", (60, 60)), ("300/15m", (300, 900)), ("5/s", (5, 1)), ("1000 / d", (1000, 86_400))],
)
def test_it_reads_a_rate_from_the_environment(monkeypatch, raw: str, rate: tuple[int, int]) -> None:
    monkeypatch.setenv("LITTLEMINDS_RATE_LIMIT_TEST", raw)

    assert env_rate("LITTLEMINDS_RATE_LIMIT_TEST", "1/m") == rate


@pytest.mark.parametrize("raw", ["60", "60/", "60/w", "0/m", "sixty/m", "60/0m", "-1/m"])
def test_it_refuses_a_rate_it_cannot_read(monkeypatch, raw: str) -> None:
    monkeypatch.setenv("LITTLEMINDS_RATE_LIMIT_TEST", raw)

    with pytest.raises(ImproperlyConfigured, match="such as 60/m"):
        env_rate("LITTLEMINDS_RATE_LIMIT_TEST", "1/m")


# A cache every worker shares (Redis) ------------------------------------------------------


@pytest.fixture
def redis(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
            # Keys of this test only; they expire with their window.
            "KEY_PREFIX": f"littleminds-test-{uuid.uuid4().hex}",
        }
    }


class _Workers:
    """Two worker processes' own connections to the cache, taking turns."""

    def __init__(self) -> None:
        self.connections = [caches.create_connection("default") for _ in range(2)]
        self.turn = 0

    def __getitem__(self, alias: str) -> Any:
        self.turn += 1
        return self.connections[self.turn % 2]


def test_in_a_shared_cache_the_limit_holds_across_workers(
    redis, noon, monkeypatch, django_assert_num_queries
) -> None:
    workers = _Workers()
    monkeypatch.setattr(ratelimit, "caches", workers)

    with django_assert_num_queries(0):
        _count(2, _request())  # one request to each worker
        with pytest.raises(RateLimited) as limited:
            count_request(_request(), "test")

    assert workers.turn == 3
    assert limited.value.retry_after == 60
    assert not RateLimitCounter.objects.exists()


def test_in_a_shared_cache_each_address_and_window_counts_apart(redis, time_machine) -> None:
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 45, tzinfo=UTC), tick=False)
    _count(2, _request("192.0.2.1"))
    count_request(_request("192.0.2.2"), "test")
    with pytest.raises(RateLimited) as limited:
        count_request(_request("192.0.2.1"), "test")
    assert limited.value.retry_after == 15

    time_machine.shift(15)

    _count(2, _request("192.0.2.1"))
    with pytest.raises(RateLimited):
        count_request(_request("192.0.2.1"), "test")


def test_in_a_shared_cache_the_key_names_no_address(redis, noon) -> None:
    count_request(_request("192.0.2.77"), "test")

    cache: Any = caches["default"]
    (key,) = cache._cache.get_client().keys(f"{cache.key_prefix}*")
    assert b"192.0.2.77" not in key
    assert b":ratelimit:test:" in key


def test_with_a_cache_of_each_process_the_database_counts(
    settings, noon, monkeypatch, django_assert_num_queries
) -> None:
    """Local memory is each process's own: counted there, a client would get its share once
    from every gunicorn worker. The database counts instead."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(ratelimit, "caches", _Workers())
    monkeypatch.setattr(ratelimit, "_next_prune", float("inf"))

    with django_assert_num_queries(2):
        _count(2, _request())
    with pytest.raises(RateLimited):
        count_request(_request(), "test")

    assert RateLimitCounter.objects.get().hits == 3


def test_when_the_shared_cache_does_not_answer_the_database_counts(
    settings, noon, monkeypatch, caplog
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1",  # nothing listens there
        }
    }
    monkeypatch.setattr(ratelimit, "_next_prune", float("inf"))

    _count(2, _request())
    with pytest.raises(RateLimited):
        count_request(_request(), "test")

    assert RateLimitCounter.objects.get().hits == 3
    assert "the cache did not answer" in caplog.text
