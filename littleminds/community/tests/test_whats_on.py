"""What's on (ADR 0038): only coming, published events; the filters; nearness bands by
postcode; paging in two queries; bad filters reported; the event page; the calendar feeds
parsed back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.community import selectors_public as selectors
from littleminds.community.languages import Language
from littleminds.community.models import Event
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db

WHATS_ON = "/whats-on/"


def titles(response: Any) -> list[str]:
    return [e.title for e in response.context["events"]]


def test_it_lists_only_published_coming_events(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Coming")
    factories.event(community_worker, team, title="Draft", published=False)
    factories.event(community_worker, team, title="Cancelled", cancelled_at=timezone.now())
    factories.event(community_worker, team, title="Past", days=-3)

    response = anonymous.get(WHATS_ON)

    assert response.status_code == 200
    assert titles(response) == ["Coming"]
    assert "Past" not in response.content.decode()


def test_an_event_on_now_is_still_listed(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    now = timezone.now()
    factories.event(
        community_worker,
        team,
        title="On now",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    assert titles(anonymous.get(WHATS_ON)) == ["On now"]


def test_near_a_postcode_orders_by_district_area_online_then_the_rest(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    factories.event(
        community_worker, team, title="Leeds", days=1, postcode="LS6 1AA", postcode_district="LS6"
    )
    factories.event(
        community_worker,
        team,
        title="Online",
        days=2,
        online=True,
        postcode="",
        postcode_district="",
    )
    factories.event(
        community_worker, team, title="BD9", days=3, postcode="BD9 4AA", postcode_district="BD9"
    )
    factories.event(community_worker, team, title="BD3 later", days=5)
    factories.event(community_worker, team, title="BD3 sooner", days=4)
    # "B" (Birmingham) is not the BD area, though "BD" begins with it.
    factories.event(
        community_worker, team, title="B1", days=6, postcode="B1 1AA", postcode_district="B1"
    )

    response = anonymous.get(WHATS_ON, {"postcode": "bd3 9zz"})

    assert titles(response) == ["BD3 sooner", "BD3 later", "BD9", "Online", "Leeds", "B1"]
    html = response.content.decode()
    assert "In BD3, near you" in html
    assert "Elsewhere in the BD area" in html
    assert "Further away" in html
    # A district alone is enough.
    assert titles(anonymous.get(WHATS_ON, {"postcode": "BD9"}))[:1] == ["BD9"]


def test_without_a_postcode_it_is_by_date(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Second", days=5)
    factories.event(
        community_worker, team, title="First", days=2, postcode="LS6 1AA", postcode_district="LS6"
    )
    assert titles(anonymous.get(WHATS_ON)) == ["First", "Second"]


def test_it_filters_by_kind_language_interpreter_and_dates(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Talk", kind=Event.Kind.TALK, days=3)
    factories.event(community_worker, team, title="Polish", language=Language.POLISH, days=10)
    factories.event(
        community_worker,
        team,
        title="Interpreted",
        language=Language.ENGLISH,
        interpreter=Language.POLISH,
        days=20,
    )

    assert titles(anonymous.get(WHATS_ON, {"kind": "talk"})) == ["Talk"]
    assert titles(anonymous.get(WHATS_ON, {"language": "pl"})) == ["Polish", "Interpreted"]
    day = timezone.localdate() + timedelta(days=10)
    dates = {"start_day": day.day, "start_month": day.month, "start_year": day.year}
    assert titles(anonymous.get(WHATS_ON, dates)) == ["Polish", "Interpreted"]
    end = {"end_day": day.day, "end_month": day.month, "end_year": day.year}
    assert titles(anonymous.get(WHATS_ON, {**dates, **end})) == ["Polish"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"postcode": "not a postcode"}, "postcode"),
        ({"kind": "rave"}, "Choose a kind of event from the list"),
        ({"language": "xx"}, "Choose a language from the list"),
        ({"start_day": "31", "start_month": "2", "start_year": "2027"}, "The first date"),
        (
            {
                "start_day": "2",
                "start_month": "3",
                "start_year": "2027",
                "end_day": "1",
                "end_month": "3",
                "end_year": "2027",
            },
            "The last date must be the same as or after the first",
        ),
    ],
)
def test_bad_filters_get_an_error_summary_and_no_results(
    anonymous: Client, community_worker: User, team: Team, query: dict[str, str], message: str
) -> None:
    factories.event(community_worker, team)
    response = anonymous.get(WHATS_ON, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert response.context["events"] is None


def test_cards_say_places_left_full_or_just_come_along(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    booked = factories.event(community_worker, team, title="Booked", booking=True, places=5, days=1)
    full = factories.event(community_worker, team, title="Full one", booking=True, places=2, days=2)
    factories.event(community_worker, team, title="Drop in", days=3)
    booked.bookings.create(name="A", phone="+447700900001", people=2)
    full.bookings.create(name="B", phone="+447700900002", people=2)

    html = anonymous.get(WHATS_ON).content.decode()

    assert "Booking needed: 3 places left" in html
    assert "Full" in html
    assert "Just come along" in html


def test_it_pages_twenty_at_a_time_in_two_queries(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    for day in range(1, 26):
        factories.event(community_worker, team, title=f"Event {day:02}", days=day)
    filters = selectors.Filters()
    with CaptureQueriesContext(connection) as queries:
        page = selectors.whats_on_page(filters, "2")
        found = list(page.object_list)
    assert len(queries) == 2
    assert [e.title for e in found] == [f"Event {d:02}" for d in range(21, 26)]
    assert len(titles(anonymous.get(WHATS_ON))) == 20
    assert "25 events match" in anonymous.get(WHATS_ON).content.decode()


def test_the_event_page_says_what_when_where_and_how(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    item = factories.event(
        community_worker,
        team,
        how_to_come="Bus 640 stops outside.",
        interpreter=Language.POLISH,
        booking=True,
        places=10,
    )
    response = anonymous.get(f"/whats-on/{item.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Play with your baby" in html
    assert "Barkerend Family Hub" in html
    assert "https://www.openstreetmap.org/search?query=BD3%209AA" in html
    assert "Bus 640 stops outside." in html
    assert "Parents, Parents-to-be" in html or "Parents-to-be, Parents" in html
    assert "with an interpreter who speaks Polish" in html
    assert "Booking needed: 10 places left" in html
    assert f"/whats-on/{item.code}/event.ics" in html
    assert 'name="people"' in html


def test_a_draft_is_not_found_and_a_cancelled_or_ended_event_says_so(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    draft = factories.event(community_worker, team, published=False)
    cancelled = factories.event(community_worker, team, cancelled_at=timezone.now())
    ended = factories.event(community_worker, team, days=-2, booking=True, places=4)
    assert anonymous.get(f"/whats-on/{draft.code}/").status_code == 404
    gone = anonymous.get(f"/whats-on/{cancelled.code}/")
    assert gone.status_code == 200
    assert "This event has been cancelled" in gone.content.decode()
    assert 'name="people"' not in gone.content.decode()
    response = anonymous.get(f"/whats-on/{ended.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This event has ended" in html
    assert 'name="people"' not in html


def test_an_online_event_says_how_to_join(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    item = factories.event(
        community_worker,
        team,
        online=True,
        postcode="",
        postcode_district="",
        venue="",
        address="",
        link="https://meet.example.org/babies",
    )
    html = anonymous.get(f"/whats-on/{item.code}/").content.decode()
    assert "https://meet.example.org/babies" in html
    assert "openstreetmap" not in html


def _calendar(response: Any) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_is_the_list_as_a_calendar(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    talk = factories.event(community_worker, team, title="A talk", kind=Event.Kind.TALK, days=2)
    factories.event(community_worker, team, title="A group", kind=Event.Kind.GROUP, days=3)
    factories.event(community_worker, team, title="Gone", days=-3)

    every = _calendar(anonymous.get("/whats-on/events.ics")).walk("VEVENT")
    assert [str(e["summary"]) for e in every] == ["A talk", "A group"]

    only = _calendar(anonymous.get("/whats-on/events.ics", {"kind": "talk"})).walk("VEVENT")
    assert len(only) == 1
    vevent = only[0]
    assert str(vevent["uid"]).startswith(str(talk.code))
    assert "Barkerend Family Hub" in str(vevent["location"])
    assert str(vevent["url"]).endswith(f"/whats-on/{talk.code}/")
    assert "Play with your baby" in str(vevent["description"])
    assert vevent.decoded("dtstart") == talk.starts_at

    # Bad filters are refused in plain words (test_public_fixes.py), not an empty calendar.
    assert anonymous.get("/whats-on/events.ics", {"kind": "rave"}).status_code == 400


def test_the_feed_holds_at_most_two_hundred(
    community_worker: User, team: Team, settings: Any
) -> None:
    for day in range(1, 6):
        factories.event(community_worker, team, days=day)
    settings_limit = selectors.FEED_LIMIT
    try:
        selectors.FEED_LIMIT = 3
        assert len(selectors.feed_events(selectors.Filters())) == 3
    finally:
        selectors.FEED_LIMIT = settings_limit


def test_one_event_as_a_calendar(anonymous: Client, community_worker: User, team: Team) -> None:
    item = factories.event(community_worker, team, title="Stay and play")
    events = _calendar(anonymous.get(f"/whats-on/{item.code}/event.ics")).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Stay and play"]
