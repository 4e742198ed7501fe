"""Reads of consultation records: the team's list of its consultations, booked and duty,
for its clinicians and managers. The records name no family."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.models_records import (
    CONFIDENCE_ITEMS,
    ConsultationRecord,
    Feedback,
    FeedbackAnswers,
    GroupFeedback,
)
from littleminds.directory.models import Ring, Service

LIST_LIMIT = 200


def team_records(
    *, by: User, outcome: str = "", kind: str = "", since: date | None = None
) -> list[ConsultationRecord]:
    """The consultations recorded by the person's teams, newest first, at most 200."""
    teams: list[Team] = by.teams_with(Permission.CONSULTATIONS_OFFER)
    records: QuerySet[ConsultationRecord] = ConsultationRecord.objects.filter(
        team__in=teams
    ).select_related(
        "team",
        "organisation",
        "recorded_by",
        "signposted_to",
        "booking__practitioner",
        "booking__organisation",
    )
    if outcome:
        records = records.filter(outcome=outcome)
    if kind == "duty":
        records = records.filter(booking__isnull=True)
    elif kind == "booked":
        records = records.filter(booking__isnull=False)
    if since is not None:
        records = records.filter(held_on__gte=since)
    return list(records.order_by("-held_on", "-pk")[:LIST_LIMIT])


# How long after a consultation its feedback is asked for on "Your work".
FEEDBACK_DAYS = 90


def _due(by: User) -> QuerySet[ConsultationRecord]:
    since = timezone.localdate() - timedelta(days=FEEDBACK_DAYS)
    return (
        ConsultationRecord.objects.filter(
            booking__practitioner=by, booking__cancelled_at__isnull=True, held_on__gte=since
        )
        .exclude(Exists(Feedback.objects.filter(record=OuterRef("pk"), practitioner=by)))
        .select_related("booking__slot__clinician", "team")
    )


def feedback_due(*, by: User) -> list[ConsultationRecord]:
    """The practitioner's recorded consultations of the last 90 days not yet answered:
    exactly the rows the "Your work" counter counts (ADR 0022)."""
    return list(_due(by).order_by("-held_on", "-pk"))


# How many answered consultations the feedback page lists, the latest first.
ANSWERED_LIMIT = 50


def feedback_answered(*, by: User) -> list[Feedback]:
    """The practitioner's answers given, the latest first, for changing them."""
    return list(
        Feedback.objects.filter(practitioner=by, record__booking__practitioner=by)
        .select_related("record__booking__slot__clinician")
        .order_by("-given_at", "-pk")[:ANSWERED_LIMIT]
    )


def feedback_of(*, by: User, record: ConsultationRecord) -> Feedback | None:
    """The practitioner's own answer on the consultation, if given."""
    return Feedback.objects.filter(record=record, practitioner=by).first()


def _groups_due(by: User) -> QuerySet[GroupPlace]:
    since = timezone.now() - timedelta(days=FEEDBACK_DAYS)
    return (
        GroupPlace.objects.filter(
            practitioner=by,
            attended=True,
            left_at__isnull=True,
            session__recorded_at__isnull=False,
            session__starts_at__gte=since,
            feedback__isnull=True,
        )
        .select_related("session__series")
        .order_by("-session__starts_at", "-pk")
    )


def group_feedback_due(*, by: User) -> list[GroupPlace]:
    """The practitioner's attended group sessions of the last 90 days not yet answered."""
    return list(_groups_due(by))


def group_feedback_answered(*, by: User) -> list[GroupFeedback]:
    """The practitioner's answers on group sessions, the latest first, for changing them."""
    return list(
        GroupFeedback.objects.filter(practitioner=by, place__practitioner=by)
        .select_related("place__session__series")
        .order_by("-given_at", "-pk")[:ANSWERED_LIMIT]
    )


def feedback_due_count(*, by: User) -> int:
    """Consultations and group sessions waiting for the practitioner's feedback."""
    return _due(by).count() + _groups_due(by).count()


def place_for_feedback(*, by: User, code: UUID) -> GroupPlace:
    """The practitioner's attended place at a recorded session; 404 for anyone else."""
    found = (
        GroupPlace.objects.select_related("session__series__team")
        .filter(
            session__code=code,
            practitioner=by,
            attended=True,
            left_at__isnull=True,
            session__recorded_at__isnull=False,
        )
        .first()
    )
    if found is None or not by.has_perm(Permission.CONSULTATIONS_BOOK):
        raise Http404
    return found


