from __future__ import annotations

from django.urls import path

from littleminds.casework import views_closure as views

urlpatterns = [
    path("<uuid:code>/close/", views.close, name="close"),
    path("<uuid:code>/reopen/", views.reopen, name="reopen"),
    path("<uuid:code>/letters/<uuid:letter>/", views.letter, name="letter"),
    path("<uuid:code>/letters/<uuid:letter>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("letters/<uuid:letter>/", views.referrer_letter, name="referrer-letter"),
    path("letters/<uuid:letter>/pdf/", views.referrer_letter_pdf, name="referrer-letter-pdf"),
    path("retention/", views.retention, name="retention"),
    path("<uuid:code>/destroy/", views.destroy, name="destroy"),
    path("<uuid:code>/destroy/confirm/", views.destroy_confirm, name="destroy-confirm"),
]
