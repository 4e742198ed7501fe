"""What's on (ADR 0038): the families' list of coming events, each event's page with its
booking form, a booking's confirmation, the calendar feeds; and the team's bookings of an
event and cancelling it (their names say they are the team's)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views_public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_public.whats_on, name="whats-on"),
    path("events.ics", views_public.feed, name="whats-on-feed"),
    path("booked/<str:booking_key>/", views_public.booked, name="whats-on-booked"),
    path("<uuid:code>/", views_public.event, name="whats-on-event"),
    path("<uuid:code>/event.ics", views_public.event_ics, name="whats-on-event-ics"),
    # The team's pages: COMMUNITY_MANAGE for the event's team, 404 for anyone else.
    path("<uuid:code>/bookings/", views_public.event_bookings, name="event-bookings"),
    path("<uuid:code>/cancel/", views_public.event_cancel, name="event-cancel"),
]
