"""The reach report (`views_report.py`), under /community/reach/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views_report

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_report.reach, name="reach"),
    path("community-reach.csv", views_report.reach_csv, name="reach-csv"),
    path("community-reach.xlsx", views_report.reach_xlsx, name="reach-xlsx"),
]
