from __future__ import annotations

from django.urls import path

from littleminds.casework import views_week

urlpatterns = [
    path("week/", views_week.week, name="week"),
    path("week/calendar-link/", views_week.feed_reset, name="week-feed-reset"),
    path("week/calendar/<str:secret>.ics", views_week.feed, name="week-feed"),
]
urlpatterns += [
    path("new/", views_week.case_new, name="case-new"),
    path("<uuid:code>/people/new/", views_week.person_add, name="person-add"),
    path("<uuid:code>/people/<uuid:person>/", views_week.person_change, name="person-change"),
    path("<uuid:code>/babies/new/", views_week.baby_add, name="baby-add"),
]
