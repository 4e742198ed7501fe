"""The exchange part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_exchange

urlpatterns: list[URLPattern] = [
    # Import (REFI-QDA files made by other tools).
    path("exchange/import/", views_exchange.exchange_import, name="exchange-import"),
    path("exchange/import/done/", views_exchange.exchange_import_done, name="exchange-import-done"),
]