def record_for_feedback(*, by: User, code: UUID) -> ConsultationRecord:
    """A record its practitioner may answer; 404 for anyone else."""
    found = (
        ConsultationRecord.objects.select_related("booking__slot__clinician", "team")
        .filter(code=code, booking__practitioner=by)
        .first()
    )
    if found is None or not by.has_perm(Permission.CONSULTATIONS_BOOK):
        raise Http404
    return found


@dataclass(frozen=True)
class Change:
    """Confidence after minus before on one item: the mean and its spread (the standard
    deviation), over the answers."""

    item: str
    mean: float
    spread: float


@dataclass(frozen=True)
class Summary:
    name: str
    count: int
    usefulness: float | None
    changes: list[Change]


@dataclass(frozen=True)
class TeamFeedback:
    overall: Summary
    by_organisation: list[Summary]
    by_ring: list[Summary]
    comments: list[FeedbackAnswers]


def organisation_rings() -> dict[int, str]:
    """Each organisation's ring on the system map: the ring most of its directory services
    sit on (the innermost of a tie)."""
    order = list(Ring.values)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for organisation, ring in Service.objects.values_list("organisation_id", "ring"):
        counts[organisation][ring] += 1
    return {
        organisation: min(rings, key=lambda ring: (-rings[ring], order.index(ring)))
        for organisation, rings in counts.items()
        if rings
    }


def _summary(name: str, answers: Sequence[FeedbackAnswers]) -> Summary:
    """Counts, mean usefulness and the change in confidence with its spread, over answers
    on consultations, on group sessions, or both."""
    changes = []
    for item, words in CONFIDENCE_ITEMS.items():
        moved = [
            getattr(given, f"{item}_after") - getattr(given, f"{item}_before") for given in answers
        ]
        if moved:
            changes.append(
                Change(
                    str(words),
                    round(statistics.fmean(moved), 2),
                    round(statistics.pstdev(moved), 2),
                )
            )
    return Summary(
        name=name,
        count=len(answers),
        usefulness=round(statistics.fmean(g.usefulness for g in answers), 2) if answers else None,
        changes=changes,
    )


# The kinds of feedback the team's page shows: all, consultations or group sessions.
FEEDBACK_KINDS = ("consultations", "groups")


def team_feedback(*, by: User, since: date | None = None, kind: str = "") -> TeamFeedback:
    """The feedback on the person's teams' consultations and group sessions (or one kind),
    summarised overall, by the practitioner's organisation and by its ring; the free text,
    newest first."""
    teams: list[Team] = by.teams_with(Permission.CONSULTATIONS_OFFER)
    found: list[tuple[FeedbackAnswers, Organisation | None]] = []
    if kind != "groups":
        answers = Feedback.objects.filter(record__team__in=teams).select_related(
            "record__booking__organisation"
        )
        if since is not None:
            answers = answers.filter(record__held_on__gte=since)
        found += [
            (given, given.record.booking.organisation if given.record.booking else None)
            for given in answers
        ]
    if kind != "consultations":
        on_groups = GroupFeedback.objects.filter(
            place__session__series__team__in=teams
        ).select_related("place__organisation")
        if since is not None:
            on_groups = on_groups.filter(
                place__session__starts_at__gte=timezone.make_aware(
                    datetime.combine(since, time.min)
                )
            )
        found += [(given, given.place.organisation) for given in on_groups]
    found.sort(key=lambda pair: (pair[0].given_at, pair[0].pk), reverse=True)
    rings = organisation_rings()
    by_organisation: dict[str, list[FeedbackAnswers]] = defaultdict(list)
    by_ring: dict[str, list[FeedbackAnswers]] = defaultdict(list)
    none = str(_("No organisation"))
    off_map = str(_("Not on the system map"))
    for given, organisation in found:
        by_organisation[organisation.name if organisation else none].append(given)
        ring = rings.get(organisation.pk) if organisation else None
        by_ring[str(Ring(ring).label) if ring else off_map].append(given)
    ring_order = [str(label) for label in Ring.labels] + [off_map]
    return TeamFeedback(
        overall=_summary(str(_("All")), [given for given, _org in found]),
        by_organisation=[_summary(n, a) for n, a in sorted(by_organisation.items())],
        by_ring=[
            _summary(n, a) for n, a in sorted(by_ring.items(), key=lambda e: ring_order.index(e[0]))
        ],
        comments=[given for given, _org in found if given.comments],
    )
