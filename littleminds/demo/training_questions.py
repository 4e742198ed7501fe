"""The demonstration's training questionnaires: four statements on each of the clinical
team's courses, and the answers of the people who held places on past sessions: before the
course from everyone, and, from the people who attended (present or late), straight after it
(with the course feedback) and, for the sessions over three months ago, three months after,
rising as training should make them.

The statements go through the service; the answers are history, written as they stand (the
service takes answers only while each time is open, as `demo/training.py` writes past
sessions). Loading again adds nothing: the statements are looked for first.
"""

from __future__ import annotations

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


def _scores(n: int, k: int) -> tuple[int, int, int]:
    """Person n's scores on statement k before, straight after and three months after:
    2 or 3 before, one or two points up after, and most of the gain kept."""
    before = 2 + ((n + k) % 3 == 0)
    after = min(5, before + 1 + (n * k) % 2)
    later = max(before, after - (n + k) % 2)
    return before, after, later


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
    for session in sessions.order_by("first_day"):
        items = active_items(session.course)
        holders = (
            session.registrations.filter(status=Registration.Status.HELD)
            .prefetch_related("attendances")
            .order_by("place_number")
        )
        for n, registration in enumerate(holders):
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
                        Answer(answer_set=answer_set, item=item, score=_scores(n, k)[index])
                        for k, item in enumerate(items)
                    ]
                )
                made += 1
    return {"training_questionnaire_answers": made}
