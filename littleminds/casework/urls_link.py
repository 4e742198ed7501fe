from __future__ import annotations

from django.urls import path

from littleminds.casework import views_link

# The team's pages, under /cases/ (included by urls.py).
urlpatterns = [
    path("<uuid:code>/questionnaire-links/new/", views_link.link_new, name="link-new"),
    path(
        "<uuid:code>/questionnaire-links/<uuid:questionnaire>/made/",
        views_link.link_made,
        name="link-made",
    ),
    path(
        "<uuid:code>/questionnaire-links/<uuid:questionnaire>/withdraw/",
        views_link.link_withdraw,
        name="link-withdraw",
    ),
]
