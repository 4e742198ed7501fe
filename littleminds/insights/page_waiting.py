"""Waiting times (issue 16, "Barriers in numbers"): from a referral's sending to the
team's triage decision and to the first contact with the family, as the median and the
90th percentile in days, overall, by month of sending and by team, each beside the number
of referrals it is made of.

One query fetches only the three moments and the team of the period's referrals (no
database has the same percentile function, SQLite none), and the percentiles are worked
out here with numpy's default ("linear", the same as PostgreSQL's percentile_cont), so
both databases give the same figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.insights.barriers import referrals_sent
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.tables import Column, Raw, Table

DAY = 86400.0


def percentiles(days: Sequence[float]) -> tuple[float | None, float | None]:
    """The median and the 90th percentile (linear interpolation between the two nearest
    values, numpy's default and PostgreSQL's percentile_cont), or None for no values."""
    if not days:
        return None, None
    median, ninetieth = numpy.percentile(numpy.array(days, dtype=float), [50, 90])
    return float(median), float(ninetieth)


class Durations:
    def __init__(self) -> None:
        self.decision: list[float] = []
        self.contact: list[float] = []

    def row(self, key: str, label: str) -> dict[str, Raw]:
        decision = percentiles(self.decision)
        contact = percentiles(self.contact)
        return {
            key: label,
            "decided": len(self.decision),
            "decision_median": decision[0],
            "decision_p90": decision[1],
            "contacted": len(self.contact),
            "contact_median": contact[0],
            "contact_p90": contact[1],
        }


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
    overall = Durations()
    months: dict[date, Durations] = defaultdict(Durations)
    teams: dict[int, Durations] = defaultdict(Durations)
    moments = (
        referrals_sent(filters)
        .filter(Q(decided_at__isnull=False) | Q(first_contact_at__isnull=False))
        .values_list("team_id", "submitted_at", "decided_at", "first_contact_at")
    )
    for team, sent, decided, contacted in moments.iterator(chunk_size=5000):
        assert sent is not None  # a sent referral has its moment
        month = timezone.localtime(sent).date().replace(day=1)
        for held in (overall, months[month], teams[team]):
            if decided is not None:
                held.decision.append((decided - sent).total_seconds() / DAY)
            if contacted is not None:
                held.contact.append((contacted - sent).total_seconds() / DAY)

    first_month = filters.start.replace(day=1)
    month_rows: list[dict[str, Raw]] = []
    month = first_month
    while month <= filters.end:
        month_rows.append(months[month].row("month", date_format(month, "F Y")))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return [
        Table(
            key="overall",
            caption=_("Waiting for a decision and for first contact"),
            columns=_columns(Column("who", _("Referrals"), kind="label")),
            rows=[overall.row("who", _("All referrals sent in the period"))],
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
            rows=[teams[team.pk].row("team", team.name) for team in filters.teams],
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
            " the family, as the median and the 90th percentile (interpolated between the"
            " two nearest values, as numpy and PostgreSQL's percentile_cont do), beside the"
            " number of referrals each is made of; a referral still waiting is not counted."
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
