from __future__ import annotations

from django.urls import include, path

from littleminds.training import views

app_name = "training"

urlpatterns = [
    path("", views.finder, name="finder"),
    # Attendance, completion and certificates (urls_attendance.py).
    path("", include("littleminds.training.urls_attendance")),
    path("courses/<uuid:code>/", views.course, name="course"),
    path("manage/", views.manage, name="manage"),
    path("manage/courses/new/", views.course_new, name="course-new"),
    path("manage/courses/<uuid:code>/", views.course_edit, name="course-edit"),
    path("manage/courses/<uuid:code>/sessions/new/", views.session_new, name="session-new"),
    path("manage/sessions/<uuid:code>/cancel/", views.session_cancel, name="session-cancel"),
]
