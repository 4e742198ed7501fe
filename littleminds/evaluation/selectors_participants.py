"""Reads of the participants part: a study's participants with their time points, the names
pseudonymisation looks for (its lead researchers only), the study's researchers, and Table 1.

Every function takes a study already fetched through `study_for_researcher` (or, for
Table 1, `study_for_overview`), so nobody reaches these rows without passing that check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from littleminds.accounts.models import Organisation, User
from littleminds.accounts.roles import Role
from littleminds.directory.models import Ring, Service
from littleminds.evaluation.models import (
    ListedName,
    Participant,
    Participation,
    Segment,
    Study,
    StudyResearcher,
    TimePoint,
)
from littleminds.evaluation.selectors import analysable_codings, live_transcripts, withdrawn_spans

# The rings from the centre of the map outwards, as insights reads them: an organisation
# with services on several rings is on the innermost.
RING_ORDER = (Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS)


def participants_of(study: Study) -> QuerySet[Participant]:
    """The study's participants with their organisation and time points: three queries
    however many there are."""
    return (
        Participant.objects.filter(study=study)
        .select_related("organisation", "withdrawn_by")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("time_point").order_by(
                    "time_point__position"
                ),
            )
        )
        .order_by("label")
    )


def participant_of(study: Study, code: UUID | str) -> Participant:
    found = participants_of(study).filter(code=code).first()
    if found is None:
        raise Http404
    return found


def time_points_of(study: Study) -> list[TimePoint]:
    return list(study.time_points.order_by("position"))


def listed_names_of(study: Study) -> QuerySet[ListedName]:
    """The study's listed names. They hold real names: only the lead's page reads them."""
    return ListedName.objects.filter(study=study).select_related("participant")


def listed_name_of(study: Study, code: UUID | str) -> ListedName:
    found = listed_names_of(study).filter(code=code).first()
    if found is None:
        raise Http404
    return found


def researcher_of(study: Study, code: UUID | str) -> StudyResearcher:
    """One of the study's researchers, by their user's code."""
    found = StudyResearcher.objects.filter(study=study, user__code=code).select_related("user")
    member = found.first()
    if member is None:
        raise Http404
    return member


def researcher_by_email(email: str) -> User | None:
    """The active person holding the researcher role with that e-mail address, or None."""
    for user in User.objects.filter(email__iexact=email.strip(), is_active=True):
        if user.has_role(Role.RESEARCHER):
            return user
    return None


def organisation_named(typed: str) -> Organisation | None:
    """The organisation with that name in any case (spaces as typed don't matter)."""
    name = " ".join(typed.split())
    return Organisation.objects.filter(name__iexact=name).first() if name else None


def organisation_names(limit: int = 2000) -> list[str]:
    """Names for the browser's suggestions as one types. Typing works without them."""
    return list(Organisation.objects.order_by("name").values_list("name", flat=True)[:limit])


def ring_of(organisation: Organisation | None) -> str:
    """The organisation's ring on the directory's map: the innermost ring of the services it
    runs; blank for none, or for an organisation with no services in the directory."""
    if organisation is None:
        return ""
    rings = set(
        Service.objects.filter(organisation=organisation)
        .order_by()
        .values_list("ring", flat=True)
        .distinct()
    )
    for ring in RING_ORDER:
        if ring in rings:
            return ring
    return ""


@dataclass(frozen=True)
class InAnalysis:
    """What of a study the analysis reads: its segments and its codings."""

    segments: int
    codings: frozenset[int]


def in_analysis(study: Study) -> InAnalysis:
    """The segments and codings the analysis reads now (see `selectors`' note on
    withdrawal): what withdrawal takes away is the difference before and after."""
    live = list(live_transcripts(study).values_list("pk", flat=True))
    spans = withdrawn_spans(live)
    segments = Segment.objects.filter(transcript__in=live).count() - sum(
        len(held) for held in spans.values()
    )
    return InAnalysis(segments, frozenset(coding.pk for coding in analysable_codings(study)))


# Table 1 ----------------------------------------------------------------------------------


@dataclass
class TableRow:
    number: int
    label: str
    # One cell a time point: a count, or None where the group had nobody then ("n/a").
    cells: list[int | None]


@dataclass
class Table1:
    time_points: list[TimePoint]
    by_group: list[TableRow]
    group_totals: list[int]
    by_method: list[TableRow]
    method_totals: list[int]
    withdrawn: int
    counted: int
    notes: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.by_group


def table1(study: Study) -> Table1:
    """Participants by group (rows, in the groups' order, only groups with someone) and time
    point (columns), and by method at each time point. Withdrawn participants are left out,
    as from the rest of the analysis, and counted apart. A person who took part at both
    time points counts in both columns. Two queries."""
    points = time_points_of(study)
    position = {point.pk: index for index, point in enumerate(points)}
    groups: dict[str, list[int]] = defaultdict(lambda: [0] * len(points))
    methods: dict[str, list[int]] = defaultdict(lambda: [0] * len(points))
    counted: set[int] = set()
    for participant_id, group, time_point_id, method in Participation.objects.filter(
        participant__study=study, participant__withdrawn_at__isnull=True
    ).values_list("participant_id", "participant__group", "time_point_id", "method"):
        groups[group][position[time_point_id]] += 1
        methods[method][position[time_point_id]] += 1
        counted.add(participant_id)
    withdrawn = Participant.objects.filter(study=study, withdrawn_at__isnull=False).count()
    by_group = [
        TableRow(number, str(label), [count or None for count in groups[value]])
        for number, (value, label) in enumerate(
            ((value, label) for value, label in Participant.Group.choices if value in groups),
            start=1,
        )
    ]
    by_method = [
        TableRow(number, str(label), list(methods[value]))
        for number, (value, label) in enumerate(Participation.Method.choices, start=1)
    ]
    return Table1(
        time_points=points,
        by_group=by_group,
        group_totals=[sum(row.cells[i] or 0 for row in by_group) for i in range(len(points))],
        by_method=by_method,
        method_totals=[sum(row.cells[i] or 0 for row in by_method) for i in range(len(points))],
        withdrawn=withdrawn,
        counted=len(counted),
    )
