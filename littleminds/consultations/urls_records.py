from __future__ import annotations

from django.urls import path

from littleminds.consultations import views_records

urlpatterns = [
    path("bookings/<uuid:code>/record/", views_records.record, name="record"),
]
