"""The daily tallies made from the strands' records (`measures.py` says what each counts).

Each measure of a run of days is one aggregate query over the strands' records, grouped by
day, team and organisation: never a loop over records. A day's tallies are written by
deleting that day's rows and inserting them again, in one transaction, so a reader sees a
day's old tallies or its new ones, never half of each.

Two ways in:

- `refresh()`: the days marked dirty (`DirtyDay`, by `signals.py` when a record of that day
  is saved or deleted), made again and unmarked. It runs after the commit of the change in
  the process's background worker, and from `littleminds insights refresh` (cron), which
  catches whatever the worker did not finish.
- `rebuild()`: every day from the earliest record's to today (or a chosen range), in
  chunks of days (`littleminds insights rebuild`).

Where `measures.py` is silent, the rules chosen (docs/insights.md, "How the tallies are
counted"):

- A day is the day in the site's time zone (`TIME_ZONE`) of the record's date and time.
- `trained:<tier>`: a session cancelled is counted on no day; a person is a signed-in user
  by their account, or a public registrant by their e-mail address; the organisation is
  the one kept on the registration (students: none); the team is the course's.
- `consultations`: every consultation record (a booked consultation's and a duty call's),
  on the day held; the organisation is the booking's (the practitioner's when they booked)
  or, for a duty call, the caller's organisation kept on the record.
- `group_places`: places marked attended and not left, on the day (local) the session
  starts; the organisation is the one kept on the place; the team the series'.
- `referrals` and their outcomes count practitioners' referrals only (a partner system's
  too), sent to a team, by the day sent (`submitted_at`); drafts are never counted. A
  family's own referral counts only in `self_referrals:<how they heard>`. A decline with no
  reason recorded counts as "another reason". Outcomes are the status now: the day the
  referral was sent is marked dirty when its status changes.
- `navigator`: every answer counted (`pathway.Recommendation`), on the day made, for the
  organisation of the signed-in practitioner or API token that asked (none for families
  and anyone not signed in); no team.
- `feedback`: consultation feedback (for the record's team and organisation), reflective
  practice group feedback (the place's organisation, the series' team) and course feedback
  (the straight-after questionnaire, the registration's organisation, the course's team), on
  the day given (a feedback given again replaces the earlier one, and moves to its day).

Beside the tallies, the same writers keep the funnel's `TrainedDay` rows (who attended each
session on which of its days, with or without an account), by the session's first day: the
day its tallies are counted on and the day a change of its marks marks dirty. A session's
parts are made with it and never moved on their own, so its first day finds all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import SHA256, Cast, Coalesce, TruncDate
from django.utils import timezone
from tqdm import tqdm  # type: ignore[import-untyped]

from littleminds.consultations.models import (
    ConsultationRecord,
    Feedback,
    GroupFeedback,
    GroupPlace,
    GroupSession,
)
from littleminds.core import caching
from littleminds.insights import measures
from littleminds.insights.models import DirtyDay, Tally, TrainedDay
from littleminds.insights.selectors import TALLIES
from littleminds.pathway.models import Recommendation
from littleminds.referrals.lifecycle import OPEN, DeclineReason, Status
from littleminds.referrals.models import Referral
from littleminds.training.models import (
    AnswerSet,
    Attendance,
    CourseSession,
)
from littleminds.training.models_questions import When

# One key of a tally: (day, team id, organisation id, measure).
Key = tuple[dt.date, int | None, int | None, str]

# Days made together by `rebuild`: one query per measure per chunk.
CHUNK_DAYS = 31
# Dirty days closer than this are made in one run (one query per measure for the run).
RUN_GAP = 7
# Every writer of tallies takes this PostgreSQL advisory lock for its transaction, so that a
# rebuild and a refresh never make the same day at once (which would insert it twice).
ADVISORY_LOCK = 1_816_016


@dataclass(frozen=True)
class Made:
    days: int
    rows: int


# The counts ------------------------------------------------------------------------------


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From local midnight starting `start` to local midnight after `end`."""
    zone = timezone.get_default_timezone()
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone)
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), zone)
    return first, after


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def _grouped(query: QuerySet[Any], **by: Any) -> Iterator[dict[str, Any]]:
    """`query` grouped by the expressions `by` (day, team, organisation, ...) with the number
    of rows in each group as `n`: one GROUP BY query."""
    return iter(query.values(**by).annotate(n=Count("pk")).order_by())


