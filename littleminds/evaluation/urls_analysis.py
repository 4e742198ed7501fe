"""The analysis part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_analysis as views

urlpatterns: list[URLPattern] = [
    path("analysis/retrieval/", views.retrieval_codes, name="retrieval-codes"),
    path("analysis/retrieval/<uuid:node>/", views.retrieval, name="retrieval"),
    path("analysis/retrieval/<uuid:node>/csv/", views.retrieval_csv, name="retrieval-csv"),
    path("analysis/retrieval/<uuid:node>/docx/", views.retrieval_docx, name="retrieval-docx"),
    path("analysis/matrix/", views.matrix_page, name="matrix"),
    path("analysis/matrix/csv/", views.matrix_download_csv, name="matrix-csv"),
    path("analysis/matrix/xlsx/", views.matrix_download_xlsx, name="matrix-xlsx"),
    path("analysis/agreement/", views.agreement_page, name="agreement"),
    path(
        "analysis/agreement/<uuid:transcript>/",
        views.agreement_transcript,
        name="agreement-transcript",
    ),
]
