"""Reads for the figures part (issue 17, "Linking to the records"): the embeddedness
figures of the insights for a study's time points and its participants' organisations, so
that themes and numbers are read together.

Researchers are not the service's team, so the figures are always disclosed as they are to
analysts (`insights.tables.disclose` with small numbers suppressed, DOMAIN.md §9), whoever
reads them. The counting is insights' (`insights.for_evaluation`); nothing is counted here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from littleminds.evaluation.models import Participation, Study, TimePoint
from littleminds.insights.for_evaluation import Window, embeddedness_tables
from littleminds.insights.tables import Disclosed, disclose

# Researchers never see exact figures: they are not the team (DOMAIN.md §9).
SUPPRESSED = True


@dataclass(frozen=True)
class PointFigures:
    time_point: TimePoint
    # Its organisations table, then its rings table.
    tables: list[Disclosed]

    @property
    def organisations(self) -> Disclosed:
        return self.tables[0]


@dataclass(frozen=True)
class StudyFigures:
    points: list[PointFigures]
    # The change in score between the study's two time points, when it has two.
    change: Disclosed | None
    # Whether any participant still in the study names an organisation.
    any_organisation: bool

    @property
    def tables(self) -> list[Disclosed]:
        """Every table, in the page's order: the change first, then each time point's."""
        return [
            *([self.change] if self.change is not None else []),
            *(table for point in self.points for table in point.tables),
        ]


def organisations_by_time_point(study: Study) -> dict[int, frozenset[int]]:
    """The organisations of the participants who took part at each time point (by the time
    point's id), leaving out those who withdrew: their part is out of the analysis."""
    held: dict[int, set[int]] = {}
    for time_point_id, organisation_id in Participation.objects.filter(
        participant__study=study,
        participant__withdrawn_at__isnull=True,
        participant__organisation__isnull=False,
    ).values_list("time_point_id", "participant__organisation_id"):
        held.setdefault(time_point_id, set()).add(organisation_id)
    return {key: frozenset(value) for key, value in held.items()}


def period_words(point: TimePoint) -> str:
    return _("from %(from)s to %(to)s") % {
        "from": date_format(point.starts_on, "j F Y"),
        "to": date_format(point.ends_on, "j F Y"),
    }


def figures_of(study: Study) -> StudyFigures:
    """The study's figures, suppressed. The study must come from `study_for_researcher`."""
    points = list(study.time_points.all())
    wanted = organisations_by_time_point(study)
    windows = [
        Window(
            key=f"time-point-{point.position}",
            label=point.label,
            start=point.starts_on,
            end=point.ends_on,
            organisations=wanted.get(point.pk, frozenset()),
        )
        for point in points
    ]
    tables = [
        disclose(table, suppressed=SUPPRESSED)
        for table in embeddedness_tables(team=study.team, windows=windows)
    ]
    per_point = [
        PointFigures(time_point=point, tables=tables[2 * n : 2 * n + 2])
        for n, point in enumerate(points)
    ]
    change = tables[2 * len(points)] if len(tables) > 2 * len(points) else None
    return StudyFigures(
        points=per_point, change=change, any_organisation=any(bool(o) for o in wanted.values())
    )