def _trained(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    person = Coalesce(
        Cast("registration__user_id", output_field=CharField()), "registration__email"
    )
    rows = (
        Attendance.objects.filter(
            mark__in=Attendance.ATTENDED,
            part__session__first_day__range=(start, end),
            part__session__cancelled_at__isnull=True,
        )
        .values(
            tally_day=F("part__session__first_day"),
            tally_team=F("part__session__course__team_id"),
            tally_organisation=F("registration__organisation_id"),
            tally_tier=F("part__session__course__tier"),
        )
        .annotate(n=Count(person, distinct=True))
        .order_by()
    )
    for row in rows:
        yield (
            (
                row["tally_day"],
                row["tally_team"],
                row["tally_organisation"],
                measures.trained(row["tally_tier"]),
            ),
            row["n"],
        )


def _consultations(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    rows = _grouped(
        ConsultationRecord.objects.filter(held_on__range=(start, end)),
        tally_day=F("held_on"),
        tally_team=F("team_id"),
        tally_organisation=Coalesce("booking__organisation_id", "organisation_id"),
    )
    for row in rows:
        yield _key(row, measures.CONSULTATIONS), row["n"]


def _group_places(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    rows = _grouped(
        GroupPlace.objects.filter(
            attended=True,
            left_at__isnull=True,
            session__starts_at__gte=_bounds(start, end)[0],
            session__starts_at__lt=_bounds(start, end)[1],
        ),
        tally_day=_local_day("session__starts_at"),
        tally_team=F("session__series__team_id"),
        tally_organisation=F("organisation_id"),
    )
    for row in rows:
        yield _key(row, measures.GROUP_PLACES), row["n"]


def outcome_of(status: str, reason: str) -> str:
    """A sent referral's outcome measure, by its status now."""
    if status in OPEN:
        return measures.outcome("open")
    if status == Status.DECLINED:
        return measures.outcome("declined", reason or DeclineReason.OTHER)
    return measures.outcome(status)


def _referrals(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    first, after = _bounds(start, end)
    rows = _grouped(
        Referral.objects.filter(
            submitted_at__gte=first, submitted_at__lt=after, team__isnull=False
        ).exclude(status=Status.DRAFT),
        tally_day=_local_day("submitted_at"),
        tally_team=F("team_id"),
        tally_organisation=F("referrer_organisation_id"),
        tally_kind=F("kind"),
        tally_status=F("status"),
        tally_reason=F("decline_reason"),
        tally_heard=F("heard_from"),
    )
    for row in rows:
        n = row["n"]
        if row["tally_kind"] == Referral.Kind.SELF:
            key = (
                row["tally_day"],
                row["tally_team"],
                None,
                measures.self_referral(row["tally_heard"]),
            )
            yield key, n
            continue
        yield _key(row, measures.REFERRALS), n
        yield _key(row, outcome_of(row["tally_status"], row["tally_reason"])), n


def _navigator(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    rows = _grouped(
        Recommendation.objects.filter(made_on__range=(start, end)),
        tally_day=F("made_on"),
        tally_organisation=F("organisation_id"),
    )
    for row in rows:
        yield (row["tally_day"], None, row["tally_organisation"], measures.NAVIGATOR), row["n"]


def _feedback(start: dt.date, end: dt.date) -> Iterator[tuple[Key, int]]:
    first, after = _bounds(start, end)
    queries = (
        _grouped(
            Feedback.objects.filter(given_at__gte=first, given_at__lt=after),
            tally_day=_local_day("given_at"),
            tally_team=F("record__team_id"),
            tally_organisation=Coalesce(
                "record__booking__organisation_id", "record__organisation_id"
            ),
        ),
        _grouped(
            GroupFeedback.objects.filter(given_at__gte=first, given_at__lt=after),
            tally_day=_local_day("given_at"),
            tally_team=F("place__session__series__team_id"),
            tally_organisation=F("place__organisation_id"),
        ),
        _grouped(
            AnswerSet.objects.filter(
                when=When.AFTER, answered_at__gte=first, answered_at__lt=after
            ),
            tally_day=_local_day("answered_at"),
            tally_team=F("registration__session__course__team_id"),
            tally_organisation=F("registration__organisation_id"),
        ),
    )
    for rows in queries:
        for row in rows:
            yield _key(row, measures.FEEDBACK), row["n"]


def _key(row: dict[str, Any], measure: str) -> Key:
    return (row["tally_day"], row["tally_team"], row["tally_organisation"], measure)


class Digest(SHA256):
    """A text's SHA-256 in hexadecimal, as Django's `SHA256`, but on PostgreSQL with its own
    `sha256()` (Django's needs the pgcrypto extension)."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')",
            **extra,
        )


def person_trained(registration: str = "registration__") -> Coalesce:
    """Who attended, as `TrainedDay.person`: the account's id, or a digest of the e-mail
    address of someone who registered without one (worked out by the database, so the
    funnel's reading of fresh marks gives the same)."""
    return Coalesce(
        Cast(f"{registration}user_id", output_field=CharField()),
        Digest(f"{registration}email"),
        output_field=CharField(),
    )


# The columns of `TrainedDay` written, in the order `trained_marks` selects them.
TRAINED_COLUMNS = ("session_day", "team", "person", "practitioner", "organisation", "day")


def trained_marks(
    start: dt.date, end: dt.date, days: Collection[dt.date] | None = None
) -> QuerySet[Attendance, tuple[Any, ...]]:
    """The `TrainedDay` rows of the sessions whose first day is from `start` to `end` (and
    one of `days`, when given), as `TRAINED_COLUMNS`: each distinct (session's first day,
    team, person, account, organisation, part's day) of a mark present or late, in a session
    not cancelled."""
    marks = Attendance.objects.filter(
        mark__in=Attendance.ATTENDED,
        part__session__first_day__range=(start, end),
        part__session__cancelled_at__isnull=True,
    )
    if days is not None:
        marks = marks.filter(part__session__first_day__in=list(days))
    return (
        marks.values_list(
            "part__session__first_day",
            "part__session__course__team_id",
            person_trained(),
            "registration__user_id",
            "registration__organisation_id",
            "part__day",
        )
        .distinct()
        .order_by()
    )


COUNTS: tuple[Callable[[dt.date, dt.date], Iterable[tuple[Key, int]]], ...] = (
    _trained,
    _consultations,
    _group_places,
    _referrals,
    _navigator,
    _feedback,
)


def counted(start: dt.date, end: dt.date) -> Counter[Key]:
    """Every measure's count for each day from `start` to `end`, by team and organisation:
    one aggregate query per measure (three for feedback), whatever the number of days."""
    totals: Counter[Key] = Counter()
    for count in COUNTS:
        for key, n in count(start, end):
            totals[key] += n
    return totals


# Writing ---------------------------------------------------------------------------------


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _write(days: Collection[dt.date], totals: Counter[Key], *, between: bool) -> int:
    """Replace the tallies of `days` (all from the first to the last when `between`) with
    `totals` (those of other days are left out). Inside the caller's transaction."""
    caching.generation_changed(TALLIES)
    if between:
        Tally.objects.filter(day__range=(min(days), max(days))).delete()
    else:
        Tally.objects.filter(day__in=list(days)).delete()
    wanted = set(days)
    rows = [
        Tally(day=day, team_id=team, organisation_id=organisation, measure=measure, count=n)
        for (day, team, organisation, measure), n in sorted(
            totals.items(),
            key=lambda item: (item[0][0], item[0][3], item[0][1] or 0, item[0][2] or 0),
        )
        if n and (between or day in wanted)
    ]
    Tally.objects.bulk_create(rows, batch_size=1000)
    _write_trained(days, between=between)
    return len(rows)


def _write_trained(days: Collection[dt.date], *, between: bool) -> None:
    """Replace the `TrainedDay` rows of the sessions first held on `days` (all from the
    first to the last when `between`). Inside the caller's transaction. The rows go from
    the marks to the table in one `INSERT … SELECT` (the ORM's own SQL of `trained_marks`,
    its values passed as parameters), never through Python: a national service has over a
    million of them."""
    first, last = min(days), max(days)
    if between:
        TrainedDay.objects.filter(session_day__range=(first, last)).delete()
    else:
        TrainedDay.objects.filter(session_day__in=list(days)).delete()
    marks = trained_marks(first, last, None if between else days)
    sql, params = marks.query.get_compiler(using=connection.alias).as_sql()
    fields = {field.name: str(field.column) for field in TrainedDay._meta.fields}
    columns = ", ".join(connection.ops.quote_name(fields[name]) for name in TRAINED_COLUMNS)
    table = connection.ops.quote_name(TrainedDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def _runs(days: Iterable[dt.date]) -> list[list[dt.date]]:
    """The days in runs, a new run after a gap of more than `RUN_GAP` days."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][-1]).days <= RUN_GAP:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def days_make(days: Collection[dt.date]) -> Made:
    """Make the tallies of exactly these days again, in one transaction."""
    if not days:
        return Made(0, 0)
    written = 0
    with transaction.atomic():
        _lock()
        for run in _runs(days):
            written += _write(run, counted(run[0], run[-1]), between=False)
    return Made(len(set(days)), written)


def refresh(*, limit: int = 366) -> Made:
    """Make the dirty days' tallies again and unmark them, `limit` days a transaction until
    none is left. Unmarking comes first, in the same transaction: a change that marks one
    of these days meanwhile waits for this transaction (the row is locked) and marks it
    again after, so no change is ever missed (docs/insights.md)."""
    made = Made(0, 0)
    while True:
        with transaction.atomic():
            _lock()
            days = list(DirtyDay.objects.order_by("day").values_list("day", flat=True)[:limit])
            if not days:
                return made
            DirtyDay.objects.filter(day__in=days).delete()
            written = 0
            for run in _runs(days):
                written += _write(run, counted(run[0], run[-1]), between=False)
        made = Made(made.days + len(days), made.rows + written)


def _span() -> tuple[dt.date, dt.date] | None:
    """The first and last day any record counted falls on (the last at least today)."""
    found: list[dt.date] = []
    dated: list[tuple[QuerySet, str, bool]] = [
        (CourseSession.objects.filter(parts__attendances__isnull=False), "first_day", False),
        (ConsultationRecord.objects.all(), "held_on", False),
        (GroupSession.objects.filter(places__attended=True), "starts_at", True),
        (Referral.objects.exclude(submitted_at=None), "submitted_at", True),
        (Recommendation.objects.all(), "made_on", False),
        (Feedback.objects.all(), "given_at", True),
        (GroupFeedback.objects.all(), "given_at", True),
        (AnswerSet.objects.filter(when=When.AFTER), "answered_at", True),
    ]
    for query, field, moment in dated:
        bounds = query.aggregate(first=Min(field), last=Max(field))
        for value in (bounds["first"], bounds["last"]):
            if value is not None:
                found.append(
                    timezone.localdate(value, timezone.get_default_timezone()) if moment else value
                )
    if not found:
        return None
    return min(found), max(max(found), timezone.localdate())


def rebuild(
    start: dt.date | None = None,
    end: dt.date | None = None,
    progress: bool = False,
    *,
    chunk_days: int = CHUNK_DAYS,
) -> Made:
    """Make every day's tallies again, from `start` (the earliest record's day) to `end`
    (today, or the last record's day if later), `chunk_days` a transaction, with a progress
    bar on standard error when `progress`. Without a range, tallies of days outside the
    records' span are removed too."""
    whole = start is None and end is None
    span = None if start is not None and end is not None else _span()
    if span is None and (start is None or end is None):
        with transaction.atomic():
            _lock()
            if whole:
                caching.generation_changed(TALLIES)
                Tally.objects.all().delete()
                TrainedDay.objects.all().delete()
                DirtyDay.objects.all().delete()
        return Made(0, 0)
    first = start or span[0] if span else start
    last = end or span[1] if span else end
    assert first is not None
    assert last is not None
    if whole:
        with transaction.atomic():
            _lock()
            caching.generation_changed(TALLIES)
            Tally.objects.filter(Q(day__lt=first) | Q(day__gt=last)).delete()
            TrainedDay.objects.filter(Q(session_day__lt=first) | Q(session_day__gt=last)).delete()
            DirtyDay.objects.filter(Q(day__lt=first) | Q(day__gt=last)).delete()
    total_days = (last - first).days + 1
    written = 0
    with tqdm(
        total=max(total_days, 0),
        unit="day",
        desc="Tallies",
        disable=None if progress else True,
        leave=False,
    ) as bar:
        chunk_start = first
        while chunk_start <= last:
            chunk_end = min(chunk_start + dt.timedelta(days=chunk_days - 1), last)
            with transaction.atomic():
                _lock()
                DirtyDay.objects.filter(day__range=(chunk_start, chunk_end)).delete()
                written += _write(
                    [chunk_start, chunk_end], counted(chunk_start, chunk_end), between=True
                )
            bar.update((chunk_end - chunk_start).days + 1)
            chunk_start = chunk_end + dt.timedelta(days=1)
    tidy()
    return Made(max(total_days, 0), written)


def tidy() -> bool:
    """After rewriting the summaries in bulk, on PostgreSQL: `VACUUM (ANALYZE)` them, so the
    pages read them at full speed at once rather than after autovacuum's next visit (until a
    bulk-written row is vacuumed, each reader checks it against the commit log: on the
    bench's ten years the funnel's statement took three times as long before it). Only
    outside a transaction, where VACUUM may run; whether it ran."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (Tally, TrainedDay):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    return True
