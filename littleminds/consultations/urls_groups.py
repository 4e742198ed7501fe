from __future__ import annotations

from django.urls import path

from littleminds.consultations import views_groups as views
from littleminds.consultations import views_records

urlpatterns = [
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.series_new, name="group-new"),
    path("groups/<uuid:code>/", views.series, name="group"),
    path("groups/<uuid:code>/join/", views.series_join, name="group-join"),
    path("groups/sessions/<uuid:code>/join/", views.session_join, name="session-join"),
    path("groups/sessions/<uuid:code>/leave/", views.session_leave, name="session-leave"),
    path("groups/sessions/<uuid:code>/record/", views.session_record, name="session-record"),
    path(
        "groups/sessions/<uuid:code>/feedback/",
        views_records.group_feedback,
        name="group-feedback",
    ),
    path("call-back/", views.callback_new, name="callback-new"),
    path("call-backs/", views.callbacks, name="callbacks"),
    path("call-backs/<uuid:code>/done/", views.callback_done, name="callback-done"),
]
