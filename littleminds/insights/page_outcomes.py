"""Families' outcomes across the service (the third question, "did families' wellbeing
change?"; DOMAIN.md §8): for each measure with a reliable change index, the cases with a
first and a latest score, and how many of them improved reliably, did not change reliably,
deteriorated reliably, and recovered reliably.

The classing is the measures app's (`measures.scoring.change`), through what casework
already uses for a case (`casework.selectors_records.measure_ends` and `reliable_change`,
and `casework.selectors_care.goals_reliable_change` for goal-based outcomes), so a case is
counted here as its own page shows it. A case counts for a measure when its latest score up
to the period's end falls in the period; its first score may be older."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.casework.models import Case, CaseReferral
from littleminds.casework.models_care import Goal, GoalRating
from littleminds.casework.selectors_care import GoalView, goals_reliable_change
from littleminds.casework.selectors_records import (
    current_administrations,
    measure_ends,
    reliable_change,
)
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import in_ring_or_organisation
from littleminds.insights.tables import Column, Raw, Table
from littleminds.measures.definitions import MEASURES
from littleminds.measures.scoring import Change, Classification

KEYS = {
    Classification.IMPROVEMENT: "improved",
    Classification.NO_CHANGE: "unchanged",
    Classification.DETERIORATION: "deteriorated",
}


def _cases(filters: Filters) -> QuerySet[Case]:
    """The cases of the teams counted; with a ring or an organisation, those opened by a
    referral from it."""
    cases = Case.objects.filter(team__in=filters.team_ids)
    if filters.ring or filters.organisation is not None:
        opened = in_ring_or_organisation(
            CaseReferral.objects.filter(opened_case=True),
            filters,
            "referral__referrer_organisation",
        )
        cases = cases.filter(pk__in=opened.values("case"))
    return cases


def changes(filters: Filters) -> dict[str, list[tuple[Change, bool]]]:
    """Each measure's cases' reliable change, from their first score to their latest up to
    the period's end, for the cases whose latest score is in the period, with whether the
    first score was at the level of clinical concern."""
    cases = _cases(filters)
    found: dict[str, list[tuple[Change, bool]]] = defaultdict(list)
    # Only the cases scored in the period can have their latest score in it.
    scored = current_administrations().filter(
        case__in=cases.order_by().values("pk"), on__range=(filters.start, filters.end)
    )
    administrations = current_administrations().filter(
        case__in=scored.order_by().values("case_id"), on__lte=filters.end
    )
    for (_case, code), ends in measure_ends(administrations).items():
        if ends.last_on < filters.start:
            continue
        moved = reliable_change(code, ends)
        if moved is not None:
            found[code].append((moved, bool(MEASURES[code].is_case(ends.first))))
    # Goal-based outcomes: the mean rating of each case's goals rated more than once.
    ratings = GoalRating.objects.filter(rated_on__lte=filters.end).order_by("rated_on", "pk")
    rated = GoalRating.objects.filter(
        goal__case__in=cases.order_by().values("pk"),
        rated_on__range=(filters.start, filters.end),
    )
    goals = (
        Goal.objects.filter(case__in=rated.order_by().values("goal__case_id"))
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .order_by("case_id", "pk")
    )
    per_case: dict[int, list[GoalView]] = defaultdict(list)
    for goal in goals:
        per_case[goal.case_id].append(GoalView(goal, list(goal.ratings.all())))
    for views in per_case.values():
        latest = [v.latest.rated_on for v in views if v.first is not None and v.latest is not None]
        if not latest or max(latest) < filters.start:
            continue
        moved = goals_reliable_change(views)
        if moved is not None:
            found["gbo"].append((moved, False))
    return found


def build(filters: Filters) -> list[Table]:
    found = changes(filters)
    change_rows: list[dict[str, Raw]] = []
    recovery_rows: list[dict[str, Raw]] = []
    for code, measure in MEASURES.items():
        if measure.reliable_change is None:
            continue
        moved = found.get(code, [])
        row: dict[str, Raw] = {"measure": measure.name, "cases": len(moved)}
        for classification, key in KEYS.items():
            row[key] = sum(1 for m, _was in moved if m.classification is classification)
        change_rows.append(row)
        if measure.cut_off is not None:
            recovery_rows.append(
                {
                    "measure": measure.name,
                    "cases": len(moved),
                    "concern": sum(1 for _m, was in moved if was),
                    "recovered": sum(1 for m, _was in moved if m.recovered),
                }
            )
    change_table = Table(
        key="reliable-change",
        caption=_("Reliable change from the first score to the latest, by measure"),
        columns=(
            Column("measure", _("Measure"), kind="label"),
            Column("cases", _("Cases with a first and a latest score")),
            Column("improved", _("Reliable improvement")),
            Column(
                "improved_rate",
                _("Reliable improvement (%)"),
                kind="percent",
                of=("improved", "cases"),
            ),
            Column("unchanged", _("No reliable change")),
            Column(
                "unchanged_rate",
                _("No reliable change (%)"),
                kind="percent",
                of=("unchanged", "cases"),
            ),
            Column("deteriorated", _("Reliable deterioration")),
            Column(
                "deteriorated_rate",
                _("Reliable deterioration (%)"),
                kind="percent",
                of=("deteriorated", "cases"),
            ),
        ),
        rows=change_rows,
        note=_(
            "A change at least as large as the measure's reliable change index is reliable. "
            "A case counts once for each measure it has two scores or more of, and may "
            "count for several measures, so the rows are not added up."
        ),
    )
    recovery_table = Table(
        key="reliable-recovery",
        caption=_("Reliable recovery, by measure with a cut-off"),
        columns=(
            Column("measure", _("Measure"), kind="label"),
            Column("cases", _("Cases with a first and a latest score")),
            Column("concern", _("First score at the level of clinical concern")),
            Column("recovered", _("Reliable recovery")),
            Column(
                "recovered_rate",
                _("Reliable recovery (% of those at the level of concern)"),
                kind="percent",
                of=("recovered", "concern"),
            ),
        ),
        rows=recovery_rows,
        note=_(
            "Reliable recovery: the first score at the level of clinical concern (at or "
            "beyond the measure's cut-off), the latest not, and a reliable improvement."
        ),
    )
    return [change_table, recovery_table]


register(
    Page(
        slug="outcomes",
        title=gettext_lazy("Families' outcomes"),
        question="change",
        summary=gettext_lazy(
            "For each measure, the cases of the teams chosen whose latest score came in the"
            " period, compared with their first score (which may be older): how many"
            " improved, did not change or deteriorated by at least the measure's reliable"
            " change index, and how many recovered. Goal-based outcomes use the mean rating"
            " of the goals rated more than once. PIR-GAS has no published reliable change"
            " index, so it is not shown. With a ring or an organisation, only the cases"
            " opened by a referral from it count."
        ),
        build=build,
        charts=(
            ChartSpec(
                table="reliable-change",
                label="measure",
                values=("improved_rate", "unchanged_rate", "deteriorated_rate"),
                title=gettext_lazy("Reliable change by measure (%)"),
            ),
        ),
        order=20,
    )
)
