"""The triage queue and decisions, for the receiving team (triage_views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals import triage_views

app_name = "triage"

urlpatterns = [
    path("", triage_views.queue, name="queue"),
    path("<uuid:code>/", triage_views.referral, name="referral"),
    path(
        "<uuid:code>/duplicate/<uuid:original>/",
        triage_views.duplicate_confirm,
        name="duplicate",
    ),
]
