"""The demonstration's training questionnaires: statements on the team's courses, answers
at all three times that show change, course feedback; loaded once."""

from __future__ import annotations

import pytest

from littleminds.accounts.models import User
from littleminds.demo import data, training_questions
from littleminds.training.models import Course
from littleminds.training.models_attendance import Attendance
from littleminds.training.models_questions import Answer, AnswerSet, QuestionnaireItem
from littleminds.training.selectors_questions import course_summary

pytestmark = pytest.mark.django_db


def test_answers_at_all_three_times_show_change_and_feedback() -> None:
    loaded = data.load()

    assert loaded["training_questionnaire_answers"] == AnswerSet.objects.count() == 77
    counts = {w: AnswerSet.objects.filter(when=w).count() for w in ("before", "after", "later")}
    assert counts == {"before": 42, "after": 30, "later": 5}
    # Straight after and three months after, only the people who came answered: Ioana Pop,
    # excused at every part, answered before the course only.
    came = Attendance.objects.filter(mark__in=Attendance.ATTENDED).values("registration")
    assert not AnswerSet.objects.exclude(when="before").exclude(registration__in=came).exists()
    assert set(
        AnswerSet.objects.filter(registration__name="Ioana Pop").values_list("when", flat=True)
    ) == {"before"}
    assert AnswerSet.objects.exclude(helped="").filter(when="after").exists()
    # Every answer set answers each of its course's four statements.
    assert Answer.objects.count() == 4 * AnswerSet.objects.count()
    core = Course.objects.get(title="Babies' mental health: the essentials")
    trainer = User.objects.get(email=training_questions.TRAINER)
    summary = course_summary(by=trainer, course=core)
    overall = summary.rows[0]
    # The demo's practitioners and two students, on two sessions of the course.
    assert (summary.places, summary.people) == (14, 7)
    assert (overall.to_after.pairs, overall.to_later.pairs) == (10, 5)
    assert overall.to_after.enough
    assert overall.to_later.enough
    assert overall.to_after.mean_change is not None
    assert overall.to_after.mean_change > 0.5
    assert overall.to_later.mean_change is not None
    assert overall.to_later.mean_change > 0
    assert summary.feedback


def test_loading_again_adds_nothing() -> None:
    data.load()
    counts = (QuestionnaireItem.objects.count(), AnswerSet.objects.count())

    assert training_questions.load() == {"training_questionnaire_answers": 0}
    assert (QuestionnaireItem.objects.count(), AnswerSet.objects.count()) == counts


def test_confidence_varies_by_person_and_course_with_a_realistic_effect() -> None:
    """Not every person the same: each course has its own means, and the effect straight
    after a course is the size training has (a Cohen's d around 0.5 to 1.2), not the 5
    that identical answers from everyone made."""
    from littleminds.training.confidence import mean, paired_change
    from littleminds.training.models import Registration
    from littleminds.training.selectors_reports import change_from_before, person_means

    data.load()
    means, tier_of = person_means(Registration.objects.all())
    before, after, _moved = change_from_before(means, sorted(tier_of), "after")
    moved = paired_change(before, after)
    assert moved.d_z is not None
    assert 0.4 <= moved.d_z <= 1.6
    assert 0.3 <= (moved.mean_change or 0) <= 1.2
    by_course = {
        title: mean(
            [
                float(a.score)
                for a in Answer.objects.filter(
                    answer_set__when="before",
                    answer_set__registration__session__course__title=title,
                )
            ]
        )
        for title in Course.objects.filter(questionnaire_items__isnull=False)
        .values_list("title", flat=True)
        .distinct()
    }
    assert len(set(by_course.values())) > 1
