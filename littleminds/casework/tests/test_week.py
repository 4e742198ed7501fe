from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework import services, services_week
from littleminds.casework.models import Case, Contact
from littleminds.casework.models_week import CalendarFeed
from littleminds.casework.selectors_week import monday_of
from littleminds.casework.tests.factories import open_case, planned

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


def feed_url(secret: str) -> str:
    return reverse("casework:week-feed", kwargs={"secret": secret})


def days_to(target_weekday: int) -> int:
    """Days from today to the day of this week with `target_weekday` (0 is Monday)."""
    return target_weekday - timezone.localdate().weekday()


# The week page ---------------------------------------------------------------------------


def test_it_shows_the_clinicians_contacts_of_this_week(
    as_clinician: Client, case: Case, clinician: User, manager: User
) -> None:
    planned(case, clinician, days_to(0), place=Contact.Place.CLINIC)
    planned(case, clinician, days_to(6), minutes=45)
    planned(case, clinician, days_to(0) + 7)  # next week: not shown

    html = as_clinician.get(reverse("casework:week")).content.decode()

    monday = monday_of(timezone.localdate())
    assert "Your week" in html
    assert formats.date_format(monday, "l j F Y") in html
    assert "2 contacts this week." in html
    assert "45 minutes" in html
    assert "Case of Robin" in html
    assert f"?week={(monday - timedelta(days=7)).isoformat()}" in html
    assert f"?week={(monday + timedelta(days=7)).isoformat()}" in html


def test_it_shows_the_next_week_and_audits_the_cases_read(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    planned(case, clinician, days_to(1) + 7)
    monday = monday_of(timezone.localdate()) + timedelta(days=7)

    html = as_clinician.get(reverse("casework:week") + f"?week={monday}").content.decode()

    assert "1 contact this week." in html
    assert "Back to this week" in html
    event = AuditEvent.objects.filter(action="case.week_viewed").get()
    assert event.detail == {"cases": [str(case.code)]}


@pytest.mark.parametrize("week", ["nonsense", "9999-12-31", "0001-01-01", "1850-01-01"])
def test_a_wrong_week_shows_this_week(as_clinician: Client, week: str) -> None:
    """A walk found 9999-12-31 a 500: the next week's Monday is past the last date."""
    response = as_clinician.get(reverse("casework:week") + f"?week={week}")
    assert response.status_code == 200
    html = response.content.decode()
    assert formats.date_format(monday_of(timezone.localdate()), "l j F Y") in html


def test_it_shows_only_the_clinicians_own_contacts(
    client: Client, case: Case, clinician: User, manager: User, sign_in: SignIn
) -> None:
    planned(case, clinician, days_to(3))
    html = sign_in(client, manager).get(reverse("casework:week")).content.decode()
    assert "0 contacts this week." in html


# The calendar feed -----------------------------------------------------------------------


def test_making_the_link_shows_it_once_and_keeps_only_a_hash(
    as_clinician: Client, clinician: User
) -> None:
    response = as_clinician.post(reverse("casework:week-feed-reset"))
    assert response.status_code == 302
    html = as_clinician.get(reverse("casework:week")).content.decode()
    start = html.index("/cases/week/calendar/")
    path = html[start : html.index(".ics", start) + 4]
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=clinician)
    assert secret not in feed.secret_hash
    assert feed.secret_hash == services_week.secret_hash(secret)
    assert AuditEvent.objects.filter(action="casework.calendar_feed_made").count() == 1
    # Shown once only.
    assert (
        "/cases/week/calendar/" not in as_clinician.get(reverse("casework:week")).content.decode()
    )


def test_the_feed_carries_contacts_and_no_names(
    client: Client, case: Case, clinician: User
) -> None:
    first = planned(case, clinician, 2, place=Contact.Place.HOME, minutes=90)
    planned(case, clinician, 3, place=Contact.Place.VIDEO)
    gone = planned(case, clinician, -1)
    services.contact_record(by=clinician, contact=gone, outcome="cancelled_family")
    secret = services_week.calendar_feed_reset(by=clinician)

    response = client.get(feed_url(secret))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    parsed = icalendar.Calendar.from_ical(response.content)
    events = list(parsed.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Contact (home visit)",
        "Contact (video call)",
    ]
    assert events[0].decoded("dtstart") == first.starts_at
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == timedelta(minutes=90)
    assert str(case.code) in str(events[0]["description"])
    for name in ("Robin", "Sam Example", clinician.full_name, case.team.name):
        assert name not in body
    assert "sessionid" not in response.cookies


