"""Defects found walking the demo: cancelling a session that has begun, full sessions on the
course page, an offered place's choices and wording, past training on "Your training",
marking attendance before the day, and the "too long" message of a cancelled place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.training import services
from littleminds.training import services_places as places
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(trainer: User, team: Team) -> Course:
    return factories.course(trainer, team)


# 5. A session that has begun cannot be cancelled ------------------------------------------


def test_the_service_refuses_to_cancel_a_session_that_has_begun(
    trainer: User, course: Course
) -> None:
    held = made.past_session(trainer, course, days_ago=[3])
    made.holder(held, factories.people(1)[0])
    before = AuditEvent.objects.count()

    with pytest.raises(services.SessionBegun, match="already begun, so it cannot be cancelled"):
        services.session_cancel(by=trainer, session=held, reason="Ill")

    held.refresh_from_db()
    assert held.cancelled_at is None
    assert AuditEvent.objects.count() == before


def test_a_session_can_be_cancelled_until_its_first_part_begins(
    trainer: User, course: Course
) -> None:
    session = factories.session(trainer, course, days=1)  # tomorrow, 09:30
    starts = session.starts_at()

    with pytest.raises(services.SessionBegun):
        services.session_cancel(by=trainer, session=session, reason="Ill", now=starts)
    services.session_cancel(
        by=trainer, session=session, reason="Ill", now=starts - timedelta(minutes=1)
    )
    session.refresh_from_db()
    assert session.cancelled_at is not None


def test_the_cancel_page_says_a_begun_session_cannot_be_cancelled(
    as_persona, trainer: User, course: Course
) -> None:
    held = made.past_session(trainer, course, days_ago=[3])
    client = as_persona("manager")
    address = reverse("training:session-cancel", kwargs={"code": held.code})

    shown = client.get(address)
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "already begun, so it cannot be cancelled" in page
    assert "Cancel the session" not in page

    posted = client.post(address, {"reason": "Ill"})
    assert posted.status_code == 400
    assert "already begun, so it cannot be cancelled" in posted.content.decode()
    held.refresh_from_db()
    assert held.cancelled_at is None


def test_the_manage_list_offers_cancel_only_for_sessions_not_begun(
    as_persona, trainer: User, course: Course
) -> None:
    held = made.past_session(trainer, course, days_ago=[3])
    coming = factories.session(trainer, course, days=5)
    page = as_persona("manager").get(reverse("training:manage")).content.decode()

    assert reverse("training:session-cancel", kwargs={"code": coming.code}) in page
    assert reverse("training:session-cancel", kwargs={"code": held.code}) not in page
    # Attendance is still offered for the session held.
    assert reverse("training:attendance", kwargs={"code": held.code}) in page


# 6. Free places, or full and a waiting list, on the course page ----------------------------


def _fill(session: CourseSession, count: int, prefix: str) -> None:
    for person in factories.people(count, prefix):
        places.register_user(by=person, session=session)


def _course_page(client: Client, course: Course, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("training:course", kwargs={"code": course.code})).content.decode()


def test_the_course_page_says_how_many_places_are_free_or_that_a_session_is_full(
    trainer: User, course: Course
) -> None:
    full = factories.session(trainer, course, days=10, capacity=2)
    _fill(full, 2, "full")
    open_one = factories.session(trainer, course, days=20, capacity=6)
    _fill(open_one, 2, "some")

    page = _course_page(Client(), course)

    assert "4 places free" in page
    assert "6 places" not in page
    assert "2 places" not in page
    assert page.count("This session is full.") == 1
    register = reverse("training:register", kwargs={"code": course.code})
    full_link = page.split(f'{register}?session={full.code}">', 1)[1]
    assert full_link.startswith("Join the waiting list")
    open_link = page.split(f'{register}?session={open_one.code}">', 1)[1]
    assert open_link.startswith("Ask for a place on this session")
    # Not every session is full, so the page's own button still asks for a place.
    assert 'role="button" draggable="false">Ask for a place</a>' in page


def test_a_full_session_says_so_in_urdu(trainer: User, course: Course) -> None:
    full = factories.session(trainer, course, capacity=1)
    _fill(full, 1, "full")

    with translation.override("ur"):
        full_words = translation.gettext("This session is full.")
        join = translation.gettext("Join the waiting list")
    assert full_words != "This session is full."
    assert join != "Join the waiting list"
    page = _course_page(Client(), course, "ur")
    assert full_words in page
    assert page.count(join) == 2  # the session's link and the page's button
    assert translation.gettext("Ask for a place on this session") not in page


def test_someone_waiting_makes_a_session_full_for_the_next_person(
    trainer: User, course: Course
) -> None:
    # One place of two is free, but someone waits for it (an offer in hand, say).
    session = factories.session(trainer, course, capacity=2)
    _fill(session, 1, "first")
    waiting = made.public_holder(session)
    Registration.objects.filter(pk=waiting.pk).update(
        status=Registration.Status.WAITING, place_number=None
    )
    page = _course_page(Client(), course)
    assert "This session is full." in page
    assert "1 place free" not in page


def test_the_course_page_reads_a_fixed_number_of_queries(
    trainer: User, course: Course, practitioner: User, sign_in: Any
) -> None:
    def count(client: Client) -> int:
        with CaptureQueriesContext(connection) as queries:
            _course_page(client, course)
        return len(queries)

    signed_in = sign_in(Client(), practitioner)
    first = factories.session(trainer, course, days=5, capacity=3)
    _fill(first, 1, "a")
    places.register_user(by=practitioner, session=first)
    one = (count(Client()), count(signed_in))

    for n in range(3):
        more = factories.session(trainer, course, days=10 + n, capacity=2)
        _fill(more, 3, f"more{n}")
        places.register_user(by=practitioner, session=more)

    assert (count(Client()), count(signed_in)) == one


def test_the_signed_in_booking_says_a_full_session_joins_the_waiting_list(
    trainer: User, course: Course, as_persona: Any
) -> None:
    full = factories.session(trainer, course, capacity=1)
    _fill(full, 1, "full")
    client = as_persona("practitioner")

    page = _course_page(client, course)
    assert "(full: join the waiting list)" in page
    assert 'type="submit">Join the waiting list</button>' in page

    factories.session(trainer, course, days=30)
    page = _course_page(client, course)
    assert page.count("(full: join the waiting list)") == 1
    assert 'type="submit">Book a place</button>' in page


# 16. An offered place: accept or decline only; one wording of a place held --------------


def _offered(practitioner: User, session: CourseSession) -> Registration:
    holders = factories.people(1, "holder")
    first = places.register_user(by=holders[0], session=session)
    mine = places.register_user(by=practitioner, session=session)
    places.place_cancel(by=holders[0], registration=first, reason="workload")
    mine.refresh_from_db()
    assert mine.status == Registration.Status.OFFERED
    return mine


def test_an_offered_place_offers_accept_and_decline_but_not_cancel(
    trainer: User, course: Course, practitioner: User, as_persona: Any
) -> None:
    mine = _offered(practitioner, factories.session(trainer, course, capacity=1))
    page = as_persona("practitioner").get(reverse("training:place", args=[mine.code]))
    text = page.content.decode()

    assert "Accept the place" in text
    assert "Decline the place" in text
    assert "Cancel your place" not in text
    assert reverse("training:place-cancel", args=[mine.code]) not in text


def test_an_offered_place_on_the_public_page_offers_no_cancel(
    trainer: User, course: Course
) -> None:
    session = factories.session(trainer, course, capacity=1)
    holder = made.public_holder(session, "Ana Pop")
    waiting = made.public_holder(session, "Ion Popa")
    Registration.objects.filter(pk=waiting.pk).update(
        status=Registration.Status.WAITING, place_number=None
    )
    places.place_cancel(by=None, registration=holder, reason="workload")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED
    key = places.page_key(waiting)

    text = Client().get(reverse("training:public-place", args=[key])).content.decode()
    assert "Decline the place" in text
    assert "Cancel your place" not in text
    assert reverse("training:public-place-cancel", args=[key]) not in text


def test_a_place_held_reads_the_same_on_every_page(
    trainer: User, course: Course, practitioner: User, as_persona: Any
) -> None:
    session = factories.session(trainer, course)
    mine = places.register_user(by=practitioner, session=session)
    client = as_persona("practitioner")

    pages = [
        client.get(reverse("training:place", args=[mine.code])).content.decode(),
        client.get(reverse("training:mine")).content.decode(),
        _course_page(client, course),
    ]
    for page in pages:
        assert "Your place is booked" in page
        assert "Place held" not in page


# 17. Past training and certificates on "Your training" -----------------------------------


def test_your_training_lists_past_training_and_links_the_certificates(
    trainer: User, course: Course, practitioner: User, as_persona: Any
) -> None:
    done = made.past_session(trainer, course, days_ago=[40])
    certificate = made.completed(trainer, done, made.holder(done, practitioner))
    missed = made.past_session(trainer, course, days_ago=[20])
    made.holder(missed, practitioner)
    someone_elses = made.past_session(trainer, course, days_ago=[30])
    made.holder(someone_elses, factories.people(1, "else")[0])

    page = as_persona("practitioner").get(reverse("training:mine")).content.decode()

    assert "You have no coming training." in page
    assert "Past training" in page
    past = page.split('id="past"', 1)[1]
    assert past.count('class="nhsuk-table__row"') == 2
    assert "Not completed" in past
    assert reverse("training:certificate-pdf", kwargs={"code": certificate.code}) in past
    assert reverse("training:certificates") in page
    # The latest first.
    assert past.index(missed.first_day.strftime("%-d")) < past.index("Completed")


def test_your_training_reads_past_training_in_fixed_queries(
    trainer: User, course: Course, practitioner: User, sign_in: Any
) -> None:
    client = sign_in(Client(), practitioner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("training:mine"))
        return len(queries)

    first = made.past_session(trainer, course, days_ago=[10])
    made.completed(trainer, first, made.holder(first, practitioner))
    one = count()
    for n in range(3):
        more = made.past_session(trainer, course, days_ago=[20 + n])
        made.completed(trainer, more, made.holder(more, practitioner))
    assert count() == one


# 10. Attendance before the day of the part -----------------------------------------------


def test_marking_before_the_day_says_the_date_in_words(trainer: User, course: Course) -> None:
    from django.core.exceptions import ValidationError

    from littleminds.training import services_attendance as attendance

    coming = made.past_session(trainer, course, days_ago=[-3])
    person = made.public_holder(coming)
    part = coming.parts.get()
    with pytest.raises(ValidationError) as refused:
        attendance.attendance_mark(
            by=trainer, session=coming, registration=person, part=part, mark="present"
        )
    words = f"{part.day.day} {part.day:%B %Y}"
    assert refused.value.messages == [f"Attendance can be marked from the day of the part, {words}"]


def test_the_register_offers_no_marks_before_the_day_and_says_when_marking_opens(
    as_persona: Any, trainer: User, course: Course
) -> None:
    coming = made.past_session(trainer, course, days_ago=[-3])
    made.public_holder(coming)
    today = made.past_session(trainer, course, days_ago=[0])
    made.public_holder(today)
    client = as_persona("trainer")

    page = client.get(reverse("training:attendance", kwargs={"code": coming.code}))
    text = page.content.decode()
    day = coming.parts.get().day
    assert f"Marking opens on {day.day} {day:%B %Y}, the day of this part." in text
    assert 'name="mark"' not in text
    assert "Ana Pop" in text

    text = client.get(reverse("training:attendance", kwargs={"code": today.code})).content
    assert b'name="mark" value="present"' in text
    assert b"Marking opens on" not in text


# 11. A cancelled place's note too long --------------------------------------------------


def test_a_too_long_reason_is_said_in_a_sentence(
    trainer: User, course: Course, practitioner: User, as_persona: Any
) -> None:
    mine = places.register_user(by=practitioner, session=factories.session(trainer, course))
    response = as_persona("practitioner").post(
        reverse("training:place-cancel", args=[mine.code]),
        {"reason": "other", "note": "x" * 3000},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "The reason must be 500 characters or fewer" in text
    assert "Tell us why must be" not in text
    mine.refresh_from_db()
    assert mine.status == Registration.Status.HELD


def test_a_too_long_reason_on_the_public_cancel_page_in_urdu(trainer: User, course: Course) -> None:
    session = factories.session(trainer, course)
    holder = made.public_holder(session)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    response = client.post(
        reverse("training:public-place-cancel", args=[places.page_key(holder)]),
        {"reason": "other", "note": "x" * 3000},
    )
    with translation.override("ur"):
        expected = translation.gettext("The reason must be %(limit)s characters or fewer") % {
            "limit": "500"
        }
    assert not expected.startswith("The reason")  # said in Urdu
    text = response.content.decode()
    assert response.status_code == 400
    assert expected in text
    holder.refresh_from_db()
    assert holder.status == Registration.Status.HELD
