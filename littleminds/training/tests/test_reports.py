"""The training reports: each count against a world built so that every category differs,
the period's edges, bad dates, access, the spreadsheet read back, the audit trail and the
number of queries."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import OrganisationFactory, UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.audit.testing import chain_lock_queries
from littleminds.consultations.models import Booking
from littleminds.consultations.models_groups import CallbackRequest
from littleminds.consultations.tests import factories as consultations
from littleminds.directory.models import Ring, Service
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for, sent_referral
from littleminds.training import selectors_reports as reports
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.services_attendance import attendance_mark
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db

URL = "/training/manage/reports/"
DOWNLOAD = "/training/manage/reports/training-report.xlsx"


def _at(days_ago: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(made.day(days_ago), time(hour, 0)))


def _organisation(name: str, kind: str, rings: list[str]) -> Organisation:
    organisation = OrganisationFactory.create(name=name, kind=kind)
    for ring in rings:
        ServiceFactory.create(organisation=organisation, ring=ring)
    return organisation


def _people(organisation: Organisation, prefix: str, count: int) -> list[User]:
    return [
        UserFactory.create(
            email=f"{prefix}{n}@test.example",
            full_name=f"{prefix.title()} {n}",
            organisation=organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        for n in range(1, count + 1)
    ]


def _mark(by: User, session: CourseSession, registration: Registration, *marks: str) -> None:
    for part, mark in zip(session.parts.order_by("day"), marks, strict=False):
        if mark:
            attendance_mark(by=by, session=session, registration=registration, part=part, mark=mark)


def _lost(session: CourseSession, user: User, status: str, reason: str = "") -> Registration:
    """A registration that holds no place: cancelled (with its reason) or not taken."""
    now = timezone.now()
    fields: dict[str, Any] = {"session": session, "status": status, "created_at": now}
    if status == Registration.Status.UNCONFIRMED_EXPIRED:
        fields.update(
            name="Una Known",
            email=f"una{Registration.objects.count()}@example.org",
            student_at="Leeds Beckett",
            student_course="Nursing",
        )
    else:
        fields.update(user=user, joined_at=now, organisation=user.organisation)
    if status == Registration.Status.CANCELLED:
        fields.update(cancelled_at=now, cancel_reason=reason)
        if reason == Registration.CancelReason.OTHER:
            fields["cancel_note"] = "Moved job"
    if status in (Registration.Status.LAPSED, Registration.Status.DECLINED):
        fields.update(offered_at=now - timedelta(hours=50), offer_expires_at=now, answered_at=now)
    return Registration.objects.create(**fields)


@pytest.fixture
def world(trainer: User, team: Team, other_team: Team, clinician: User) -> dict[str, Any]:
    """Three tiers of course over the last 45 days, people of three organisations in
    different rings and kinds, and students, each count different from the others."""
    acorn = _organisation(
        "Acorn Nursery", Organisation.Kind.EARLY_YEARS, [Ring.UNIVERSAL, Ring.CORE]
    )
    bramble = _organisation("Bramble Health", Organisation.Kind.NHS, [Ring.RISK_FACTORS, Ring.CORE])
    cedar = _organisation("Cedar Group", Organisation.Kind.VOLUNTARY, [])
    # A closed service puts no one on the map.
    ServiceFactory.create(
        organisation=cedar, ring=Ring.UNIVERSAL, status=Service.Status.DECOMMISSIONED
    )
    far = _organisation("Faraway Trust", Organisation.Kind.LOCAL_AUTHORITY, [Ring.CORE])
    a1, a2, a3, ax, ay = _people(acorn, "acorn", 5)
    b1, b2, bx = _people(bramble, "bramble", 3)
    c1, cx = _people(cedar, "cedar", 2)
    (f1,) = _people(far, "faraway", 1)

    awareness = factories.course(trainer, team, title="Babies' feelings", required_parts=None)
    core = factories.course(trainer, team, title="Relationships first", tier=Course.Tier.CORE)
    specialist = factories.course(
        trainer, team, title="Parent–infant therapy", tier=Course.Tier.SPECIALIST
    )

    # Awareness: two parts; present or late at either is attendance, both is completion.
    s_a = made.past_session(trainer, awareness, days_ago=[40, 39])
    reg = {u: made.holder(s_a, u) for u in (a1, a2, a3, ax, ay)}
    _mark(trainer, s_a, reg[a1], "present", "present")
    _mark(trainer, s_a, reg[a2], "present", "absent")
    _mark(trainer, s_a, reg[a3], "late", "late")
    _mark(trainer, s_a, reg[ax], "absent", "absent")
    _mark(trainer, s_a, reg[ay], "excused", "")
    students = [
        made.public_holder(s_a, name, email=f"student{n}@example.org")
        for n, name in enumerate(["Ana Pop", "Bea Khan", "Cy Nowak", "Di Ionescu"])
    ]
    _mark(trainer, s_a, students[0], "present", "present")
    _mark(trainer, s_a, students[1], "present", "present")
    _mark(trainer, s_a, students[2], "present", "")
    _mark(trainer, s_a, students[3], "", "late")

    # Core: one part; one holder not marked.
    s_c = made.past_session(trainer, core, days_ago=[20])
    for person in (b1, b2, a1):
        _mark(trainer, s_c, made.holder(s_c, person), "present")
    made.holder(s_c, bx)

    # Specialist: one completes; another's certificate is withdrawn by a changed mark.
    s_s = made.past_session(trainer, specialist, days_ago=[10])
    _mark(trainer, s_s, made.holder(s_s, c1), "present")
    withdrawn = made.holder(s_s, cx)
    _mark(trainer, s_s, withdrawn, "present")
    _mark(trainer, s_s, withdrawn, "absent")

    # Not counted: a session before the period, a cancelled one, another team's.
    s_old = made.past_session(trainer, awareness, days_ago=[400])
    _mark(trainer, s_old, made.holder(s_old, f1), "present")
    s_cancelled = made.past_session(trainer, core, days_ago=[5])
    _mark(trainer, s_cancelled, made.holder(s_cancelled, f1), "present")
    from littleminds.training import services

    services.session_cancel(
        by=trainer,
        session=s_cancelled,
        reason="Trainer ill",
        now=timezone.now() - timedelta(days=30),  # before it began
    )
    theirs = factories.course(clinician, other_team, title="Their course")
    s_theirs = made.past_session(clinician, theirs, days_ago=[15])
    _mark(clinician, s_theirs, made.holder(s_theirs, f1), "present")

    # Places cancelled and not taken: workload 3, not released 2, illness 1, no longer
    # needed 0, another reason 4; lapsed 1, declined 2, not confirmed 3.
    for reason, count in [("workload", 3), ("not_released", 2), ("illness", 1), ("other", 4)]:
        for _n in range(count):
            _lost(s_a, bx, Registration.Status.CANCELLED, reason)
    _lost(s_old, bx, Registration.Status.CANCELLED, "not_needed")
    _lost(s_theirs, bx, Registration.Status.CANCELLED, "not_needed")
    _lost(s_c, bx, Registration.Status.LAPSED)
    for _n in range(2):
        _lost(s_c, bx, Registration.Status.DECLINED)
    for _n in range(3):
        _lost(s_s, bx, Registration.Status.UNCONFIRMED_EXPIRED)
    _lost(s_old, bx, Registration.Status.DECLINED)

    # After the course: a1 booked 30 days ago (after awareness, before core); a3 referred
    # 38 days ago (and booked before the course); b1 asked for a call back and referred 5
    # days ago; b2 referred before the course; c1 booked on the day the course ended.
    intake_for(team)

    def booked(person: User, days_ago: int) -> None:
        on = consultations.slot(clinician, days=3 + Booking.objects.count())
        made_booking = consultations.booking(person, on)
        Booking.objects.filter(pk=made_booking.pk).update(created_at=_at(days_ago))

    def referred(person: User, days_ago: int) -> None:
        referral = sent_referral(person)
        Referral.objects.filter(pk=referral.pk).update(submitted_at=_at(days_ago))

    booked(a1, 30)
    booked(a3, 45)
    referred(a3, 38)
    callback = consultations.callback(b1, team)
    CallbackRequest.objects.filter(pk=callback.pk).update(created_at=_at(5))
    referred(b1, 5)
    referred(b2, 25)
    booked(c1, 10)
    return {"sessions": (s_a, s_c, s_s), "courses": (awareness, core, specialist)}


def _rows(report: reports.Report, key: str) -> dict[str, list[Any]]:
    return {str(row[0]): [_plain(c) for c in row[1:]] for row in report.table(key).rows}


def _plain(cell: Any) -> Any:
    return str(cell) if isinstance(cell, reports.Rate) else cell


def _report(trainer: User, **period: date) -> reports.Report:
    start, end = reports.default_period()
    return reports.report(by=trainer, start=period.get("start", start), end=period.get("end", end))


STUDENTS = "Students (without an organisation)"


def test_who_trained_by_organisation_ring_kind_and_tier(
    world: dict[str, Any], trainer: User
) -> None:
    report = _report(trainer)
    # a1, a2, a3 (ax absent, ay excused), b1, b2 (bx not marked), c1 (cx was marked
    # present, then absent: the mark that stands counts), and 4 students.
    assert report.trained == 10
    assert report.students == 4
    assert _rows(report, "trained-organisation") == {
        "Acorn Nursery": [3],
        "Bramble Health": [2],
        "Cedar Group": [1],
        STUDENTS: [4],
    }
    assert _rows(report, "trained-ring") == {
        "Core": [5],  # Acorn and Bramble both have a core service
        "Universal": [3],
        "Risk factors": [2],
        "Not on the system map": [1],  # Cedar's only service is closed
        STUDENTS: [4],
    }
    kinds = _rows(report, "trained-kind")
    assert kinds["Nursery, school or early years setting"] == [3]
    assert kinds["NHS health service"] == [2]
    assert kinds["Voluntary and community organisation"] == [1]
    assert kinds["Local authority"] == [0]
    assert kinds["Kind not recorded"] == [0]
    assert kinds[STUDENTS] == [4]
    # a1 trained at two tiers and is counted in each.
    assert _rows(report, "trained-tier") == {
        "Awareness": [7],
        "Core": [3],
        "Specialist": [1],
        "Bespoke": [0],
    }


def test_completion_by_tier_and_course(world: dict[str, Any], trainer: User) -> None:
    report = _report(trainer)
    assert _rows(report, "completion-tier") == {
        "Awareness": [9, 4, "44%"],  # a1, a3 and two students of 9 places
        "Core": [4, 3, "75%"],
        "Specialist": [2, 1, "50%"],  # the withdrawn certificate is not a completion
        "Bespoke": [0, 0, "–"],
        "All tiers": [15, 8, "53%"],
    }
    assert _rows(report, "completion-course") == {
        "Babies' feelings": ["Awareness", 9, 4, "44%"],
        "Parent–infant therapy": ["Specialist", 2, 1, "50%"],
        "Relationships first": ["Core", 4, 3, "75%"],
    }


def test_reasons_places_were_cancelled_and_places_not_taken(
    world: dict[str, Any], trainer: User
) -> None:
    report = _report(trainer)
    assert _rows(report, "cancelled") == {
        "Workload": [3, "30%"],
        "Not released by my manager": [2, "20%"],
        "Illness": [1, "10%"],
        "No longer needed": [0, "0%"],
        "Another reason": [4, "40%"],
        "All reasons": [10, "100%"],
    }
    assert _rows(report, "not-taken") == {
        "Offer of a freed place not answered in time": [1, "17%"],
        "Offer of a freed place declined": [2, "33%"],
        "Request without an account not confirmed in time": [3, "50%"],
        "All places not taken": [6, "100%"],
    }


def test_people_who_later_consulted_or_referred(world: dict[str, Any], trainer: User) -> None:
    report = _report(trainer)
    assert report.completers == 5  # a1, a3, b1, b2, c1; students have no account
    assert _rows(report, "later") == {
        # a1 booked and a3 referred after the awareness course.
        "Awareness": [2, 1, "50%", 1, "50%", 2],
        # Only b1 after the core course: a1 booked and b2 referred before it.
        "Core": [3, 1, "33%", 1, "33%", 1],
        # c1 booked on the day the course ended, not after.
        "Specialist": [1, 0, "0%", 0, "0%", 0],
        "Bespoke": [0, 0, "–", 0, "–", 0],
        "Any tier": [5, 2, "40%", 2, "40%", 3],
    }


def test_a_session_counts_in_the_period_of_its_first_day(trainer: User, team: Team) -> None:
    course = factories.course(trainer, team)
    person = factories.people(1)[0]
    # First days 30 and 20 days ago; the first runs over the period's start.
    before = made.past_session(trainer, course, days_ago=[31, 29])
    inside = made.past_session(trainer, course, days_ago=[20])
    made.completed(trainer, before, made.holder(before, person))
    made.completed(trainer, inside, made.holder(inside, person))

    def held(start: int, end: int) -> int:
        report = _report(trainer, start=made.day(start), end=made.day(end))
        places = report.table("completion-tier").rows[-1][1]
        assert isinstance(places, int)
        return places

    assert held(31, 20) == 2  # both first days, on the edges, are in
    assert held(30, 20) == 1  # a day later: the session begun before is out
    assert held(31, 21) == 1  # a day earlier: the last session is out
    assert held(19, 0) == 0


def test_the_default_period_is_the_last_12_months() -> None:
    assert reports.default_period(date(2026, 12, 6)) == (date(2025, 12, 7), date(2026, 12, 6))
    assert reports.default_period(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_the_page_shows_the_last_12_months_and_is_audited(
    world: dict[str, Any], trainer: User, as_persona: Any
) -> None:
    response = as_persona("trainer").get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    start, end = reports.default_period()
    assert f"From {start:%-d %B %Y} to {end:%-d %B %Y}" in text
    assert "10 people trained" in text
    assert "People who trained, by ring of the system map</caption>" in text
    assert 'role="region" aria-labelledby="trained-ring-caption" tabindex="0"' in text
    event = AuditEvent.objects.get(action="training.report_viewed")
    assert event.actor_code == trainer.code
    assert event.detail["from"] == start.isoformat()
    assert event.detail["to"] == end.isoformat()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start_day": "31", "start_month": "2", "start_year": "2026"}, "must be a real date"),
        (
            {"start_day": "1", "start_month": "4", "start_year": "2026", "end_day": "1"},
            "The last day must include a month and a year",
        ),
        (
            {"start_day": "1", "start_month": "4", "start_year": "2026"},
            "Enter the last day of the period",
        ),
        (
            {
                **{"start_day": "2", "start_month": "4", "start_year": "2026"},
                **{"end_day": "1", "end_month": "4", "end_year": "2026"},
            },
            "The last day must be the same as or after the first day",
        ),
        (
            {
                **{"start_day": "1", "start_month": "1", "start_year": "2010"},
                **{"end_day": "2", "end_month": "1", "end_year": "2020"},
            },
            "The period can be at most 10 years long",
        ),
        (
            {
                **{"start_day": "31", "start_month": "12", "start_year": "1999"},
                **{"end_day": "2", "end_month": "1", "end_year": "2000"},
            },
            "The first day must be on or after 1 January 2000",
        ),
        ({"start_day": "1", "start_month": "4", "start_year": "26"}, "4 numbers"),
    ],
)
@pytest.mark.parametrize("url", [URL, DOWNLOAD])
def test_bad_dates_get_the_error_summary_and_read_nothing(
    trainer: User, as_persona: Any, query: dict[str, str], message: str, url: str
) -> None:
    response = as_persona("trainer").get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "There is a problem" in text
    assert message in text
    assert "people trained" not in text
    assert not AuditEvent.objects.filter(action__startswith="training.report").exists()


def test_a_period_typed_as_day_month_and_year(world: dict[str, Any], as_persona: Any) -> None:
    day = made.day(20)
    response = as_persona("trainer").get(
        URL,
        {
            **{"start_day": day.day, "start_month": day.month, "start_year": day.year},
            **{"end_day": day.day, "end_month": day.month, "end_year": day.year},
        },
    )
    text = response.content.decode()
    assert "5 people trained" not in text
    assert "3 people trained" in text  # the core session only
    assert f"?start={day.isoformat()}&amp;end={day.isoformat()}" in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("trainer", 200), ("manager", 200), ("clinician", 404), ("practitioner", 404)],
)
def test_only_the_teams_training_managers_see_reports(
    as_persona: Any, persona: str, status: int
) -> None:
    assert as_persona(persona).get(URL).status_code == status
    assert as_persona(persona).get(DOWNLOAD).status_code == status


def test_another_teams_manager_sees_only_their_own_teams_training(
    world: dict[str, Any], other_team: Team
) -> None:
    theirs = UserFactory.create(email="theirs@test.example", roles=[(Role.TRAINER, other_team)])
    report = _report(theirs)
    assert report.trained == 1
    assert _rows(report, "trained-organisation") == {"Faraway Trust": [1], STUDENTS: [0]}


def test_the_spreadsheet_has_one_sheet_a_table_with_the_same_figures(
    world: dict[str, Any], trainer: User, as_persona: Any
) -> None:
    response = as_persona("trainer").get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    start, end = reports.default_period()
    assert f'filename="training-report-{start}-to-{end}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    report = _report(trainer)
    assert book.sheetnames == ["About this report", *[t.sheet for t in report.tables]]
    about = [list(row) for row in book["About this report"].iter_rows(values_only=True)]
    assert ["People who trained", 10] in about
    assert ["of whom students", 4] in about
    rings = list(book["Trained by ring"].iter_rows(values_only=True))
    assert rings[0][0] == "People who trained, by ring of the system map"
    assert rings[1] == ("Ring", "People")
    assert rings[2:7] == [
        ("Core", 5),
        ("Universal", 3),
        ("Risk factors", 2),
        ("Not on the system map", 1),
        (STUDENTS, 4),
    ]
    sheet = book["Completion by tier"]
    tiers = list(sheet.iter_rows(values_only=True))
    assert tiers[2] == ("Awareness", 9, 4, 0.4444)
    assert tiers[5] == ("Bespoke", 0, 0, None)
    assert sheet.cell(row=3, column=4).number_format == "0%"
    later = list(book["Later consulted or referred"].iter_rows(values_only=True))
    assert later[-1][0].startswith("These are counts of people")
    assert later[-3] == ("Any tier", 5, 2, 0.4, 2, 0.4, 3)
    assert AuditEvent.objects.filter(action="training.report_downloaded").count() == 1


# The person's teams (1), who trained and their organisations' rings (2), completions and
# the bookings, call backs and referrals that followed (4), completion (1), places lost (1),
# and the audit event (2, and PostgreSQL's lock of the chain).
QUERIES = 12


def test_the_number_of_queries_does_not_grow_with_courses_and_people(
    trainer: User, team: Team
) -> None:
    def queries() -> int:
        fresh = User.objects.get(pk=trainer.pk)  # nothing cached from the call before
        with CaptureQueriesContext(connection) as captured:
            _report(fresh)
        return len(captured)

    def add(n: int) -> None:
        organisation = _organisation(f"Org {n}", Organisation.Kind.NHS, [Ring.CORE, Ring.UNIVERSAL])
        people = _people(organisation, f"p{n}x", 3)
        course = factories.course(trainer, team, title=f"Course {n}", tier=Course.Tier.CORE)
        session = made.past_session(trainer, course, days_ago=[30 + n])
        for person in people:
            made.completed(trainer, session, made.holder(session, person))
        made.public_holder(session, f"Stu {n}", email=f"stu{n}@example.org")
        _lost(session, people[0], Registration.Status.CANCELLED, "workload")

    add(1)
    few = queries()
    for n in range(2, 7):
        add(n)
    assert queries() == few == QUERIES + chain_lock_queries()
    assert _report(trainer).trained == 6 * 3


def test_the_charts_draw_the_tables_figures(world: dict[str, Any], trainer: User) -> None:
    from littleminds.training.charts import chart_for

    report = _report(trainer)
    tiers = chart_for(report.table("completion-tier"))
    assert tiers is not None
    # A bar a tier, not the total; a share's bar is its part of the full width.
    assert [(bar.label, bar.shown) for bar in tiers.bars] == [
        ("Awareness", "44%"),
        ("Core", "75%"),
        ("Specialist", "50%"),
        ("Bespoke", "–"),
    ]
    assert [bar.width for bar in tiers.bars] == [131.6, 222.0, 148.0, 0.0]
    reasons = chart_for(report.table("cancelled"))
    assert reasons is not None
    # Counts are drawn against the largest.
    assert [bar.width for bar in reasons.bars] == [222.0, 148.0, 74.0, 0.0, 296.0]
    assert "Workload: 3; Not released by my manager: 2" in reasons.description
    assert chart_for(report.table("trained-organisation")) is None


def test_no_chart_when_there_is_nothing_to_draw(trainer: User, as_persona: Any) -> None:
    text = as_persona("trainer").get(URL).content.decode()
    assert "<svg" not in text
    assert "Why places were cancelled</caption>" in text


def test_the_page_draws_each_chart_above_its_table(world: dict[str, Any], as_persona: Any) -> None:
    text = as_persona("trainer").get(URL).content.decode()
    chart = text.index('aria-labelledby="cancelled-chart-title cancelled-chart-desc"')
    assert chart < text.index('id="cancelled-caption"')
    assert '<title id="cancelled-chart-title">Why places were cancelled</title>' in text


def test_the_pages_download_link_gives_the_same_period(
    world: dict[str, Any], as_persona: Any
) -> None:
    day = made.day(20)
    response = as_persona("trainer").get(DOWNLOAD, {"start": day.isoformat(), "end": day})
    assert f'filename="training-report-{day}-to-{day}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    about = [list(row) for row in book["About this report"].iter_rows(values_only=True)]
    assert ["People who trained", 3] in about


def _answered(registration: Registration, items: list[Any], when: str, scores: list[int]) -> None:
    from littleminds.training.models_questions import Answer, AnswerSet

    answer_set = AnswerSet.objects.create(registration=registration, when=when)
    Answer.objects.bulk_create(
        Answer(answer_set=answer_set, item=item, score=score)
        for item, score in zip(items, scores, strict=True)
    )


def test_confidence_change_by_tier_pairs_each_persons_mean(trainer: User, team: Team) -> None:
    """Five people on a core course, worked by hand: their means before are 2, 2, 3, 3, 2.5
    and straight after 4, 3, 3.5, 5, 4, so the changes are 2, 1, 0.5, 2, 1.5 (mean 1.4, sd
    0.652, d_z 2.15 with the non-central t interval 0.45 to 3.80). Two answer three months
    after: too few. One awareness-course person answers before and after: too few."""
    from littleminds.training.models_questions import QuestionnaireItem

    core = factories.course(trainer, team, title="Core course", tier=Course.Tier.CORE)
    session = made.past_session(trainer, core, days_ago=[40])
    items = [
        QuestionnaireItem.objects.create(course=core, text=t, position=n, created_by=trainer)
        for n, t in enumerate(["I notice a baby's cues", "I know where to refer"])
    ]
    before = [[2, 2], [1, 3], [3, 3], [3, 3], [2, 3]]
    after = [[4, 4], [3, 3], [4, 3], [5, 5], [4, 4]]
    people = _people(_organisation("Scores Org", Organisation.Kind.NHS, [Ring.CORE]), "sc", 5)
    for person, b, a in zip(people, before, after, strict=True):
        held = made.holder(session, person)
        _mark(trainer, session, held, "present")
        _answered(held, items, "before", b)
        _answered(held, items, "after", a)
        if person in people[:2]:
            _answered(held, items, "later", a)
    # Excused throughout: their answers do not count (walk defect 4 counted them).
    excused = made.holder(session, _people(Organisation.objects.get(name="Scores Org"), "ex", 1)[0])
    _mark(trainer, session, excused, "excused")
    _answered(excused, items, "before", [1, 1])
    _answered(excused, items, "after", [5, 5])
    aware = factories.course(trainer, team, title="Aware course", tier=Course.Tier.AWARENESS)
    aware_session = made.past_session(trainer, aware, days_ago=[41])
    aware_item = QuestionnaireItem.objects.create(
        course=aware, text="I can signpost", position=0, created_by=trainer
    )
    held = made.public_holder(aware_session, "Ana Pop")
    _mark(trainer, aware_session, held, "late")
    _answered(held, [aware_item], "before", [1])
    _answered(held, [aware_item], "after", [5])

    rows = _rows(_report(trainer), "confidence")
    assert rows["Core"] == [
        5,
        "+1.40 (+0.59 to +2.21)",
        "2.15 (0.45 to 3.80), large",
        2,
        "Too few answers to say",
        "Too few answers to say",
    ]
    assert rows["Awareness"] == [
        1,
        *["Too few answers to say"] * 2,
        0,
        *["Too few answers to say"] * 2,
    ]
    assert rows["All tiers"][0] == 6
    assert rows["All tiers"][1].startswith("+1.")
    assert rows["Specialist"][0] == 0


def test_completion_leaves_out_sessions_still_to_come(trainer: User, team: Team) -> None:
    """Walk defect 9: places on sessions not yet held were counted as not completed."""
    course = factories.course(trainer, team, title="Soon and past", tier=Course.Tier.CORE)
    past = made.past_session(trainer, course, days_ago=[20])
    made.completed(trainer, past, made.holder(past, factories.people(1, "past")[0]))
    coming = factories.session(trainer, course, days=5)
    for person in factories.people(3, "coming"):
        made.holder(coming, person)
    today = timezone.localdate()
    report = _report(trainer, end=today + timedelta(days=30))
    assert _rows(report, "completion-tier")["Core"] == [1, 1, "100%"]
    assert _rows(report, "completion-course")["Soon and past"] == ["Core", 1, 1, "100%"]
