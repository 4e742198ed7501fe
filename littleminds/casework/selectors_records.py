"""Reads of a case's outcome measures and tasks: the case page's section (two queries,
whatever the history), the caseloads' columns (annotations, not a query a row), and the
counts of "Your work". The case itself is read through `selectors.case_for_team`, which
audits the read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.casework.models import Case
from littleminds.casework.models_records import MEASURE_DUE_DAYS, Administration, Task
from littleminds.casework.sections import EVERY_SECTION, CaseSections
from littleminds.measures.charts import Chart, chart
from littleminds.measures.definitions import Measure, measure_of
from littleminds.measures.scoring import Change, NoReliableChange, change

# What each of this part's events is called in a case's history.
RECORDS_EVENT_LABELS = {
    "measure_recorded": gettext_lazy("Measure recorded"),
    "measure_replaced": gettext_lazy("Measure corrected (the earlier one replaced)"),
    "measure_by_family": gettext_lazy("Measure filled in by the family through a link"),
    "questionnaire_link_made": gettext_lazy("Questionnaire link made for the family"),
    "questionnaire_link_withdrawn": gettext_lazy("Questionnaire link withdrawn"),
    "risk_task_opened": gettext_lazy("Risk task opened for the lead clinician"),
    "task_added": gettext_lazy("Task added"),
    "task_done": gettext_lazy("Task done"),
}

# A risk task open this many working days is shown to the team's managers.
ESCALATION_WORKING_DAYS = 2


def working_days_before(at: datetime, days: int) -> datetime:
    """The same time of day `days` working days (Monday to Friday) before `at`. Bank
    holidays are not counted out: the team's managers see a risk a day early at worst."""
    moment = at
    while days:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def escalation_cut_off(now: datetime | None = None) -> datetime:
    return working_days_before(timezone.localtime(now or timezone.now()), ESCALATION_WORKING_DAYS)


def _total(measure: Measure, total: float) -> float | int:
    """A stored total as scoring takes it back: whole where the measure's totals are."""
    return int(total) if measure.whole_totals else total


def current_administrations() -> QuerySet[Administration]:
    """The administrations that count: none replaced by a later correction."""
    return Administration.objects.filter(replaced_by__isnull=True)


def _due_administrations(today: date) -> QuerySet[Administration]:
    """Each case's latest current administration of a measure, when it is 12 weeks old or
    more (so the measure is due again)."""
    later = current_administrations().filter(
        case=OuterRef("case"), measure=OuterRef("measure"), on__gt=OuterRef("on")
    )
    return (
        current_administrations()
        .filter(on__lte=today - timedelta(days=MEASURE_DUE_DAYS), case__status=Case.Status.OPEN)
        .exclude(Exists(later))
    )


