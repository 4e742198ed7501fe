"""The demonstration's training questionnaires: statements on the team's courses, answers
at all three times that show change, course feedback; loaded once."""

from __future__ import annotations

import pytest

from littleminds.accounts.models import User
from littleminds.demo import data, training_questions
from littleminds.training.models import Course
from littleminds.training.models_questions import Answer, AnswerSet, QuestionnaireItem
from littleminds.training.selectors_questions import course_summary

pytestmark = pytest.mark.django_db


def test_answers_at_all_three_times_show_change_and_feedback() -> None:
    loaded = data.load()

    assert loaded["training_questionnaire_answers"] == AnswerSet.objects.count() > 0
    assert set(AnswerSet.objects.values_list("when", flat=True)) == {"before", "after", "later"}
    assert AnswerSet.objects.exclude(helped="").filter(when="after").exists()
    # Every answer set answers each of its course's four statements.
    assert Answer.objects.count() == 4 * AnswerSet.objects.count()
    core = Course.objects.get(title="Babies' mental health: the essentials")
    trainer = User.objects.get(email=training_questions.TRAINER)
    summary = course_summary(by=trainer, course=core)
    overall = summary.rows[0]
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
