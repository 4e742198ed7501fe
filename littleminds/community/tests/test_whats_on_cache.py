"""What's on's pages cached under a generation (ADR 0050): a page asked for again costs one
one-row query (ADR 0053) and draws nothing; every write that changes what the list shows is seen by
the next request; an event that ends leaves the list on time; each language and query is
kept apart."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.community import services, services_booking
from littleminds.community.models import Event
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db

WHATS_ON = "/whats-on/"


@pytest.fixture
def listed(community_worker: User, team: Team) -> Event:
    """A coming event, published through the service, so What's on has a generation; and
    one that ends before it, so that changing it does not change when the next event
    ends (which is in the key too)."""
    factories.event(community_worker, team, title="Early drop in", days=1)
    event = factories.event(
        community_worker, team, title="Rhymes at the hub", published=False, booking=True, places=5
    )
    return services.event_publish(by=community_worker, event=event)


def _html(client: Client, path: str = WHATS_ON) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_asked_again_is_answered_from_the_cache(
    anonymous: Client, listed: Event, django_assert_num_queries: Any
) -> None:
    # Cold: the generation with the next end (one query, ADR 0053), the page's keys and
    # total, its events.
    with django_assert_num_queries(3):
        first = _html(anonymous, WHATS_ON + "?postcode=BD3+1AA")
    # Warm: only the generation with the next end.
    with django_assert_num_queries(1):
        again = _html(anonymous, WHATS_ON + "?postcode=BD3+1AA")
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", again) == token.sub("", first)
    assert "Rhymes at the hub" in again
    assert "In BD3, near you" in again


def test_bad_filters_are_not_cached_and_still_say_what_is_wrong(
    anonymous: Client, listed: Event
) -> None:
    for _ in range(2):
        response = anonymous.get(WHATS_ON, {"postcode": "not a postcode"})
        assert response.status_code == 400
        assert "nhsuk-error-summary" in response.content.decode()


class TestEachWriteIsSeenByTheNextRequest:
    def test_an_event_published(
        self, anonymous: Client, listed: Event, community_worker: User, team: Team
    ) -> None:
        assert "Sing and sign" not in _html(anonymous)
        draft = factories.event(community_worker, team, title="Sing and sign", published=False)
        services.event_publish(by=community_worker, event=draft)
        assert "Sing and sign" in _html(anonymous)

    def test_an_event_changed(self, anonymous: Client, listed: Event, community_worker: User):
        assert "Rhymes at the hub" in _html(anonymous)
        services.event_update(by=community_worker, event=listed, title="Songs at the hub")
        html = _html(anonymous)
        assert "Songs at the hub" in html
        assert "Rhymes at the hub" not in html

    def test_an_event_made_a_draft_again(
        self, anonymous: Client, listed: Event, community_worker: User
    ) -> None:
        assert "Rhymes at the hub" in _html(anonymous)
        services.event_unpublish(by=community_worker, event=listed)
        assert "Rhymes at the hub" not in _html(anonymous)

    def test_an_event_cancelled(
        self, anonymous: Client, listed: Event, community_worker: User
    ) -> None:
        assert "Rhymes at the hub" in _html(anonymous)
        services_booking.event_cancel(by=community_worker, event=listed, reason="Hub closed")
        assert "Rhymes at the hub" not in _html(anonymous)

    def test_a_booking_made_and_cancelled(
        self, anonymous: Client, listed: Event, community_worker: User
    ) -> None:
        assert "5 places left" in _html(anonymous)
        booking = services_booking.event_book(
            by=None, event=listed, name="A family", phone="+447700900001", email="", people=2
        )
        assert "3 places left" in _html(anonymous)
        services_booking.booking_cancel(by=community_worker, booking=booking)
        assert "5 places left" in _html(anonymous)


def test_an_event_that_ends_leaves_the_list_on_time(
    anonymous: Client, listed: Event, community_worker: User, team: Team
) -> None:
    now = timezone.now()
    factories.event(
        community_worker,
        team,
        title="Ending soon",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(minutes=5),
    )
    assert "Ending soon" in _html(anonymous)
    later = now + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Ending soon" not in _html(anonymous)


class TestKeys:
    def test_it_keeps_each_language_apart(self, anonymous: Client, listed: Event) -> None:
        english = _html(anonymous)
        anonymous.cookies["django_language"] = "pl"
        polish = _html(anonymous)
        assert "2 events match" in english
        assert "2 events match" not in polish

    def test_it_keeps_each_query_and_page_apart(
        self, anonymous: Client, listed: Event, community_worker: User, team: Team
    ) -> None:
        for day in range(1, 25):
            factories.event(community_worker, team, title=f"Group {day:02}", days=day + 10)
        services.event_update(by=community_worker, event=listed, title="Rhymes at the hub")
        first = _html(anonymous)
        second = _html(anonymous, WHATS_ON + "?page=2")
        by_kind = _html(anonymous, WHATS_ON + "?kind=talk")
        assert "26 events match" in first
        assert "Group 24" in second
        assert "Group 24" not in first
        assert "No coming event matches" in by_kind
