"""Intakes, for service managers (intake_views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals import intake_views

app_name = "intakes"

urlpatterns = [
    path("", intake_views.intakes, name="list"),
    path("new/", intake_views.intake_new, name="new"),
    path("<uuid:code>/", intake_views.intake_edit, name="intake"),
    path("<uuid:code>/close/", intake_views.intake_close, name="close"),
    path("<uuid:code>/reopen/", intake_views.intake_reopen, name="reopen"),
    path("<uuid:code>/remove/", intake_views.intake_remove, name="remove"),
]
