"""The funnel reads its summary (`TrainedDay`, kept like the tallies): once the days are
refreshed it reads the summary and not the marks; a day marked dirty is read from the marks
until the refresh, so the funnel is never behind; and its "within six months" is Python's
calendar on every database."""

from __future__ import annotations

import hashlib
import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.db import connection

from littleminds.accounts.models import Team, User
from littleminds.insights import page_funnel, summaries
from littleminds.insights.models import DirtyDay, TrainedDay
from littleminds.insights.pages import Filters
from littleminds.insights.tests.test_funnel_barriers import END, START, column, funnel_world
from littleminds.training.models import Attendance

pytestmark = pytest.mark.django_db

# The hand count of `test_funnel_barriers.test_the_funnel_counts_by_hand`.
BY_HAND = [5, 3, 2, 1, 3, 1, 5, 1, 3, 1]


def numbers(team: Team) -> list[object]:
    (table,) = page_funnel.build(Filters(start=START, end=END, teams=(team,)))
    return column(table, "number")


def test_it_reads_the_summary_once_the_days_are_refreshed(
    team: Team, other_team: Team, clinician: User, django_assert_max_num_queries
) -> None:
    funnel_world(team, other_team, clinician)
    assert numbers(team) == BY_HAND  # every day dirty: read from the marks

    summaries.refresh()
    assert not DirtyDay.objects.exists()
    # The marks gone behind the signals' back: only the summary can still count them.
    Attendance.objects.all()._raw_delete(Attendance.objects.db)

    with django_assert_max_num_queries(6):
        # "Had trained" of the declined referrals' referrers asks the summary first, too.
        assert numbers(team) == BY_HAND


def test_the_summary_keeps_a_digest_never_an_address(
    team: Team, other_team: Team, clinician: User
) -> None:
    funnel_world(team, other_team, clinician)
    summaries.refresh()
    people = set(TrainedDay.objects.values_list("person", flat=True))
    assert hashlib.sha256(b"ayo@example.org").hexdigest() in people
    assert hashlib.sha256(b"bo@example.org").hexdigest() in people
    assert not any("@" in person for person in people)
    # Absent (cy) and a cancelled session (dee) leave no row.
    assert hashlib.sha256(b"cy@example.org").hexdigest() not in people
    assert hashlib.sha256(b"dee@example.org").hexdigest() not in people


def test_a_dirty_day_is_read_from_the_marks_until_the_refresh(
    team: Team, other_team: Team, clinician: User
) -> None:
    funnel_world(team, other_team, clinician)
    summaries.refresh()
    # p6 (trained on the last day, with an account) marked absent after all: their session's
    # day is dirty, and the summary's row for it stale.
    last = Attendance.objects.get(part__day=END, registration__user__isnull=False)
    last.mark = "absent"
    last.save()
    assert DirtyDay.objects.filter(day=END).exists()
    assert TrainedDay.objects.filter(day=END).exists()

    # Everyone 4, with an account 2 (p1, p2), both consulted, p2 referred.
    after = [4, 2, 2, 1, 3, 1, 5, 1, 3, 1]
    assert numbers(team) == after
    summaries.refresh()
    assert not TrainedDay.objects.filter(day=END).exists()
    assert numbers(team) == after


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 15),
        date(2025, 3, 31),  # 30 September
        date(2025, 8, 31),  # 28 February
        date(2023, 8, 30),  # 29 February, a leap year
        date(2024, 8, 29),  # 28 February
        date(2025, 12, 31),  # 30 June
    ],
)
def test_six_months_on_is_the_same_date_or_the_months_last_day(day: date) -> None:
    value = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH given(day) AS (SELECT {value})"  # noqa: S608
            f" SELECT {page_funnel._months_on('given.day', connection.vendor)} FROM given",
            [day.isoformat()],
        )
        (six_months_on,) = cursor.fetchone()
    assert str(six_months_on) == (day + page_funnel.WINDOW).isoformat()


def test_the_migration_marks_the_days_of_sessions_already_marked(
    team: Team, other_team: Team, clinician: User
) -> None:
    """An installation upgraded with marks already has no trained days: its sessions' first
    days are marked dirty, so the funnel counts them from the marks until the refresh."""
    funnel_world(team, other_team, clinician)
    DirtyDay.objects.all().delete()
    migration = importlib.import_module("littleminds.insights.migrations.0002_trained_day")

    migration.mark_trained_days(django_apps, None)

    marked = set(DirtyDay.objects.values_list("day", flat=True))
    # Every session with a mark (the cancelled one's too), none without.
    assert marked == {
        date(2025, 2, 10),
        date(2025, 2, 11),
        date(2024, 12, 1),
        date(2025, 6, 30),
        date(2025, 1, 15),
        date(2025, 3, 3),
    }
    assert numbers(team) == BY_HAND
