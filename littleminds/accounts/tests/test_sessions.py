"""A signed-in session's idle timeout is renewed at most once a minute, not on every request
(ADR 0061), and the warning counts down from the time the session really has left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from littleminds.accounts import selectors, services
from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

IDLE = timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.fixture
def start() -> Iterator[datetime]:
    """The moment of signing in, on a clock that moves only when a test moves it."""
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


def _signed_in(user: User) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response["Location"] == "/work/"
    return client


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"] and not query["sql"].lstrip().startswith("SELECT")
    ]


def _remaining(body: str) -> int:
    match = re.search(r'data-remaining-seconds="(\d+)"', body)
    assert match, "the page has no session-timeout warning"
    return int(match.group(1))


def test_it_does_not_write_the_session_within_a_minute_of_its_renewal(
    start: datetime, practitioner: User
) -> None:
    client = _signed_in(practitioner)
    expires = _session(client).expire_date

    for seconds in (1, 30, 59):
        with (
            time_machine.travel(start + timedelta(seconds=seconds), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get("/work/").status_code == 200
        assert _session_writes(queries) == []

    assert _session(client).expire_date == expires == start + IDLE


def test_it_renews_the_session_a_minute_after_the_last_renewal(
    start: datetime, practitioner: User
) -> None:
    client = _signed_in(practitioner)
    later = start + timedelta(seconds=settings.SESSION_RENEW_SECONDS)

    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get("/work/").status_code == 200

    assert [sql.split()[0] for sql in _session_writes(queries)] == ["UPDATE"]
    assert _session(client).expire_date == later + IDLE
    assert _session(client).get_decoded()[selectors.SESSION_RENEWED_AT] == later.timestamp()


def test_it_takes_the_renewal_interval_from_the_settings(
    settings, start: datetime, practitioner: User
) -> None:
    settings.SESSION_RENEW_SECONDS = 300
    client = _signed_in(practitioner)

    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        client.get("/work/")
    assert _session(client).expire_date == start + IDLE
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        client.get("/work/")
    assert _session(client).expire_date == start + timedelta(minutes=5) + IDLE


def test_stay_signed_in_always_renews(start: datetime, practitioner: User) -> None:
    client = _signed_in(practitioner)
    later = start + timedelta(seconds=10)

    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.post("/session/extend/").status_code == 204

    assert [sql.split()[0] for sql in _session_writes(queries)] == ["UPDATE"]
    assert _session(client).expire_date == later + IDLE


def test_the_warning_counts_down_from_the_time_the_session_really_has_left(
    start: datetime, practitioner: User
) -> None:
    client = _signed_in(practitioner)

    with time_machine.travel(start + timedelta(seconds=45), tick=False):
        body = client.get("/work/").content.decode()
        left = _session(client).expire_date - timezone.now()
    assert _remaining(body) == settings.SESSION_COOKIE_AGE - 45 == left.total_seconds()
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in body

    # A minute on, the page renews the session and counts from the whole idle time again.
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        body = client.get("/work/").content.decode()
        left = _session(client).expire_date - timezone.now()
    assert _remaining(body) == settings.SESSION_COOKIE_AGE == left.total_seconds()


def test_a_request_that_changes_the_session_records_its_renewal(
    start: datetime, practitioner: User
) -> None:
    # Signing in changes the session, which saves it: that is recorded as a renewal.
    client = _signed_in(practitioner)
    assert _session(client).get_decoded()[selectors.SESSION_RENEWED_AT] == start.timestamp()

    # Whatever else changes it saves it all the same, however soon, and is recorded too.
    store = SessionStore(session_key=client.session.session_key)
    later = start + timedelta(seconds=20)
    with time_machine.travel(later, tick=False):
        store["something"] = "changed"
        assert services.session_renew(session=store)
    assert store[selectors.SESSION_RENEWED_AT] == later.timestamp()


def test_it_signs_out_a_session_idle_for_its_whole_age_since_the_last_renewal(
    start: datetime, practitioner: User
) -> None:
    client = _signed_in(practitioner)
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        assert client.get("/work/").status_code == 200  # not renewed: too soon

    # 29 minutes and 11 seconds after the last request, 30 minutes after the last renewal.
    with time_machine.travel(start + IDLE + timedelta(seconds=1), tick=False):
        response = client.get("/work/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_renews_a_session_that_has_no_renewal_recorded(start: datetime) -> None:
    store = SessionStore()
    store.create()

    assert services.session_renew(session=store)
    assert store[selectors.SESSION_RENEWED_AT] == start.timestamp()
    assert store.modified


def test_it_renews_a_session_whose_renewal_is_in_the_future(start: datetime) -> None:
    store = SessionStore()
    store.create()
    store[selectors.SESSION_RENEWED_AT] = int(start.timestamp()) + 600
    store.modified = False

    assert services.session_renew(session=store)
    assert store[selectors.SESSION_RENEWED_AT] == start.timestamp()


def test_the_time_left_is_never_more_than_the_idle_time_nor_less_than_none(
    start: datetime,
) -> None:
    store = SessionStore()
    age = settings.SESSION_COOKIE_AGE

    assert selectors.session_remaining_seconds(session=store) == age
    store[selectors.SESSION_RENEWED_AT] = int(start.timestamp()) - 100
    assert selectors.session_remaining_seconds(session=store) == age - 100
    store[selectors.SESSION_RENEWED_AT] = int(start.timestamp()) - age - 100
    assert selectors.session_remaining_seconds(session=store) == 0
    store[selectors.SESSION_RENEWED_AT] = int(start.timestamp()) + 100
    assert selectors.session_remaining_seconds(session=store) == age


@pytest.mark.parametrize("path", ["/", "/directory/", "/sign-in/", "/work/"])
def test_it_neither_makes_nor_saves_a_session_for_an_anonymous_visitor(path: str) -> None:
    client = Client()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code in (200, 302)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]] == []
    assert not Session.objects.exists()