def count_of(queryset: QuerySet[Any], by: str = "case") -> Coalesce:
    """How many rows of `queryset` (filtered on `OuterRef`), as an annotation: 0 for none."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def records_annotations(now: datetime) -> dict[str, Any]:
    """The caseloads' columns: open risk tasks, those open 2 working days, overdue tasks,
    and measures due, as annotations of each case."""
    today = timezone.localdate(now)
    open_tasks = Task.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
    return {
        "risk_tasks": count_of(open_tasks.filter(kind=Task.Kind.RISK)),
        "risk_escalated": count_of(
            open_tasks.filter(kind=Task.Kind.RISK, created_at__lte=escalation_cut_off(now))
        ),
        "overdue_tasks": count_of(open_tasks.filter(due_on__lt=today)),
        "measures_due": count_of(_due_administrations(today).filter(case=OuterRef("pk"))),
    }


@dataclass(frozen=True)
class MeasureOnCase:
    measure: Measure
    # Oldest first; only the ones that count.
    administrations: list[Administration]
    chart: Chart
    change: Change | None
    due_on: date | None
    is_due: bool

    @property
    def first(self) -> Administration:
        return self.administrations[0]

    @property
    def latest(self) -> Administration:
        return self.administrations[-1]


@dataclass(frozen=True)
class RecordsSection:
    measures: list[MeasureOnCase]
    # Every administration, the replaced ones too, newest first.
    history: list[Administration]
    open_tasks: list[Task]
    done_tasks: list[Task]
    today: date
    risk_tasks: list[Task] = field(default_factory=list)

    @property
    def measures_due(self) -> list[MeasureOnCase]:
        return [m for m in self.measures if m.is_due]

    @property
    def overdue_tasks(self) -> list[Task]:
        return [t for t in self.open_tasks if t.due_on < self.today]


def records_section(
    case: Case, *, by: User, present: CaseSections = EVERY_SECTION
) -> RecordsSection:
    """The measures and tasks of a case already opened by `by`: two queries (none for what
    `present` says the case has none of)."""
    today = timezone.localdate()
    # Who recorded each is all the page says of people (by name); whether one is replaced
    # is worked out from the others' `replaces`, not by joining each to its replacement.
    everything = (
        list(
            case.administrations.select_related("recorded_by", "questionnaire_link").only(
                *(f.name for f in Administration._meta.concrete_fields),
                "recorded_by__full_name",
                "questionnaire_link__id",
            )
        )
        if present.administrations
        else []
    )
    replaced = {a.replaces_id for a in everything if a.replaces_id is not None}
    by_measure: dict[str, list[Administration]] = {}
    for administration in everything:
        if administration.pk not in replaced:
            by_measure.setdefault(administration.measure, []).append(administration)
    measures = []
    for code, counted in by_measure.items():
        definition = measure_of(code)
        counted.sort(key=lambda a: (a.on, a.recorded_at, a.pk))
        moved: Change | None = None
        if len(counted) > 1:
            try:
                moved = change(
                    code,
                    _total(definition, counted[0].total),
                    _total(definition, counted[-1].total),
                )
            except NoReliableChange:
                moved = None
        due_on = counted[-1].on + timedelta(days=MEASURE_DUE_DAYS) if case.is_open else None
        measures.append(
            MeasureOnCase(
                measure=definition,
                administrations=counted,
                chart=chart(
                    definition, [(a.on, a.total) for a in counted], ident=f"measure-{code}"
                ),
                change=moved,
                due_on=due_on,
                is_due=due_on is not None and due_on <= today,
            )
        )
    measures.sort(key=lambda m: m.measure.name)
    tasks = list(case.tasks.select_related("assigned_to", "done_by")) if present.tasks else []
    open_tasks = [t for t in tasks if not t.is_done]
    return RecordsSection(
        measures=measures,
        history=sorted(everything, key=lambda a: (a.on, a.recorded_at, a.pk), reverse=True),
        open_tasks=open_tasks,
        done_tasks=sorted(
            (t for t in tasks if t.is_done), key=lambda t: t.done_at or today, reverse=True
        ),
        today=today,
        risk_tasks=[t for t in open_tasks if t.kind == Task.Kind.RISK],
    )


def administration_for_case(*, case: Case, code: Any) -> Administration:
    from django.http import Http404

    found = case.administrations.filter(code=code).select_related("replaced_by").first()
    if found is None:
        raise Http404
    return found


def task_for_case(*, case: Case, code: Any) -> Task:
    from django.http import Http404

    found = case.tasks.filter(code=code).select_related("assigned_to").first()
    if found is None:
        raise Http404
    return found


def risk_task_of(administration: Administration) -> Task | None:
    """The risk task that `administration` opened (a risk item above zero), with the person
    it is for; None when it opened none."""
    return (
        administration.tasks.filter(kind=Task.Kind.RISK)
        .select_related("assigned_to")
        .order_by("pk")
        .first()
    )


def task_url(task: Task) -> str:
    """The task on its case page (behind sign-in)."""
    return reverse("casework:case", kwargs={"code": task.case.code}) + f"#{task.anchor}"


# Caseload summaries ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadChange:
    improvement: int
    no_change: int
    deterioration: int
    recovery: int


@dataclass(frozen=True)
class MeasureEnds:
    """One case's first and latest current administration of one measure."""

    first: float
    last: float
    count: int
    last_on: date


def measure_ends(administrations: QuerySet[Administration]) -> dict[tuple[int, str], MeasureEnds]:
    """For each (case, measure) among `administrations` (current ones: none replaced): the
    first total, the latest, how many there were and the latest's day. One query."""
    rows = administrations.order_by("case_id", "measure", "on", "recorded_at", "pk").values_list(
        "case_id", "measure", "total", "on"
    )
    ends: dict[tuple[int, str], MeasureEnds] = {}
    for case_id, code, total, on in rows:
        held = ends.get((case_id, code))
        ends[(case_id, code)] = MeasureEnds(
            first=total if held is None else held.first,
            last=total,
            count=1 if held is None else held.count + 1,
            last_on=on,
        )
    return ends


