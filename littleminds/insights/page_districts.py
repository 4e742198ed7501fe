"""Reach and referrals by postcode district, before and after the area grew (issue 16,
"Barriers in numbers"). The teams' intakes cover the directory's dated areas
(`directory.AreaCoverage`: a postcode district or sector, from a day, perhaps until one);
a district joined the area on the first day any of its coverage starts. Each district's
community reach (adults and babies, `community.Reach`) and referrals
(`Referral.postcode_district`) in the period are split at that day.

Three queries whatever the data size: the coverage, and one grouped count each of reach
and referrals by district and by side of the joining day (a CASE built from the joining
days, so the split is done by the database)."""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models import Count as CountOf
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.community.models import Reach
from littleminds.directory.models import AreaCoverage
from littleminds.insights.barriers import referrals_sent, start_of
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.tables import Column, Raw, Table
from littleminds.referrals.models import Intake

BEFORE, AFTER = 0, 1


def joined(filters: Filters) -> dict[str, date]:
    """Each postcode district of the teams' intakes' areas, with the first day any of its
    coverage starts. One query."""
    days: dict[str, date] = {}
    for prefix, valid_from in AreaCoverage.objects.filter(
        area__in=Intake.objects.filter(team__in=filters.team_ids).values("area")
    ).values_list("prefix", "valid_from"):
        district = prefix.strip().upper().split(" ")[0]
        if district and (district not in days or valid_from < days[district]):
            days[district] = valid_from
    return days


def _side(field: str, days: dict[str, date], *, moments: bool) -> Case:
    return Case(
        *(
            When(
                Q(postcode_district=district)
                & Q(**{f"{field}__gte": start_of(day) if moments else day}),
                then=Value(AFTER),
            )
            for district, day in days.items()
        ),
        default=Value(BEFORE),
        output_field=IntegerField(),
    )


def _order(district: str) -> tuple[str, int, str]:
    match = re.match(r"([A-Z]+)(\d*)(.*)", district)
    if match is None:
        return district, 0, ""
    letters, number, rest = match.groups()
    return letters, int(number or 0), rest


def build(filters: Filters) -> list[Table]:
    days = joined(filters)
    reach: dict[tuple[str, int], int] = {}
    for district, side, people in (
        Reach.objects.filter(team__in=filters.team_ids, day__range=(filters.start, filters.end))
        .exclude(postcode_district="")
        .annotate(side=_side("day", days, moments=False))
        .values("postcode_district", "side")
        .annotate(people=Coalesce(Sum("adults"), 0) + Coalesce(Sum("babies"), 0))
        .values_list("postcode_district", "side", "people")
    ):
        reach[(district.upper(), side)] = int(people)
    referred: dict[tuple[str, int], int] = {}
    for district, side, n in (
        referrals_sent(filters)
        .exclude(postcode_district="")
        .annotate(side=_side("submitted_at", days, moments=True))
        .values("postcode_district", "side")
        .annotate(n=CountOf("pk"))
        .values_list("postcode_district", "side", "n")
    ):
        referred[(district.upper(), side)] = n

    districts = sorted({*days, *(district for district, _side in (*reach, *referred))}, key=_order)
    rows: list[dict[str, Raw]] = []
    for district in districts:
        day = days.get(district)
        if day is None:
            when = _("Not in the area")
        elif day <= filters.end:
            when = _("Joined on %(day)s") % {"day": date_format(day, "j F Y")}
        else:
            when = _("Joins on %(day)s") % {"day": date_format(day, "j F Y")}
        rows.append(
            {
                "district": district,
                "joined": when,
                "reach_before": reach.get((district, BEFORE), 0),
                "reach_after": reach.get((district, AFTER), 0),
                "referrals_before": referred.get((district, BEFORE), 0),
                "referrals_after": referred.get((district, AFTER), 0),
            }
        )
    return [
        Table(
            key="districts",
            caption=_("Reach and referrals by postcode district, before and after it joined"),
            columns=(
                Column("district", _("Postcode district"), kind="label"),
                Column("joined", _("In the area"), kind="text"),
                Column("reach_before", _("People reached before it joined")),
                Column("reach_after", _("People reached since it joined")),
                Column("referrals_before", _("Referrals before it joined")),
                Column("referrals_after", _("Referrals since it joined")),
            ),
            rows=rows,
            total_row=True,
        )
    ]


register(
    Page(
        slug="districts",
        title=gettext_lazy("Reach and referrals as the area grew"),
        question="helps",
        summary=gettext_lazy(
            "For each postcode district of the teams' areas (and any other where people"
            " were reached or referred from), the day it joined the area (the first day the"
            " directory's coverage of it starts), and the adults and babies reached by the"
            " teams' community work and the referrals sent to the teams from it in the"
            " period, before that day and from that day on. A district that joined before"
            " the period counts wholly as since it joined; one outside the area wholly as"
            " before. The ring and organisation filters apply to referrals (by the"
            " referrer's organisation, leaving out families' own referrals) and not to"
            " reach, which has no referring organisation."
        ),
        build=build,
        # One chart a table (`charts.charts_of`): the referrals, the reach being in the table.
        charts=(
            ChartSpec(
                table="districts",
                label="district",
                values=("referrals_before", "referrals_after"),
                title=gettext_lazy("Referrals by postcode district, before and after it joined"),
            ),
        ),
        order=30,
    )
)
