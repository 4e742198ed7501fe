from __future__ import annotations

from django.urls import path

from littleminds.consultations import urls_groups, views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("book/", views.book, name="book"),
    path("bookings/<uuid:code>/", views.booking, name="booking"),
    path("bookings/<uuid:code>/move/", views.move, name="move"),
    path("bookings/<uuid:code>/cancel/", views.cancel, name="cancel"),
    path("bookings/<uuid:code>/invite.ics", views.invite, name="invite"),
    path("slots/new/", views.slot_new, name="slot-new"),
    path("slots/<uuid:code>/withdraw/", views.slot_withdraw, name="slot-withdraw"),
    *urls_groups.urlpatterns,
]

from littleminds.consultations.urls_records import urlpatterns as _records  # noqa: E402

urlpatterns += _records
