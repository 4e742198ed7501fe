"""The community pages lead to one another: the team's home to its materials, reach report and
What's on; an event's staff page to its bookings, its cancelling and its public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littleminds.accounts.models import Team, User
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db


def test_the_teams_home_links_to_materials_reach_and_whats_on(
    as_persona, community_worker: User
) -> None:
    page = as_persona("community_worker").get(reverse("community:home")).content.decode()

    for name in ("community:materials", "community:reach", "community:whats-on"):
        assert f'href="{reverse(name)}"' in page


def test_a_viewers_home_links_to_materials_and_whats_on_not_the_report(
    as_persona, practitioner: User
) -> None:
    page = as_persona("practitioner").get(reverse("community:home")).content.decode()

    assert f'href="{reverse("community:materials")}"' in page
    assert f'href="{reverse("community:whats-on")}"' in page
    assert f'href="{reverse("community:reach")}"' not in page


def test_an_events_page_links_to_its_bookings_its_cancelling_and_its_public_page(
    as_persona, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, booking=True, places=12)

    page = (
        as_persona("community_worker")
        .get(reverse("community:event-detail", kwargs={"code": event.code}))
        .content.decode()
    )

    for name in ("community:event-bookings", "community:event-cancel", "community:whats-on-event"):
        assert f'href="{reverse(name, kwargs={"code": event.code})}"' in page


def test_a_draft_without_booking_has_no_public_page_or_bookings_to_link(
    as_persona, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, published=False)

    page = (
        as_persona("community_worker")
        .get(reverse("community:event-detail", kwargs={"code": event.code}))
        .content.decode()
    )

    assert f'href="{reverse("community:whats-on-event", kwargs={"code": event.code})}"' not in page
    assert reverse("community:event-bookings", kwargs={"code": event.code}) not in page
    assert f'href="{reverse("community:event-cancel", kwargs={"code": event.code})}"' in page
