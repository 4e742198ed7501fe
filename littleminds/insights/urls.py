"""Insights' addresses, under /insights/."""

from __future__ import annotations

from django.urls import path

from littleminds.insights import views, views_report

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    # Before the pages' own addresses, which would take "report" for a page's slug.
    path("report/", views_report.report, name="report"),
    path("report.pdf", views_report.report_pdf, name="report-pdf"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<slug:table>.csv", views.download_csv, name="csv"),
    path("<slug:slug>.xlsx", views.download_xlsx, name="xlsx"),
]
