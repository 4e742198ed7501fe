"""The figures part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_figures

urlpatterns: list[URLPattern] = [
    path("figures/", views_figures.figures, name="figures"),
    path("figures/figures.csv", views_figures.figures_csv, name="figures-csv"),
]
