"""Waiting times (issue 16, "Barriers in numbers"): from a referral's sending to the
team's triage decision and to the first contact with the family, as the median and the
90th percentile in days, overall, by month of sending and by team, each beside the number
of referrals it is made of.

On PostgreSQL, one query grouped three ways at once (overall, by month, by team: `GROUPING
SETS`) with percentile_cont, so the referrals are read once and none is fetched. SQLite has
no percentile function: there one query fetches only the three moments and the team of the
period's referrals, and the percentiles are worked out with numpy's default ("linear", the
same interpolation as percentile_cont), so both databases give the same figures (the tests
check both against a hand computation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy
from django.db import connections
from django.db.models import (
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.insights.barriers import referrals_sent
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.tables import Column, Raw, Table
from littleminds.referrals.models import Referral

DAY = 86400.0


def percentiles(days: Sequence[float]) -> tuple[float | None, float | None]:
    """The median and the 90th percentile (linear interpolation between the two nearest
    values, numpy's default and PostgreSQL's percentile_cont), or None for no values."""
    if not days:
        return None, None
    median, ninetieth = numpy.percentile(numpy.array(days, dtype=float), [50, 90])
    return float(median), float(ninetieth)


# For a group of referrals: how many were decided, the median and 90th percentile of days to
# the decision, how many families were contacted, and the same of days to first contact.
Figures = tuple[int, float | None, float | None, int, float | None, float | None]
NOTHING: Figures = (0, None, None, 0, None, None)
KEYS = ("decided", "decision_median", "decision_p90", "contacted", "contact_median", "contact_p90")


class Durations:
    def __init__(self) -> None:
        self.decision: list[float] = []
        self.contact: list[float] = []

    def figures(self) -> Figures:
        return (
            len(self.decision),
            *percentiles(self.decision),
            len(self.contact),
            *percentiles(self.contact),
        )


Grouped = tuple[Figures, dict[date, Figures], dict[int, Figures]]


def in_python(referrals: QuerySet[Referral]) -> Grouped:
    """Overall, by month sent and by team, from the moments fetched (any database)."""
    overall = Durations()
    months: dict[date, Durations] = defaultdict(Durations)
    teams: dict[int, Durations] = defaultdict(Durations)
    moments = referrals.filter(
        Q(decided_at__isnull=False) | Q(first_contact_at__isnull=False)
    ).values_list("team_id", "submitted_at", "decided_at", "first_contact_at")
    for team, sent, decided, contacted in moments.iterator(chunk_size=5000):
        assert sent is not None  # a sent referral has its moment
        month = timezone.localtime(sent).date().replace(day=1)
        for held in (overall, months[month], teams[team]):
            if decided is not None:
                held.decision.append((decided - sent).total_seconds() / DAY)
            if contacted is not None:
                held.contact.append((contacted - sent).total_seconds() / DAY)
    return (
        overall.figures(),
        {month: held.figures() for month, held in months.items()},
        {team: held.figures() for team, held in teams.items()},
    )


def _days(until: str) -> Func:
    return Func(
        ExpressionWrapper(F(until) - F("submitted_at"), output_field=DurationField()),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )


def _figures(row: Sequence[Any]) -> Figures:
    decided, decision_median, decision_p90, contacted, contact_median, contact_p90 = row
    return (
        int(decided),
        decision_median,
        decision_p90,
        int(contacted),
        contact_median,
        contact_p90,
    )


def on_postgresql(referrals: QuerySet[Referral]) -> Grouped:
    """The same figures worked out by PostgreSQL, no referral fetched: one query, one scan
    of the referrals, grouped three ways at once (overall, by month sent, by team) by
    `GROUPING SETS`, which Django's ORM does not write, so the statement wraps the ORM's
    own SQL of the referrals' waits (its values passed as parameters)."""
    waits = referrals.order_by().values(
        wait_team=F("team"),
        wait_month=TruncMonth("submitted_at", output_field=DateField()),
        wait_decision=_days("decided_at"),
        wait_contact=_days("first_contact_at"),
    )
    sql, params = waits.query.get_compiler(using=referrals.db).as_sql()
    statistics = ", ".join(
        f"COUNT({wait}), percentile_cont(0.5) WITHIN GROUP (ORDER BY {wait}),"
        f" percentile_cont(0.9) WITHIN GROUP (ORDER BY {wait})"
        for wait in ("wait_decision", "wait_contact")
    )
    statement = (
        # The month as a date: the ORM's own converter does not see a row fetched here.
        "SELECT GROUPING(wait_month), GROUPING(wait_team), CAST(wait_month AS date), wait_team, "  # noqa: S608
        f"{statistics} FROM ({sql}) AS waits"
        " GROUP BY GROUPING SETS ((), (wait_month), (wait_team))"
    )
    overall = NOTHING
    months: dict[date, Figures] = {}
    teams: dict[int, Figures] = {}
    with connections[referrals.db].cursor() as cursor:
        cursor.execute(statement, params)
        for by_month, by_team, month, team, *figures in cursor.fetchall():
            if by_month and by_team:  # both rolled up: the grand total
                overall = _figures(figures)
            elif by_team:  # the team rolled up: a month's
                months[month] = _figures(figures)
            else:
                teams[team] = _figures(figures)
    return overall, months, teams


