"""Families' own referral, public, in the community's languages (self_views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals import self_views

app_name = "self_referral"

urlpatterns = [
    path("", self_views.start, name="start"),
    path("check-your-answers/", self_views.check, name="check"),
    path("cannot-refer/", self_views.cannot, name="cannot"),
    path("sent/", self_views.sent, name="sent"),
    path("start-again/", self_views.start_again, name="start-again"),
    path("where-is-my-request/", self_views.status, name="status"),
    path("<slug:slug>/", self_views.question, name="question"),
]
