"""Practitioners' referral pages and their own referrals (views.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.referrals.referrer import views

app_name = "referrals"

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("eligibility/", views.eligibility_check, name="eligibility-check"),
    path("<uuid:code>/", views.referral, name="referral"),
    path("<uuid:code>/family/", views.family, name="family"),
    path("<uuid:code>/contact/", views.contact, name="contact"),
    path("<uuid:code>/worries/", views.worries, name="worries"),
    path("<uuid:code>/cannot-refer/", views.not_eligible, name="not-eligible"),
    path("<uuid:code>/check-your-answers/", views.check, name="check"),
    path("<uuid:code>/sent/", views.sent, name="sent"),
    path("<uuid:code>/delete/", views.discard, name="discard"),
    path("<uuid:code>/answer/", views.answer, name="answer"),
    path("<uuid:code>/withdraw/", views.withdraw, name="withdraw"),
]
