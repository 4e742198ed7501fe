"""The addresses of attendance, completion and certificates, included by `urls.py` in the
`training` namespace."""

from __future__ import annotations

from django.urls import path

from littleminds.training import views_attendance

urlpatterns = [
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
    path(
        "your-place/<str:place_key>/certificate.pdf",
        views_attendance.public_certificate_pdf,
        name="public-certificate-pdf",
    ),
]
