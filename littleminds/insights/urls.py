"""Insights' addresses, under /insights/."""

from __future__ import annotations

from django.urls import path

from littleminds.insights import views, views_weights

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("weights/", views_weights.weights, name="weights"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/<slug:table>.csv", views.download_csv, name="csv"),
    path("<slug:slug>.xlsx", views.download_xlsx, name="xlsx"),
]
