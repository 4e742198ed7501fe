"""Families' own referral, public, in the community's languages (views.py)."""

from __future__ import annotations

from django.urls import path

from littleminds.referrals.self_referral import views

app_name = "self_referral"

urlpatterns = [
    path("", views.start, name="start"),
    path("check-your-answers/", views.check, name="check"),
    path("cannot-refer/", views.cannot, name="cannot"),
    path("sent/", views.sent, name="sent"),
    path("start-again/", views.start_again, name="start-again"),
    path("where-is-my-request/", views.status, name="status"),
    path("<slug:slug>/", views.question, name="question"),
]
