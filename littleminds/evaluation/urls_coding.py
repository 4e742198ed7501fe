"""The coding part's addresses, under /evaluation/<study code>/ (each view takes `code`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from littleminds.evaluation import views_codebook, views_coding

urlpatterns: list[URLPattern] = [
    path("codebook/", views_codebook.codebook, name="codebook"),
    path("codebook/new/", views_codebook.codebook_new, name="codebook-new"),
    path("codebook/<uuid:node>/edit/", views_codebook.codebook_edit, name="codebook-edit"),
    path("codebook/<uuid:node>/move/", views_codebook.codebook_move, name="codebook-move"),
    path("codebook/<uuid:node>/merge/", views_codebook.codebook_merge, name="codebook-merge"),
    path("codebook/<uuid:node>/remove/", views_codebook.codebook_remove, name="codebook-remove"),
    path(
        "codebook/<uuid:node>/memos/new/",
        views_codebook.codebook_memo_new,
        name="codebook-memo-new",
    ),
    path(
        "transcripts/<uuid:transcript>/code/",
        views_coding.transcript_code,
        name="transcript-code",
    ),
    path(
        "transcripts/<uuid:transcript>/code/remove/",
        views_coding.coding_remove_view,
        name="coding-remove",
    ),
    path(
        "transcripts/<uuid:transcript>/code/memos/new/",
        views_coding.coding_memo_new,
        name="coding-memo-new",
    ),
    path("memos/<uuid:memo>/edit/", views_coding.memo_edit, name="coding-memo-edit"),
    path("memos/<uuid:memo>/remove/", views_coding.memo_delete, name="coding-memo-remove"),
]
