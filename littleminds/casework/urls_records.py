from __future__ import annotations

from django.urls import path

from littleminds.casework import views_records

urlpatterns = [
    path(
        "<uuid:code>/measures/<slug:measure>/new/",
        views_records.administration_add,
        name="administration-add",
    ),
    path(
        "<uuid:code>/measures/<slug:measure>/replace/<uuid:replaces>/",
        views_records.administration_add,
        name="administration-replace",
    ),
    path("<uuid:code>/tasks/new/", views_records.task_add, name="task-add"),
    path("<uuid:code>/tasks/<uuid:task>/done/", views_records.task_done, name="task-done"),
]
