"""The exchange part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_exchange_export

urlpatterns: list[URLPattern] = [
    path("exchange/codebook.qdc", views_exchange_export.codebook_qdc, name="exchange-codebook-qdc"),
    path("exchange/project.qdpx", views_exchange_export.project_qdpx, name="exchange-project-qdpx"),
]