def test_resetting_the_link_stops_the_old_one_at_once(client: Client, clinician: User) -> None:
    old = services_week.calendar_feed_reset(by=clinician)
    assert client.get(feed_url(old)).status_code == 200
    new = services_week.calendar_feed_reset(by=clinician)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert AuditEvent.objects.filter(action="casework.calendar_feed_reset").count() == 1


def test_a_wrong_secret_gets_404(client: Client, clinician: User) -> None:
    services_week.calendar_feed_reset(by=clinician)
    assert client.get(feed_url("not-the-secret")).status_code == 404


def test_a_person_without_a_team_has_no_feed(practitioner: User) -> None:
    with pytest.raises(services.NotAllowed):
        services_week.calendar_feed_reset(by=practitioner)


def test_the_feed_is_rate_limited(client: Client, clinician: User, settings) -> None:
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "calendar_feed": (2, 3600)}
    secret = services_week.calendar_feed_reset(by=clinician)
    assert client.get(feed_url(secret)).status_code == 200
    assert client.get(feed_url(secret)).status_code == 200
    assert client.get(feed_url(secret)).status_code == 429


def test_the_link_page_asks_before_making_a_new_link(as_clinician: Client, clinician: User) -> None:
    services_week.calendar_feed_reset(by=clinician)
    html = as_clinician.get(reverse("casework:week-feed-reset")).content.decode()
    assert "Make a new calendar link" in html
    assert as_clinician.put(reverse("casework:week-feed-reset")).status_code == 405


def _closed_without_cancelling(case: Case) -> None:
    """A case closed before closing cancelled its planned contacts: they are still planned."""
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_on=timezone.localdate()
    )


def test_a_closed_cases_planned_contacts_leave_the_feed(
    client: Client, case: Case, clinician: User, practitioner: User
) -> None:
    other = open_case(referrer=practitioner, clinician=clinician)
    planned(case, clinician, 2, place=Contact.Place.HOME)
    planned(other, clinician, 3, place=Contact.Place.VIDEO)
    held = planned(case, clinician, -2, place=Contact.Place.CLINIC)
    services.contact_record(by=clinician, contact=held, outcome="attended")
    _closed_without_cancelling(case)
    secret = services_week.calendar_feed_reset(by=clinician)

    events = list(icalendar.Calendar.from_ical(client.get(feed_url(secret)).content).walk("VEVENT"))

    # The contact held before the case closed stays; the one planned after it does not.
    assert [str(e["summary"]) for e in events] == ["Contact (clinic)", "Contact (video call)"]


def test_a_closed_cases_planned_contacts_leave_the_week(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    planned(case, clinician, 1)
    planned(case, clinician, 2)
    _closed_without_cancelling(case)
    monday = monday_of(timezone.localdate() + timedelta(days=1))

    html = as_clinician.get(reverse("casework:week") + f"?week={monday.isoformat()}").content
    next_html = as_clinician.get(
        reverse("casework:week") + f"?week={(monday + timedelta(days=7)).isoformat()}"
    ).content

    assert b"Case of Robin" not in html + next_html


def test_a_past_contact_not_recorded_says_so_and_links_to_recording_it(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    past = planned(case, clinician, -3)
    future = planned(case, clinician, 3)
    for contact in (past, future):
        monday = monday_of(timezone.localtime(contact.starts_at).date())
        html = as_clinician.get(reverse("casework:week") + f"?week={monday}").content.decode()
        record = reverse(
            "casework:contact-record", kwargs={"code": case.code, "contact": contact.code}
        )
        if contact is past:
            assert "(not recorded)" in html
            assert f'href="{record}"' in html
            assert "Record what happened" in html
        else:
            assert f'href="{record}"' not in html
