from __future__ import annotations

from django.urls import include, path

from littleminds.training import views, views_places, views_reports

app_name = "training"

urlpatterns = [
    path("", views.finder, name="finder"),
    # Attendance, completion and certificates (urls_attendance.py).
    path("", include("littleminds.training.urls_attendance")),
    # Questionnaires and course feedback (urls_questions.py).
    path("", include("littleminds.training.urls_questions")),
    path("courses/<uuid:code>/", views.course, name="course"),
    path("courses/<uuid:code>/book/", views_places.book, name="book"),
    path("courses/<uuid:code>/register/", views_places.register, name="register"),
    path("register/sent/", views_places.sent, name="public-sent"),
    path("confirm/<str:confirmation>/", views_places.confirm, name="public-confirm"),
    path("yours/", views_places.mine, name="mine"),
    path("places/<uuid:code>/", views_places.place, name="place"),
    path("places/<uuid:code>/invitation.ics", views_places.place_invite, name="place-invite"),
    path("places/<uuid:code>/answer/", views_places.place_answer, name="place-answer"),
    path("places/<uuid:code>/cancel/", views_places.place_cancel, name="place-cancel"),
    path("your-place/<str:place_key>/", views_places.public_place, name="public-place"),
    path(
        "your-place/<str:place_key>/invitation.ics",
        views_places.public_place_invite,
        name="public-place-invite",
    ),
    path(
        "your-place/<str:place_key>/answer/",
        views_places.public_place_answer,
        name="public-place-answer",
    ),
    path(
        "your-place/<str:place_key>/cancel/",
        views_places.public_place_cancel,
        name="public-place-cancel",
    ),
    path("manage/", views.manage, name="manage"),
    path("manage/reports/", views_reports.reports, name="reports"),
    path(
        "manage/reports/training-report.xlsx",
        views_reports.report_download,
        name="report-download",
    ),
    path("manage/courses/new/", views.course_new, name="course-new"),
    path("manage/courses/<uuid:code>/", views.course_edit, name="course-edit"),
    path("manage/courses/<uuid:code>/sessions/new/", views.session_new, name="session-new"),
    path("manage/sessions/<uuid:code>/cancel/", views.session_cancel, name="session-cancel"),
    path(
        "manage/sessions/<uuid:code>/register/",
        views_places.session_register,
        name="session-register",
    ),
]
