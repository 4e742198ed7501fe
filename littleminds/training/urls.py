from __future__ import annotations

from django.urls import path

from littleminds.training import views, views_attendance

app_name = "training"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("courses/<uuid:code>/", views.course, name="course"),
    path("manage/", views.manage, name="manage"),
    path("manage/courses/new/", views.course_new, name="course-new"),
    path("manage/courses/<uuid:code>/", views.course_edit, name="course-edit"),
    path("manage/courses/<uuid:code>/sessions/new/", views.session_new, name="session-new"),
    path("manage/sessions/<uuid:code>/cancel/", views.session_cancel, name="session-cancel"),
    # Attendance, completion and certificates.
    path(
        "manage/sessions/<uuid:code>/attendance/",
        views_attendance.attendance,
        name="attendance",
    ),
    path("certificates/", views_attendance.certificates, name="certificates"),
    path("certificates/check/", views_attendance.certificate_check, name="certificate-check"),
    path(
        "certificates/<uuid:code>/certificate.pdf",
        views_attendance.certificate_pdf,
        name="certificate-pdf",
    ),
]
