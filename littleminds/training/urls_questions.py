"""The addresses of training questionnaires, included by `urls.py` in the `training`
namespace."""

from __future__ import annotations

from django.urls import path

from littleminds.training import views_questions

urlpatterns = [
    path(
        "manage/courses/<uuid:code>/questionnaire/",
        views_questions.course_questionnaire,
        name="course-questionnaire",
    ),
    path(
        "manage/courses/<uuid:code>/questionnaire/summary/",
        views_questions.questionnaire_summary,
        name="questionnaire-summary",
    ),
    path(
        "places/<uuid:code>/questionnaire/",
        views_questions.place_questionnaire,
        name="place-questionnaire",
    ),
    path(
        "questionnaire/<str:key>/",
        views_questions.public_questionnaire,
        name="public-questionnaire",
    ),
]
