from __future__ import annotations

from django.urls import path

from littleminds.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.unsent, name="list"),
    path("<uuid:code>/retry/", views.retry, name="retry"),
]