def _row(key: str, label: str, figures: Figures) -> dict[str, Raw]:
    return {key: label, **dict(zip(KEYS, figures, strict=True))}


def _columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("decided", _("Referrals decided"), summed=False),
        Column("decision_median", _("Days to decision: median"), kind="statistic", n="decided"),
        Column(
            "decision_p90", _("Days to decision: 90th percentile"), kind="statistic", n="decided"
        ),
        Column("contacted", _("Families contacted"), summed=False),
        Column(
            "contact_median", _("Days to first contact: median"), kind="statistic", n="contacted"
        ),
        Column(
            "contact_p90",
            _("Days to first contact: 90th percentile"),
            kind="statistic",
            n="contacted",
        ),
    )


def build(filters: Filters) -> list[Table]:
    referrals = referrals_sent(filters)
    if connections[referrals.db].vendor == "postgresql":
        overall, months, teams = on_postgresql(referrals)
    else:
        overall, months, teams = in_python(referrals)

    first_month = filters.start.replace(day=1)
    month_rows: list[dict[str, Raw]] = []
    month = first_month
    while month <= filters.end:
        month_rows.append(_row("month", date_format(month, "F Y"), months.get(month, NOTHING)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    team_rows = [_row("team", team.name, teams.get(team.pk, NOTHING)) for team in filters.teams]
    return [
        Table(
            key="overall",
            caption=_("Waiting for a decision and for first contact"),
            columns=_columns(Column("who", _("Referrals"), kind="label")),
            rows=[_row("who", _("All referrals sent in the period"), overall)],
            # The overall row is the total of the teams': outside the team, when a team's
            # figures are hidden, it shows only what the teams' show, and no percentile.
            total_of={0: team_rows},
        ),
        Table(
            key="months",
            caption=_("Waiting, by month the referral was sent"),
            columns=_columns(Column("month", _("Month"), kind="label")),
            rows=month_rows,
        ),
        Table(
            key="teams",
            caption=_("Waiting, by team"),
            columns=_columns(Column("team", _("Team"), kind="label")),
            rows=team_rows,
        ),
    ]


register(
    Page(
        slug="waiting",
        title=gettext_lazy("Waiting times"),
        question="helps",
        summary=gettext_lazy(
            "For each referral sent to the teams in the period, the days (with fractions)"
            " from its sending to the team's triage decision, and to the first contact with"
            " the family, as the middle value (the median) and the value 9 in 10 waits are"
            " shorter than (the 90th percentile), each worked out the usual way between the"
            " two nearest waits, beside the number of referrals each is made of; a referral"
            " still waiting is not counted."
            " The ring and organisation are those of the referrer, so choosing either leaves"
            " out families' own referrals."
        ),
        build=build,
        charts=(
            ChartSpec(
                table="months",
                label="month",
                values=("decision_median", "contact_median"),
                title=gettext_lazy("Median days waiting, by month the referral was sent"),
            ),
        ),
        order=40,
    )
)
