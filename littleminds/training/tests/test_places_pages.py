"""The pages of places: booking in two clicks, the public registration form and its bad
input, the confirmation link, a person's own place (answering an offer, cancelling, the
calendar invitation), "Your training" and "Your work", the navigation, and a session's
register for the team that runs it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.notifications import backends
from littleminds.training import services_places as places
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.tests import factories

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def course(trainer: User, team: Team) -> Course:
    return factories.course(trainer, team)


@pytest.fixture
def session(trainer: User, course: Course) -> CourseSession:
    made = factories.session(trainer, course, capacity=2)
    made.trainers.set([trainer])
    return made


# Booking in two clicks ---------------------------------------------------------------------


def test_a_practitioner_books_in_two_clicks(
    practitioner: User, course: Course, session: CourseSession, as_persona: Any
) -> None:
    client = as_persona("practitioner")
    page = client.get(reverse("training:course", args=[course.code])).content.decode()
    assert "Book a place" in page
    assert f'value="{session.code}"' in page  # the only session, chosen already
    assert "checked" in page

    response = client.post(
        reverse("training:book", args=[course.code]), {"session": str(session.code)}
    )

    registration = Registration.objects.get(user=practitioner)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:place", args=[registration.code])
    page = client.get(response["Location"]).content.decode()
    assert "Your place is booked" in page
    assert "Add it to your calendar" in page
    assert registration.organisation == practitioner.organisation
    # Back on the course page, the person sees their registration.
    page = client.get(reverse("training:course", args=[course.code])).content.decode()
    assert "See your place" in page


def test_a_full_session_puts_the_practitioner_on_the_waiting_list(
    course: Course, session: CourseSession, as_persona: Any
) -> None:
    for person in factories.people(2):
        places.register_user(by=person, session=session)
    client = as_persona("practitioner")
    response = client.post(
        reverse("training:book", args=[course.code]), {"session": str(session.code)}, follow=True
    )
    page = response.content.decode()
    assert "The session is full: you are on its waiting list" in page
    assert "You are on the waiting list" in page
    assert "Leave the waiting list" in page


@pytest.mark.parametrize("value", ["", "nope", "00000000-0000-0000-0000-000000000000"])
def test_booking_without_a_session_on_offer_says_so_and_books_nothing(
    course: Course, session: CourseSession, as_persona: Any, value: str
) -> None:
    response = as_persona("practitioner").post(
        reverse("training:book", args=[course.code]), {"session": value}
    )
    assert response.status_code == 400
    assert "Choose a session from the list" in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Registration.objects.exists()


def test_booking_twice_says_so_in_words(
    practitioner: User, course: Course, session: CourseSession, as_persona: Any
) -> None:
    places.register_user(by=practitioner, session=session)
    response = as_persona("practitioner").post(
        reverse("training:book", args=[course.code]), {"session": str(session.code)}
    )
    assert response.status_code == 400
    assert "You already have a place on this session" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_bespoke_course_of_another_partner_cannot_be_booked(
    trainer: User, team: Team, as_persona: Any
) -> None:
    partner = Organisation.objects.create(name="Partner Nursery")
    bespoke = factories.bespoke(trainer, team, partner)
    factories.session(trainer, bespoke)
    response = as_persona("practitioner").post(reverse("training:book", args=[bespoke.code]))
    assert response.status_code == 404


# The public form ---------------------------------------------------------------------------


def _public(chosen: CourseSession, **overrides: str) -> dict[str, str]:
    data = {
        "session": str(chosen.code),
        "name": "Ana Pop",
        "email": "ana@example.org",
        "who": "student",
        "student_at": "Bradford College",
        "student_course": "Early years",
        "organisation": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"session": ""}, "Choose a session from the list"),
        ({"name": ""}, "Enter your full name"),
        ({"name": "x" * 151}, "Full name must be 150 characters or fewer"),
        ({"email": ""}, "Enter your email address"),
        ({"email": "ana.example.org"}, "Enter an email address in the correct format"),
        ({"who": ""}, "Choose whether you work at an organisation or study"),
        ({"student_at": ""}, "Enter where you study"),
        ({"student_course": ""}, "Enter the course you study"),
        ({"student_course": "x" * 201}, "The course you study must be 200 characters or fewer"),
        ({"who": "organisation"}, "Choose your organisation from the list"),
        (
            {"who": "organisation", "organisation": "00000000-0000-0000-0000-000000000000"},
            "Choose your organisation from the list",
        ),
    ],
)
def test_the_public_form_says_what_is_wrong_and_changes_nothing(
    course: Course,
    session: CourseSession,
    anonymous: Client,
    recorded: list[backends.Outgoing],
    wrong: dict[str, str],
    message: str,
) -> None:
    url = reverse("training:register", args=[course.code])
    response = anonymous.post(url, _public(session, **wrong))
    assert response.status_code == 400
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert not Registration.objects.exists()
    assert recorded == []


def test_the_public_form_asks_then_the_link_confirms_the_place(
    course: Course,
    session: CourseSession,
    anonymous: Client,
    health_visiting: Organisation,
    recorded: list[backends.Outgoing],
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("training:register", args=[course.code])
    assert anonymous.get(url).status_code == 200
    data = _public(session, who="organisation", organisation=str(health_visiting.code))
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:public-sent")
    registration = Registration.objects.get()
    assert (registration.status, registration.organisation) == (Status.UNCONFIRMED, health_visiting)
    assert (registration.student_at, registration.student_course) == ("", "")
    [message] = recorded
    link = next(w for w in message.body.split() if "/training/confirm/" in w)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Opening the link changes nothing (a mail scanner may open it); the button confirms.
    page = anonymous.get(f"/{path}")
    assert page.status_code == 200
    assert "Confirm your training place" in page.content.decode()
    assert Registration.objects.get().status == Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = anonymous.post(f"/{path}")
    assert confirmed.status_code == 302
    assert Registration.objects.get().status == Status.HELD
    own = anonymous.get(confirmed["Location"]).content.decode()
    assert "Your place is booked" in own
    # The link works once.
    used = anonymous.get(f"/{path}")
    assert used.status_code == 410
    assert "This link has been used already or is not right" in used.content.decode()


def test_the_public_form_is_rate_limited(
    course: Course, session: CourseSession, anonymous: Client, settings: Any
) -> None:
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "training_registration": (2, 3600)}
    url = reverse("training:register", args=[course.code])
    for n in range(2):
        anonymous.post(url, _public(session, email=f"a{n}@example.org"))
    response = anonymous.post(url, _public(session, email="late@example.org"))
    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_a_public_registrant_page_cannot_be_guessed(anonymous: Client) -> None:
    assert anonymous.get(reverse("training:public-place", args=["made-up"])).status_code == 404


# A person's own place ---------------------------------------------------------------------


def test_cancelling_asks_why_and_other_needs_a_note(
    practitioner: User, session: CourseSession, as_persona: Any
) -> None:
    registration = places.register_user(by=practitioner, session=session)
    [waiting] = factories.people(1)
    places.register_user(by=waiting, session=session)
    places.register_user(by=factories.people(1, "other")[0], session=session)
    client = as_persona("practitioner")
    url = reverse("training:place-cancel", args=[registration.code])
    page = client.get(url).content.decode()
    for words in ("Workload", "Not released by my manager", "Illness", "No longer needed"):
        assert words in page

    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Choose why you are cancelling" in empty.content.decode()
    other = client.post(url, {"reason": "other", "note": " "})
    assert "Say why you are cancelling" in other.content.decode()
    long_note = client.post(url, {"reason": "other", "note": "x" * 501})
    assert "must be 500 characters or fewer" in long_note.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.HELD

    done = client.post(url, {"reason": "not_released"})
    assert done.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.cancel_reason) == (Status.CANCELLED, "not_released")
    assert Registration.objects.filter(status=Status.OFFERED).count() == 1


def test_an_offer_is_answered_on_the_persons_page(
    practitioner: User, session: CourseSession, as_persona: Any
) -> None:
    holders = factories.people(2)
    regs = [places.register_user(by=p, session=session) for p in holders]
    mine = places.register_user(by=practitioner, session=session)
    places.place_cancel(by=holders[0], registration=regs[0], reason="workload")
    client = as_persona("practitioner")
    page = client.get(reverse("training:place", args=[mine.code])).content.decode()
    assert "A place is free for you" in page
    assert "We hold it for you until" in page

    answer = reverse("training:place-answer", args=[mine.code])
    wrong = client.post(answer, {"answer": "maybe"}, follow=True)
    assert "Choose whether to accept or decline the place" in wrong.content.decode()
    accepted = client.post(answer, {"answer": "accept"}, follow=True)
    assert "The place is yours" in accepted.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == Status.HELD
    again = client.post(answer, {"answer": "decline"}, follow=True)
    assert "This offer is no longer open" in again.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == Status.HELD


def test_someone_elses_place_is_not_found(
    session: CourseSession, practitioner: User, as_persona: Any
) -> None:
    [other] = factories.people(1)
    theirs = places.register_user(by=other, session=session)
    client = as_persona("practitioner")
    for name in ("training:place", "training:place-invite", "training:place-cancel"):
        assert client.get(reverse(name, args=[theirs.code])).status_code == 404
    response = client.post(
        reverse("training:place-answer", args=[theirs.code]), {"answer": "decline"}
    )
    assert response.status_code == 404


def test_the_calendar_invitation_is_sent_again_cancelled(
    practitioner: User, session: CourseSession, as_persona: Any
) -> None:
    registration = places.register_user(by=practitioner, session=session)
    client = as_persona("practitioner")
    url = reverse("training:place-invite", args=[registration.code])
    first = client.get(url)
    assert first["Content-Type"].startswith("text/calendar")
    body = first.content.decode()
    assert "METHOD:REQUEST" in body
    assert f"UID:{registration.code}-1@" in body
    assert "SUMMARY:Training: Understanding babies' feelings" in body
    assert "SEQUENCE:0" in body

    places.place_cancel(by=practitioner, registration=registration, reason="illness")
    body = client.get(url).content.decode()
    assert "METHOD:CANCEL" in body
    assert "STATUS:CANCELLED" in body
    assert "SEQUENCE:1" in body


# Your training, Your work, the navigation --------------------------------------------------


def test_your_work_shows_offers_and_a_trainers_waiting_lists(
    practitioner: User, trainer: User, session: CourseSession, as_persona: Any
) -> None:
    holders = factories.people(2)
    regs = [places.register_user(by=p, session=session) for p in holders]
    places.register_user(by=practitioner, session=session)
    places.register_user(by=factories.people(1, "late")[0], session=session)
    places.place_cancel(by=holders[0], registration=regs[0], reason="workload")

    page = as_persona("practitioner").get(reverse("accounts:dashboard")).content.decode()
    assert "Training places offered to you" in page
    assert reverse("training:mine") in page
    mine = as_persona("practitioner").get(reverse("training:mine")).content.decode()
    assert "Place offered until" in mine

    page = as_persona("trainer").get(reverse("accounts:dashboard")).content.decode()
    assert "Sessions you train on with a waiting list" in page
    mine = as_persona("trainer").get(reverse("training:mine")).content.decode()
    assert reverse("training:session-register", args=[session.code]) in mine


def test_the_navigation_links_training_for_everyone_and_managing_it_for_trainers(
    as_persona: Any,
) -> None:
    practitioner_page = as_persona("practitioner").get(reverse("accounts:dashboard"))
    trainer_page = as_persona("trainer").get(reverse("accounts:dashboard"))
    assert 'href="/training/">Training</a>' in practitioner_page.content.decode()
    assert "Manage training" not in practitioner_page.content.decode()
    assert 'href="/training/manage/">Manage training</a>' in trainer_page.content.decode()


# The team's register ----------------------------------------------------------------------


def test_the_register_shows_places_offers_waiting_and_reasons(
    session: CourseSession, as_persona: Any
) -> None:
    people = factories.people(5)
    regs = [places.register_user(by=p, session=session) for p in people]
    places.place_cancel(by=people[0], registration=regs[0], reason="other", note="Moved team")
    places.register_public(session=session, registrant=factories.registrant())

    page = (
        as_persona("trainer")
        .get(reverse("training:session-register", args=[session.code]))
        .content.decode()
    )

    held = page[page.index('id="held"') : page.index('id="offers"')]
    offers = page[page.index('id="offers"') : page.index('id="waiting"')]
    waiting = page[page.index('id="waiting"') : page.index('id="cancelled"')]
    assert "Person 1" in held
    assert "Person 2" in offers
    assert "Person 3" in waiting
    assert waiting.index("Person 3") < waiting.index("Person 4")
    summary = page[page.index('id="summary"') : page.index('id="held"')]
    numbers = re.findall(r'nhsuk-summary-list__value">(\d+)<', summary)
    assert numbers == ["2", "1", "1", "0", "2"]
    assert "Another reason: Moved team" in page
    assert "Student at Bradford College (Early years)" in page
    assert "Waiting for the e-mail address to be confirmed" in page


def test_another_teams_trainer_does_not_find_the_register(
    session: CourseSession, other_team: Team, sign_in: Callable[[Client, User], Client]
) -> None:
    outsider = UserFactory.create(
        email="other.trainer@test.example", roles=[(Role.TRAINER, other_team)]
    )
    client = sign_in(Client(), outsider)
    url = reverse("training:session-register", args=[session.code])
    assert client.get(url).status_code == 404


def test_the_register_reads_in_the_same_queries_however_many_registered(
    session: CourseSession, as_persona: Any
) -> None:
    client = as_persona("trainer")
    url = reverse("training:session-register", args=[session.code])
    for person in factories.people(3, "few"):
        places.register_user(by=person, session=session)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for person in factories.people(12, "many"):
        places.register_user(by=person, session=session)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_each_write_is_audited(practitioner: User, session: CourseSession) -> None:
    registration = places.register_user(by=practitioner, session=session)
    places.place_cancel(by=practitioner, registration=registration, reason="workload")
    event = AuditEvent.objects.get(action="training.place_cancelled")
    assert event.actor_code == practitioner.code
    assert event.detail["reason"] == "workload"
