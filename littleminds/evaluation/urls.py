"""The workbench's addresses, under /evaluation/. Each part of the work keeps its own
addresses in its own module, included here under the study's address."""

from __future__ import annotations

from django.urls import include, path

from littleminds.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.study_new, name="study-new"),
    path("<uuid:code>/", views.study, name="study"),
    path("<uuid:code>/", include("littleminds.evaluation.urls_participants")),
    path("<uuid:code>/", include("littleminds.evaluation.urls_transcripts")),
    path("<uuid:code>/", include("littleminds.evaluation.urls_coding")),
    path("<uuid:code>/", include("littleminds.evaluation.urls_analysis")),
    path("<uuid:code>/", include("littleminds.evaluation.urls_exchange")),
    path("<uuid:code>/", include("littleminds.evaluation.urls_figures")),
]
