"""The daily tallies (`summaries.py`, `signals.py`): a small hand-made world across the
strands, counted by hand; the tallies made from the dirty days equal a rebuild's, after
records are made, moved to another day, changed and deleted."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from littleminds.consultations.models import (
    Booking,
    ConsultationRecord,
    Feedback,
    GroupFeedback,
    GroupPlace,
    GroupSeries,
    GroupSession,
    Slot,
)
from littleminds.core import caching
from littleminds.insights import signals, summaries
from littleminds.insights.models import DirtyDay, Tally, TrainedDay
from littleminds.insights.selectors import TALLIES
from littleminds.pathway.engine import Route
from littleminds.pathway.models import Recommendation
from littleminds.pathway.tests.factories import default_rules
from littleminds.referrals.models import Referral
from littleminds.training.models import (
    AnswerSet,
    Attendance,
    Course,
    CourseSession,
    Registration,
    SessionPart,
)

pytestmark = pytest.mark.django_db

BASE = timezone.localdate() - dt.timedelta(days=40)
DAY = {n: BASE + dt.timedelta(days=n) for n in range(1, 12)}
ZONE = timezone.get_current_timezone()


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), ZONE)


def rows() -> set[tuple[Any, ...]]:
    """Every tally, as (day, team, organisation, measure, count)."""
    return set(Tally.objects.values_list("day", "team_id", "organisation_id", "measure", "count"))


def rebuilt() -> set[tuple[Any, ...]]:
    summaries.rebuild()
    return rows()


def trained() -> set[tuple[Any, ...]]:
    """Every trained day (the funnel's summary), as (session's first day, day, team,
    person, practitioner, organisation)."""
    return set(
        TrainedDay.objects.values_list(
            "session_day", "day", "team_id", "person", "practitioner_id", "organisation_id"
        )
    )


def trained_rebuilt() -> set[tuple[Any, ...]]:
    summaries.rebuild()
    return trained()


SCALES = {
    "usefulness": 4,
    "noticing_before": 2,
    "noticing_after": 4,
    "talking_before": 2,
    "talking_after": 4,
    "referring_before": 2,
    "referring_after": 4,
    "wellbeing": 1,
}


class World:
    """Two organisations (A, B), two teams, and a record or two of every strand."""

    def __init__(self, team: Team, other_team: Team, clinician: User) -> None:
        self.team, self.other, self.clinician = team, other_team, clinician
        self.a = OrganisationFactory.create(name="A Health Visiting")
        self.b = OrganisationFactory.create(name="B Nursery")
        self.p1 = UserFactory.create(email="p1@test.example", organisation=self.a)
        self.p2 = UserFactory.create(email="p2@test.example", organisation=self.b)
        self._training()
        self._consultations()
        self._groups()
        self._referrals()
        self._navigator()

    def _training(self) -> None:
        self.course = Course.objects.create(
            team=self.team,
            title="Babies' feelings",
            summary="An introduction.",
            outcomes="Know what babies need.",
            tier=Course.Tier.AWARENESS,
            audience="|students|",
            hours=Decimal("3"),
            delivery=Course.Delivery.IN_PERSON,
            created_by=self.clinician,
        )
        self.session = CourseSession.objects.create(
            course=self.course,
            capacity=10,
            first_day=DAY[1],
            last_day=DAY[2],
            created_by=self.clinician,
        )
        parts = [
            SessionPart.objects.create(
                session=self.session, day=day, starts=dt.time(9), ends=dt.time(12)
            )
            for day in (DAY[1], DAY[2])
        ]
        one = Registration.objects.create(
            session=self.session, user=self.p1, organisation=self.a, status="held", place_number=1
        )
        two = Registration.objects.create(
            session=self.session, user=self.p2, organisation=self.b, status="held", place_number=2
        )
        public = Registration.objects.create(
            session=self.session,
            name="Ana Volunteer",
            email="ana@example.org",
            email_confirmed_at=at(BASE),
            organisation=self.b,
            status="held",
            place_number=3,
        )
        mark = {"marked_by": self.clinician}
        # p1 present at both parts: trained once. p2 absent: not trained. Ana late: trained.
        Attendance.objects.create(registration=one, part=parts[0], mark="present", **mark)
        Attendance.objects.create(registration=one, part=parts[1], mark="late", **mark)
        Attendance.objects.create(registration=two, part=parts[0], mark="absent", **mark)
        Attendance.objects.create(registration=public, part=parts[1], mark="late", **mark)
        # Course feedback: p1's straight-after set (counted), and their set before (not).
        AnswerSet.objects.create(registration=one, when="before", answered_at=at(DAY[1], 9))
        self.course_feedback = AnswerSet.objects.create(
            registration=one, when="after", answered_at=at(DAY[5])
        )

    def trained_by_hand(self, first: dt.date | None = None) -> set[tuple[Any, ...]]:
        """p1 present on the first day and late on the second, Ana (no account, known by a
        digest of her address) late on the second; p2 absent. `first`: the session's
        first day, when it was moved."""
        first = first or DAY[1]
        t, p1, a, b = self.team.pk, self.p1.pk, self.a.pk, self.b.pk
        ana = hashlib.sha256(b"ana@example.org").hexdigest()
        return {
            (first, DAY[1], t, str(p1), p1, a),
            (first, DAY[2], t, str(p1), p1, a),
            (first, DAY[2], t, ana, None, b),
        }

    def _consultations(self) -> None:
        slot = Slot.objects.create(
            team=self.team,
            clinician=self.clinician,
            starts_at=at(DAY[2], 10),
            minutes=45,
            mode=Slot.Mode.PHONE,
            created_by=self.clinician,
        )
        booking = Booking.objects.create(
            slot=slot,
            practitioner=self.p2,
            organisation=self.b,
            phone="+441632960001",
            created_by=self.p2,
        )
        said = {"outcome": "continues", "recorded_by": self.clinician}
        self.booked = ConsultationRecord.objects.create(
            booking=booking, team=self.team, held_on=DAY[2], **said
        )
        self.duty = ConsultationRecord.objects.create(
            caller="Ann Caller", organisation=self.a, team=self.team, held_on=DAY[2], **said
        )
        Feedback.objects.create(
            record=self.booked, practitioner=self.p2, given_at=at(DAY[3]), **SCALES
        )

    def _groups(self) -> None:
        series = GroupSeries.objects.create(
            team=self.team, title="Reflective practice", capacity=10, created_by=self.clinician
        )
        session = GroupSession.objects.create(
            series=series, starts_at=at(DAY[4], 10), minutes=60, place="Room 1"
        )
        came = GroupPlace.objects.create(
            session=session, practitioner=self.p1, organisation=self.a, attended=True
        )
        GroupPlace.objects.create(
            session=session, practitioner=self.p2, organisation=self.b, attended=False
        )
        self.group_feedback = GroupFeedback.objects.create(
            place=came, practitioner=self.p1, given_at=at(DAY[4], 15), **SCALES
        )

    def _referral(self, n: int, **fields: Any) -> Referral:
        fields.setdefault("kind", Referral.Kind.PRACTITIONER)
        fields.setdefault("team", self.team)
        return Referral.objects.create(
            reference=f"REF{n:05d}", submitted_at=at(DAY[6], 11), **fields
        )

    def _referrals(self) -> None:
        self._referral(1, referrer=self.p1, referrer_organisation=self.a, status="accepted")
        self._referral(
            2,
            referrer=self.p1,
            referrer_organisation=self.a,
            status="declined",
            decline_reason="outside_area",
        )
        self.open = self._referral(
            3, referrer=self.p2, referrer_organisation=self.b, status="in_triage"
        )
        self._referral(4, kind=Referral.Kind.SELF, status="submitted", heard_from="leaflet")
        self._referral(5, kind=Referral.Kind.SELF, status="accepted")
        self._referral(
            6, team=self.other, referrer=self.p1, referrer_organisation=self.a, status="accepted"
        )
        # A draft counts nowhere.
        Referral.objects.create(kind=Referral.Kind.PRACTITIONER, team=self.team, status="draft")

    def _navigator(self) -> None:
        rule_set = default_rules()
        for organisation in (self.a, self.a, None):
            Recommendation.objects.create(
                made_on=DAY[7],
                asker="practitioner",
                route=Route.LMM_REFERRAL.value,
                rule_set=rule_set,
                organisation=organisation,
            )

    def by_hand(self) -> set[tuple[Any, ...]]:
        t, o, a, b = self.team.pk, self.other.pk, self.a.pk, self.b.pk
        return {
            (DAY[1], t, a, "trained:awareness", 1),
            (DAY[1], t, b, "trained:awareness", 1),
            (DAY[2], t, a, "consultations", 1),
            (DAY[2], t, b, "consultations", 1),
            (DAY[3], t, b, "feedback", 1),
            (DAY[4], t, a, "group_places", 1),
            (DAY[4], t, a, "feedback", 1),
            (DAY[5], t, a, "feedback", 1),
            (DAY[6], t, a, "referrals", 2),
            (DAY[6], t, a, "referrals:accepted", 1),
            (DAY[6], t, a, "referrals:declined:outside_area", 1),
            (DAY[6], t, b, "referrals", 1),
            (DAY[6], t, b, "referrals:open", 1),
            (DAY[6], t, None, "self_referrals:leaflet", 1),
            (DAY[6], t, None, "self_referrals:none", 1),
            (DAY[6], o, a, "referrals", 1),
            (DAY[6], o, a, "referrals:accepted", 1),
            (DAY[7], None, a, "navigator", 2),
            (DAY[7], None, None, "navigator", 1),
        }


@pytest.fixture
def world(team: Team, other_team: Team, clinician: User) -> World:
    return World(team, other_team, clinician)


def test_a_rebuild_counts_each_measure_as_counted_by_hand(world: World) -> None:
    assert rebuilt() == world.by_hand()
    assert trained() == world.trained_by_hand()
    assert not DirtyDay.objects.exists()


def test_the_records_mark_their_days_and_a_refresh_equals_a_rebuild(world: World) -> None:
    dirty = set(DirtyDay.objects.values_list("day", flat=True))
    assert dirty >= {DAY[n] for n in range(1, 8)}

    made = summaries.refresh()

    assert made.days == len(dirty)
    assert not DirtyDay.objects.exists()
    refreshed = rows()
    assert refreshed == world.by_hand()
    assert trained() == world.trained_by_hand()
    assert rebuilt() == refreshed
    assert trained() == world.trained_by_hand()


def test_a_record_moved_to_another_day_marks_both_and_is_counted_on_the_new(
    world: World,
) -> None:
    summaries.refresh()
    world.duty.held_on = DAY[9]
    world.duty.save()
    world.session.first_day, world.session.last_day = DAY[10], DAY[10]
    world.session.save()

    assert set(DirtyDay.objects.values_list("day", flat=True)) == {DAY[1], DAY[2], DAY[9], DAY[10]}
    summaries.refresh()

    t, a, b = world.team.pk, world.a.pk, world.b.pk
    expected = world.by_hand() - {
        (DAY[2], t, a, "consultations", 1),
        (DAY[1], t, a, "trained:awareness", 1),
        (DAY[1], t, b, "trained:awareness", 1),
    } | {
        (DAY[9], t, a, "consultations", 1),
        (DAY[10], t, a, "trained:awareness", 1),
        (DAY[10], t, b, "trained:awareness", 1),
    }
    assert rows() == expected
    # The session's trained days go with its first day; its parts keep their own days.
    assert trained() == world.trained_by_hand(first=DAY[10])
    assert rebuilt() == expected
    assert trained() == world.trained_by_hand(first=DAY[10])


def test_a_mark_changed_changes_the_trained_days_as_a_rebuild_would(world: World) -> None:
    summaries.refresh()
    mark = Attendance.objects.get(registration__user=world.p1, part__day=DAY[2])
    mark.mark = "absent"
    mark.save()
    Attendance.objects.filter(registration__user=world.p2).update(mark="present")
    signals.mark([DAY[1]])  # a bulk update marks its days itself

    summaries.refresh()

    t, p1, p2, a, b = world.team.pk, world.p1.pk, world.p2.pk, world.a.pk, world.b.pk
    expected = world.trained_by_hand() - {(DAY[1], DAY[2], t, str(p1), p1, a)} | {
        (DAY[1], DAY[1], t, str(p2), p2, b)
    }
    assert trained() == expected
    assert trained_rebuilt() == expected


def test_a_referrals_new_status_is_counted_on_the_day_it_was_sent(world: World) -> None:
    summaries.refresh()
    world.open.status = "declined"
    world.open.decline_reason = "no_consent"
    world.open.save()

    assert list(DirtyDay.objects.values_list("day", flat=True)) == [DAY[6]]
    summaries.refresh()

    t, b = world.team.pk, world.b.pk
    expected = world.by_hand() - {(DAY[6], t, b, "referrals:open", 1)} | {
        (DAY[6], t, b, "referrals:declined:no_consent", 1)
    }
    assert rows() == expected
    assert rebuilt() == expected


def test_a_deleted_record_leaves_its_days_tallies(world: World) -> None:
    summaries.refresh()
    world.group_feedback.delete()
    world.course_feedback.delete()
    Recommendation.objects.filter(organisation=None).delete()

    summaries.refresh()

    t, a = world.team.pk, world.a.pk
    expected = world.by_hand() - {
        (DAY[4], t, a, "feedback", 1),
        (DAY[5], t, a, "feedback", 1),
        (DAY[7], None, None, "navigator", 1),
    }
    assert rows() == expected
    assert rebuilt() == expected


def test_a_cancelled_session_is_counted_on_no_day(world: World) -> None:
    summaries.refresh()
    world.session.cancelled_at = timezone.now()
    world.session.cancelled_by = world.clinician
    world.session.cancel_reason = "The trainer is ill."
    world.session.save()

    summaries.refresh()

    assert not Tally.objects.filter(measure__startswith="trained").exists()
    assert not TrainedDay.objects.exists()
    assert rows() == rebuilt()
    assert not TrainedDay.objects.exists()


def test_a_day_near_midnight_is_the_sites_day(world: World) -> None:
    """A referral sent at 00:30 British Summer Time is counted on that day, not the day
    before (23:30 in UTC)."""
    summer = dt.date(BASE.year - 1, 7, 1)
    late = timezone.make_aware(dt.datetime.combine(summer, dt.time(0, 30)), ZONE)
    Referral.objects.create(
        reference="REFMIDNT",
        kind=Referral.Kind.SELF,
        team=world.team,
        status="submitted",
        submitted_at=late,
    )
    summaries.refresh()

    assert Tally.objects.get(measure="self_referrals:none", day__lt=BASE).day == summer


def test_a_rebuild_asks_the_same_queries_for_each_chunk_however_many_days(
    world: World,
) -> None:
    # The tallies' cache generation made (its first change is two queries, later ones one).
    caching.generation_changed(TALLIES)
    with CaptureQueriesContext(connection) as week:
        summaries.rebuild(DAY[1], DAY[7], chunk_days=31)
    with CaptureQueriesContext(connection) as month:
        summaries.rebuild(DAY[1], DAY[1] + dt.timedelta(days=30), chunk_days=31)
    with CaptureQueriesContext(connection) as two:
        summaries.rebuild(DAY[1], DAY[7], chunk_days=4)
    # Per chunk: one count per measure (three for feedback), the lock on PostgreSQL, the
    # dirty days and tallies deleted, the tallies' cache generation replaced, the tallies
    # inserted, the trained days deleted and inserted (one `INSERT … SELECT`), and the
    # transaction's own.
    assert len(week) == len(month) <= 18
    assert len(two) == 2 * len(week)
    assert rows() == world.by_hand()


def test_after_the_commit_the_background_worker_refreshes(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    summaries.refresh()
    settings.INSIGHTS_TALLIES_REFRESH = "commit"
    queued: list[tuple[str, Any]] = []
    monkeypatch.setattr(signals, "run_in_background", lambda *job: queued.append(job))
    with django_capture_on_commit_callbacks(execute=True):
        world.duty.held_on = DAY[8]
        world.duty.save()
        world.booked.held_on = DAY[8]
        world.booked.save()

    # One refresh queued for the transaction's two changes; the worker runs it.
    assert [what for what, _work in queued] == ["the insights' dirty days"]
    assert DirtyDay.objects.filter(day=DAY[8]).exists()
    queued[0][1]()
    t, a = world.team.pk, world.a.pk
    assert (DAY[8], t, a, "consultations", 1) in rows()
    assert not DirtyDay.objects.exists()


def test_a_navigator_answer_marks_its_day_and_waits_for_the_next_refresh(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    """Navigator answers come many a minute from the public, and a refresh makes a whole
    day's tallies again: one after every answer took most of the answer's time (ADR 0048).
    An answer marks its day, and the next refresh (the worker's after another change, or
    cron's) counts it."""
    summaries.refresh()
    settings.INSIGHTS_TALLIES_REFRESH = "commit"
    monkeypatch.setattr(signals, "run_in_background", lambda what, work: pytest.fail(what))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            Recommendation.objects.create(
                made_on=DAY[8],
                asker="parent",
                route=Route.LMM_REFERRAL.value,
                rule_set=default_rules(),
            )

    assert DirtyDay.objects.filter(day=DAY[8]).exists()
    summaries.refresh()
    assert (DAY[8], None, None, "navigator", 2) in rows()


def test_under_cron_nothing_runs_after_the_commit(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(signals, "run_in_background", lambda what, work: pytest.fail(what))
    with django_capture_on_commit_callbacks(execute=True):
        world.duty.held_on = DAY[11]
        world.duty.save()

    assert DirtyDay.objects.filter(day=DAY[11]).exists()


def test_the_commands_refresh_and_rebuild(world: World) -> None:
    out = StringIO()
    call_command("insights", "refresh", stdout=out)
    assert "Tallies made again for" in out.getvalue()
    assert rows() == world.by_hand()

    Tally.objects.all().delete()
    out = StringIO()
    call_command(
        "insights", "rebuild", "--from", DAY[1].isoformat(), "--to", DAY[3].isoformat(), stdout=out
    )
    assert "3 day(s)" in out.getvalue()
    assert {row[0] for row in rows()} == {DAY[1], DAY[2], DAY[3]}

    call_command("insights", "rebuild", stdout=StringIO())
    assert rows() == world.by_hand()
    assert trained() == world.trained_by_hand()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "is not a date"),
        (["--from", "2026-03-02", "--to", "2026-03-01"], "on or before"),
        (["--chunk-days", "0"], "--chunk-days"),
    ],
)
def test_the_rebuild_refuses_bad_arguments_in_words(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("insights", "rebuild", *arguments)


def test_with_no_record_a_rebuild_leaves_nothing(db: None) -> None:
    """With no record at all, a rebuild leaves no tally and no dirty day."""
    Tally.objects.create(day=BASE, measure="feedback", count=3)
    DirtyDay.objects.create(day=BASE)
    TrainedDay.objects.create(
        session_day=BASE, day=BASE, team=TeamFactory.create(), person="7", practitioner=None
    )
    summaries.rebuild()
    assert not Tally.objects.exists()
    assert not TrainedDay.objects.exists()
    assert not DirtyDay.objects.exists()


def test_a_student_without_an_organisation_is_counted_for_none(world: World) -> None:
    student = Registration.objects.create(
        session=world.session,
        name="Sam Student",
        email="sam@example.org",
        email_confirmed_at=at(BASE),
        student_at="Bradford College",
        student_course="Early years",
        status="held",
        place_number=4,
    )
    Attendance.objects.create(
        registration=student,
        part=world.session.parts.earliest("day"),
        mark="present",
        marked_by=world.clinician,
    )
    summaries.refresh()
    assert (DAY[1], world.team.pk, None, "trained:awareness", 1) in rows()


def test_the_summaries_are_not_vacuumed_inside_a_transaction(db: None) -> None:
    # Under the test's own transaction, as inside any caller's: VACUUM cannot run there.
    assert summaries.tidy() is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_leaves_the_summaries_vacuumed_and_analysed() -> None:
    TrainedDay.objects.create(
        session_day=BASE, day=BASE, team=TeamFactory.create(), person="7", practitioner=None
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_reset()")
    assert summaries.tidy() is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables"
            " WHERE relname IN (%s, %s) AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL",
            [Tally._meta.db_table, TrainedDay._meta.db_table],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(
            [Tally._meta.db_table, TrainedDay._meta.db_table]
        )
