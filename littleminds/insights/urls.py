"""Insights' addresses, under /insights/."""

from __future__ import annotations

from django.urls import path

from littleminds.insights import views, views_commissioning, views_report, views_weights

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    # Before the pages' own addresses, which would take "report" for a page's slug.
    path("report/", views_report.report, name="report"),
    path("report.pdf", views_report.report_pdf, name="report-pdf"),
    path("weights/", views_weights.weights, name="weights"),
    path("commissioning/", views_commissioning.commissioning, name="commissioning"),
    path("commissioning/new/", views_commissioning.commissioning_new, name="commissioning-new"),
    path(
        "commissioning/<uuid:code>/",
        views_commissioning.commissioning_change,
        name="commissioning-change",
    ),
    path(
        "commissioning/<uuid:code>/remove/",
        views_commissioning.commissioning_remove,
        name="commissioning-remove",
    ),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<slug:table>.csv", views.download_csv, name="csv"),
    path("<slug:slug>.xlsx", views.download_xlsx, name="xlsx"),
]
