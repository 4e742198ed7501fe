"""Reflective practice groups and call-back requests: services, pages and bounds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Organisation, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services_groups as services
from littleminds.consultations.models_groups import CallbackRequest, GroupPlace, GroupSession
from littleminds.consultations.tests.factories import a_day, callback, group

pytestmark = pytest.mark.django_db


def _practitioner(n: int, organisation: Organisation | None) -> User:
    return UserFactory.create(
        email=f"g{n}@test.example", organisation=organisation, roles=[(Role.PRACTITIONER, None)]
    )


def test_joining_is_refused_once_the_session_is_full(clinician: User, practitioner: User) -> None:
    series = group(clinician, capacity=2)
    session = series.sessions.first()
    services.group_join(by=practitioner, session=session)
    services.group_join(by=_practitioner(1, practitioner.organisation), session=session)

    with pytest.raises(services.GroupFull):
        services.group_join(by=_practitioner(2, practitioner.organisation), session=session)
    assert GroupPlace.objects.filter(session=session, left_at__isnull=True).count() == 2
    assert AuditEvent.objects.filter(action="consultation.group_joined").count() == 2


def test_leaving_frees_the_place_and_joining_twice_is_refused(
    clinician: User, practitioner: User
) -> None:
    session = group(clinician, capacity=1).sessions.first()
    services.group_join(by=practitioner, session=session)
    with pytest.raises(services.NotAllowed):
        services.group_join(by=practitioner, session=session)
    services.group_leave(by=practitioner, session=session)
    other = _practitioner(1, practitioner.organisation)

    services.group_join(by=other, session=session)

    assert AuditEvent.objects.filter(action="consultation.group_left").count() == 1
    with pytest.raises(services.NotAllowed):
        services.group_leave(by=practitioner, session=session)


def test_joining_a_series_takes_a_place_where_there_is_room(
    clinician: User, practitioner: User
) -> None:
    series = group(clinician, capacity=1, sessions=3)
    first = series.sessions.first()
    services.group_join(by=_practitioner(1, practitioner.organisation), session=first)

    joined, full = services.series_join(by=practitioner, series=series)

    assert (joined, full) == (2, 1)
    assert not GroupPlace.objects.filter(session=first, practitioner=practitioner).exists()


def test_a_group_for_other_organisations_or_rings_is_closed(
    clinician: User, practitioner: User, trust: Organisation
) -> None:
    for_trust = group(clinician, organisations=[trust])
    for_risk = group(clinician, rings=["risk_factors"], title="Risk")
    assert not services.is_for(for_trust, practitioner)
    assert not services.is_for(for_risk, practitioner)
    with pytest.raises(services.NotAllowed):
        services.group_join(by=practitioner, session=for_trust.sessions.first())

    from littleminds.directory.tests.factories import ServiceFactory

    ServiceFactory.create(organisation=practitioner.organisation, ring="risk_factors")
    assert services.is_for(for_risk, practitioner)
    assert services.is_for(group(clinician, title="Open"), practitioner)


def test_a_past_session_cannot_be_joined_but_is_recorded(
    clinician: User, practitioner: User
) -> None:
    session = group(clinician).sessions.first()
    place = services.group_join(by=practitioner, session=session)
    absent = services.group_join(by=_practitioner(1, practitioner.organisation), session=session)
    with pytest.raises(services.NotAllowed):
        services.session_record(by=clinician, session=session, attended=set(), themes="x")
    GroupSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    session.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.group_join(by=_practitioner(2, None), session=session)

    services.session_record(
        by=clinician, session=session, attended={place.pk}, themes="Holding the baby in mind"
    )

    place.refresh_from_db()
    absent.refresh_from_db()
    assert (place.attended, absent.attended) == (True, False)
    assert AuditEvent.objects.filter(action="consultation.group_recorded").count() == 1


def test_only_the_team_creates_and_records(
    other_clinician: User, clinician: User, practitioner: User
) -> None:
    session = group(clinician).sessions.first()
    with pytest.raises(services.NotAllowed):
        group(practitioner, team=clinician.teams()[0])
    with pytest.raises(services.NotAllowed):
        services.session_record(by=other_clinician, session=session, attended=set(), themes="x")


# Pages -------------------------------------------------------------------------------------


def _series_post(**given: Any) -> dict[str, Any]:
    day = a_day(14)
    return {
        "title": "Thinking together",
        "about": "",
        "capacity": "8",
        "day_day": str(day.day),
        "day_month": str(day.month),
        "day_year": str(day.year),
        "at": "14:00",
        "minutes": "90",
        "every": "4",
        "sessions": "6",
        "place": "Room 1, Family Hub",
        "video_link": "",
        **given,
    }


def test_the_team_creates_a_series_from_its_page(clinician: User, as_persona: Any) -> None:
    client = as_persona("clinician")
    data = _series_post(team=str(clinician.teams()[0].pk))

    response = client.post(reverse("consultations:group-new"), data)

    assert response.status_code == 302
    sessions = list(GroupSession.objects.all())
    assert len(sessions) == 6
    assert sessions[1].starts_at - sessions[0].starts_at == timedelta(weeks=4)


@pytest.mark.parametrize(
    ("given", "box", "message"),
    [
        ({"capacity": "41"}, "capacity", "A session has 40 places at most"),
        ({"title": "x" * 121}, "title", "120 characters or fewer"),
        ({"place": ""}, "place", "Enter the place, or a video link"),
        ({"video_link": "http://x.example"}, "video_link", "https://"),
        ({"sessions": "20", "every": "8"}, "sessions", "within a year"),
        ({"at": "25:00"}, "at", "like 14:30"),
    ],
)
def test_the_series_form_explains_each_box(
    clinician: User, as_persona: Any, given: dict[str, str], box: str, message: str
) -> None:
    client = as_persona("clinician")
    data = _series_post(team=str(clinician.teams()[0].pk), **given)

    response = client.post(reverse("consultations:group-new"), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[box])
    assert not GroupSession.objects.exists()


def test_a_practitioner_joins_and_leaves_from_the_group_page(
    clinician: User, practitioner: User, as_persona: Any
) -> None:
    series = group(clinician, capacity=1)
    session = series.sessions.first()
    client = as_persona("practitioner")
    page = client.get(reverse("consultations:group", kwargs={"code": series.code}))
    assert "Join this date" in page.content.decode()

    client.post(reverse("consultations:session-join", kwargs={"code": session.code}))
    assert GroupPlace.objects.filter(session=session, left_at__isnull=True).count() == 1
    page = client.get(reverse("consultations:group", kwargs={"code": series.code}))
    assert "You have a place." in page.content.decode()

    client.post(reverse("consultations:session-leave", kwargs={"code": session.code}))
    assert not GroupPlace.objects.filter(session=session, left_at__isnull=True).exists()


def test_a_full_session_says_so(clinician: User, practitioner: User, as_persona: Any) -> None:
    series = group(clinician, capacity=1)
    session = series.sessions.first()
    services.group_join(by=_practitioner(1, None), session=session)
    client = as_persona("practitioner")

    response = client.post(
        reverse("consultations:session-join", kwargs={"code": session.code}), follow=True
    )

    assert "This session is full; choose another date." in response.content.decode()


# Call-back requests -----------------------------------------------------------------------


def test_the_queue_is_oldest_first_and_done_leaves_it(
    clinician: User, practitioner: User, as_persona: Any
) -> None:
    team = clinician.teams()[0]
    first = callback(practitioner, team, about="First")
    second = callback(practitioner, team, about="Second")
    CallbackRequest.objects.filter(pk=second.pk).update(
        created_at=first.created_at - timedelta(hours=1)
    )
    client = as_persona("clinician")
    page = client.get(reverse("consultations:callbacks"))
    assert "Monday, Wednesday; Morning (9am to 12pm)" in page.content.decode()
    queue = page.context["queue"]
    assert [r.pk for r in queue] == [second.pk, first.pk]

    empty = client.post(reverse("consultations:callback-done", kwargs={"code": first.code}), {})
    assert "Enter what happened" in empty.content.decode()
    client.post(
        reverse("consultations:callback-done", kwargs={"code": first.code}),
        {"outcome": "Called; booked a consultation"},
    )

    first.refresh_from_db()
    assert first.done_by == clinician
    assert [r.pk for r in client.get(reverse("consultations:callbacks")).context["queue"]] == [
        second.pk
    ]
    assert AuditEvent.objects.filter(action="consultation.callback_done").count() == 1


def _callback_post(team: Any, **given: Any) -> dict[str, Any]:
    start, end = a_day(1), a_day(10)
    return {
        "team": str(team.pk),
        "phone": "01632 960 001",
        "earliest_day": str(start.day),
        "earliest_month": str(start.month),
        "earliest_year": str(start.year),
        "latest_day": str(end.day),
        "latest_month": str(end.month),
        "latest_year": str(end.year),
        "weekdays": ["0", "3"],
        "parts_of_day": ["afternoon"],
        "about": "A mother struggling to bond",
        **given,
    }


def test_a_practitioner_asks_for_a_call_back(
    clinician: User, practitioner: User, as_persona: Any
) -> None:
    team = clinician.teams()[0]
    client = as_persona("practitioner")

    response = client.post(reverse("consultations:callback-new"), _callback_post(team))

    assert response.status_code == 302
    made = CallbackRequest.objects.get()
    assert (made.weekdays, made.parts_of_day) == ([0, 3], ["afternoon"])
    assert AuditEvent.objects.filter(action="consultation.callback_requested").count() == 1


@pytest.mark.parametrize(
    ("given", "box", "message"),
    [
        ({"latest_year": "2099"}, "latest", "within three months"),
        (
            {"earliest_day": "1", "earliest_month": "1", "earliest_year": "2020"},
            "earliest",
            "today",
        ),
        ({"weekdays": []}, "weekdays", "Choose at least one day"),
        ({"weekdays": ["6"]}, "weekdays", "Choose days from the list"),
        ({"parts_of_day": []}, "parts_of_day", "the morning, the afternoon or both"),
        ({"about": "x" * 1001}, "about", "1,000 characters or fewer"),
        ({"about": "   "}, "about", "Enter what you would like"),
    ],
)
def test_the_call_back_form_explains_each_box(
    clinician: User, practitioner: User, as_persona: Any, given: Any, box: str, message: str
) -> None:
    client = as_persona("practitioner")

    response = client.post(
        reverse("consultations:callback-new"), _callback_post(clinician.teams()[0], **given)
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[box])
    assert not CallbackRequest.objects.exists()
