"""The triage queue and decisions, for the receiving team (views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<uuid:code>/", views.referral, name="referral"),
    path(
        "<uuid:code>/duplicate/<uuid:original>/",
        views.duplicate_confirm,
        name="duplicate",
    ),
]
