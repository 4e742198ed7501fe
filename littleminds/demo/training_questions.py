"""The demonstration's training questionnaires: four statements on each of the clinical
team's courses, and the answers of the people who held places on past sessions: before the
course from everyone, and, from the people who attended (present or late), straight after it
(with the course feedback) and, for the sessions over three months ago, three months after:
each person from their own level, rising by their own amount around the course's gain (an
effect size of about 0.5 to 1.2), as training should make them.

The statements go through the service; the answers are history, written as they stand (the
service takes answers only while each time is open, as `demo/training.py` writes past
sessions). Loading again adds nothing: the statements are looked for first.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_questions import Answer, AnswerSet, QuestionnaireItem
from littleminds.training.services_questions import (
    LATER_AFTER,
    active_items,
    attended,
    item_add,
)

TRAINER = "trainer@littleminds.example"
STATEMENTS = [
    "I can tell how a baby is feeling from their behaviour",
    "I feel confident talking with parents about their baby's feelings",
    "I know when a family needs more help than I can give",
    "I know where to refer a family for parent–infant support",
]
# Course feedback given straight after, in turn by every other person.
FEEDBACK = [
    ("Watching the videos of babies and parents together", "More time to practise the words"),
    ("The case discussions in small groups", ""),
    ("", "Send the slides before the day"),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# How much each course moves people's confidence on average (points on the 1 to 5 scale),
# straight after it; a course not named here moves it by `USUAL_GAIN`.
COURSE_GAIN = {
    "Understanding babies' feelings": 0.45,
    "Babies' mental health: the essentials": 0.65,
    "Assessing the parent–infant relationship": 0.6,
    "Perinatal mental health for early-years staff": 0.5,
    "Working with dads": 0.45,
    "Family hubs package: relationships from the start": 0.55,
}
USUAL_GAIN = 0.5
SEED = 2  # the answers' seed: courses that differ, as courses do
# How far people differ from each other: where they start, how much they gain, and how
# much of the gain they keep three months on; and how far one statement's answer strays
# from the person's own level.
START, START_SPREAD = 2.7, 0.6
GAIN_SPREAD = 0.55
KEPT = (0.6, 0.95)
ITEM_SPREAD = 0.45
WAVER = 0.3


def _point(value: float) -> int:
    return max(1, min(5, round(value)))


def _scores(course: str, session: int, n: int, statements: int) -> list[tuple[int, int, int]]:
    """Person n's scores on each statement of the course before, straight after and three
    months after: each person starts at their own level and gains their own amount (the
    course's gain, more or less), keeping most of it; each answer strays a little from
    their level. Seeded by the course, the session and the person, so the same on every
    install."""
    rng = random.Random(f"{SEED}|{course}|{session}|{n}")  # noqa: S311 - demonstration data
    level = rng.gauss(START, START_SPREAD)
    gain = rng.gauss(COURSE_GAIN.get(course, USUAL_GAIN), GAIN_SPREAD)
    kept = rng.uniform(*KEPT)
    scores = []
    for _k in range(statements):
        # How this statement sits for this person (a little easier or harder than their
        # level) stays from one time to the next; each answer wavers a little besides.
        offset = level + rng.gauss(0, ITEM_SPREAD)
        scores.append(
            (
                _point(offset + rng.gauss(0, WAVER)),
                _point(offset + gain + rng.gauss(0, WAVER)),
                _point(offset + gain * kept + rng.gauss(0, WAVER)),
            )
        )
    return scores


def load() -> dict[str, int]:
    trainer = User.objects.filter(email=TRAINER).first()
    if trainer is None:
        return {"training_questionnaire_answers": 0}
    teams = trainer.teams_with(Permission.TRAINING_MANAGE)
    if not teams or QuestionnaireItem.objects.filter(course__team=teams[0]).exists():
        return {"training_questionnaire_answers": 0}
    today = timezone.localdate()
    now = timezone.now()
    for course in Course.objects.filter(team=teams[0]).order_by("pk"):
        for text in STATEMENTS:
            item_add(by=trainer, course=course, text=text)
    made = 0
    sessions = CourseSession.objects.filter(
        course__team=teams[0], cancelled_at__isnull=True, last_day__lt=today
    ).select_related("course")
    for number, session in enumerate(sessions.order_by("first_day")):
        items = active_items(session.course)
        holders = (
            session.registrations.filter(status=Registration.Status.HELD)
            .prefetch_related("attendances")
            .order_by("place_number")
        )
        for n, registration in enumerate(holders):
            scores = _scores(session.course.title, number, n, len(items))
            times = [("before", _at(session.first_day - timedelta(days=5), 19))]
            # Straight after and three months after are asked only of the people who came.
            if attended(registration):
                times.append(("after", _at(session.last_day, 16)))
                later = _at(session.last_day, 10) + LATER_AFTER + timedelta(days=2)
                if later <= now:
                    times.append(("later", later))
            for index, (when, at) in enumerate(times):
                helped, change = FEEDBACK[n % 3] if when == "after" and n % 2 == 0 else ("", "")
                answer_set = AnswerSet.objects.create(
                    registration=registration,
                    when=when,
                    answered_at=at,
                    answered_by=registration.user,
                    helped=helped,
                    change=change,
                )
                Answer.objects.bulk_create(
                    [
                        Answer(answer_set=answer_set, item=item, score=scores[k][index])
                        for k, item in enumerate(items)
                    ]
                )
                made += 1
    return {"training_questionnaire_answers": made}