def reliable_change(code: str, ends: MeasureEnds) -> Change | None:
    """The reliable change from the first total to the latest (`measures.scoring.change`),
    or None with a single administration or a measure with no reliable change index."""
    if ends.count < 2:
        return None
    try:
        definition = measure_of(code)
        return change(code, _total(definition, ends.first), _total(definition, ends.last))
    except NoReliableChange:
        return None


def caseload_change(cases: QuerySet[Case]) -> dict[str, CaseloadChange]:
    """For each measure, over the cases: how many changed reliably for the better, not
    reliably, for the worse, and recovered, from their first administration to their latest.
    One query for the whole caseload."""
    ends = measure_ends(current_administrations().filter(case__in=cases.order_by().values("pk")))
    sums: dict[str, list[int]] = {}
    for (_case, code), pair in ends.items():
        moved = reliable_change(code, pair)
        if moved is None:
            continue
        tally = sums.setdefault(code, [0, 0, 0, 0])
        tally[
            ["reliable improvement", "no reliable change", "reliable deterioration"].index(
                moved.classification.value
            )
        ] += 1
        tally[3] += int(bool(moved.recovered))
    return {measure_of(code).name: CaseloadChange(*tally) for code, tally in sorted(sums.items())}


# Your work ---------------------------------------------------------------------------------


def _managed_teams(user: User) -> list[int]:
    return [
        a.team_id
        for a in user.role_assignments()
        if a.role == Role.SERVICE_MANAGER and a.team_id is not None
    ]


def tasks_due(user: User) -> QuerySet[Task]:
    """The open tasks given to `user` that are due today or overdue."""
    return Task.objects.filter(
        assigned_to=user, done_at__isnull=True, due_on__lte=timezone.localdate()
    )


def cases_with_measures_due() -> QuerySet[Administration, Any]:
    """The open cases with a measure due (as `case` values, for `case__in`/`pk__in`)."""
    return _due_administrations(timezone.localdate()).values("case")


def manages_a_team(user: User) -> bool:
    return bool(_managed_teams(user))


def escalated_risk_tasks(user: User) -> QuerySet[Task]:
    """Risk tasks open 2 working days or more in the teams `user` manages."""
    return Task.objects.filter(
        case__team__in=_managed_teams(user),
        kind=Task.Kind.RISK,
        done_at__isnull=True,
        created_at__lte=escalation_cut_off(),
    )


def is_clinician(user: User) -> bool:
    return any(a.role == Role.CLINICIAN for a in user.role_assignments())


@dataclass(frozen=True)
class HistoryLine:
    administration: Administration
    day: str
    words: str
    # A later administration corrects it: it no longer counts.
    replaced: bool


def history_lines(history: list[Administration]) -> list[HistoryLine]:
    """Each administration of the case's history in words, made here rather than by the
    template (a case may have dozens): each sentence looked up in the translations once."""
    from django.template.defaultfilters import floatformat
    from django.utils import formats
    from django.utils.translation import gettext

    sentence = gettext("%(day)s: total %(total)s, recorded by %(who)s")
    replaced = {a.replaces_id for a in history if a.replaces_id is not None}
    lines = []
    for administration in history:
        day = formats.date_format(administration.on, "j F Y")
        lines.append(
            HistoryLine(
                administration,
                day,
                sentence
                % {
                    "day": day,
                    "total": floatformat(administration.total, "-2"),
                    "who": administration.recorded_by.full_name,
                },
                administration.pk in replaced,
            )
        )
    return lines


def records_context(
    case: Case, *, by: User, present: CaseSections = EVERY_SECTION
) -> dict[str, Any]:
    """The case page's context for its summary lines, measures and tasks (not reading what
    `present` says the case has none of)."""
    from littleminds.casework.selectors_link import links_for_case
    from littleminds.measures.definitions import MEASURES

    section = records_section(case, by=by, present=present)
    return {
        "records": section,
        "history_lines": history_lines(section.history),
        "links": links_for_case(case) if present.links else [],
        # Goal-based outcomes are recorded with the case's goals, not here.
        "measure_choices": [m for m in MEASURES.values() if m.code != "gbo"],
    }
