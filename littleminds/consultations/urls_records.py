from __future__ import annotations

from django.urls import path

from littleminds.consultations import views_records

urlpatterns = [
    path("bookings/<uuid:code>/record/", views_records.record, name="record"),
    path("bookings/<uuid:code>/refer/", views_records.refer, name="refer"),
    path("duty/", views_records.duty, name="duty"),
    path("records/", views_records.records, name="records"),
    path("records/<uuid:code>/feedback/", views_records.feedback, name="feedback"),
    path("feedback/", views_records.feedback_due, name="feedback-due"),
    path("feedback/team/", views_records.team_feedback, name="team-feedback"),
]
