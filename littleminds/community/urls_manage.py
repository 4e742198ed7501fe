"""The staff's community pages, under /community/: the home, campaigns, events and reach."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from littleminds.community import views, views_bookings

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<uuid:code>/", views.campaign, name="campaign"),
    path("campaigns/<uuid:code>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<uuid:code>/reach/", views.campaign_reach, name="campaign-reach"),
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event-new"),
    path("events/<uuid:code>/", views.event_detail, name="event-detail"),
    path("events/<uuid:code>/edit/", views.event_edit, name="event-edit"),
    path("events/<uuid:code>/publish/", views.event_publish, name="event-publish"),
    path("events/<uuid:code>/unpublish/", views.event_unpublish, name="event-unpublish"),
    path("events/<uuid:code>/reach/", views.event_reach, name="event-reach"),
    path("events/<uuid:code>/bookings/", views_bookings.event_bookings, name="event-bookings"),
    path("events/<uuid:code>/cancel/", views_bookings.event_cancel, name="event-cancel"),
    path("reach-records/<uuid:code>/edit/", views.reach_edit, name="reach-record-edit"),
    path("reach-records/<uuid:code>/remove/", views.reach_remove, name="reach-record-remove"),
]
