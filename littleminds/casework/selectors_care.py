"""Reads for care on a case (interventions, goals, safeguarding) and for the lists the
service managers keep. The case itself is reached only through `selectors.case_for_team`
(404 and audit); these read within it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.casework.models import Case
from littleminds.casework.models_care import (
    CaseIntervention,
    CatalogueEntry,
    ChronologyEntry,
    FlagKind,
    Goal,
    GoalRating,
    Intervention,
    SafeguardingFlag,
)
from littleminds.casework.sections import EVERY_SECTION, CaseSections
from littleminds.measures.scoring import Change, change

LISTS: dict[str, type[Intervention] | type[FlagKind]] = {
    "interventions": Intervention,
    "flags": FlagKind,
}


@dataclass
class GoalView:
    goal: Goal
    ratings: list[GoalRating]

    @property
    def first(self) -> GoalRating | None:
        return self.ratings[0] if self.ratings else None

    @property
    def latest(self) -> GoalRating | None:
        return self.ratings[-1] if len(self.ratings) > 1 else None

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest.score - self.first.score


# The case page shows the latest entries of the chronology; its own page shows them all.
CASE_PAGE_CHRONOLOGY = 20
ALL_CHRONOLOGY_PER_PAGE = 50


@dataclass
class CarePage:
    interventions: list[CaseIntervention]
    goals: list[GoalView]
    flags: list[SafeguardingFlag]
    # The latest `CASE_PAGE_CHRONOLOGY` entries, newest first, and how many there are.
    chronology: list[ChronologyEntry]
    chronology_count: int
    # The reliable change of the goals' mean rating (goal-based outcomes), where every
    # goal has been rated at a review; "" otherwise.
    goals_change: str = ""
    open_flags: list[SafeguardingFlag] = field(default_factory=list)

    @property
    def more_chronology(self) -> bool:
        return self.chronology_count > len(self.chronology)


def goals_reliable_change(goals: list[GoalView]) -> Change | None:
    """The reliable change of the mean rating of the goals rated more than once, from their
    first ratings to their latest (goal-based outcomes); None when none was."""
    rated = [g for g in goals if g.first is not None and g.latest is not None]
    if not rated:
        return None
    first = sum(g.first.score for g in rated if g.first) / len(rated)
    last = sum(g.latest.score for g in rated if g.latest) / len(rated)
    return change("gbo", round(first, 2), round(last, 2))


def _goals_change(goals: list[GoalView]) -> str:
    moved = goals_reliable_change(goals)
    return "" if moved is None else str(moved.classification)


def case_chronology(case: Case) -> QuerySet[ChronologyEntry]:
    """The case's chronology, newest first: its page of all entries."""
    return (
        ChronologyEntry.objects.filter(case=case)
        .select_related("corrects")
        .order_by("-happened_on", "-signed_at", "-pk")
    )


def chronology_read(case: Case, entries: list[ChronologyEntry], *, by: User) -> None:
    """The entries shown are audited as read, in one event naming each of them."""
    if entries:
        audit_record(
            by=by,
            action="chronology.viewed",
            target=case,
            team=case.team,
            detail={"entries": [str(entry.code) for entry in entries]},
        )


def care_page(case: Case, *, by: User, present: CaseSections = EVERY_SECTION) -> CarePage:
    """The care sections of the case page, in five queries whatever their size (one more
    for the goals' ratings when it has goals; one fewer, the count, when the chronology has
    fewer entries than the page shows; none for a section `present` says has no rows), and
    one audit event naming the entries shown."""
    goals = (
        list(
            Goal.objects.filter(case=case).prefetch_related(
                Prefetch("ratings", queryset=GoalRating.objects.order_by("rated_on", "pk"))
            )
        )
        if present.goals
        else []
    )
    chronology = list(case_chronology(case)[:CASE_PAGE_CHRONOLOGY]) if present.chronology else []
    chronology_read(case, chronology, by=by)
    flags = (
        list(SafeguardingFlag.objects.filter(case=case).select_related("kind"))
        if present.flags
        else []
    )
    views = [GoalView(goal, list(goal.ratings.all())) for goal in goals]
    return CarePage(
        interventions=(
            list(CaseIntervention.objects.filter(case=case).select_related("intervention"))
            if present.interventions
            else []
        ),
        goals=views,
        flags=flags,
        chronology=chronology,
        chronology_count=_how_many(chronology, CASE_PAGE_CHRONOLOGY, case),
        goals_change=_goals_change([g for g in views if g.goal.is_open] or views),
        open_flags=[flag for flag in flags if flag.is_open],
    )


def _how_many(chronology: list[ChronologyEntry], latest: int, case: Case) -> int:
    """How many entries the case has: counted only when the latest `latest` are all there
    could be more of (fewer shown are all of them)."""
    if len(chronology) < latest:
        return len(chronology)
    return ChronologyEntry.objects.filter(case=case).count()


def _of_case(model: Any, case: Case, code: UUID, *related: str) -> Any:
    found = model._default_manager.filter(case=case, code=code).select_related(*related).first()
    if found is None:
        raise Http404
    return found


def intervention_for_case(*, case: Case, code: UUID) -> CaseIntervention:
    found: CaseIntervention = _of_case(CaseIntervention, case, code, "intervention")
    return found


def goal_for_case(*, case: Case, code: UUID) -> Goal:
    found: Goal = _of_case(Goal, case, code)
    return found


def flag_for_case(*, case: Case, code: UUID) -> SafeguardingFlag:
    found: SafeguardingFlag = _of_case(SafeguardingFlag, case, code, "kind")
    return found


def chronology_for_case(*, case: Case, code: UUID) -> ChronologyEntry:
    found: ChronologyEntry = _of_case(ChronologyEntry, case, code)
    return found


def open_flag_kinds(case: Case) -> list[FlagKind]:
    """The kinds that may be raised now: not retired, and not already open on the case."""
    raised = SafeguardingFlag.objects.filter(case=case, closed_on__isnull=True).values("kind")
    return list(FlagKind.objects.filter(retired_on__isnull=True).exclude(pk__in=raised))


def offered_interventions() -> list[Intervention]:
    return list(Intervention.objects.filter(retired_on__isnull=True))


def catalogue(kind: str) -> list[CatalogueEntry]:
    if kind not in LISTS:
        raise Http404
    return list(LISTS[kind].objects.all())


def catalogue_entry(kind: str, code: UUID) -> CatalogueEntry:
    if kind not in LISTS:
        raise Http404
    entry = LISTS[kind].objects.filter(code=code).first()
    if entry is None:
        raise Http404
    return entry


def open_flag_exists() -> Exists:
    """For a caseload's annotation: whether the case has an open safeguarding flag."""
    return Exists(SafeguardingFlag.objects.filter(case=OuterRef("pk"), closed_on__isnull=True))
