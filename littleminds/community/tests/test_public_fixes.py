"""The families' pages after the walk of issue 15: a cancelled event says so on its page
and on a booking's confirmation; the home page and the self-referral start lead to What's
on and the leaflets; "Back to what's on" keeps the family's filters and can only lead to
What's on; the feed refuses bad filters; an online event's calendar entry carries its
joining link; an ended event shows no booking words; the places hint names the places
left."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.community import selectors_public as selectors
from littleminds.community import services_booking as booking
from littleminds.community import views_public
from littleminds.community.models import Event
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookable(community_worker: User, team: Team) -> Event:
    return factories.event(community_worker, team, booking=True, places=30)


def page(event: Event, query: str = "") -> str:
    return f"/whats-on/{event.code}/" + (f"?{query}" if query else "")


def back_link(html: str) -> str:
    """The address of the page's "Back to what's on" link."""
    found = re.search(r'<a href="([^"]*)">Back to what(?:&#x27;|\')s on</a>', html)
    assert found, "no Back link"
    return found.group(1).replace("&amp;", "&")


# 1. A cancelled event -------------------------------------------------------------------


def test_a_cancelled_events_confirmation_says_it_is_cancelled_and_why(
    anonymous: Client, bookable: Event, community_worker: User
) -> None:
    made = booking.event_book(
        by=None, event=bookable, name="Ana Pop", phone="+447700900982", email="", people=2
    )
    booking.event_cancel(by=community_worker, event=bookable, reason="The hall is flooded.")

    html = anonymous.get(f"/whats-on/booked/{selectors.booking_key(made)}/").content.decode()

    assert "places are booked for you" not in html
    assert "the event you booked has been cancelled" in html
    assert "The hall is flooded." in html
    assert "Add this event to your calendar" not in html


def test_a_cancelled_events_page_says_so_without_a_booking_form(
    anonymous: Client, bookable: Event, community_worker: User
) -> None:
    booking.event_cancel(by=community_worker, event=bookable, reason="The hall is flooded.")

    response = anonymous.get(page(bookable))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This event has been cancelled" in html
    assert "The hall is flooded." in html
    assert "Book a place" not in html
    assert "places left" not in html
    assert "Add this event to your calendar" not in html
    # Booking it anyway books nothing.
    post = anonymous.post(
        page(bookable),
        {"name": "A", "phone": "07700 900982", "email": "", "people": "1", "website": ""},
    )
    assert post.status_code == 400
    assert not bookable.bookings.exists()
    # The list still leaves it out, and a draft is still not found.
    assert bookable.title not in anonymous.get("/whats-on/").content.decode()
    draft = factories.event(
        community_worker, bookable.team, published=False, cancelled_at=timezone.now()
    )
    assert anonymous.get(page(draft)).status_code == 404


def test_a_cancelled_event_is_shown_in_urdu(
    anonymous: Client, bookable: Event, community_worker: User
) -> None:
    booking.event_cancel(by=community_worker, event=bookable, reason="Ill.")
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    html = anonymous.get(page(bookable)).content.decode()
    assert "یہ تقریب منسوخ ہو چکی ہے" in html


# 2. The home page and the self-referral start -------------------------------------------


@pytest.mark.parametrize(
    ("language", "whats_on", "leaflets"),
    [
        ("en", "What's on for families", "Leaflets and videos"),
        ("pl", None, None),
        ("ro", None, None),
        ("ur", None, None),
    ],
)
@pytest.mark.parametrize("address", ["/", "/self-referral/"])
def test_the_home_page_and_self_referral_lead_to_whats_on_and_leaflets(
    anonymous: Client, address: str, language: str, whats_on: Any, leaflets: Any
) -> None:
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = anonymous.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/whats-on/"' in html
    assert 'href="/leaflets/"' in html
    if whats_on:
        assert whats_on in html.replace("&#x27;", "'")
        assert leaflets in html


