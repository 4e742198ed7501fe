"""The walk's defects of the team's event pages (issue 15): changing a booked event tells
the families, places and booking guarded while bookings are held, no draft while booked,
no reach before the event, the joining link's one message, places without booking, the
cancelled event's bookings page, districts sorted naturally, and the readers' link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.community import services_booking as booking
from littleminds.community.forms import EventForm
from littleminds.community.models import Event, Reach
from littleminds.community.tests import factories
from littleminds.core.background import wait_for_background
from littleminds.notifications.tests.fakes import FLAKY, FlakyBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    monkeypatch.setattr(booking, "run_in_background", lambda what, work: work())
    settings.NOTIFICATIONS_BACKEND = FLAKY
    FlakyBackend.down = False
    FlakyBackend.sent = []
    yield FlakyBackend.sent
    wait_for_background()
    FlakyBackend.down = True
    FlakyBackend.sent = []


@pytest.fixture
def booked(community_worker: User, team: Team) -> Event:
    """A published event of 15 places, with 12 booked by two families and one cancelled."""
    event = factories.event(community_worker, team, booking=True, places=15)
    booking.event_book(
        by=None, event=event, name="A", phone="", email="a@example.org", people=5, language="pl"
    )
    booking.event_book(by=None, event=event, name="B", phone="+447700900002", email="", people=7)
    gone = booking.event_book(
        by=None, event=event, name="C", phone="+447700900003", email="", people=1
    )
    booking.booking_cancel(by=community_worker, booking=gone)
    return event


def as_posted(event: Event, **changes: Any) -> dict[str, Any]:
    initial = EventForm.initial_of(event)
    day = changes.pop("day", initial["day"])
    data: dict[str, Any] = {
        **{k: v for k, v in initial.items() if k not in ("day", "booking")},
        "day_day": str(day.day),
        "day_month": str(day.month),
        "day_year": str(day.year),
        "partner": "",
        "campaign": "",
        "places": "" if initial["places"] is None else str(initial["places"]),
    }
    if initial["booking"]:
        data["booking"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit(client: Client, event: Event, **changes: Any) -> Any:
    return client.post(
        reverse("community:event-edit", kwargs={"code": event.code}), as_posted(event, **changes)
    )


# 1. Changing a booked event -------------------------------------------------------------


def test_changing_a_booked_events_time_tells_each_family_in_their_language(
    as_persona: Any, booked: Event, sent: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    sent.clear()
    staff = as_persona("community_worker")
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(staff, booked, starts="11:00", ends="13:00")
    wait_for_background()
    assert response.status_code == 302
    by_channel = {m.channel: m for m in sent}
    assert set(by_channel) == {"email", "text"}
    assert len(sent) == 2
    assert by_channel["email"].to == "a@example.org"
    assert "11:00" in by_channel["email"].body
    assert by_channel["email"].subject.startswith("Zmiana")
    assert by_channel["text"].to == "+447700900002"
    assert "11:00" in by_channel["text"].body


def test_changing_a_booked_events_venue_tells_the_families(
    as_persona: Any, booked: Event, sent: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    sent.clear()
    staff = as_persona("community_worker")
    with django_capture_on_commit_callbacks(execute=True):
        edit(staff, booked, venue="Thorpe Edge Library")
    wait_for_background()
    assert len(sent) == 2
    assert any("Thorpe Edge Library" in m.body for m in sent)


def test_changing_only_the_description_tells_nobody(
    as_persona: Any, booked: Event, sent: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    sent.clear()
    staff = as_persona("community_worker")
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(staff, booked, description="Now with singing.")
    wait_for_background()
    assert response.status_code == 302
    assert sent == []


def test_places_cannot_go_below_those_booked(as_persona: Any, booked: Event) -> None:
    response = edit(as_persona("community_worker"), booked, places="11")
    assert response.status_code == 200
    page = response.content.decode()
    assert "12 places are booked already: give 12 or more" in page
    assert "nhsuk-error-summary" in page
    booked.refresh_from_db()
    assert booked.places == 15
    assert edit(as_persona("community_worker"), booked, places="12").status_code == 302


def test_booking_cannot_be_turned_off_while_bookings_are_held(
    as_persona: Any, booked: Event
) -> None:
    response = edit(as_persona("community_worker"), booked, booking=None, places="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cancel the bookings first, or cancel the event" in page
    assert "nhsuk-error-summary" in page
    booked.refresh_from_db()
    assert booked.booking is True


# 2. Back to a draft ------------------------------------------------------------------------


def test_back_to_a_draft_is_refused_while_bookings_are_held(as_persona: Any, booked: Event) -> None:
    staff = as_persona("community_worker")
    response = staff.post(
        reverse("community:event-unpublish", kwargs={"code": booked.code}), follow=True
    )
    booked.refresh_from_db()
    assert booked.published_at is not None
    assert "cancel the event instead" in response.content.decode()


# 3. Reach before the event -----------------------------------------------------------------


def test_no_reach_is_recorded_for_an_event_still_to_come(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    coming = factories.event(community_worker, team, days=5)
    staff = as_persona("community_worker")
    url = reverse("community:event-reach", kwargs={"code": coming.code})
    page = staff.get(url).content.decode()
    assert "once the event has happened" in page
    assert 'name="adults"' not in page
    today = timezone.localdate()
    staff.post(
        url,
        {
            "day_day": today.day,
            "day_month": today.month,
            "day_year": today.year,
            "adults": "3",
            "babies": "1",
        },
    )
    assert not Reach.objects.filter(event=coming).exists()
    detail = staff.get(reverse("community:event-detail", kwargs={"code": coming.code}))
    assert url not in detail.content.decode()
    listing = staff.get(reverse("community:events"))
    assert url not in listing.content.decode()


def test_reach_day_is_on_or_after_the_events_day(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    held = factories.event(community_worker, team, days=-3)
    staff = as_persona("community_worker")
    url = reverse("community:event-reach", kwargs={"code": held.code})
    before = timezone.localdate() - timedelta(days=5)
    response = staff.post(
        url,
        {
            "day_day": before.day,
            "day_month": before.month,
            "day_year": before.year,
            "adults": "3",
            "babies": "1",
        },
    )
    assert response.status_code == 200
    assert "on or after the day of the event" in response.content.decode()
    assert not Reach.objects.filter(event=held).exists()
    listing = staff.get(reverse("community:events") + "?when=past")
    assert url in listing.content.decode()


def test_waiting_for_reach_counts_only_past_events(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    from littleminds.community import selectors
    from littleminds.community.work import community_work

    coming = factories.event(community_worker, team, days=5, title="Still to come")
    held = factories.event(community_worker, team, days=-3, title="Held already")
    assert list(selectors.waiting_for_reach(community_worker)) == [held]
    assert [item.number for item in community_work(community_worker)] == [1]
    listing = as_persona("community_worker").get(
        reverse("community:events") + "?when=all&status=no_reach"
    )
    page = listing.content.decode()
    assert held.title in page
    assert coming.title not in page


# 4. The joining link's message --------------------------------------------------------------


def test_a_javascript_link_gives_its_message_once(as_persona: Any) -> None:
    from littleminds.community.tests.test_events import posted

    staff = as_persona("community_worker")
    response = staff.post(
        reverse("community:event-new"),
        posted(where="online", venue="", address="", postcode="", link="javascript:alert(1)"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Enter a web address that starts with https://") == 2  # summary + field


# 5. Places without booking ---------------------------------------------------------------


def test_places_without_booking_get_a_message(as_persona: Any) -> None:
    from littleminds.community.tests.test_events import posted

    staff = as_persona("community_worker")
    response = staff.post(reverse("community:event-new"), posted(places="20"))
    assert response.status_code == 200
    assert "Tick &#x27;Families book places&#x27;, or leave the number of places empty" in (
        response.content.decode()
    ) or "Tick 'Families book places', or leave the number of places empty" in (
        response.content.decode()
    )
    assert not Event.objects.exists()


# 6. The bookings page of a cancelled event -------------------------------------------------


def test_a_cancelled_events_bookings_page_says_so_without_buttons(
    as_persona: Any, booked: Event
) -> None:
    booking.event_cancel(by=booked.created_by, event=booked, reason="The hall is flooded.")
    page = (
        as_persona("community_worker")
        .get(reverse("community:event-bookings", kwargs={"code": booked.code}))
        .content.decode()
    )
    assert "This event is cancelled" in page
    assert "places left" not in page
    assert "Cancel booking" not in page
    assert "07700 900002" in page


# 8. The readers' link ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["clinician", "practitioner"])
def test_readers_see_a_link_to_the_public_page(
    as_persona: Any, community_worker: User, team: Team, persona: str
) -> None:
    event = factories.event(community_worker, team, days=5)
    page = (
        as_persona(persona)
        .get(reverse("community:event-detail", kwargs={"code": event.code}))
        .content.decode()
    )
    assert reverse("community:whats-on-event", kwargs={"code": event.code}) in page
    assert "See the event as families do" in page


# 7. Districts in their natural order ------------------------------------------------------


def test_a_campaigns_districts_are_in_their_natural_order(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    from littleminds.community import selectors, services

    campaign = factories.campaign(community_worker, team)
    for district in ["BD13", "", "BD2", "BD1", "LS10", "BD3"]:
        services.reach_record(
            by=community_worker,
            campaign=campaign,
            channel="leaflets",
            day=timezone.localdate(),
            adults=1,
            babies=0,
            postcode_district=district,
        )
    summary = selectors.campaign_summary(campaign)
    assert [row["district"] for row in summary.districts] == [
        "BD1",
        "BD2",
        "BD3",
        "BD13",
        "LS10",
        "",
    ]
