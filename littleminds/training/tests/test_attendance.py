"""Attendance at the door: marking and replacing marks, who may mark, the register page, and
the completion rules (every part by default, or a number of parts; late counts, an excused
absence does not)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.training import selectors_attendance, services
from littleminds.training import services_attendance as attendance
from littleminds.training.forms import CourseForm
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import Attendance, Certificate
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db


def mark(by: User, session: CourseSession, registration: Registration, n: int, what: str) -> None:
    part = list(session.parts.order_by("day", "starts"))[n - 1]
    attendance.attendance_mark(
        by=by, session=session, registration=registration, part=part, mark=what
    )


def url(session: CourseSession) -> str:
    return reverse("training:attendance", kwargs={"code": session.code})


@pytest.fixture
def course(trainer: User, team: Team) -> Course:
    return factories.course(trainer, team)


@pytest.fixture
def three_days(trainer: User, course: Course) -> CourseSession:
    return made.past_session(trainer, course, days_ago=[9, 6, 3])


@pytest.fixture
def ana(three_days: CourseSession) -> Registration:
    return made.public_holder(three_days, "Ana Pop")


# Marking and replacing -------------------------------------------------------------------


def test_it_marks_a_person_and_audits_it(
    trainer: User, three_days: CourseSession, ana: Registration
) -> None:
    mark(trainer, three_days, ana, 1, "late")

    row = Attendance.objects.get()
    assert (row.registration, row.mark, row.marked_by) == (ana, "late", trainer)
    event = AuditEvent.objects.filter(action="training.attendance_marked").get()
    assert event.target_code == str(ana.code)
    assert event.detail["mark"] == "late"
    assert "before" not in event.detail


def test_a_new_mark_replaces_the_one_before_and_the_trail_keeps_both(
    trainer: User, manager: User, three_days: CourseSession, ana: Registration
) -> None:
    mark(trainer, three_days, ana, 1, "absent")
    mark(manager, three_days, ana, 1, "excused")

    row = Attendance.objects.get()
    assert (row.mark, row.marked_by) == ("excused", manager)
    changed = AuditEvent.objects.filter(action="training.attendance_changed").get()
    assert changed.detail["before"] == "absent"
    assert changed.detail["mark"] == "excused"


def test_the_same_mark_again_writes_nothing(
    trainer: User, three_days: CourseSession, ana: Registration
) -> None:
    mark(trainer, three_days, ana, 1, "present")
    events = AuditEvent.objects.count()
    mark(trainer, three_days, ana, 1, "present")

    assert AuditEvent.objects.count() == events
    assert Attendance.objects.count() == 1


def test_the_database_keeps_one_mark_a_person_a_part(
    trainer: User, three_days: CourseSession, ana: Registration
) -> None:
    mark(trainer, three_days, ana, 1, "present")
    part = three_days.parts.earliest("day")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(registration=ana, part=part, mark="late", marked_by=trainer)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("future", "Attendance can be marked from the day of the part"),
        ("cancelled", "The session was cancelled"),
        ("waiting", "Only people holding a place can be marked"),
        ("other_session", "Choose a part of this session"),
        ("unknown_mark", "Choose present, late, absent or excused"),
    ],
)
def test_it_refuses_what_cannot_be_marked(
    trainer: User, course: Course, setup: str, message: str
) -> None:
    session = made.past_session(trainer, course, days_ago=[-2 if setup == "future" else 2])
    person = made.public_holder(session)
    part = session.parts.get()
    what = "present"
    if setup == "cancelled":
        # Cancelled before it began (a session that has begun cannot be cancelled).
        services.session_cancel(
            by=trainer, session=session, reason="Ill", now=timezone.now() - timedelta(days=30)
        )
    if setup == "waiting":
        Registration.objects.filter(pk=person.pk).update(status="waiting", place_number=None)
        person.refresh_from_db()
    if setup == "other_session":
        part = made.past_session(trainer, course).parts.get()
    if setup == "unknown_mark":
        what = "asleep"

    with pytest.raises(ValidationError) as refused:
        attendance.attendance_mark(
            by=trainer, session=session, registration=person, part=part, mark=what
        )
    assert message in refused.value.messages[0]
    assert not Attendance.objects.exists()


# Completion rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "marks", "complete"),
    [
        # Every part by default.
        (None, ["present", "present", "present"], True),
        (None, ["present", "late", "present"], True),
        (None, ["present", "present", "excused"], False),
        (None, ["present", "present", "absent"], False),
        (None, ["present", "present"], False),
        # A number of parts: exactly that many is enough, one fewer is not.
        (2, ["present", "late"], True),
        (2, ["present", "excused", "absent"], False),
        (2, ["excused", "late", "present"], True),
        (1, ["late"], True),
        (1, ["excused", "excused", "excused"], False),
        # A course asking for more parts than the session has: every part.
        (5, ["present", "present", "present"], True),
        (5, ["present", "present"], False),
    ],
)
def test_completion_follows_the_course_rule(
    trainer: User,
    course: Course,
    three_days: CourseSession,
    ana: Registration,
    required: int | None,
    marks: list[str],
    complete: bool,
) -> None:
    Course.objects.filter(pk=course.pk).update(required_parts=required)
    three_days.refresh_from_db()
    for n, what in enumerate(marks, 1):
        mark(trainer, three_days, ana, n, what)

    assert attendance.is_complete(ana) is complete
    assert Certificate.objects.filter(registration=ana).exists() is complete


def test_the_database_refuses_a_rule_of_no_parts(trainer: User, course: Course) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(required_parts=0)


def test_a_changed_mark_withdraws_the_certificate_and_completing_again_gives_it_back(
    trainer: User, three_days: CourseSession, ana: Registration
) -> None:
    certificate = made.completed(trainer, three_days, ana)
    mark(trainer, three_days, ana, 2, "excused")
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None

    mark(trainer, three_days, ana, 2, "late")
    again = Certificate.objects.get(registration=ana)
    assert again.check_code == certificate.check_code
    assert again.withdrawn_at is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="training.certificate")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "training.certificate_issued",
        "training.certificate_withdrawn",
        "training.certificate_restored",
    ]


def test_the_course_form_takes_a_number_of_parts_or_none() -> None:
    base = {
        "title": "T",
        "summary": "S",
        "outcomes": "O",
        "tier": "core",
        "audience": ["students"],
        "hours": "6",
        "delivery": "in_person",
    }
    assert CourseForm({**base, "required_parts": ""}).is_valid()
    good = CourseForm({**base, "required_parts": "2"})
    assert good.is_valid()
    assert good.fields_for_service()["required_parts"] == 2
    for bad, message in [
        ("0", "The number of parts to attend must be between 1 and 20"),
        ("21", "The number of parts to attend must be between 1 and 20"),
        ("two", "Enter the number of parts as a whole number, like 2"),
        ("1.5", "Enter the number of parts as a whole number, like 2"),
    ]:
        form = CourseForm({**base, "required_parts": bad})
        assert not form.is_valid()
        assert form.errors["required_parts"] == [message]


def test_changing_the_rule_is_audited(trainer: User, course: Course) -> None:
    services.course_edit(by=trainer, course=course, required_parts=2)

    event = AuditEvent.objects.filter(action="training.course_changed").get()
    assert event.detail == {"required_parts": 2}


# The register page -----------------------------------------------------------------------


def test_the_register_lists_people_holding_a_place_with_four_buttons_each(
    as_persona: Callable[[str], Client],
    trainer: User,
    three_days: CourseSession,
    ana: Registration,
    practitioner: User,
) -> None:
    made.holder(three_days, practitioner)
    waiting = made.public_holder(three_days, "Wai Ting")
    Registration.objects.filter(pk=waiting.pk).update(status="waiting", place_number=None)

    page = as_persona("trainer").get(url(three_days)).content.decode()

    assert "Ana Pop" in page
    assert practitioner.full_name in page
    assert "Wai Ting" not in page
    assert page.count('name="mark" value="present"') == 2
    assert page.count('name="mark" value="excused"') == 2
    assert "Part 3," in page


def test_a_tap_marks_and_comes_back_to_the_same_person(
    as_persona: Callable[[str], Client], three_days: CourseSession, ana: Registration
) -> None:
    response = as_persona("trainer").post(
        url(three_days) + "?part=2", {"person": str(ana.code), "part": "2", "mark": "late"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{url(three_days)}?part=2#person-{ana.code}"
    part = list(three_days.parts.order_by("day"))[1]
    assert Attendance.objects.get(part=part).mark == "late"


def test_the_register_shows_the_mark_and_the_certificate(
    as_persona: Callable[[str], Client],
    trainer: User,
    three_days: CourseSession,
    ana: Registration,
) -> None:
    certificate = made.completed(trainer, three_days, ana)

    page = as_persona("trainer").get(url(three_days) + "?part=1").content.decode()

    assert 'value="present" class="lm-attendance__mark" aria-pressed="true"' in page
    assert reverse("training:certificate-pdf", kwargs={"code": certificate.code}) in page
    assert "Attended 3 parts of 3 needed." in page


@pytest.mark.parametrize(
    ("with_person", "posted", "message"),
    [
        (False, {"part": "1", "mark": "present"}, "Choose the person to mark"),
        (True, {"part": "9", "mark": "present"}, "Choose the part of the session to mark"),
        (True, {"part": "1", "mark": "asleep"}, "Choose present, late, absent or excused"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    as_persona: Callable[[str], Client],
    three_days: CourseSession,
    ana: Registration,
    with_person: bool,
    posted: dict[str, str],
    message: str,
) -> None:
    data = {"person": str(ana.code), **posted} if with_person else posted

    response = as_persona("trainer").post(url(three_days), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Attendance.objects.exists()


def test_a_refused_mark_is_explained_on_the_register(
    as_persona: Callable[[str], Client], trainer: User, course: Course
) -> None:
    coming = made.past_session(trainer, course, days_ago=[-1])
    person = made.public_holder(coming)

    response = as_persona("trainer").post(
        url(coming), {"person": str(person.code), "part": "1", "mark": "present"}
    )

    assert response.status_code == 200
    assert "Attendance can be marked from the day of the part" in response.content.decode()
    assert not Attendance.objects.exists()


def test_someone_without_a_place_on_this_session_is_not_found(
    as_persona: Callable[[str], Client], trainer: User, course: Course, three_days: CourseSession
) -> None:
    elsewhere = made.public_holder(made.past_session(trainer, course))

    response = as_persona("trainer").post(
        url(three_days), {"person": str(elsewhere.code), "part": "1", "mark": "present"}
    )

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_register_opens_on_todays_part(
    as_persona: Callable[[str], Client], trainer: User, course: Course
) -> None:
    session = made.past_session(trainer, course, days_ago=[2, 0])
    made.public_holder(session)

    page = as_persona("trainer").get(url(session)).content.decode()

    assert '<input type="hidden" name="part" value="2">' in page
    assert timezone.localdate().strftime("%-d %B %Y") in page


# Who may mark -----------------------------------------------------------------------------


def test_a_sessions_trainer_from_the_team_without_training_manage_may_mark(
    sign_in: Callable[[Client, User], Client],
    trainer: User,
    three_days: CourseSession,
    ana: Registration,
    team: Team,
) -> None:
    guest = UserFactory.create(email="guest@test.example", roles=[(Role.COMMUNITY_WORKER, team)])
    three_days.trainers.add(guest)
    client = sign_in(Client(), guest)

    assert client.get(url(three_days)).status_code == 200
    response = client.post(
        url(three_days), {"person": str(ana.code), "part": "1", "mark": "present"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().marked_by == guest


@pytest.mark.parametrize("who", ["other_clinician", "practitioner", "community_worker", "analyst"])
def test_anyone_else_gets_404_and_marks_nothing(
    as_persona: Callable[[str], Client], three_days: CourseSession, ana: Registration, who: str
) -> None:
    client = as_persona(who)
    assert client.get(url(three_days)).status_code == 404
    response = client.post(
        url(three_days), {"person": str(ana.code), "part": "1", "mark": "present"}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_trainer_of_another_team_gets_404(
    sign_in: Callable[[Client, User], Client], other_team: Team, three_days: CourseSession
) -> None:
    stranger = UserFactory.create(email="t2@test.example", roles=[(Role.TRAINER, other_team)])
    assert sign_in(Client(), stranger).get(url(three_days)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(three_days: CourseSession) -> None:
    response = Client().post(url(three_days), {})
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_wrong_method_is_refused(
    as_persona: Callable[[str], Client], three_days: CourseSession
) -> None:
    assert as_persona("trainer").put(url(three_days)).status_code == 405


def test_the_register_takes_a_fixed_number_of_queries(
    as_persona: Callable[[str], Client], trainer: User, three_days: CourseSession
) -> None:
    client = as_persona("trainer")
    for n in range(3):
        made.public_holder(three_days, f"Person{n} One")
    first = _queries(client, url(three_days))
    for n in range(3, 12):
        person = made.public_holder(three_days, f"Person{n} Two")
        mark(trainer, three_days, person, 1, "present")
    assert _queries(client, url(three_days)) == first


def _queries(client: Client, address: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured.captured_queries)


def test_the_selector_counts_parts_attended(
    trainer: User, three_days: CourseSession, ana: Registration
) -> None:
    mark(trainer, three_days, ana, 1, "present")
    mark(trainer, three_days, ana, 2, "excused")
    mark(trainer, three_days, ana, 3, "late")

    register = selectors_attendance.attendance_register(three_days, 2)
    assert register is not None
    (row,) = register.rows
    assert (row.mark, row.attended, register.required) == ("excused", 2, 3)


# The register's script ------------------------------------------------------------------


def test_a_tap_sent_by_the_script_gets_back_only_the_persons_row(
    as_persona: Callable[[str], Client], three_days: CourseSession, ana: Registration
) -> None:
    response = as_persona("trainer").post(
        url(three_days) + "?part=1",
        {"person": str(ana.code), "part": "1", "mark": "excused"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 200
    row = response.content.decode().strip()
    assert row.startswith(f'<li class="lm-attendance__person" id="person-{ana.code}">')
    assert "<html" not in row
    assert "Marked excused" in row
    assert Attendance.objects.get().mark == "excused"


def test_a_refused_tap_sent_by_the_script_is_a_400_so_it_posts_the_form_itself(
    as_persona: Callable[[str], Client], three_days: CourseSession, ana: Registration
) -> None:
    response = as_persona("trainer").post(
        url(three_days),
        {"person": str(ana.code), "part": "1", "mark": "asleep"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 400
    assert not Attendance.objects.exists()
