"""The transcripts part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_transcripts as views

urlpatterns: list[URLPattern] = [
    path("transcripts/", views.transcript_list, name="transcript-list"),
    path("transcripts/upload/", views.transcript_upload_view, name="transcript-upload"),
    path("transcripts/<uuid:transcript>/", views.transcript_view, name="transcript"),
    path(
        "transcripts/<uuid:transcript>/review/",
        views.transcript_review,
        name="transcript-review",
    ),
    path(
        "transcripts/<uuid:transcript>/original/",
        views.transcript_original,
        name="transcript-original",
    ),
    path(
        "transcripts/<uuid:transcript>/delete/",
        views.transcript_delete_view,
        name="transcript-delete",
    ),
]
