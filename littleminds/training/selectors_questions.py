"""Reads of training questionnaires: whose course's items a person may set, which
questionnaires a person has to answer, and a course's summary of change and feedback (for
the people who run it; reading it is audited)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.training import confidence
from littleminds.training.models import Course, Registration
from littleminds.training.models_attendance import Attendance
from littleminds.training.models_questions import (
    Answer,
    AnswerSet,
    QuestionnaireItem,
    When,
)
from littleminds.training.services_questions import AFTER_TIMES, items_locked, open_time


def _runs(user: User) -> Q:
    """Courses `user` runs: those of a team whose training they manage, and those they
    train a session of."""
    return Q(team__in=user.teams_with(Permission.TRAINING_MANAGE)) | Q(sessions__trainers=user)


def run_course(user: User, code: Any) -> Course:
    course = (
        Course.objects.filter(_runs(user), code=code)
        .select_related("team", "provider")
        .distinct()
        .first()
    )
    if course is None:
        raise Http404
    return course


@dataclass(frozen=True)
class Items:
    course: Course
    items: list[QuestionnaireItem]
    locked: bool

    @property
    def active(self) -> list[QuestionnaireItem]:
        return [item for item in self.items if not item.is_retired]


def course_items(course: Course) -> Items:
    return Items(
        course=course,
        items=list(
            course.questionnaire_items.order_by(
                F("retired_at").asc(nulls_first=True), "position", "pk"
            )
        ),
        locked=items_locked(course),
    )


def course_item(course: Course, code: str) -> QuestionnaireItem:
    """A statement of the course, by the code a form sent; anything else is not found."""
    try:
        uuid.UUID(code)
    except ValueError:
        raise Http404 from None
    item = course.questionnaire_items.filter(code=code).first()
    if item is None:
        raise Http404
    return item


@dataclass(frozen=True)
class Due:
    registration: Registration
    when: str

    @property
    def when_label(self) -> str:
        return str(When(self.when).label)


def due_for(user: User, now: datetime | None = None) -> list[Due]:
    """The questionnaires the person may answer now and has not: for "Your training"."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(
            user=user,
            status=Registration.Status.HELD,
            session__cancelled_at__isnull=True,
            session__course__questionnaire_items__isnull=False,
            session__course__questionnaire_items__retired_at__isnull=True,
        )
        .distinct()
        .select_related("session__course")
        .prefetch_related("session__parts", "answer_sets", "attendances")
        .order_by("session__first_day", "pk")
    )
    due = []
    for registration in registrations:
        when = open_time(registration, now)
        if when and all(a.when != when for a in registration.answer_sets.all()):
            due.append(Due(registration, when))
    return due


# The course summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimeFigures:
    answered: int
    mean: float | None


@dataclass(frozen=True)
class SummaryRow:
    label: str
    retired: bool
    times: list[TimeFigures]
    to_after: confidence.Change
    to_later: confidence.Change


@dataclass(frozen=True)
class Feedback:
    helped: str
    change: str


@dataclass(frozen=True)
class PersonRow:
    """One place's answers: the person's mean score over the statements at each time (None:
    not answered), and their change from before. A person on two sessions of the course has
    a row for each, told apart by the session's first day."""

    name: str
    first_day: date
    means: list[float | None]

    @property
    def to_after(self) -> float | None:
        before, after, _later = self.means
        return None if before is None or after is None else after - before

    @property
    def to_later(self) -> float | None:
        before, _after, later = self.means
        return None if before is None or later is None else later - before


@dataclass(frozen=True)
class Summary:
    course: Course
    rows: list[SummaryRow]
    feedback: list[Feedback] = field(default_factory=list)
    # Places with answers counted (a person on two sessions has two), and the people who
    # hold them (a signed-in person by their account, anyone else by their e-mail address).
    places: int = 0
    people: int = 0
    persons: list[PersonRow] = field(default_factory=list)

    @property
    def times(self) -> list[str]:
        return [str(label) for label in When.labels]


def _row(label: str, retired: bool, scores: dict[str, dict[int, float]]) -> SummaryRow:
    """`scores[time][registration] = score`: the figures at each time and the paired
    change from before."""
    times = [
        TimeFigures(len(scores[w]), confidence.mean(list(scores[w].values()))) for w in When.values
    ]

    def change(to: str) -> confidence.Change:
        both = sorted(set(scores["before"]) & set(scores[to]))
        return confidence.paired_change(
            [scores["before"][r] for r in both], [scores[to][r] for r in both]
        )

    return SummaryRow(label, retired, times, change("after"), change("later"))


def course_summary(*, by: User, course: Course) -> Summary:
    """Each item's answers at the three times, and the person's mean over the items, with
    the change from before; and the course feedback. Audited: it shows what people wrote."""
    items = list(course.questionnaire_items.order_by("retired_at", "position", "pk"))
    per_item: dict[int, dict[str, dict[int, float]]] = {
        item.pk: {w: {} for w in When.values} for item in items
    }
    # Straight after and three months after count only for the places whose holder attended
    # (present or late at one part at least); before counts for everyone who answered.
    came = Attendance.objects.filter(
        registration__session__course=course, mark__in=Attendance.ATTENDED
    ).values("registration_id")
    answers = (
        Answer.objects.filter(item__course=course)
        .exclude(Q(answer_set__when__in=AFTER_TIMES) & ~Q(answer_set__registration_id__in=came))
        .values_list("item_id", "answer_set__when", "answer_set__registration_id", "score")
    )
    per_person: dict[str, dict[int, list[int]]] = {w: {} for w in When.values}
    for item_id, when, registration_id, score in answers:
        per_item[item_id][when][registration_id] = score
        per_person[when].setdefault(registration_id, []).append(score)
    person_means = {
        w: {r: sum(s) / len(s) for r, s in people.items()} for w, people in per_person.items()
    }
    from django.utils.translation import gettext as _

    rows = [_row(_("All statements: each person's mean score"), False, person_means)]
    rows += [_row(item.text, item.is_retired, per_item[item.pk]) for item in items]
    feedback = [
        Feedback(helped=helped, change=change)
        for helped, change in AnswerSet.objects.filter(
            registration__session__course=course, when=When.AFTER, registration_id__in=came
        )
        .exclude(helped="", change="")
        .order_by("answered_at", "pk")
        .values_list("helped", "change")
    ]
    audit_record(
        by=by,
        action="training.questionnaire_summary_viewed",
        target=course,
        team=course.team,
    )
    answered = set().union(*(set(p) for p in per_person.values()))
    places = {
        r.pk: r
        for r in Registration.objects.filter(pk__in=answered).select_related("user", "session")
    }
    persons = sorted(
        (
            PersonRow(
                name=places[pk].person_name,
                first_day=places[pk].session.first_day,
                means=[person_means[w].get(pk) for w in When.values],
            )
            for pk in answered
        ),
        key=lambda row: (row.name.casefold(), row.first_day),
    )
    people = {
        ("user", r.user_id) if r.user_id else ("email", r.email.casefold()) for r in places.values()
    }
    return Summary(
        course=course,
        rows=rows,
        feedback=feedback,
        places=len(answered),
        people=len(people),
        persons=persons,
    )
