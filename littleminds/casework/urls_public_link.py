"""The family's questionnaire by link, public, under /questionnaire/ (views_link.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.casework import views_link

app_name = "questionnaire"

urlpatterns = [
    path("<str:key>/", views_link.questionnaire, name="answer"),
]
