"""What's on (ADR 0038): the families' list of coming events, each event's page with its
booking form, a booking's confirmation, and the calendar feeds. The team's bookings of an
event and cancelling it are staff pages, under /community/events/ (urls_manage.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views_public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_public.whats_on, name="whats-on"),
    path("events.ics", views_public.feed, name="whats-on-feed"),
    path("booked/<str:booking_key>/", views_public.booked, name="whats-on-booked"),
    path("<uuid:code>/", views_public.event, name="whats-on-event"),
    path("<uuid:code>/event.ics", views_public.event_ics, name="whats-on-event-ics"),
]
