"""The exchange part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_exchange, views_exchange_export

urlpatterns: list[URLPattern] = [
    # Export (REFI-QDA files for other tools).
    path("exchange/codebook.qdc", views_exchange_export.codebook_qdc, name="exchange-codebook-qdc"),
    path("exchange/project.qdpx", views_exchange_export.project_qdpx, name="exchange-project-qdpx"),
    # Import (REFI-QDA files made by other tools).
    path("exchange/import/", views_exchange.exchange_import, name="exchange-import"),
    path("exchange/import/done/", views_exchange.exchange_import_done, name="exchange-import-done"),
]