# 3 and 4 are in the browser tests (tests/browser/test_community_public_fixes.py).

# 5. Back to what's on keeps the filters ---------------------------------------------------


def test_back_to_whats_on_keeps_the_familys_filters(anonymous: Client, bookable: Event) -> None:
    listed = anonymous.get("/whats-on/", {"postcode": "BD3 1XX", "kind": bookable.kind})
    html = listed.content.decode()
    link = f"/whats-on/{bookable.code}/?from="
    assert link in html

    start = html.index(link)
    href = html[start : html.index('"', start)].replace("&amp;", "&")
    event_page = anonymous.get(href).content.decode()

    assert back_link(event_page) == f"/whats-on/?postcode=BD3+1XX&kind={bookable.kind}"


@pytest.mark.parametrize(
    "query",
    [
        "https://evil.example/",
        "//evil.example/",
        "next=https%3A%2F%2Fevil.example%2F",
        "postcode=%22%3E%3Cscript%3E",
        "x" * 600,
    ],
)
def test_back_to_whats_on_only_ever_leads_to_whats_on(
    anonymous: Client, bookable: Event, query: str
) -> None:
    back = views_public.back_to_list(query)
    assert back.startswith("/whats-on/")
    assert "evil" not in back
    assert "<script" not in back
    html = anonymous.get(page(bookable), {"from": query}).content.decode()
    link = back_link(html)
    assert link.startswith("/whats-on/")
    assert "evil" not in link
    assert "<script>" not in html


def test_back_without_filters_is_plain_whats_on(anonymous: Client, bookable: Event) -> None:
    assert views_public.back_to_list("") == "/whats-on/"
    assert back_link(anonymous.get(page(bookable)).content.decode()) == "/whats-on/"


# 6. The feed refuses bad filters --------------------------------------------------------


def test_the_feed_with_bad_filters_answers_400_in_plain_words(anonymous: Client) -> None:
    response = anonymous.get("/whats-on/events.ics", {"postcode": "XYZ"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "filters are not right" in response.content.decode()


def test_the_feed_with_good_filters_is_a_calendar(anonymous: Client, bookable: Event) -> None:
    response = anonymous.get("/whats-on/events.ics", {"postcode": "BD3"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


# 7. An online event's joining link in its calendar entry --------------------------------


def test_an_online_events_calendar_entry_carries_its_joining_link(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    online = factories.event(
        community_worker,
        team,
        online=True,
        link="https://meet.example.org/stay-and-play",
        venue="",
        address="",
        postcode="",
        postcode_district="",
    )
    body = anonymous.get(f"/whats-on/{online.code}/event.ics").content
    [entry] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert "https://meet.example.org/stay-and-play" in str(entry["description"])
    assert str(entry["location"]) == "https://meet.example.org/stay-and-play"


# 8. An ended event, and the places hint -------------------------------------------------


def test_an_ended_events_page_shows_no_booking_words(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    ended = factories.event(community_worker, team, days=-2, booking=True, places=28)
    html = anonymous.get(page(ended)).content.decode()
    assert "This event has ended." in html
    assert "places left" not in html
    assert "Booking needed" not in html


def test_the_places_hint_names_the_places_left(anonymous: Client, bookable: Event) -> None:
    bookable.places = 3
    bookable.save()
    html = anonymous.get(page(bookable)).content.decode()
    assert "up to 3" in html
    assert "up to 10" not in html


def test_the_places_hint_names_the_most_a_booking_takes_when_many_are_left(
    anonymous: Client, bookable: Event
) -> None:
    html = anonymous.get(page(bookable)).content.decode()
    assert "up to 10" in html


def test_an_event_ending_in_the_future_still_shows_its_places(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    soon = factories.event(
        community_worker,
        team,
        booking=True,
        places=28,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
    )
    assert "Booking needed: 28 places left" in anonymous.get(page(soon)).content.decode()
