"""Intakes, for service managers (views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals.intakes import views

app_name = "intakes"

urlpatterns = [
    path("", views.intakes, name="list"),
    path("new/", views.intake_new, name="new"),
    path("<uuid:code>/", views.intake_edit, name="intake"),
    path("<uuid:code>/close/", views.intake_close, name="close"),
    path("<uuid:code>/reopen/", views.intake_reopen, name="reopen"),
    path("<uuid:code>/remove/", views.intake_remove, name="remove"),
]
