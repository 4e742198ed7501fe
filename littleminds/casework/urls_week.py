from __future__ import annotations

from django.urls import path

from littleminds.casework import views_week

urlpatterns = [
    path("week/", views_week.week, name="week"),
    path("week/calendar-link/", views_week.feed_reset, name="week-feed-reset"),
    path("week/calendar/<str:secret>.ics", views_week.feed, name="week-feed"),
]
